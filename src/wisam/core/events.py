"""Recording and verifying domain events: writes happen inside the caller's transaction, never on their own."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.utils import timezone

from wisam.core.models import DomainEvent, EventChainHead

GENESIS_HASH = "0" * 64


class EventOutsideTransactionError(RuntimeError):
    """An event must be written in the same transaction as the change it records."""


def _canonical(data: Mapping[str, Any]) -> bytes:
    # Round-trip through JSON so that dates, decimals and UUIDs hash the same way they are stored.
    normalised = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    return json.dumps(normalised, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def compute_event_hash(
    *,
    previous_hash: str,
    sequence: int,
    occurred_at: datetime,
    action: str,
    subject_type: str,
    subject_id: str,
    organisation_id: int | None,
    actor_id: int | None,
    payload: Mapping[str, Any],
) -> str:
    body = {
        "sequence": sequence,
        "occurred_at": occurred_at.isoformat(),
        "action": action,
        "subject_type": subject_type,
        "subject_id": subject_id,
        "organisation_id": organisation_id,
        "actor_id": actor_id,
        "payload": payload,
    }
    return hashlib.sha256(previous_hash.encode() + b"\n" + _canonical(body)).hexdigest()


def subject_key(subject: models.Model) -> tuple[str, str]:
    return subject._meta.label_lower, str(subject.pk)


def event_record(
    *,
    action: str,
    subject: models.Model,
    actor: Any = None,
    organisation: Any = None,
    payload: Mapping[str, Any] | None = None,
) -> DomainEvent:
    """Append an event for `subject`; must be called inside the transaction that makes the change."""
    if not connection.in_atomic_block:
        raise EventOutsideTransactionError(
            f"Event {action!r} must be recorded inside the transaction that changes {subject!r}."
        )
    subject_type, subject_id = subject_key(subject)
    head, _created = EventChainHead.objects.select_for_update().get_or_create(id=1)
    occurred_at = timezone.now()
    sequence = head.sequence + 1
    actor_id = getattr(actor, "pk", None) if actor is not None and getattr(actor, "is_authenticated", False) else None
    organisation_id = getattr(organisation, "pk", None)
    clean_payload = json.loads(json.dumps(dict(payload or {}), cls=DjangoJSONEncoder))
    event_hash = compute_event_hash(
        previous_hash=head.hash,
        sequence=sequence,
        occurred_at=occurred_at,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        organisation_id=organisation_id,
        actor_id=actor_id,
        payload=clean_payload,
    )
    event = DomainEvent(
        sequence=sequence,
        occurred_at=occurred_at,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        organisation_id=organisation_id,
        actor_id=actor_id,
        actor_label=str(actor) if actor_id else "system",
        payload=clean_payload,
        previous_hash=head.hash,
        hash=event_hash,
    )
    event.save(force_insert=True)
    EventChainHead.objects.filter(id=1).update(sequence=sequence, hash=event_hash)
    return event


@dataclass(frozen=True)
class ChainReport:
    events_checked: int
    ok: bool
    first_broken_sequence: int | None = None
    problem: str = ""


def _iter_events(batch_size: int = 2000) -> Iterator[DomainEvent]:
    yield from DomainEvent.objects.order_by("sequence").iterator(chunk_size=batch_size)


def events_verify_chain() -> ChainReport:
    """Recompute every hash from the start; report the first event that does not fit."""
    previous_hash = GENESIS_HASH
    expected_sequence = 1
    count = 0
    for event in _iter_events():
        if event.sequence != expected_sequence:
            return ChainReport(
                count, False, event.sequence, f"expected event #{expected_sequence} (missing or reordered)"
            )
        if event.previous_hash != previous_hash:
            return ChainReport(count, False, event.sequence, "previous hash does not match the event before it")
        recomputed = compute_event_hash(
            previous_hash=previous_hash,
            sequence=event.sequence,
            occurred_at=event.occurred_at,
            action=event.action,
            subject_type=event.subject_type,
            subject_id=event.subject_id,
            organisation_id=event.organisation_id,
            actor_id=event.actor_id,
            payload=event.payload,
        )
        if recomputed != event.hash:
            return ChainReport(count, False, event.sequence, "content was changed after it was recorded")
        previous_hash = event.hash
        expected_sequence += 1
        count += 1
    head = EventChainHead.objects.filter(id=1).first()
    if head is not None and (head.sequence != count or head.hash != previous_hash):
        return ChainReport(count, False, count + 1, "events after the last one found were deleted")
    return ChainReport(count, True)


def events_for(subject: models.Model) -> models.QuerySet[DomainEvent]:
    subject_type, subject_id = subject_key(subject)
    return DomainEvent.objects.filter(subject_type=subject_type, subject_id=subject_id).order_by("sequence")


__all__ = [
    "ChainReport",
    "EventOutsideTransactionError",
    "event_record",
    "events_for",
    "events_verify_chain",
]
