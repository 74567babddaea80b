"""The status history of accreditations: what was in force on the date of issue, and what the status is now."""

from __future__ import annotations

import importlib
import io
import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.db import transaction
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone, translation

from tests.credentials.conftest import accredit, learner
from tests.design.specs import good
from wisam.accreditation import services
from wisam.accreditation.history import start_of_day, status_history_backfill
from wisam.accreditation.models import Accreditation, AccreditationStatusChange, RegisterStatus
from wisam.accreditation.selectors import accreditation_at, accreditation_status_at, accreditation_status_now
from wisam.core.events import event_record
from wisam.core.models import DomainEvent
from wisam.credentials import trust
from wisam.credentials.models import IssuedCredential
from wisam.credentials.services import IssuanceRefused, credential_issue
from wisam.credentials.verification import Report, credential_verify
from wisam.design.models import SpecificationVersion, VersionStatus
from wisam.institutions.models import Organisation, User
from wisam.institutions.roles import Role


@dataclass
class Issuer:
    home: Organisation
    registrar: User
    version: SpecificationVersion
    accreditation: Accreditation

    def issue(self, n: int = 1, **kwargs: Any) -> IssuedCredential:
        return credential_issue(
            organisation=self.home, version=self.version, learner=learner(n), actor=self.registrar, **kwargs
        ).credential


@pytest.fixture
def issuer(make_organisation: Any, make_person: Any) -> Issuer:
    from wisam.design.services import (
        micro_credential_create,
        specification_version_load,
        specification_version_set_status,
    )

    home = make_organisation("karmil")
    registrar = make_person("registrar@karmil.test", home, Role.REGISTRAR)
    data = good()
    version = micro_credential_create(organisation=home, code="MC-H1", title=data["title"], actor=None)
    version = specification_version_load(version=version, data=data, actor=None)
    version = specification_version_set_status(version=version, status=VersionStatus.APPROVED, actor=None)
    # Loaded by hand, like data from before histories existed: no status rows yet.
    return Issuer(home, registrar, version, accredit(version))


def _line(report: Report, check: str) -> Any:
    return next(line for line in report.lines if line.check == check)


def _move(accreditation: Accreditation, status: str, when: Any) -> None:
    """Date a recorded change earlier, as if it had happened then (the services stamp the real time)."""
    AccreditationStatusChange.objects.filter(accreditation=accreditation, status=status).update(effective_at=when)


def test_suspension_after_issue_keeps_the_check_and_adds_a_note(issuer: Issuer, personas: Any) -> None:
    # given a credential issued while the accreditation was valid (a minute ago: changes count from their second)
    credential = issuer.issue(now=timezone.now() - timedelta(minutes=1))
    # when AQAC suspends the accreditation afterwards
    services.accreditation_suspend(
        accreditation=issuer.accreditation, reason="Complaints under review.", actor=personas.people["aqac_officer"]
    )
    # then the history has the state before (from the start of validity) and the suspension, linked to its event
    changes = list(issuer.accreditation.status_changes.order_by("effective_at", "id"))
    assert [c.status for c in changes] == [RegisterStatus.ACTIVE, RegisterStatus.SUSPENDED]
    assert changes[0].effective_at == start_of_day(date(2020, 1, 1))
    assert changes[1].reason == {"en": "Complaints under review."}  # a person's text, kept as typed
    assert changes[1].actor == personas.people["aqac_officer"]
    assert changes[1].event is not None
    assert changes[1].event.action == "accreditation.accreditation.suspended"
    # and verification still passes the accreditation-at-issue check, with the "now suspended" note
    report = credential_verify(credential.document)
    assert report.verified
    line = _line(report, "accreditation")
    assert line.ok
    assert line.code == "accreditation.ok"
    since = timezone.localdate().isoformat()
    assert line.note_code == "accreditation.now_suspended"
    assert since in line.note("en")
    assert "suspended" in line.note("en")
    assert since in line.note("ar")
    assert "علّقت" in line.note("ar")
    checks = {c["check"]: c for c in report.as_json("en")["checks"]}
    assert checks["accreditation"]["ok"] is True
    assert "suspended" in checks["accreditation"]["note_en"]
    assert checks["accreditation"]["note_ar"]
    assert "note" not in checks["signature"]
    with translation.override("en"):
        html = render_to_string("credentials/_report.html", {"report": report})
    assert 'data-testid="check-note-accreditation"' in html
    assert "AQAC has suspended this accreditation" in html
    # and the public register entry lists the status changes with their reasons
    page = Client().get(issuer.accreditation.entry.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-testid="status-changes"' in body
    assert "Complaints under review." in body
    assert "Suspended" in body
    # and new credentials are refused while it is suspended
    with pytest.raises(IssuanceRefused) as refused:
        issuer.issue(2)
    assert refused.value.code == "not_accredited"


def test_credential_dated_during_a_suspension_is_not_accredited_at_issue(issuer: Issuer) -> None:
    fact = trust.accreditation_at(version=issuer.version, organisation=issuer.home, when=timezone.now())
    assert fact is not None
    services.accreditation_suspend(accreditation=issuer.accreditation, reason="Audit.", actor=None)
    _move(issuer.accreditation, RegisterStatus.SUSPENDED, timezone.now() - timedelta(days=1))
    # issuance through Wisam is refused during the suspension (existing behaviour)
    with pytest.raises(IssuanceRefused):
        issuer.issue(1, now=timezone.now() - timedelta(hours=1))
    # a credential signed anyway during the suspension (bypassing the check) is reported as not accredited at issue
    forged = issuer.issue(2, now=timezone.now() - timedelta(hours=1), accreditation=fact)
    report = credential_verify(forged.document)
    line = _line(report, "accreditation")
    assert not line.ok
    assert line.code == "accreditation.none"
    assert not report.verified
    assert _line(report, "signature").ok


def test_reinstatement_restores_accreditation_from_then_on(issuer: Issuer) -> None:
    now = timezone.now()
    services.accreditation_suspend(accreditation=issuer.accreditation, reason="Audit.", actor=None)
    services.accreditation_reinstate(accreditation=issuer.accreditation, reason="Audit passed.", actor=None)
    # as if the suspension had happened ten days ago and the reinstatement five days ago
    _baseline, suspension, reinstatement = issuer.accreditation.status_changes.order_by("id")
    AccreditationStatusChange.objects.filter(pk=suspension.pk).update(effective_at=now - timedelta(days=10))
    AccreditationStatusChange.objects.filter(pk=reinstatement.pk).update(effective_at=now - timedelta(days=5))
    accreditation = Accreditation.objects.get(pk=issuer.accreditation.pk)
    statuses = [c.status for c in accreditation.status_changes.order_by("effective_at")]
    assert statuses == ["active", "suspended", "active"]
    assert accreditation_status_at(accreditation=accreditation, when=now - timedelta(days=12)) == "active"
    assert accreditation_status_at(accreditation=accreditation, when=now - timedelta(days=7)) == "suspended"
    assert accreditation_status_at(accreditation=accreditation, when=now) == "active"
    version, home = issuer.version, issuer.home
    assert accreditation_at(version=version, organisation=home, when=now - timedelta(days=12)) is not None
    assert accreditation_at(version=version, organisation=home, when=now - timedelta(days=7)) is None
    assert accreditation_at(version=version, organisation=home, when=(now - timedelta(days=7)).date()) is None
    fact = accreditation_at(version=version, organisation=home, when=now)
    assert fact is not None
    assert not fact.blocked_now
    assert accreditation_status_now(accreditation=accreditation) == ("active", now - timedelta(days=5))
    # credentials can be issued again, and verify without a note
    report = credential_verify(issuer.issue().document)
    assert report.verified
    assert _line(report, "accreditation").note_code == ""


def test_withdrawal_after_issue(issuer: Issuer) -> None:
    credential = issuer.issue(now=timezone.now() - timedelta(minutes=1))
    services.accreditation_withdraw(accreditation=issuer.accreditation, reason="Programme closed.", actor=None)
    report = credential_verify(credential.document)
    line = _line(report, "accreditation")
    assert report.verified
    assert line.ok
    assert line.note_code == "accreditation.now_withdrawn"
    assert "withdrew" in line.note("en")
    assert "سحبت" in line.note("ar")
    assert trust.accreditation_at(version=issuer.version, organisation=issuer.home, when=timezone.now()) is None
    with pytest.raises(IssuanceRefused):
        issuer.issue(2)


def test_refresh_and_renewal_write_history(issuer: Issuer) -> None:
    today = timezone.localdate()
    Accreditation.objects.filter(pk=issuer.accreditation.pk).update(valid_until=today + timedelta(days=30))
    services.accreditations_refresh(today=today)
    services.accreditation_renew(accreditation=issuer.accreditation, months=12, reason="Review passed.", actor=None)
    statuses = list(issuer.accreditation.status_changes.order_by("effective_at", "id").values_list("status", "reason"))
    assert [s for s, _ in statuses] == ["active", "expiring", "active"]
    assert statuses[-1][1] == {"en": "Review passed."}
    expiring = issuer.accreditation.status_changes.get(status="expiring").reason
    assert set(expiring) == {"ar", "en"}
    assert "apply for renewal" in expiring["en"]


def test_publication_writes_the_grant(world: Any) -> None:
    application = world.at_decision()
    services.application_decide(
        application=application,
        decision="accredit",
        rationale="All criteria met.",
        validity_months=36,
        actor=world.people["commission"],
    )
    application = services.application_transition(
        application=application, transition="publish", actor=world.people["aqac_officer"]
    )
    accreditation = application.accreditation
    (grant,) = accreditation.status_changes.all()
    assert grant.status == RegisterStatus.ACTIVE
    assert grant.event is not None
    assert grant.event.action == "accreditation.accreditation.granted"
    assert grant.actor == world.people["aqac_officer"]
    fact = accreditation_at(
        version=application.specification_version, organisation=application.organisation, when=timezone.now()
    )
    assert fact is not None
    assert fact.status_now == RegisterStatus.ACTIVE


def test_backfill_from_start_status_and_events(issuer: Issuer) -> None:
    now = timezone.now().replace(microsecond=0)
    active = issuer.accreditation
    suspended = accredit(issuer.version, start=date(2024, 3, 1), identifier="PS-MC-SUSP")
    withdrawn = accredit(issuer.version, start=date(2025, 6, 1), identifier="PS-MC-WDRN")
    # the suspension was recorded as an event before histories existed; the withdrawal left no event
    with transaction.atomic():
        event = event_record(
            action="accreditation.accreditation.suspended",
            subject=suspended,
            payload={"from": "active", "to": "suspended", "reason": "Complaints."},
        )
    Accreditation.objects.filter(pk=suspended.pk).update(status=RegisterStatus.SUSPENDED)
    Accreditation.objects.filter(pk=withdrawn.pk).update(status=RegisterStatus.WITHDRAWN)

    written = status_history_backfill(
        accreditation_model=Accreditation, change_model=AccreditationStatusChange, event_model=DomainEvent, now=now
    )

    assert written == 5
    rows = {
        pk: list(AccreditationStatusChange.objects.filter(accreditation_id=pk).values_list("status", "effective_at"))
        for pk in (active.pk, suspended.pk, withdrawn.pk)
    }
    assert rows[active.pk] == [("active", start_of_day(date(2020, 1, 1)))]
    suspended_at = event.occurred_at.replace(microsecond=0)
    assert rows[suspended.pk] == [("active", start_of_day(date(2024, 3, 1))), ("suspended", suspended_at)]
    assert rows[withdrawn.pk] == [("active", start_of_day(date(2025, 6, 1))), ("withdrawn", now)]
    assert AccreditationStatusChange.objects.get(accreditation=suspended, status="suspended").event_id == event.pk
    assert AccreditationStatusChange.objects.get(accreditation=suspended, status="suspended").reason == {
        "en": "Complaints."
    }
    # running it again (or the migration on a filled table) writes nothing
    assert (
        status_history_backfill(
            accreditation_model=Accreditation, change_model=AccreditationStatusChange, event_model=DomainEvent
        )
        == 0
    )
    migration = importlib.import_module("wisam.accreditation.migrations.0003_status_history")
    migration.backfill(django_apps, None)
    assert AccreditationStatusChange.objects.count() == 5
    # and a date before the suspension still counts as accredited for that accreditation
    suspended.refresh_from_db()
    assert accreditation_status_at(accreditation=suspended, when=event.occurred_at - timedelta(days=1)) == "active"
    assert accreditation_status_at(accreditation=suspended, when=now + timedelta(seconds=1)) == "suspended"


def test_issuer_for_did_through_the_selector(issuer: Issuer) -> None:
    credential = issuer.issue()
    did = json.loads(credential.document)["issuer"]["id"]
    found = trust.issuer_for_did(did)
    assert found is not None
    assert found.organisation == issuer.home
    assert found.source in ("trust_list", "registry")
    assert trust.issuer_for_did("did:web:elsewhere.example") is None


def test_a_newer_accreditation_of_the_entry_suspended_stops_the_older_one(issuer: Issuer) -> None:
    older = issuer.accreditation
    newer = Accreditation.objects.create(
        organisation=issuer.home,
        specification_version=issuer.version,
        entry=older.entry,
        valid_from=date(2024, 1, 1),
        valid_until=date(2099, 12, 31),
    )
    before = timezone.now() - timedelta(minutes=1)
    services.accreditation_suspend(accreditation=newer, reason="Audit.", actor=None)
    # the register entry is suspended now, whichever accreditation is asked about
    assert accreditation_at(version=issuer.version, organisation=issuer.home, when=timezone.now()) is None
    fact = accreditation_at(version=issuer.version, organisation=issuer.home, when=before)
    assert fact is not None
    assert fact.status_now == RegisterStatus.SUSPENDED
    assert fact.status_now_since is not None


def test_publishing_a_newer_version_marks_the_older_accreditation_replaced(world: Any) -> None:
    from wisam.design.services import specification_version_create_next, specification_version_set_status

    application = world.at_decision()
    services.application_decide(
        application=application,
        decision="accredit",
        rationale="Sound.",
        validity_months=36,
        actor=world.people["commission"],
    )
    application = services.application_transition(
        application=application, transition="publish", actor=world.people["aqac_officer"]
    )
    older = application.accreditation
    designer = world.people["designer"]
    following = specification_version_create_next(version=application.specification_version, actor=designer)
    following = specification_version_set_status(version=following, status="ready_for_accreditation", actor=designer)
    second = services.application_create(version=following, actor=world.people["approver"])
    with transaction.atomic():
        services.application_on_publish(application=second, actor=world.people["aqac_officer"])
    statuses = list(older.status_changes.order_by("effective_at", "id").values_list("status", flat=True))
    assert statuses == [RegisterStatus.ACTIVE, RegisterStatus.EXPIRED]
    replaced = older.status_changes.get(status=RegisterStatus.EXPIRED)
    assert replaced.event is not None
    assert replaced.event.action == "accreditation.accreditation.replaced"
    # Wisam's own reason is written in both languages, whichever language the publisher used.
    assert second.reference in replaced.reason["en"]
    assert second.reference in replaced.reason["ar"]
    assert replaced.reason["ar"] != replaced.reason["en"]


def test_the_verify_command_prints_the_note(issuer: Issuer, tmp_path: Any) -> None:
    from django.core.management import call_command

    credential = issuer.issue(now=timezone.now() - timedelta(minutes=1))
    services.accreditation_suspend(accreditation=issuer.accreditation, reason="Audit.", actor=None)
    path = tmp_path / "credential.json"
    path.write_text(credential.document, encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("verify", str(path), "--language", "en", stdout=out)
    assert exited.value.code == 0
    assert "AQAC has suspended this accreditation" in out.getvalue()


def test_a_late_renewal_leaves_the_gap_unaccredited(issuer: Issuer) -> None:
    """Renewed ten days after its end: the new end date covers the gap, but nobody was accredited in it."""
    today = timezone.localdate()
    ended = today - timedelta(days=11)
    Accreditation.objects.filter(pk=issuer.accreditation.pk).update(
        valid_from=today - timedelta(days=400), valid_until=ended, status=RegisterStatus.EXPIRED
    )
    issuer.accreditation.refresh_from_db()
    services.accreditation_renew(accreditation=issuer.accreditation, months=12, reason="Review passed.", actor=None)
    issuer.accreditation.refresh_from_db()
    assert issuer.accreditation.valid_until > today

    def accredited(day: date) -> bool:
        moment = start_of_day(day) + timedelta(hours=12)
        return accreditation_at(version=issuer.version, organisation=issuer.home, when=moment) is not None

    assert accredited(ended - timedelta(days=30))  # before the end: accredited, as it was
    assert accredited(ended)
    assert not accredited(ended + timedelta(days=1))  # the gap
    assert not accredited(today - timedelta(days=1))
    assert accreditation_at(version=issuer.version, organisation=issuer.home, when=timezone.now()) is not None
    statuses = [c.status for c in issuer.accreditation.status_changes.order_by("effective_at", "id")]
    assert statuses == ["active", "expired", "active"]
    # Renewing again (no gap now) adds no lapse.
    services.accreditation_renew(accreditation=issuer.accreditation, months=1, reason="Again.", actor=None)
    assert issuer.accreditation.status_changes.filter(status=RegisterStatus.EXPIRED).count() == 1


def test_wisams_own_reasons_read_in_the_readers_language(issuer: Issuer) -> None:
    """An expiry notice written while the system ran in Arabic reads in English on the English register page."""
    today = timezone.localdate()
    Accreditation.objects.filter(pk=issuer.accreditation.pk).update(valid_until=today + timedelta(days=30))
    with translation.override("ar"):
        services.accreditations_refresh(today=today)
    url = issuer.accreditation.entry.get_absolute_url()
    english = Client().get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "apply for renewal in good time" in english
    arabic = Client().get(url, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "apply for renewal in good time" not in arabic
