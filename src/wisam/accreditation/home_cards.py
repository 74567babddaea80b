"""Home-page cards of accreditation, registered in the web shell's card registry (wisam.web.home)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wisam.institutions.roles import Role
from wisam.web.home import register_card

register_card(
    key="accreditation.apply",
    roles={Role.INSTITUTIONAL_APPROVER, Role.INSTITUTION_ADMIN},
    title=_("Accreditation by AQAC"),
    description=_(
        "Submit micro-credentials that are ready for accreditation, follow your applications, answer conditions."
    ),
    url_name="accreditation:dashboard",
    order=40,
)
register_card(
    key="accreditation.screen",
    roles={Role.AQAC_OFFICER},
    title=_("Applications to screen and assign"),
    description=_("Check files for completeness, assign evaluation panels, publish decisions in the register."),
    url_name="accreditation:dashboard",
    order=10,
)
register_card(
    key="accreditation.evaluate",
    roles={Role.AQAC_EVALUATOR},
    title=_("Your evaluations"),
    description=_("Score every criterion of the national guideline, with a justification, for the panels you sit on."),
    url_name="accreditation:dashboard",
    order=10,
)
register_card(
    key="accreditation.decide",
    roles={Role.COMMISSION_MEMBER},
    title=_("Decisions of the commission"),
    description=_("Panel reports awaiting a decision, conditions to judge and appeals."),
    url_name="accreditation:dashboard",
    order=10,
)
register_card(
    key="accreditation.monitoring",
    roles={Role.AQAC_OFFICER, Role.COMMISSION_MEMBER},
    title=_("Accreditations and monitoring"),
    description=_("Expiring accreditations, renewals, suspensions and withdrawals."),
    url_name="accreditation:monitoring",
    order=30,
)
register_card(
    key="accreditation.inbox",
    title=_("Your inbox"),
    description=_("Messages about applications, deadlines and decisions."),
    url_name="accreditation:inbox",
    order=85,
)
