"""Permission rules for credentials (see wisam.core.policy): issuers act for their institution, learners own theirs."""

from __future__ import annotations

from wisam.core.policy import Everyone, HasRole, IsUser, declare, roles
from wisam.credentials.models import ApiToken, IssuanceBatch, IssuedCredential
from wisam.institutions.models import Organisation
from wisam.institutions.roles import Role

ISSUERS = roles(Role.REGISTRAR)
KEY_ADMINS = roles(Role.INSTITUTION_ADMIN)
SEE_ISSUED = roles(Role.REGISTRAR, Role.INSTITUTION_ADMIN, Role.QA_OFFICER)

declare(
    "credential.issue",
    model=Organisation,
    rule=HasRole(ISSUERS, via=""),
    description="Issue credentials for the institution (one learner or a cohort), and create its API tokens.",
)
declare(
    "credential.manage_keys",
    model=Organisation,
    rule=HasRole(KEY_ADMINS, via=""),
    description="Rotate the institution's signing key.",
)
declare(
    "credential.view_issued",
    model=IssuedCredential,
    rule=HasRole(SEE_ISSUED) | IsUser("learner"),
    description="See an issued credential (the institution's registrar, admin and QA; the learner who holds it).",
)
declare(
    "credential.revoke",
    model=IssuedCredential,
    rule=HasRole(ISSUERS),
    description="Revoke, suspend or reinstate a credential the institution issued.",
)
declare(
    "credential.hold",
    model=IssuedCredential,
    rule=IsUser("learner"),
    description="Download, share and export a credential from one's own wallet.",
)
declare(
    "credential.verify",
    model=None,
    rule=Everyone(),
    description="Verify any credential (public).",
)
declare(
    "issuance_batch.view",
    model=IssuanceBatch,
    rule=HasRole(ISSUERS),
    description="See and run a cohort upload of the institution.",
)
declare(
    "api_token.manage",
    model=ApiToken,
    rule=HasRole(ISSUERS),
    description="See or revoke the institution's API tokens.",
)
