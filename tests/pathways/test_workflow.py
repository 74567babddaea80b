"""The two workflows as data: every state reachable, guards that name their reasons, permissions per transition."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.pathways.conftest import World, issue
from wisam.core.i18n import bilingual
from wisam.core.workflow import TransitionRefused, workflow_options
from wisam.pathways import services
from wisam.pathways.models import PathwayVersion
from wisam.pathways.workflow import REQUEST_WORKFLOW, VERSION_WORKFLOW, RequestState, VersionState


def test_every_state_is_reachable() -> None:
    assert VERSION_WORKFLOW.reachable() == {s.name for s in VERSION_WORKFLOW.states}
    assert REQUEST_WORKFLOW.reachable() == {s.name for s in REQUEST_WORKFLOW.states}
    # An appeal is possible only from a first decision, and its decision is final: one appeal, by construction.
    appeal = REQUEST_WORKFLOW.transition("appeal")
    assert appeal.sources == {RequestState.DECIDED}
    assert REQUEST_WORKFLOW.state(RequestState.APPEAL_DECIDED).terminal


def test_rule_problems_name_the_field_in_the_user_language() -> None:
    bad = {"kind": "elective", "rules": [{"id": "x", "type": "choose", "k": 4, "groups": []}]}
    with translation.override("en"):
        english = services.pathway_rules_problems(bad)
    with translation.override("ar"):
        arabic = services.pathway_rules_problems(bad)
    assert english
    assert english[0].startswith("rules[0]")
    assert arabic != english


@pytest.mark.django_db
def test_who_may_move_a_version(world: World) -> None:
    version = services.pathway_create(
        organisation=world.home,
        code="w",
        title=bilingual("م", "W"),
        kind="rigid",
        target_kind="degree_credit",
        target_programme=bilingual("ب", "BSc"),
        rules={"rules": [{"id": "core", "type": "required", "items": [world.key("a")]}]},
        actor=world.people["designer"],
    )
    assert [o.name for o in workflow_options(subject_state=version, actor=world.people["qa"])] == []
    assert [o.name for o in workflow_options(subject_state=version, actor=world.people["designer"])] == ["submit"]
    version = services.pathway_version_transition(version=version, transition="submit", actor=world.people["designer"])
    with pytest.raises(TransitionRefused) as refused:
        services.pathway_version_transition(version=version, transition="return", actor=world.people["qa"])
    assert refused.value.code == "comment_required"
    version = services.pathway_version_transition(
        version=version, transition="return", actor=world.people["qa"], comment="Add the total."
    )
    assert version.state == VersionState.DRAFT


@pytest.mark.django_db
def test_withdraw_and_accept(world: World, published: PathwayVersion) -> None:
    credential = issue(world.mcs["d"], world.learner)
    first = services.recognition_request_create(
        learner=world.learner, organisation=world.home, issued=[credential], actor=world.learner
    )
    first = services.recognition_request_withdraw(request=first, actor=world.learner)
    assert first.state == RequestState.WITHDRAWN
    assert not first.is_active
    second = services.recognition_request_create(
        learner=world.learner,
        organisation=world.home,
        pathway_version=published,
        issued=[credential],
        actor=world.learner,
    )
    with pytest.raises(TransitionRefused):
        services.recognition_request_withdraw(request=second, actor=world.learner2)
    officer = world.people["recognition"]
    second = services.recognition_request_take(request=second, actor=officer)
    second = services.recognition_request_decide(
        request=second, outcome="full", recognised_as=world.mcs["a"].micro_credential, actor=officer
    )
    second = services.recognition_request_accept(request=second, actor=world.learner)
    assert second.state == RequestState.CLOSED
    assert second.counts
