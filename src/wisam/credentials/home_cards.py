"""Home-page cards of the credentials app: issuing for registrars, the wallet for learners."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wisam.institutions.roles import Role
from wisam.web.home import register_card

register_card(
    key="credentials.issue",
    roles={Role.REGISTRAR},
    title=_("Issue micro-credentials"),
    description=_("Issue signed credentials to one learner or a whole cohort, and revoke or suspend them."),
    url_name="credentials:issuer",
    organisation_kwarg="slug",
    action="credential.issue",
    order=12,
)
register_card(
    key="credentials.wallet",
    roles={Role.LEARNER},
    title=_("My credentials"),
    description=_("Your micro-credentials: download, print, share, or add them to LinkedIn."),
    url_name="credentials:wallet",
    order=5,
)
