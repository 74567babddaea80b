"""Internal QA's home-page cards (the web shell's registry, wisam.web.home): one per role with work here."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wisam.institutions.roles import Role
from wisam.web.home import register_card

register_card(
    key="quality.assess",
    roles={Role.QA_OFFICER},
    title=_("Internal reviews waiting for you"),
    description=_(
        "Review submitted specifications against the EU and ESG checklists; the linter pre-fills what it can."
    ),
    url_name="quality:queue",
    order=15,
)
register_card(
    key="quality.approve",
    roles={Role.INSTITUTIONAL_APPROVER},
    title=_("Approvals waiting for you"),
    description=_("Approve the versions your QA officer recommends, and release them for accreditation."),
    url_name="quality:queue",
    order=15,
)
register_card(
    key="quality.revise",
    roles={Role.MC_DESIGNER},
    title=_("Changes requested in internal review"),
    description=_("See the QA officer's and the approver's comments on your specifications, and resubmit."),
    url_name="quality:queue",
    order=20,
)
register_card(
    key="quality.endorse",
    roles={Role.EMPLOYER_REPRESENTATIVE},
    title=_("Endorse micro-credentials"),
    description=_("Support the micro-credentials your organisation helped design, in your own words."),
    url_name="quality:endorsements",
    order=15,
)
register_card(
    key="quality.employer_survey",
    roles={Role.EMPLOYER_REPRESENTATIVE},
    title=_("Rate micro-credentials"),
    description=_("Tell institutions how holders of their micro-credentials do at work: a short survey, once a year."),
    url_name="quality:employer_surveys",
    order=16,
)
register_card(
    key="quality.enrolments",
    roles={Role.REGISTRAR},
    title=_("Enrolments"),
    description=_("Record who takes each micro-credential (one by one or from a CSV file) and how it ended."),
    url_name="quality:enrolments",
    order=25,
)
register_card(
    key="quality.kpis",
    roles={Role.QA_OFFICER, Role.INSTITUTIONAL_APPROVER, Role.INSTITUTION_ADMIN},
    title=_("KPIs and annual reviews"),
    description=_("Enrolments, completion and pass rates, satisfaction and employer ratings; review each year."),
    url_name="quality:kpis",
    order=30,
)
register_card(
    key="quality.instruments",
    roles={Role.AQAC_OFFICER},
    title=_("Survey instruments"),
    description=_("The learner and employer questionnaires every institution uses."),
    url_name="quality:instruments",
    order=40,
)
