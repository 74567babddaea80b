"""What the credentials app needs from accreditation: the trust list's issuers and accreditation at a date.

A thin interface so issuance and verification do not depend on how the accreditation app stores things: the answers
come from `wisam.accreditation.selectors`, which reads the register, the accreditations' status history and the
trust list. Accreditation at a date is history-aware (a later suspension does not undo it) and says what the status
is now. Nothing here trusts what a credential says about itself.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from wisam.accreditation import selectors
from wisam.accreditation.selectors import AccreditationFact, TrustedIssuer
from wisam.institutions.models import Organisation

__all__ = ["AccreditationFact", "TrustedIssuer", "accreditation_at", "issuer_for_did"]


def accreditation_at(*, version: Any, organisation: Organisation, when: datetime | date) -> AccreditationFact | None:
    """The accreditation (panel or self) that let `organisation` award `version` at `when`, or None."""
    return selectors.accreditation_at(version=version, organisation=organisation, when=when)


def issuer_for_did(did: str) -> TrustedIssuer | None:
    """The issuer named by the trust list for `did` (never by the credential), or None if it is not trusted."""
    return selectors.issuer_for_did(did)
