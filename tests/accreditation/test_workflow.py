"""The AQAC workflow end to end in services: screening, panel, evaluation, decision, conditions, appeal, publication."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.accreditation.conftest import World, pdf
from wisam.accreditation import services
from wisam.accreditation.models import (
    Application,
    CriterionScore,
    Notification,
    RegisterEntry,
    RegisterStatus,
)
from wisam.accreditation.selectors import application_history, evaluators_suggest
from wisam.core.workflow import TransitionRefused
from wisam.institutions.services import membership_grant


def test_full_path_to_the_public_register(world: World, django_capture_on_commit_callbacks: Any) -> None:
    # given an application in front of the commission
    application = world.at_decision()
    # when the commission accredits it for 36 months and the officer publishes it
    services.application_decide(
        application=application,
        decision="accredit",
        rationale="All criteria met.",
        validity_months=36,
        actor=world.people["commission"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        application = services.application_transition(
            application=application, transition="publish", actor=world.people["aqac_officer"]
        )
    # then the register has an entry with a stable identifier and the Annex I elements
    assert application.state == "published"
    entry = RegisterEntry.objects.get()
    assert entry.identifier.startswith(f"PS-MC-{timezone.localdate().year}-")
    assert entry.status == RegisterStatus.ACTIVE
    assert entry.eqf_level == 5
    assert entry.isced_code == "0613"
    assert {e["id"] for e in entry.elements} >= {"title", "learning_outcomes", "workload", "level", "assessment"}
    assert entry.get_absolute_url() == f"/accreditation/register/{entry.identifier}/"
    # and the whole history is in the event log
    actions = list(application_history(application=application).values_list("action", flat=True))
    for step in ("started", "submit", "accept", "start_evaluation", "scored", "submit_report", "accredit", "publish"):
        assert f"accreditation.application.{step}" in actions
    # and people were told: in the inbox and by e-mail
    assert Notification.objects.filter(user=world.people["approver"]).exists()
    assert mail.outbox


def test_guideline_is_pinned_at_submission(world: World) -> None:
    application = world.submitted()
    assert application.guideline == world.guideline
    data = {
        "key": "national-mc",
        "version": 2,
        "title": {"ar": "الإصدار الثاني", "en": "Second version"},
        "standards": [
            {
                "code": "S1",
                "title": {"ar": "معيار", "en": "Standard"},
                "criteria": [{"code": "S1.1", "text": {"ar": "معيار فرعي", "en": "Criterion"}}],
            }
        ],
    }
    v2, created = services.guideline_load(data=data, actor=world.people["aqac_officer"])
    services.guideline_publish(guideline=v2, actor=world.people["aqac_officer"])
    application.refresh_from_db()
    assert created
    assert application.guideline == world.guideline
    assert services.guideline_in_force() == v2
    # a loaded version never changes
    data["title"] = {"ar": "تغيير", "en": "Changed"}
    with pytest.raises(ValidationError):
        services.guideline_load(data=data)


def test_load_guidelines_is_idempotent(world: World) -> None:
    again = services.guidelines_load()
    assert [created for _g, created in again] == [False]


def test_submission_needs_the_documents_and_screening_can_return(world: World) -> None:
    application = world.application()
    with pytest.raises(TransitionRefused) as refused:
        services.application_transition(application=application, transition="submit", actor=world.people["approver"])
    assert refused.value.code == "guard"
    application = world.submitted("DATA-OK-02")
    application = services.application_transition(
        application=application, transition="return", actor=world.people["aqac_officer"], comment="Staff CVs missing"
    )
    assert application.state == "returned"
    services.application_document_add(
        application=application, kind="staff", upload=pdf("cvs.pdf"), actor=world.people["approver"]
    )
    application.refresh_from_db()
    application = services.application_transition(
        application=application, transition="submit", actor=world.people["approver"]
    )
    assert application.state == "screening"


def test_uploads_are_validated(world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    application = world.application()
    with pytest.raises(ValidationError):
        services.application_document_add(
            application=application,
            kind="other",
            upload=SimpleUploadedFile("evil.pdf", b"MZ\x90\x00 not a pdf"),
            actor=world.people["approver"],
        )
    with pytest.raises(ValidationError):
        services.application_document_add(
            application=application,
            kind="other",
            upload=SimpleUploadedFile("script.html", b"<script>"),
            actor=world.people["approver"],
        )


def test_conflict_of_interest_is_refused(world: World, make_person: Any) -> None:
    application = world.submitted()
    services.application_transition(application=application, transition="accept", actor=world.people["aqac_officer"])
    # an evaluator who is also a lecturer at the applicant institution
    membership_grant(user=world.second.user, organisation=world.personas.home, role="mc_designer")
    with pytest.raises(ValidationError) as refused:
        services.panel_assign(application=application, evaluator=world.second, actor=world.people["aqac_officer"])
    assert "applicant institution" in str(refused.value)
    # an evaluator who declared a conflict
    services.conflict_declare(
        evaluator=world.evaluator,
        organisation=world.personas.home,
        reason="Former employer",
        actor=world.evaluator.user,
    )
    with pytest.raises(ValidationError) as refused:
        services.panel_assign(application=application, evaluator=world.evaluator, actor=world.people["aqac_officer"])
    assert "Former employer" in str(refused.value)
    suggestions = evaluators_suggest(application=application)
    assert all(s.conflicts for s in suggestions)


def test_suggestions_rank_by_expertise(world: World) -> None:
    application = world.submitted()
    ranked = evaluators_suggest(application=application)
    assert [s.evaluator for s in ranked[:2]] == [world.evaluator, world.second]


def test_every_criterion_needs_a_justified_score(world: World) -> None:
    application = world.in_evaluation()
    # the linter pre-filled some criteria, but a pre-fill must be confirmed by the evaluator
    assert CriterionScore.objects.filter(application=application, prefilled=True).exists()
    services.report_write(
        application=application, summary="Draft", recommendation="accredit", actor=world.evaluator.user
    )
    application.refresh_from_db()
    with pytest.raises(TransitionRefused) as refused:
        services.application_transition(application=application, transition="submit_report", actor=world.evaluator.user)
    assert refused.value.code == "guard"
    assert "S1.1" in " ".join(refused.value.reasons)
    criterion = world.guideline.standards.first().criteria.first()
    with pytest.raises(ValidationError):
        services.score_record(
            application=application,
            evaluator=world.evaluator,
            criterion=criterion,
            score="met",
            justification=" ",
            actor=world.evaluator.user,
        )


def test_visit_and_consolidated_report(world: World) -> None:
    application = world.in_evaluation()
    services.visit_record(
        application=application,
        kind="virtual",
        on=timezone.localdate(),
        participants="Panel, dean, two learners",
        findings="Labs seen on camera.",
        actor=world.evaluator.user,
    )
    world.score_all(application, "met")
    criterion = world.guideline.standards.first().criteria.first()
    services.score_record(
        application=application,
        evaluator=world.second,
        criterion=criterion,
        score="not_met",
        justification="No evidence.",
        actor=world.second.user,
    )
    report = services.report_write(
        application=application, summary="Sound.", recommendation="accredit_with_conditions", actor=world.evaluator.user
    )
    # a tie between met and not met goes to the more severe score
    assert report.consolidated[criterion.code] == "not_met"


def test_conditions_with_deadlines_then_publication(world: World) -> None:
    application = world.at_decision()
    deadline = timezone.localdate() + timedelta(days=60)
    with pytest.raises(ValidationError):
        services.application_decide(
            application=application,
            decision="accredit_with_conditions",
            rationale="Minor gaps",
            validity_months=24,
            actor=world.people["commission"],
        )
    application = services.application_decide(
        application=application,
        decision="accredit_with_conditions",
        rationale="Minor gaps",
        validity_months=24,
        conditions=[("Publish the appeals procedure for learners.", deadline)],
        actor=world.people["commission"],
    )
    assert application.state == "conditions"
    condition = application.conditions.get()
    assert condition.deadline == deadline
    with pytest.raises(TransitionRefused):
        services.application_transition(
            application=application, transition="conditions_met", actor=world.people["commission"]
        )
    services.condition_respond(condition=condition, response="Published on our site.", actor=world.people["approver"])
    services.condition_judge(condition=condition, fulfilled=True, actor=world.people["commission"])
    application.refresh_from_db()
    application = services.application_transition(
        application=application, transition="conditions_met", actor=world.people["commission"]
    )
    application = services.application_transition(
        application=application, transition="publish", actor=world.people["aqac_officer"]
    )
    assert application.accreditation.with_conditions
    assert application.accreditation.valid_until > timezone.localdate() + timedelta(days=700)


def test_condition_reminders_are_sent_once(world: World) -> None:
    application = world.at_decision()
    services.application_decide(
        application=application,
        decision="accredit_with_conditions",
        rationale="Gaps",
        validity_months=24,
        conditions=[("Fix the rubric.", timezone.localdate() + timedelta(days=5))],
        actor=world.people["commission"],
    )
    first = services.reminders_run()
    second = services.reminders_run()
    assert first.get("condition_due") == 1
    assert not second.get("condition_due")
    overdue = services.reminders_run(today=timezone.localdate() + timedelta(days=6))
    assert overdue.get("condition_overdue") == 1


def test_appeal_only_within_the_period(world: World) -> None:
    application = world.at_decision()
    application = services.application_decide(
        application=application, decision="refuse", rationale="Outcomes not assessed.", actor=world.people["commission"]
    )
    assert application.appeal_deadline == timezone.localdate() + timedelta(days=services.APPEAL_DAYS)
    with pytest.raises(TransitionRefused):
        services.application_transition(application=application, transition="close", actor=world.people["aqac_officer"])
    services.appeal_lodge(
        application=application, grounds="The panel ignored our rubrics.", actor=world.people["approver"]
    )
    application.refresh_from_db()
    assert application.state == "appeal"
    application = services.appeal_decide(
        application=application, upheld=True, reasons="Rubrics were attached.", actor=world.people["commission"]
    )
    assert application.state == "decision"


def test_late_appeal_is_refused(world: World) -> None:
    application = world.at_decision()
    services.application_decide(
        application=application, decision="defer", rationale="Revise outcomes.", actor=world.people["commission"]
    )
    Application.objects.filter(pk=application.pk).update(appeal_deadline=timezone.localdate() - timedelta(days=1))
    application.refresh_from_db()
    with pytest.raises(ValidationError):
        services.appeal_lodge(application=application, grounds="Late", actor=world.people["approver"])
    application = services.application_transition(
        application=application, transition="close", actor=world.people["aqac_officer"]
    )
    assert application.state == "closed"


def test_concurrent_decision_loser_gets_a_clear_message(world: World) -> None:
    application = world.at_decision()
    # two commission members load the same page (same state, same lock version)
    first_view = Application.objects.get(pk=application.pk)
    second_view = Application.objects.get(pk=application.pk)
    services.application_decide(
        application=first_view,
        decision="accredit",
        rationale="Sound.",
        validity_months=36,
        actor=world.people["commission"],
        expected_lock_version=first_view.lock_version,
    )
    with pytest.raises(TransitionRefused) as refused:
        services.application_decide(
            application=second_view,
            decision="refuse",
            rationale="No.",
            actor=world.people["commission"],
            expected_lock_version=second_view.lock_version,
        )
    assert refused.value.code == "stale"
    assert "reload the page" in refused.value.message
    application.refresh_from_db()
    assert application.decision == "accredit"
    assert application_history(application=application).filter(action="accreditation.application.accredit").count() == 1


def test_withdrawal_by_the_institution(world: World) -> None:
    application = world.submitted()
    application = services.application_transition(
        application=application, transition="withdraw", actor=world.people["approver"], comment="We will revise it."
    )
    assert application.state == "withdrawn"
    assert not application.is_active
