"""The feedback-loop demo (quality.demo.load_late): enrolments, survey answers on both sides of the anonymity
threshold, employer ratings and one completed annual review with a public change log; loading twice adds nothing."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.utils import timezone

from wisam.core.demo import demo_load
from wisam.core.events import events_verify_chain
from wisam.credentials.models import IssuedCredential
from wisam.quality import demo
from wisam.quality.kpis import kpis_for_micro_credential
from wisam.quality.models import AnnualReview, Enrolment, SurveyReceipt, SurveyResponse
from wisam.quality.selectors import ANONYMITY_THRESHOLD, change_log_for, feedback_summary


def test_feedback_loop_demo(db: Any) -> None:
    context = demo_load()
    year = timezone.localdate().year
    assert context["quality_loop"]["annual_review"]
    # Every issued credential has its enrolment; some enrolments ended withdrawn or failed.
    assert not IssuedCredential.objects.exclude(pk__in=Enrolment.objects.values("credential_id")).exists()
    assert {"withdrawn", "failed", "passed", "enrolled"} <= set(Enrolment.objects.values_list("status", flat=True))
    counts = dict(
        SurveyResponse.objects.filter(audience="learner", year=year)
        .values_list("micro_credential__code")
        .annotate(n=Count("id"))
        .values_list("micro_credential_id", "n")
    )
    assert any(n >= ANONYMITY_THRESHOLD for n in counts.values()), counts
    assert any(0 < n < ANONYMITY_THRESHOLD for n in counts.values()), counts
    assert SurveyResponse.objects.filter(audience="employer").exists()
    review = AnnualReview.objects.get(status="completed")
    assert review.new_version is not None
    assert review.new_version.status == "ready_for_accreditation"
    summary = feedback_summary(micro_credential=review.micro_credential, audience="learner", year=year)
    assert not summary.hidden
    assert kpis_for_micro_credential(micro_credential=review.micro_credential, year=year).learner_satisfaction
    log = change_log_for(micro_credential=review.micro_credential)
    assert log[0].number == review.new_version.number
    assert log[0].changed
    assert log[0].summary["en"]
    before = (Enrolment.objects.count(), SurveyResponse.objects.count(), SurveyReceipt.objects.count())
    demo.load_late({})
    assert (Enrolment.objects.count(), SurveyResponse.objects.count(), SurveyReceipt.objects.count()) == before
    assert AnnualReview.objects.count() == 1
    assert events_verify_chain().ok
