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
