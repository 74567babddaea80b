"""The strategy app's permission matrix: every action × persona × object, asked both ways (`can` and `scope`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from tests.policy_matrix import ALL, INSTITUTION, Personas, assert_matrix
from tests.strategy.conftest import rate_all
from wisam.core.i18n import bilingual
from wisam.strategy import services


@dataclass
class World:
    people: dict[str, Any]
    objects: dict[str, Any]


STAFF = {"staff"}
MEMBERS_ANYWHERE = frozenset({*INSTITUTION, "aqac_officer", "evaluator", "commission", "ministry", "employer", "staff"})
KEEPERS = {"approver", "admin", "qa", "designer", "staff"}


def _register(organisation: Any, actor: Any) -> tuple[Any, Any]:
    stakeholder = services.stakeholder_create(
        organisation=organisation, actor=actor, name=bilingual("غرفة", "Chamber"), kind="chamber"
    )
    engagement = services.engagement_record(
        organisation=organisation,
        kind="focus_group",
        title=bilingual("مجموعة", "Focus group"),
        held_on=date(2026, 1, 10),
        stakeholders=[stakeholder],
        actor=actor,
    )
    return stakeholder, engagement


@pytest.fixture
def world(personas: Personas, maturity_model: Any) -> World:
    people = personas.people
    approver = people["approver"]
    own_stakeholder, own_engagement = _register(personas.home, approver)
    other_stakeholder, other_engagement = _register(personas.other, personas.other_admin)
    national_stakeholder, national_engagement = _register(personas.ministry, people["ministry"])
    submitted = services.assessment_start(organisation=personas.home, actor=approver, assessed_on=date(2025, 1, 1))
    rate_all(submitted, 2, approver)
    submitted = services.assessment_submit(assessment=submitted, actor=approver)
    draft = services.assessment_start(organisation=personas.home, actor=approver)
    other_draft = services.assessment_start(organisation=personas.other, actor=personas.other_admin)
    dimension = maturity_model.dimensions.first()
    own_action = services.roadmap_action_create(
        organisation=personas.home,
        dimension=dimension,
        title=bilingual("إجراء", "Action"),
        owner=people["designer"],
        actor=approver,
    )
    other_action = services.roadmap_action_create(
        organisation=personas.other, dimension=dimension, title=bilingual("إجراء", "Action"), actor=approver
    )
    draft_model = services.maturity_model_new_version(model=maturity_model, actor=people["aqac_officer"])
    from wisam.strategy import consultation

    closed = consultation.consultation_open(
        target=draft_model, title=bilingual("مشاورة", "Round 1"), actor=people["aqac_officer"]
    )
    closed = consultation.consultation_close(
        consultation=closed, summary=bilingual("لا تغيير", "No change"), actor=people["aqac_officer"]
    )
    open_consultation = consultation.consultation_open(
        target=draft_model, title=bilingual("مشاورة", "Round 2"), actor=people["aqac_officer"]
    )
    recommendation = services.recommendation_create(
        code="REC-T", title=bilingual("توصية", "Recommendation"), actor=people["ministry"]
    )
    objects = {
        "own_org": personas.home,
        "other_org": personas.other,
        "national_org": personas.ministry,
        "own_stakeholder": own_stakeholder,
        "other_stakeholder": other_stakeholder,
        "national_stakeholder": national_stakeholder,
        "own_engagement": own_engagement,
        "other_engagement": other_engagement,
        "national_engagement": national_engagement,
        "own_submitted": submitted,
        "own_draft": draft,
        "other_draft": other_draft,
        "own_action": own_action,
        "other_action": other_action,
        "published_model": maturity_model,
        "draft_model": draft_model,
        "recommendation": recommendation,
        "open_consultation": open_consultation,
        "closed_consultation": closed,
        "nothing": None,
    }
    return World(people, objects)


ORG_STAFF = {*INSTITUTION, "staff"}

MATRIX: dict[str, dict[str, set[str] | frozenset[str]]] = {
    "strategy.view": {"own_org": ORG_STAFF, "other_org": STAFF, "national_org": STAFF},
    "strategy.manage_team": {"own_org": {"admin", "approver", "staff"}, "other_org": STAFF},
    "strategy.edit_canvas": {"own_org": {"approver", "staff"}, "other_org": STAFF},
    "strategy.self_assess": {"own_org": {"approver", "qa", "staff"}, "other_org": STAFF},
    "strategy.manage_roadmap": {"own_org": {"approver", "staff"}, "other_org": STAFF},
    "strategy.view_register": {"own_org": ORG_STAFF, "other_org": STAFF, "national_org": MEMBERS_ANYWHERE},
    "strategy.keep_register": {"own_org": KEEPERS, "other_org": STAFF, "national_org": {"ministry", "staff"}},
    "stakeholder.view": {
        "own_stakeholder": ORG_STAFF,
        "other_stakeholder": STAFF,
        "national_stakeholder": MEMBERS_ANYWHERE,
    },
    "stakeholder.change": {
        "own_stakeholder": KEEPERS,
        "other_stakeholder": STAFF,
        "national_stakeholder": {"ministry", "staff"},
    },
    "engagement.view": {
        "own_engagement": ORG_STAFF,
        "other_engagement": STAFF,
        "national_engagement": MEMBERS_ANYWHERE,
    },
    "engagement.change": {
        "own_engagement": KEEPERS,
        "other_engagement": STAFF,
        "national_engagement": {"ministry", "staff"},
    },
    "assessment.view": {"own_submitted": ORG_STAFF, "own_draft": ORG_STAFF, "other_draft": STAFF},
    "assessment.rate": {"own_submitted": STAFF, "own_draft": {"approver", "qa", "staff"}, "other_draft": STAFF},
    "assessment.submit": {"own_submitted": STAFF, "own_draft": {"approver", "staff"}, "other_draft": STAFF},
    "roadmap.update": {"own_action": {"approver", "designer", "staff"}, "other_action": STAFF},
    "maturity_model.view": {"published_model": ALL, "draft_model": {"aqac_officer", "ministry", "staff"}},
    "maturity_model.manage": {
        "published_model": {"aqac_officer", "ministry", "staff"},
        "draft_model": {"aqac_officer", "ministry", "staff"},
    },
    "maturity_model.add": {"nothing": {"aqac_officer", "ministry", "staff"}},
    "recommendation.view": {"recommendation": MEMBERS_ANYWHERE},
    "recommendation.manage": {"recommendation": {"ministry", "staff"}},
    "recommendation.add": {"nothing": {"ministry", "staff"}},
    "consultation.view": {"open_consultation": MEMBERS_ANYWHERE, "closed_consultation": MEMBERS_ANYWHERE},
    "consultation.comment": {"open_consultation": MEMBERS_ANYWHERE, "closed_consultation": STAFF},
    "consultation.respond": {
        "open_consultation": {"aqac_officer", "ministry", "staff"},
        "closed_consultation": {"aqac_officer", "ministry", "staff"},
    },
    "consultation.open": {"nothing": {"aqac_officer", "ministry", "staff"}},
}


@pytest.mark.parametrize("action_name", sorted(MATRIX))
def test_role_action_matrix(world: World, action_name: str) -> None:
    assert_matrix(world.people, world.objects, action_name, MATRIX[action_name])
