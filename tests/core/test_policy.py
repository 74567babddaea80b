"""The permission policy: the whole role × action matrix, asked both ways (`can` and `scope`) for every cell."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from wisam.core import policy
from wisam.core.events import event_record
from wisam.core.models import DomainEvent
from wisam.institutions.models import LearnerProfile, Membership
from wisam.institutions.roles import OrganisationKind, Role

INSTITUTION = ("admin", "designer", "qa", "approver", "registrar", "recognition")
PERSONAS = (*INSTITUTION, "aqac_officer", "evaluator", "commission", "ministry", "employer", "learner", "anonymous",
            "staff")


@dataclass
class World:
    people: dict[str, Any]
    objects: dict[str, Any]


@pytest.fixture
def world(make_organisation: Any, make_person: Any) -> World:
    home = make_organisation("home-university")
    other = make_organisation("other-college", OrganisationKind.COMMUNITY_COLLEGE)
    aqac = make_organisation("aqac", OrganisationKind.ACCREDITATION_BODY)
    ministry = make_organisation("mohe", OrganisationKind.MINISTRY)
    employer = make_organisation("employer", OrganisationKind.EMPLOYER)
    people: dict[str, Any] = {
        "admin": make_person("admin@home.test", home, Role.INSTITUTION_ADMIN),
        "designer": make_person("designer@home.test", home, Role.MC_DESIGNER),
        "qa": make_person("qa@home.test", home, Role.QA_OFFICER),
        "approver": make_person("approver@home.test", home, Role.INSTITUTIONAL_APPROVER),
        "registrar": make_person("registrar@home.test", home, Role.REGISTRAR),
        "recognition": make_person("recognition@home.test", home, Role.RECOGNITION_OFFICER),
        "aqac_officer": make_person("officer@aqac.test", aqac, Role.AQAC_OFFICER),
        "evaluator": make_person("evaluator@aqac.test", aqac, Role.AQAC_EVALUATOR),
        "commission": make_person("commission@aqac.test", aqac, Role.COMMISSION_MEMBER),
        "ministry": make_person("analyst@mohe.test", ministry, Role.MINISTRY_ANALYST),
        "employer": make_person("hr@employer.test", employer, Role.EMPLOYER_REPRESENTATIVE),
        "learner": make_person("learner@home.test", None, Role.LEARNER),
        "anonymous": AnonymousUser(),
    }
    staff = make_person("staff@wisam.test", None)
    staff.is_superuser = staff.is_staff = True
    staff.save()
    people["staff"] = staff
    other_admin = make_person("admin@other.test", other, Role.INSTITUTION_ADMIN)
    other_learner = make_person("learner@other.test", None, Role.LEARNER)
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


ALL = frozenset(PERSONAS)
SIGNED_IN_AQAC = {"aqac_officer", "staff"}
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
    assert set(MATRIX) == set(policy.actions()), "every action needs its row in the matrix"


@pytest.mark.parametrize("action_name", sorted(MATRIX))
def test_role_action_matrix(world: World, action_name: str) -> None:
    declared = policy.action(action_name)
    failures = []
    for target, allowed in MATRIX[action_name].items():
        obj = world.objects[target]
        for persona in PERSONAS:
            user = world.people[persona]
            expected = persona in allowed
            if policy.can(user, action_name, obj) != expected:
                failures.append(f"can({persona}, {action_name}, {target}) should be {expected}")
            if declared.model is not None and obj is not None:
                in_scope = policy.scope(user, action_name, declared.model.objects.filter(pk=obj.pk)).exists()
                if in_scope != expected:
                    failures.append(f"scope({persona}, {action_name}) {'lacks' if expected else 'has'} {target}")
    assert not failures, "\n".join(failures)


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
