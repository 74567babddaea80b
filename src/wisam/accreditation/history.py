"""Back-filling accreditations' status history from what is known: their start date, status and domain events.

Kept free of imports from the app's models so that migration 0003 can call it with its historical models (and tests
can call it with the real ones).
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from wisam.core.i18n import as_translated

GRANTED = "active"

# The events (accreditation.accreditation.<action>) that can have put an accreditation in each status.
ACTIONS_FOR_STATUS: dict[str, tuple[str, ...]] = {
    "active": ("reinstated", "renewed"),
    "expiring": ("expiring", "reinstated", "renewed"),
    "expired": ("expired",),
    "suspended": ("suspended",),
    "withdrawn": ("withdrawn",),
}


def start_of_day(day: date) -> datetime:
    """The first moment of `day` in the site's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


def status_history_backfill(
    *, accreditation_model: Any, change_model: Any, event_model: Any, now: datetime | None = None
) -> int:
    """Give every accreditation without a history one row from `valid_from` with the granted status, and one more
    with its current status if that differs, dated from the latest matching domain event (or `now` if none).

    Returns the number of rows written. Accreditations that already have a history are left alone, so running it
    twice changes nothing.
    """
    # Changes count from the start of their second (like credentials' issue times; see services.status_history).
    now = (now or timezone.now()).replace(microsecond=0)
    written = 0
    with_history = change_model.objects.values("accreditation_id")  # a subquery, however many rows there are
    # Read in full before writing: SQLite does not isolate a running cursor from the rows this loop inserts.
    for accreditation in list(accreditation_model.objects.exclude(pk__in=with_history).order_by("pk")):
        granted_at = start_of_day(accreditation.valid_from)
        granted_event = (
            event_model.objects.filter(
                action="accreditation.accreditation.granted",
                subject_type="accreditation.accreditation",
                subject_id=str(accreditation.pk),
            )
            .order_by("sequence")
            .first()
        )
        rows = [
            change_model(
                accreditation_id=accreditation.pk,
                status=GRANTED,
                effective_at=granted_at,
                reason={},  # nothing was written down then; pages show a dash
                actor_id=granted_event.actor_id if granted_event is not None else None,
                event_id=granted_event.pk if granted_event is not None else None,
            )
        ]
        if accreditation.status != GRANTED:
            actions = [f"accreditation.accreditation.{a}" for a in ACTIONS_FOR_STATUS.get(accreditation.status, ())]
            event = (
                event_model.objects.filter(
                    action__in=actions,
                    subject_type="accreditation.accreditation",
                    subject_id=str(accreditation.pk),
                )
                .order_by("-sequence")
                .first()
            )
            payload = (event.payload or {}) if event is not None else {}
            rows.append(
                change_model(
                    accreditation_id=accreditation.pk,
                    status=accreditation.status,
                    effective_at=max(
                        event.occurred_at.replace(microsecond=0) if event is not None else now, granted_at
                    ),
                    reason=as_translated(payload.get("reason") or ""),
                    actor_id=event.actor_id if event is not None else None,
                    event_id=event.pk if event is not None else None,
                )
            )
        change_model.objects.bulk_create(rows)
        written += len(rows)
    return written
