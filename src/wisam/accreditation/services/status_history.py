"""The status history of accreditations: one row per status change, written with the change and its event."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db import connection
from django.utils import timezone

from wisam.accreditation.history import start_of_day
from wisam.accreditation.models import Accreditation, AccreditationStatusChange
from wisam.accreditation.services.common import _user
from wisam.core.events import EventOutsideTransactionError
from wisam.core.i18n import as_translated
from wisam.core.models import DomainEvent


def accreditation_status_record(
    *,
    accreditation: Accreditation,
    status: str,
    reason: str | Mapping[str, str],
    actor: Any,
    event: DomainEvent | None = None,
    effective_at: datetime | None = None,
    previous: str | None = None,
) -> AccreditationStatusChange:
    """Record that `accreditation` took `status` (from `effective_at`, by default the event's time or now).

    Must run inside the transaction that changes the accreditation, like the event it points to. An accreditation
    that has no history yet (created before histories, or loaded by hand) first gets the row the back-fill would
    have given it: its `previous` status from the start of its validity, so that earlier dates keep their answer.
    """
    if not connection.in_atomic_block:
        raise EventOutsideTransactionError(
            f"The status change of {accreditation!r} must be recorded inside the transaction that makes it."
        )
    if effective_at is None:
        # Credentials carry their time to the second: a change counts from the start of its second, so that one
        # issued in the same second as a suspension is not taken as issued before it.
        effective_at = (event.occurred_at if event is not None else timezone.now()).replace(microsecond=0)
    if previous is not None and not accreditation.status_changes.exists():
        AccreditationStatusChange.objects.create(
            accreditation=accreditation,
            status=previous,
            effective_at=min(start_of_day(accreditation.valid_from), effective_at),
            reason={},
        )
    return AccreditationStatusChange.objects.create(
        accreditation=accreditation,
        status=status,
        effective_at=effective_at,
        reason=as_translated(reason),
        actor=_user(actor),
        event=event,
    )
