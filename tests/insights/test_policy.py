"""The insights app's permission matrix: every action × persona × object, asked both ways (`can` and `scope`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from tests.policy_matrix import Personas, assert_matrix


@dataclass
class World:
    people: dict[str, Any]
    objects: dict[str, Any]


@pytest.fixture
def world(personas: Personas) -> World:
    from wisam.frameworks.models import EscoSkill
    from wisam.insights.services import skill_need_create

    skill = EscoSkill.objects.order_by("uri").first()
    need = skill_need_create(
        organisation=personas.employer,
        skills=[skill],
        sector="ict",
        region="ramallah",
        people=3,
        actor=personas.people["employer"],
    )
    objects = {
        "own_org": personas.home,
        "other_org": personas.other,
        "employer_org": personas.employer,
        "need": need,
    }
    return World(personas.people, objects)


NATIONAL = {"aqac_officer", "commission", "ministry", "staff"}

MATRIX: dict[str, dict[str, set[str] | frozenset[str]]] = {
    "insights.view_institution": {
        "own_org": {"admin", "approver", "qa", *NATIONAL},
        "other_org": NATIONAL,
        # An employer (like AQAC or a ministry) is no higher-education institution: it has no dashboards.
        "employer_org": {"staff"},
    },
    "skill_need.add": {"employer_org": {"employer", "staff"}, "own_org": {"staff"}},
    "skill_need.view": {"need": {"employer", *NATIONAL}},
    "skill_need.change": {"need": {"employer", "staff"}},
}


@pytest.mark.parametrize("action_name", sorted(MATRIX))
def test_role_action_matrix(world: World, action_name: str) -> None:
    assert_matrix(world.people, world.objects, action_name, MATRIX[action_name])
