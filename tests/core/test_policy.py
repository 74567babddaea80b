"""The permission policy: the whole role × action matrix, asked both ways (`can` and `scope`) for every cell."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from importlib.util import find_spec
from typing import Any

import pytest
from django.apps import apps
from django.db import transaction

from tests.policy_matrix import ALL, INSTITUTION, SIGNED_IN_AQAC, Personas, assert_matrix
from wisam.core import policy
from wisam.core.events import event_record
from wisam.core.models import DomainEvent
from wisam.institutions.models import LearnerProfile, Membership
from wisam.institutions.roles import Role


@dataclass
class World:
    people: dict[str, Any]
    objects: dict[str, Any]


@pytest.fixture
def world(personas: Personas, make_person: Any) -> World:
    home, other = personas.home, personas.other
    other_admin = personas.other_admin
    other_learner = make_person("learner@other.test", None, Role.LEARNER)
    people = personas.people
    with transaction.atomic():
        home_event = event_record(action="test.home", subject=home, organisation=home)
        other_event = event_record(action="test.other", subject=other, organisation=other)
    objects = {
        "own_org": home,
        "other_org": other,
        "own_membership": Membership.objects.get(user=people["designer"]),
        "colleague_membership": Membership.objects.get(user=people["registrar"]),
        "other_membership": Membership.objects.get(user=other_admin),
        "own_profile": LearnerProfile.objects.get(user=people["learner"]),
        "other_profile": LearnerProfile.objects.get(user=other_learner),
        "own_event": home_event,
        "other_event": other_event,
        "nothing": None,
    }
    return World(people, objects)


# For each action: the objects it is asked about, and for each object who may do it. Everyone else is refused.
MATRIX: dict[str, dict[str, set[str] | frozenset[str]]] = {
    "organisation.view": {"own_org": ALL, "other_org": ALL},
    "organisation.change": {"own_org": {"admin", "staff"}, "other_org": {"staff"}},
    "organisation.manage_units": {"own_org": {"admin", "staff"}, "other_org": {"staff"}},
    "organisation.manage_members": {"own_org": {"admin", "staff"}, "other_org": {"staff"}},
    "organisation.view_members": {"own_org": {*INSTITUTION, *SIGNED_IN_AQAC}, "other_org": SIGNED_IN_AQAC},
    "membership.view": {
        "own_membership": {"designer", "admin", *SIGNED_IN_AQAC},
        "colleague_membership": {"registrar", "admin", *SIGNED_IN_AQAC},
        "other_membership": SIGNED_IN_AQAC,
    },
    "membership.end": {
        "own_membership": {"admin", "staff"},
        "colleague_membership": {"admin", "staff"},
        "other_membership": {"staff"},
    },
    "learner.view_profile": {"own_profile": {"learner", "staff"}, "other_profile": {"staff"}},
    "event.view": {"own_event": {"admin", "qa", "approver", *SIGNED_IN_AQAC}, "other_event": SIGNED_IN_AQAC},
    "insights.view_national": {"nothing": {"aqac_officer", "commission", "ministry", "staff"}},
}


def test_matrix_covers_every_declared_action() -> None:
    """Every action any app declares has its row in some app's matrix (tests/<app>/test_policy.py: MATRIX)."""
    covered: set[str] = set()
    for config in apps.get_app_configs():
        has_tests = config.name.startswith("wisam.") and find_spec(f"tests.{config.label}") is not None
        if has_tests and find_spec(f"tests.{config.label}.test_policy") is not None:
            covered |= set(import_module(f"tests.{config.label}.test_policy").MATRIX)
    missing = set(policy.actions()) - covered
    assert not missing, f"actions without a row in a permission matrix: {sorted(missing)}"


@pytest.mark.parametrize("action_name", sorted(MATRIX))
def test_role_action_matrix(world: World, action_name: str) -> None:
    assert_matrix(world.people, world.objects, action_name, MATRIX[action_name])


def test_scope_lists_only_own_organisation_events(world: World) -> None:
    visible = policy.scope(world.people["admin"], "event.view", DomainEvent.objects.all())
    assert set(visible.values_list("organisation__slug", flat=True)) == {"home-university"}


def test_ended_membership_loses_rights(world: World) -> None:
    from wisam.institutions.services import membership_end

    admin = world.people["admin"]
    membership = Membership.objects.get(user=admin)
    assert policy.can(admin, "organisation.change", world.objects["own_org"])
    membership_end(membership=membership, actor=world.people["staff"])
    admin.refresh_from_db()
    policy.forget_roles(admin)
    assert not policy.can(admin, "organisation.change", world.objects["own_org"])


def test_unknown_action_and_wrong_model_are_errors(world: World) -> None:
    with pytest.raises(KeyError):
        policy.can(world.people["admin"], "nonexistent.action")
    with pytest.raises(TypeError):
        policy.can(world.people["admin"], "organisation.change", world.objects["own_membership"])
