"""`wisam demo`: the national scenario loads, is idempotent, has a person per role and an intact event chain."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from wisam.core.events import events_verify_chain
from wisam.core.models import DomainEvent
from wisam.institutions.models import Membership, Organisation, OrganisationUnit, User
from wisam.institutions.roles import HIGHER_EDUCATION_KINDS, OrganisationKind, Role, UnitKind


def test_demo_scenario_is_complete_idempotent_and_chained(db: Any, capsys: pytest.CaptureFixture[str]) -> None:
    # One test, because the whole demo takes a while to load: scenario, then a second run, then the chain.
    call_command("demo")
    out = capsys.readouterr().out
    assert "wisam-demo-2026" in out
    assert "designer@karmil.example" in out
    assert "officer@aqac.example" in out

    assert Organisation.objects.filter(kind=OrganisationKind.ACCREDITATION_BODY).count() == 1
    assert Organisation.objects.filter(kind=OrganisationKind.MINISTRY).count() == 2
    institutions = Organisation.objects.filter(kind__in=HIGHER_EDUCATION_KINDS)
    assert institutions.count() == 8
    assert set(institutions.values_list("kind", flat=True)) == set(HIGHER_EDUCATION_KINDS)
    for institution in institutions:
        assert OrganisationUnit.objects.filter(organisation=institution, kind=UnitKind.CONTINUING_EDUCATION_CENTRE)
    assert Organisation.objects.filter(kind=OrganisationKind.EMPLOYER).count() == 5
    held = set(Membership.objects.current().values_list("role", flat=True))
    assert held >= {role.value for role in Role if role != Role.LEARNER}
    assert User.objects.filter(learner_profile__isnull=False).exists()
    for user in User.objects.all():
        assert user.full_name.get("ar"), user.email
        assert user.full_name.get("en"), user.email
    for organisation in Organisation.objects.all():
        assert organisation.name.get("ar"), organisation.slug
        assert organisation.name.get("en"), organisation.slug

    counts = (Organisation.objects.count(), User.objects.count(), Membership.objects.count())
    events = DomainEvent.objects.count()
    call_command("demo", quiet_logins=True)
    assert (Organisation.objects.count(), User.objects.count(), Membership.objects.count()) == counts
    assert DomainEvent.objects.count() == events
    report = events_verify_chain()
    assert report.ok
    assert report.events_checked == events
