"""Annual review: decision, carrying changes into a new specification version, completion event, public change log."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.policy_matrix import Personas
from tests.quality.feedback_fixtures import issue, learner_answers, released_version
from wisam.core.models import DomainEvent
from wisam.design.services import specification_version_set_status, specification_version_update
from wisam.quality.selectors import change_log_for
from wisam.quality.services import (
    annual_review_carry_changes,
    annual_review_complete,
    annual_review_record_decision,
    annual_review_start,
    survey_answer_learner,
)

pytestmark = pytest.mark.django_db


def test_annual_review_creates_the_next_version_and_completes_with_an_event(personas: Personas) -> None:
    version = released_version(personas.home)
    mc = version.micro_credential
    qa = personas.people["qa"]
    year = timezone.localdate().year
    for n in range(5):
        survey_answer_learner(
            credential=issue(version, f"r{n}@example.test"),
            actor=None,
            answers=learner_answers(3, to_improve="More practice"),
        )
    review = annual_review_start(micro_credential=mc, year=year, actor=qa)
    assert annual_review_start(micro_credential=mc, year=year, actor=qa) == review
    with pytest.raises(ValidationError, match="decision"):
        annual_review_complete(review=review, actor=qa)
    with pytest.raises(ValidationError, match="Revise"):
        annual_review_carry_changes(review=review, change_summary={"en": "More practice"}, actor=qa)
    annual_review_record_decision(review=review, decision="revise", notes="Learners ask for more practice.", actor=qa)
    with pytest.raises(ValidationError, match="carry the changes"):
        annual_review_complete(review=review, actor=qa)
    summary = {"ar": "زيادة التطبيق العملي", "en": "More hands-on practice"}
    new = annual_review_carry_changes(review=review, change_summary=summary, actor=qa)
    assert new.number == version.number + 1
    assert new.status == "draft"
    assert new.created_from_id == version.pk
    assert new.change_log == summary
    review = annual_review_complete(review=review, actor=qa)
    assert review.status == "completed"
    assert review.kpi_snapshot["learner_responses"] == 5
    assert review.kpi_snapshot["learner_satisfaction"] == 3.0
    assert review.feedback_summary["learner"]["hidden"] is False
    event = DomainEvent.objects.filter(action="quality.annual_review.completed").get()
    assert event.payload["new_version"] == new.number
    assert event.payload["decision"] == "revise"
    with pytest.raises(ValidationError, match="completed"):
        annual_review_record_decision(review=review, decision="keep", notes="", actor=qa)


def test_change_log_lists_published_editions_with_summary_and_changed_fields(personas: Personas) -> None:
    version = released_version(personas.home)
    mc = version.micro_credential
    qa = personas.people["qa"]
    review = annual_review_start(micro_credential=mc, year=timezone.localdate().year, actor=qa)
    annual_review_record_decision(review=review, decision="revise", notes="More practice.", actor=qa)
    new = annual_review_carry_changes(review=review, change_summary={"en": "More hands-on practice"}, actor=qa)
    specification_version_update(version=new, actor=None, fields={"notional_hours": 100})
    # A draft is not public: the change log shows only the first edition.
    assert [entry.number for entry in change_log_for(micro_credential=mc)] == [version.number]
    for status in ("in_review", "approved", "ready_for_accreditation"):
        specification_version_set_status(version=new, status=status, actor=None)
    log = change_log_for(micro_credential=mc)
    assert [entry.number for entry in log] == [new.number, version.number]
    assert log[0].summary["en"] == "More hands-on practice"
    assert log[0].review_year == review.year
    assert any("notional" in label.lower() or "hours" in label.lower() for label in log[0].changed)
    assert all("change log" not in label.lower() for label in log[0].changed)
    assert log[1].changed == []
