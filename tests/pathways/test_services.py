"""Pathway versions through review and publication, recognition requests and their validation, appeals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.pathways.conftest import World, issue, publish, rigid_rules
from wisam.core.events import events_for
from wisam.core.i18n import bilingual
from wisam.core.workflow import TransitionRefused
from wisam.pathways import records, services
from wisam.pathways.models import PathwayVersion, RecognitionRequest
from wisam.pathways.workflow import RequestState, VersionState

pytestmark = pytest.mark.django_db


def test_rules_are_validated_on_save_with_the_field_named(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        services.pathway_create(
            organisation=world.home,
            code="bad",
            title=bilingual("س", "Bad"),
            kind="elective",
            target_kind="degree_credit",
            target_programme=bilingual("بكالوريوس", "BSc Computing"),
            rules={
                "rules": [{"id": "x", "type": "choose", "k": 3, "groups": [{"label": {"en": "g"}, "items": ["mc:1"]}]}]
            },
            actor=world.people["designer"],
        )
    assert "rules[0]" in " ".join(refused.value.message_dict["rules"])


def test_review_and_publication_workflow(world: World, published: PathwayVersion) -> None:
    assert published.state == VersionState.PUBLISHED
    actions = [e.action for e in events_for(published)]
    assert "pathway_version.submit" in actions
    assert "pathway_version.publish" in actions
    # The designer cannot publish; a draft without rules cannot be submitted.
    nxt = services.pathway_version_create_next(pathway=published.pathway, actor=world.people["designer"])
    services.pathway_version_update(version=nxt, rules={"rules": []}, actor=world.people["designer"])
    with pytest.raises(TransitionRefused) as refused:
        services.pathway_version_transition(version=nxt, transition="submit", actor=world.people["designer"])
    assert refused.value.code == "guard"
    services.pathway_version_update(version=nxt, rules=rigid_rules(world), actor=world.people["designer"])
    nxt.refresh_from_db()
    with pytest.raises(TransitionRefused):
        services.pathway_version_transition(version=nxt, transition="submit", actor=world.people["qa"])
    nxt = publish(nxt, world)
    published.refresh_from_db()
    assert published.state == VersionState.RETIRED
    assert nxt.state == VersionState.PUBLISHED


def test_only_drafts_change(world: World, published: PathwayVersion) -> None:
    with pytest.raises(ValidationError):
        services.pathway_version_update(version=published, rules=rigid_rules(world), actor=world.people["designer"])


def test_aqac_recognition_of_a_published_version(world: World, published: PathwayVersion) -> None:
    from datetime import date

    recognition = services.pathway_recognition_record(
        version=published, decided_on=date(2026, 1, 5), reference="AQAC-PW-1", actor=None
    )
    assert recognition.version == published
    assert "pathway_version.recognised_by_aqac" in [e.action for e in events_for(published)]


def _request(world: World, version: PathwayVersion) -> RecognitionRequest:
    credential = issue(world.mcs["d"], world.learner)
    return services.recognition_request_create(
        learner=world.learner,
        organisation=world.home,
        pathway_version=version,
        issued=[credential],
        actor=world.learner,
    )


def test_refusal_and_partial_need_substantial_differences(world: World, published: PathwayVersion) -> None:
    request = _request(world, published)
    officer = world.people["recognition"]
    request = services.recognition_request_take(request=request, actor=officer)
    with pytest.raises(ValidationError) as refused:
        services.recognition_request_decide(request=request, outcome="refused", actor=officer)
    assert {"differences", "justification"} <= set(refused.value.message_dict)
    with pytest.raises(ValidationError) as partial:
        services.recognition_request_decide(
            request=request, outcome="partial", actor=officer, differences=["workload"], justification={"en": "x"}
        )
    assert "credits_granted" in partial.value.message_dict
    request = services.recognition_request_decide(
        request=request,
        outcome="partial",
        actor=officer,
        credits_granted="2.5",
        recognised_as=world.mcs["a"].micro_credential,
        differences=["workload"],
        justification=bilingual("عبء أقل", "Lower workload than Data basics."),
    )
    assert request.state == RequestState.DECIDED
    assert request.credits_granted == Decimal("2.50")
    actions = [e.action for e in events_for(request)]
    assert "recognition_request.decide" in actions
    assert "recognition_request.decision_recorded" in actions
    from wisam.accreditation.models import Notification

    assert Notification.objects.filter(user=world.learner).exists()


def test_appeal_once_and_by_someone_else(world: World, published: PathwayVersion) -> None:
    request = _request(world, published)
    both = world.people["both"]
    request = services.recognition_request_take(request=request, actor=both)
    request = services.recognition_request_decide(
        request=request,
        outcome="refused",
        actor=both,
        differences=["outcomes"],
        justification=bilingual("نواتج مختلفة", "Different outcomes."),
    )
    request = services.recognition_request_appeal(request=request, reasons="The outcomes match.", actor=world.learner)
    with pytest.raises(TransitionRefused) as same:
        services.recognition_request_decide_appeal(request=request, upheld=False, reasons="No.", actor=both)
    assert same.value.code == "guard"
    request = services.recognition_request_decide_appeal(
        request=request,
        upheld=True,
        reasons="The outcomes do match Data basics.",
        outcome="full",
        recognised_as=world.mcs["a"].micro_credential,
        actor=world.people["approver"],
    )
    assert request.state == RequestState.APPEAL_DECIDED
    assert request.outcome == "full"
    assert request.first_decision["outcome"] == "refused"
    with pytest.raises((TransitionRefused, ValidationError)):
        services.recognition_request_appeal(request=request, reasons="Again", actor=world.learner)


def test_decisions_enter_the_record_and_the_engine_honours_them(world: World, published: PathwayVersion) -> None:
    issue(world.mcs["b"], world.learner)
    issue(world.mcs["c"], world.learner)
    before = records.evaluate_learner(version=published, learner=world.learner, with_plan=False)
    assert not before.evaluation.satisfied
    request = _request(world, published)
    officer = world.people["recognition"]
    request = services.recognition_request_take(request=request, actor=officer)
    services.recognition_request_decide(
        request=request, outcome="full", actor=officer, recognised_as=world.mcs["a"].micro_credential
    )
    after = records.evaluate_learner(version=published, learner=world.learner, with_plan=False)
    assert after.evaluation.satisfied
    # The recognised credential is not counted twice: the decision stands in for it.
    assert not any(item.kind == "issued" and item.obj.specification_version == world.mcs["d"] for item in after.record)


def test_record_converts_credit_hours_and_nqf_levels(world: World) -> None:
    from wisam.design.vocab import nqf_to_eqf_table

    version = world.mcs["a"]
    version.ects = None
    version.credit_hours = Decimal("3")
    version.eqf_level = None
    version.nqf_level = 2
    assert records.spec_credits_ects(version) == 4.5
    assert records.spec_eqf_level(version) == nqf_to_eqf_table()[2]
