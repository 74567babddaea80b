"""Permission rules for the web shell's own pages: public pages and a person's own account."""

from __future__ import annotations

from wisam.core.policy import Everyone, IsUser, declare
from wisam.institutions.models import User

declare(
    "site.view_public",
    model=None,
    rule=Everyone(),
    description="See Wisam's public pages (home, sign-in, placeholders); anyone, signed in or not.",
)
declare(
    "account.view",
    model=User,
    rule=IsUser(via=""),
    description="See and change one's own account: memberships and preferred language.",
)
