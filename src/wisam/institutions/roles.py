"""The roles people hold in organisations, and which kinds of organisation each role belongs to."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    UNIVERSITY_TRADITIONAL = "university_traditional", _("University (traditional)")
    UNIVERSITY_OPEN = "university_open", _("Open university")
    UNIVERSITY_TECHNICAL = "university_technical", _("Technical university")
    UNIVERSITY_COLLEGE = "university_college", _("University college")
    COMMUNITY_COLLEGE = "community_college", _("Community college")
    ACCREDITATION_BODY = "accreditation_body", _("Accreditation and quality assurance body")
    MINISTRY = "ministry", _("Ministry")
    EMPLOYER = "employer", _("Employer")
    PROFESSIONAL_BODY = "professional_body", _("Professional body")


HIGHER_EDUCATION_KINDS = frozenset(
    {
        OrganisationKind.UNIVERSITY_TRADITIONAL,
        OrganisationKind.UNIVERSITY_OPEN,
        OrganisationKind.UNIVERSITY_TECHNICAL,
        OrganisationKind.UNIVERSITY_COLLEGE,
        OrganisationKind.COMMUNITY_COLLEGE,
    }
)
EMPLOYER_KINDS = frozenset({OrganisationKind.EMPLOYER, OrganisationKind.PROFESSIONAL_BODY})


class UnitKind(models.TextChoices):
    FACULTY = "faculty", _("Faculty")
    CONTINUING_EDUCATION_CENTRE = "continuing_education_centre", _("Continuing-education centre")
    DEPARTMENT = "department", _("Department")
    QUALITY_UNIT = "quality_unit", _("Quality assurance unit")
    DIRECTORATE = "directorate", _("Directorate")


class Role(models.TextChoices):
    INSTITUTION_ADMIN = "institution_admin", _("Institution administrator")
    MC_DESIGNER = "mc_designer", _("Micro-credential designer")
    QA_OFFICER = "qa_officer", _("Quality assurance officer")
    INSTITUTIONAL_APPROVER = "institutional_approver", _("Institutional approver")
    REGISTRAR = "registrar", _("Registrar / issuer")
    RECOGNITION_OFFICER = "recognition_officer", _("Recognition officer")
    AQAC_OFFICER = "aqac_officer", _("AQAC officer")
    AQAC_EVALUATOR = "aqac_evaluator", _("AQAC evaluator")
    COMMISSION_MEMBER = "commission_member", _("Commission member")
    MINISTRY_ANALYST = "ministry_analyst", _("Ministry analyst")
    EMPLOYER_REPRESENTATIVE = "employer_representative", _("Employer representative")
    LEARNER = "learner", _("Learner")


INSTITUTION_ROLES = frozenset(
    {
        Role.INSTITUTION_ADMIN,
        Role.MC_DESIGNER,
        Role.QA_OFFICER,
        Role.INSTITUTIONAL_APPROVER,
        Role.REGISTRAR,
        Role.RECOGNITION_OFFICER,
        Role.LEARNER,
    }
)
AQAC_ROLES = frozenset({Role.AQAC_OFFICER, Role.AQAC_EVALUATOR, Role.COMMISSION_MEMBER})

# Which roles may be held in which kind of organisation. An evaluator may also be an academic at a university,
# but that is a second membership: the evaluator role itself is held at the accreditation body.
ROLES_BY_KIND: dict[str, frozenset[str]] = {
    **dict.fromkeys(HIGHER_EDUCATION_KINDS, INSTITUTION_ROLES),
    OrganisationKind.ACCREDITATION_BODY: AQAC_ROLES | {Role.INSTITUTION_ADMIN},
    OrganisationKind.MINISTRY: frozenset({Role.MINISTRY_ANALYST, Role.INSTITUTION_ADMIN}),
    OrganisationKind.EMPLOYER: frozenset({Role.EMPLOYER_REPRESENTATIVE, Role.INSTITUTION_ADMIN}),
    OrganisationKind.PROFESSIONAL_BODY: frozenset({Role.EMPLOYER_REPRESENTATIVE, Role.INSTITUTION_ADMIN}),
}


def role_allowed_in(role: str, kind: str) -> bool:
    return role in ROLES_BY_KIND.get(kind, frozenset())
