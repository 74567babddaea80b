"""Strategy services: team and RACI, versioned canvas, registers and outcome links, maturity models, self-assessment,
roadmap proposal, national median and recommendations — each change audited in the event log."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from tests.policy_matrix import Personas
from tests.strategy.conftest import rate_all
from wisam.core.events import events_for
from wisam.core.i18n import bilingual
from wisam.strategy import services
from wisam.strategy.models import IndicatorRating, MaturityModel, RoadmapAction, StrategyVersion
from wisam.strategy.selectors import maturity_profile, team_page
from wisam.strategy.vocab import ActionStatus, TeamRole


def test_team_is_built_from_the_institutions_people(personas: Personas) -> None:
    approver = personas.people["approver"]
    member = services.team_member_add(
        organisation=personas.home, user=personas.people["qa"], team_role=TeamRole.QA_LEAD, actor=approver
    )
    assert [e.action for e in events_for(member)] == ["strategy.team_member_added"]
    with pytest.raises(ValidationError):
        services.team_member_add(
            organisation=personas.home, user=personas.other_admin, team_role=TeamRole.FINANCE, actor=approver
        )
    with pytest.raises(ValidationError):
        services.team_member_add(
            organisation=personas.home, user=personas.people["qa"], team_role=TeamRole.QA_LEAD, actor=approver
        )
    # A learner may sit in the team as the learner representative, and only so.
    services.team_member_add(
        organisation=personas.home,
        user=personas.people["learner"],
        team_role=TeamRole.LEARNER_REPRESENTATIVE,
        actor=approver,
    )
    with pytest.raises(ValidationError):
        services.team_member_add(
            organisation=personas.home, user=personas.people["learner"], team_role=TeamRole.FINANCE, actor=approver
        )


def test_suggested_raci_leaves_one_accountable_per_stage(personas: Personas) -> None:
    approver, people = personas.people["approver"], personas.people
    for user, role in (
        (approver, TeamRole.STRATEGIC_LEAD),
        (people["designer"], TeamRole.ACADEMIC_LEAD),
        (people["designer"], TeamRole.INSTRUCTIONAL_DESIGN),
        (people["qa"], TeamRole.QA_LEAD),
        (people["registrar"], TeamRole.REGISTRAR),
        (people["registrar"], TeamRole.CREDENTIALING_IT),
        (people["admin"], TeamRole.FINANCE),
        (people["admin"], TeamRole.EMPLOYER_LIAISON),
        (people["learner"], TeamRole.LEARNER_REPRESENTATIVE),
    ):
        services.team_member_add(organisation=personas.home, user=user, team_role=role, actor=approver)
    assert "TEAM_EMPTY" not in {f.code for f in team_page(personas.home).findings}
    services.raci_apply_suggested(organisation=personas.home, actor=approver)
    page = team_page(personas.home)
    assert [f.code for f in page.findings] == []
    # Making a second person accountable for design is flagged.
    registrar = next(row.member for row in page.rows if row.member.team_role == TeamRole.REGISTRAR)
    services.raci_set(member=registrar, stage="design", letter="A", actor=approver)
    assert {(f.code, f.stage) for f in team_page(personas.home).findings} == {("RACI_SEVERAL_ACCOUNTABLE", "design")}
    with pytest.raises(ValidationError):
        services.raci_set(member=registrar, stage="design", letter="X", actor=approver)


def test_canvas_edits_create_versions(personas: Personas) -> None:
    approver = personas.people["approver"]
    first = services.strategy_save(
        organisation=personas.home, data={"rationale": bilingual("لماذا", "Why")}, actor=approver
    )
    second = services.strategy_save(
        organisation=personas.home,
        data={"business_model": "peer_consortium"},
        actor=approver,
        change_note="consortium",
    )
    assert (first.number, second.number) == (1, 2)
    assert second.rationale == {"ar": "لماذا", "en": "Why"}  # carried over
    first.refresh_from_db()
    assert first.business_model == ""  # the earlier version is untouched
    assert StrategyVersion.objects.filter(strategy__organisation=personas.home).count() == 2
    with pytest.raises(ValidationError):
        services.strategy_save(organisation=personas.home, data={"business_model": "peer_consortium"}, actor=approver)
    assert events_for(second).get().payload["changed"] == ["business_model"]


def test_outcome_links_to_own_micro_credentials_only(personas: Personas) -> None:
    from wisam.design.services import micro_credential_create

    designer = personas.people["designer"]
    own = micro_credential_create(
        organisation=personas.home, code="DATA-01", title=bilingual("بيانات", "Data"), actor=designer
    ).micro_credential
    stakeholder = services.stakeholder_create(
        organisation=personas.home, actor=designer, name=bilingual("شركة", "Company"), kind="employer", influence=3
    )
    engagement = services.engagement_record(
        organisation=personas.home,
        kind="codesign_workshop",
        title=bilingual("ورشة", "Workshop"),
        held_on=date(2026, 2, 1),
        stakeholders=[stakeholder],
        actor=designer,
    )
    link = services.outcome_link_add(engagement=engagement, target=own, actor=designer)
    assert link.target == own
    assert "DATA-01" in link.label["en"]
    other_designer_org = personas.other
    other = micro_credential_create(
        organisation=other_designer_org, code="X-01", title=bilingual("س", "X"), actor=personas.other_admin
    ).micro_credential
    with pytest.raises(ValidationError):
        services.outcome_link_add(engagement=engagement, target=other, actor=designer)
    with pytest.raises(ValidationError):
        services.outcome_link_add(engagement=engagement, target=stakeholder, actor=designer)
    with pytest.raises(ValidationError):
        services.stakeholder_create(
            organisation=personas.home, actor=designer, name=bilingual("س", "X"), kind="employer", influence=6
        )


def test_default_model_shape(maturity_model: MaturityModel) -> None:
    dimensions = list(maturity_model.dimensions.all())
    assert len(dimensions) >= 8
    assert sorted(maturity_model.levels.values_list("number", flat=True)) == [1, 2, 3, 4, 5]
    for dimension in dimensions:
        assert dimension.name["ar"]
        assert dimension.name["en"]
        assert sorted(dimension.descriptors) == ["1", "2", "3", "4", "5"]
        assert all(text["ar"] and text["en"] for text in dimension.descriptors.values())
        assert dimension.indicators.count() >= 2
    assert len(maturity_model.sources) >= 5
    assert services.maturity_model_load() == maturity_model  # loading again changes nothing


def test_model_versions_published_never_change(personas: Personas, maturity_model: MaturityModel) -> None:
    officer = personas.people["aqac_officer"]
    dimension = maturity_model.dimensions.first()
    assert dimension is not None
    with pytest.raises(ValidationError):
        services.maturity_dimension_update(
            dimension=dimension, actor=officer, name={"ar": "س", "en": "x"}, description={}, descriptors={}
        )
    draft = services.maturity_model_new_version(model=maturity_model, actor=officer)
    assert (draft.version, draft.status) == (2, "draft")
    with pytest.raises(ValidationError):
        services.maturity_model_new_version(model=maturity_model, actor=officer)
    draft_dimension = draft.dimensions.get(key=dimension.key)
    services.maturity_indicator_save(
        dimension=draft_dimension, actor=officer, statement=bilingual("مؤشر جديد", "A new indicator")
    )
    services.maturity_model_publish(model=draft, actor=officer, change_note=bilingual("أضفنا", "Added one"))
    maturity_model.refresh_from_db()
    assert maturity_model.status == "retired"
    assert services.current_model() == draft
    assert draft_dimension.indicators.count() == dimension.indicators.count() + 1


def test_self_assessment_to_roadmap(personas: Personas, maturity_model: MaturityModel) -> None:
    approver, qa = personas.people["approver"], personas.people["qa"]
    services.team_member_add(organisation=personas.home, user=qa, team_role=TeamRole.QA_LEAD, actor=approver)
    assessment = services.assessment_start(organisation=personas.home, actor=qa, assessed_on=date(2026, 3, 1))
    with pytest.raises(ValidationError):
        services.assessment_start(organisation=personas.home, actor=qa)  # one in progress at a time
    with pytest.raises(ValidationError):
        services.assessment_submit(assessment=assessment, actor=approver)  # nothing rated yet
    rate_all(assessment, 3, qa)
    qa_dimension = maturity_model.dimensions.get(key="quality-assurance")
    ratings = IndicatorRating.objects.filter(assessment=assessment, indicator__dimension=qa_dimension)
    first = ratings.order_by("indicator__order").first()
    assert first is not None
    # One QA indicator at level 1: the dimension drops to 2.
    services.assessment_rate(assessment=assessment, ratings={first.indicator_id: {"level": 1}}, actor=qa)
    submitted = services.assessment_submit(assessment=assessment, actor=approver)
    assert submitted.results["levels"]["quality-assurance"] == 2
    assert submitted.results["levels"]["strategy-leadership"] == 3
    with pytest.raises(ValidationError):
        services.assessment_rate(assessment=submitted, ratings={first.indicator_id: {"level": 5}}, actor=qa)
    actions = services.roadmap_propose(assessment=submitted, actor=approver, today=date(2026, 3, 2))
    assert len(actions) == maturity_model.dimensions.count()
    qa_action = next(a for a in actions if a.dimension.key == "quality-assurance")
    assert qa_action.target_level == 3
    assert qa_action.owner == qa  # the QA lead owns the QA dimension
    assert qa_action.due_on == date(2026, 8, 31)  # the weakest dimension: six months
    assert first.indicator.statement["en"] in qa_action.description["en"]
    other_action = next(a for a in actions if a.dimension.key == "strategy-leadership")
    assert other_action.due_on == date(2027, 3, 2)
    assert services.roadmap_propose(assessment=submitted, actor=approver) == []  # nothing twice
    services.roadmap_action_update(action=qa_action, actor=qa, status=ActionStatus.DONE)
    qa_action.refresh_from_db()
    assert qa_action.completed_on is not None
    assert RoadmapAction.objects.filter(organisation=personas.home).count() == len(actions)


def test_unevidenced_high_ratings_count_as_two(personas: Personas, maturity_model: MaturityModel) -> None:
    approver = personas.people["approver"]
    assessment = services.assessment_start(organisation=personas.home, actor=approver)
    rate_all(assessment, 4, approver, evidence="")
    submitted = services.assessment_submit(assessment=assessment, actor=approver)
    assert set(submitted.results["levels"].values()) == {2}


def test_national_median_needs_three_other_institutions(
    personas: Personas, submitted: Any, peer_institutions: Any
) -> None:
    approver = personas.people["approver"]
    submitted(personas.home, approver, level=3)
    peers = peer_institutions(3)
    submitted(peers[0][0], peers[0][1], level=1)
    submitted(peers[1][0], peers[1][1], level=2)
    profile = maturity_profile(personas.home)
    assert profile.median is None  # two others only
    assert profile.median_hidden
    submitted(peers[2][0], peers[2][1], level=5)
    profile = maturity_profile(personas.home)
    assert profile.median is not None
    assert set(profile.median.values()) == {2.0}  # median of 1, 2, 5; the home institution is not counted
    # Only the latest submitted assessment of each institution counts.
    submitted(peers[2][0], peers[2][1], level=1, on=date(2030, 1, 1))
    assert set((maturity_profile(personas.home).median or {}).values()) == {1.0}


def test_profile_compares_with_the_previous_assessment(personas: Personas, submitted: Any) -> None:
    approver = personas.people["approver"]
    submitted(personas.home, approver, level=1, on=date(2025, 3, 1))
    submitted(personas.home, approver, level=2, on=date(2026, 3, 1))
    profile = maturity_profile(personas.home)
    assert profile.current is not None
    assert profile.previous is not None
    assert {row.current for row in profile.rows} == {2}
    assert {row.previous for row in profile.rows} == {1}
    assert profile.overall == 2


def test_recommendations_are_seeded_from_the_webinar(personas: Personas) -> None:
    analyst = personas.people["ministry"]
    seeded = services.recommendations_seed(owner=personas.ministry, actor=analyst)
    assert [r.expected_result for r in seeded] == [1, 2, 3, 4, 5]
    assert services.recommendations_seed(owner=personas.ministry, actor=analyst) == seeded
    services.recommendation_update(recommendation=seeded[0], actor=analyst, status="in_progress")
    evidence = services.recommendation_evidence_add(
        recommendation=seeded[0], title=bilingual("دليل", "Evidence"), url="https://example.org/x", actor=analyst
    )
    assert evidence.pk
    assert [e.action for e in events_for(seeded[0])] == [
        "strategy.recommendation_added",
        "strategy.recommendation_updated",
        "strategy.recommendation_evidence_added",
    ]
