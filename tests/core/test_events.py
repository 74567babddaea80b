"""The domain-event log: same-transaction writes, hash chain, append-only at the ORM and database levels."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from wisam.core.events import EventOutsideTransactionError, event_record, events_for, events_verify_chain
from wisam.core.models import AppendOnlyError, DomainEvent


@pytest.fixture
def organisation(make_organisation: Any) -> Any:
    return make_organisation("alpha")


def test_event_outside_a_transaction_is_refused(organisation: Any) -> None:
    with pytest.raises(EventOutsideTransactionError):
        # pytest-django wraps tests in a transaction, so leave it explicitly for this check.
        connection.in_atomic_block = False
        try:
            event_record(action="x.y", subject=organisation)
        finally:
            connection.in_atomic_block = True


def test_events_chain_and_verify(organisation: Any) -> None:
    with transaction.atomic():
        first = event_record(action="test.one", subject=organisation, payload={"n": 1})
        second = event_record(action="test.two", subject=organisation, payload={"n": 2, "text": "نص عربي"})
    assert second.previous_hash == first.hash
    assert second.sequence == first.sequence + 1
    report = events_verify_chain()
    assert report.ok, report
    assert report.events_checked == DomainEvent.objects.count()
    assert [e.action for e in events_for(organisation)][-2:] == ["test.one", "test.two"]


def test_event_rolled_back_with_its_change(organisation: Any) -> None:
    before = DomainEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        event_record(action="test.rollback", subject=organisation)
        raise RuntimeError("the change failed")
    assert DomainEvent.objects.count() == before
    assert events_verify_chain().ok


def test_orm_refuses_update_and_delete(organisation: Any) -> None:
    with transaction.atomic():
        event = event_record(action="test.immutable", subject=organisation)
    event.action = "tampered"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


def test_database_refuses_update_and_delete(organisation: Any) -> None:
    with transaction.atomic():
        event_record(action="test.immutable", subject=organisation)
    with pytest.raises(DatabaseError), transaction.atomic():
        DomainEvent.objects.all().update(action="tampered")
    with pytest.raises(DatabaseError), transaction.atomic():
        DomainEvent.objects.all().delete()


def test_verify_command_detects_tampering(organisation: Any) -> None:
    with transaction.atomic():
        event_record(action="test.one", subject=organisation, payload={"amount": 5})
        target = event_record(action="test.two", subject=organisation, payload={"amount": 7})
    call_command("verify_events")
    # Tamper below the ORM, as an attacker with database access would: drop the trigger, edit, restore.
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER core_domainevent_no_update")
            cursor.execute("UPDATE core_domainevent SET payload = %s WHERE id = %s", ['{"amount": 700}', target.pk])
        else:
            cursor.execute("ALTER TABLE core_domainevent DISABLE TRIGGER core_domainevent_append_only")
            cursor.execute(
                "UPDATE core_domainevent SET payload = %s::jsonb WHERE id = %s", ['{"amount": 700}', target.pk]
            )
            cursor.execute("ALTER TABLE core_domainevent ENABLE TRIGGER core_domainevent_append_only")
    report = events_verify_chain()
    assert not report.ok
    assert report.first_broken_sequence == target.sequence
    with pytest.raises(CommandError, match=f"#{target.sequence}"):
        call_command("verify_events")
