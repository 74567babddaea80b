"""Institution services: roles fit the kind of organisation, memberships are recorded as events."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from wisam.core.events import events_for, events_verify_chain
from wisam.institutions.roles import OrganisationKind, Role
from wisam.institutions.services import membership_grant, user_create


def test_role_must_fit_the_kind_of_organisation(make_organisation: Any) -> None:
    employer = make_organisation("acme", OrganisationKind.EMPLOYER)
    user = user_create(email="x@acme.test", full_name={"ar": "س", "en": "X"})
    with pytest.raises(ValidationError) as error:
        membership_grant(user=user, organisation=employer, role=Role.AQAC_EVALUATOR)
    assert "role" in error.value.message_dict


def test_grant_is_idempotent_and_recorded(make_organisation: Any) -> None:
    university = make_organisation("uni")
    user = user_create(email="d@uni.test", full_name={"ar": "د", "en": "D"})
    first = membership_grant(user=user, organisation=university, role=Role.MC_DESIGNER)
    again = membership_grant(user=user, organisation=university, role=Role.MC_DESIGNER)
    assert first.pk == again.pk
    assert [e.action for e in events_for(first)] == ["membership.granted", "membership.granted"]
    assert events_verify_chain().ok


def test_duplicate_email_is_refused_with_the_field_named(db: Any) -> None:
    user_create(email="same@uni.test", full_name={"ar": "أ", "en": "A"})
    with pytest.raises(ValidationError) as error:
        user_create(email="SAME@uni.test", full_name={"ar": "ب", "en": "B"})
    assert "email" in error.value.message_dict
