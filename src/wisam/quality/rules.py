"""Permission rules for internal reviews, checklists, co-design partners and endorsements (see wisam.core.policy).

Nobody outside the owning institution sees a version under internal review; AQAC officers see the review once the
version is ready for accreditation. Employer representatives endorse micro-credentials they helped design or that
their institution has approved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from wisam.core.policy import (
    HasRole,
    HasRoleAnywhere,
    IsUser,
    Matches,
    Rule,
    declare,
    organisations_with_role,
    roles,
)
from wisam.credentials.models import IssuedCredential
from wisam.design.models import MicroCredential
from wisam.institutions.models import Organisation
from wisam.institutions.roles import Role
from wisam.quality.models import AnnualReview, Endorsement, Enrolment, Review, SurveyInstrument
from wisam.quality.workflow import APPROVE, ASSESS, SUBMIT, ReviewState

DESIGNER = roles(Role.MC_DESIGNER)
QA = roles(Role.QA_OFFICER)
APPROVER = roles(Role.INSTITUTIONAL_APPROVER)
EMPLOYER = roles(Role.EMPLOYER_REPRESENTATIVE)
REVIEW_TEAM = roles(Role.MC_DESIGNER, Role.QA_OFFICER, Role.INSTITUTIONAL_APPROVER, Role.INSTITUTION_ADMIN)
AQAC = roles(Role.AQAC_OFFICER)
# A micro-credential is public enough to endorse once one of its versions is approved by its institution.
APPROVED_STATUSES = ("approved", "ready_for_accreditation")


@dataclass(frozen=True)
class IsCoDesignPartner(Rule):
    """The user represents an organisation recorded as a co-design partner of the micro-credential (`via`)."""

    via: str = ""

    def _organisations(self, user: Any) -> list[int]:
        return organisations_with_role(user, EMPLOYER)

    def check(self, user: Any, obj: Any) -> bool:
        organisations = self._organisations(user)
        if obj is None or not organisations:
            return False
        micro_credential = obj
        for part in self.via.split("__") if self.via else []:
            micro_credential = getattr(micro_credential, part)
        return micro_credential.codesign_partners.filter(partner_organisation_id__in=organisations).exists()

    def q(self, user: Any) -> Q:
        organisations = self._organisations(user)
        if not organisations:
            return Q(pk__in=[])
        prefix = f"{self.via}__" if self.via else ""
        return Q(**{f"{prefix}codesign_partners__partner_organisation__in": organisations})


ready_for_accreditation = Matches(
    lambda review: review.state == ReviewState.READY_FOR_ACCREDITATION,
    Q(state=ReviewState.READY_FOR_ACCREDITATION),
)
approved_micro_credential = Matches(
    lambda mc: mc.versions.filter(status__in=APPROVED_STATUSES).exists(),
    Q(versions__status__in=APPROVED_STATUSES),
)
endorsed_approved = Matches(
    lambda e: e.micro_credential.versions.filter(status__in=APPROVED_STATUSES).exists(),
    Q(micro_credential__versions__status__in=APPROVED_STATUSES),
)

declare(
    "review.view",
    model=Review,
    rule=HasRole(REVIEW_TEAM) | (HasRoleAnywhere(AQAC) & ready_for_accreditation),
    description="See an internal review: its checklist, judgements, evidence, comments and history.",
)
declare(
    SUBMIT,
    model=Review,
    rule=HasRole(DESIGNER),
    description="Submit a version for internal review, withdraw it, or reopen it as a draft.",
)
declare(
    ASSESS,
    model=Review,
    rule=HasRole(QA),
    description="Judge checklist items, request changes or recommend a version for approval.",
)
declare(
    APPROVE,
    model=Review,
    rule=HasRole(APPROVER),
    description="Approve a version for the institution, send it back, or release it for accreditation.",
)
declare(
    "review.comment",
    model=Review,
    rule=HasRole(roles(Role.MC_DESIGNER, Role.QA_OFFICER, Role.INSTITUTIONAL_APPROVER)),
    description="Write in a review's discussion.",
)
declare(
    "codesign.view",
    model=MicroCredential,
    rule=HasRole(REVIEW_TEAM) | IsCoDesignPartner(),
    description="See a micro-credential's co-design partners and their input.",
)
declare(
    "codesign.manage",
    model=MicroCredential,
    rule=HasRole(roles(Role.MC_DESIGNER, Role.INSTITUTION_ADMIN)),
    description="Record co-design partners and their input.",
)
declare(
    "endorsement.create",
    model=MicroCredential,
    rule=HasRoleAnywhere(EMPLOYER) & (IsCoDesignPartner() | approved_micro_credential),
    description="Endorse a micro-credential on behalf of one's employer or professional body.",
)
declare(
    "endorsement.view",
    model=Endorsement,
    rule=HasRole(REVIEW_TEAM, via="micro_credential__organisation") | HasRole(EMPLOYER) | endorsed_approved,
    description="See an endorsement (public once the micro-credential is approved by its institution).",
)
declare(
    "endorsement.withdraw",
    model=Endorsement,
    rule=HasRole(EMPLOYER),
    description="Withdraw an endorsement one's organisation gave.",
)

# ------------------------------------------------------------------------------------------ the feedback loop

REGISTRAR = roles(Role.REGISTRAR)
# Who sees feedback and KPIs of the institution's micro-credentials: its review team (designers teach and design).
FEEDBACK_READERS = roles(Role.MC_DESIGNER, Role.QA_OFFICER, Role.INSTITUTIONAL_APPROVER, Role.INSTITUTION_ADMIN)

declare(
    "survey_instrument.view",
    model=SurveyInstrument,
    rule=HasRoleAnywhere(roles(Role.QA_OFFICER, Role.AQAC_OFFICER)),
    description="See the survey instruments (questions of every version).",
)
declare(
    "survey.answer_learner",
    model=IssuedCredential,
    rule=IsUser("learner") & Matches(lambda c: c.state != "revoked", ~Q(state="revoked")),
    description="Answer the end-of-course survey about a credential one holds (once per credential).",
)
declare(
    "survey.answer_employer",
    model=MicroCredential,
    rule=HasRoleAnywhere(EMPLOYER) & approved_micro_credential,
    description="Answer the employer survey about a released micro-credential, for one's organisation.",
)
declare(
    "feedback.view",
    model=MicroCredential,
    rule=HasRole(FEEDBACK_READERS),
    description="See a micro-credential's KPIs and survey results (details only from five responses on).",
)
declare(
    "kpi.view_organisation",
    model=Organisation,
    rule=HasRole(FEEDBACK_READERS | REGISTRAR, via=""),
    description="See the institution's KPI page.",
)
declare(
    "enrolment.manage",
    model=Organisation,
    rule=HasRole(REGISTRAR, via=""),
    description="Record enrolments (one by one or from a CSV file) and their outcomes.",
)
declare(
    "enrolment.view",
    model=Enrolment,
    rule=HasRole(roles(Role.REGISTRAR, Role.QA_OFFICER, Role.INSTITUTION_ADMIN)) | IsUser("learner"),
    description="See an enrolment (the institution's registrar, QA officer and administrator; the learner).",
)
declare(
    "annual_review.start",
    model=MicroCredential,
    rule=HasRole(QA),
    description="Start a micro-credential's annual review.",
)
declare(
    "annual_review.view",
    model=AnnualReview,
    rule=HasRole(FEEDBACK_READERS),
    description="See an annual review: KPIs, feedback summary, decision and changes.",
)
declare(
    "annual_review.manage",
    model=AnnualReview,
    rule=HasRole(QA),
    description="Record the decision, carry changes into a new version and complete an annual review.",
)
