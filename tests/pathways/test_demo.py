"""The pathways demo: three published pathways of the three types, one recognised by AQAC, learners part way,
one stacked credential that verifies, recognition requests in every state, one of prior learning that counts;
idempotent."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command

from wisam.credentials.verification import credential_verify
from wisam.pathways import demo, records
from wisam.pathways.models import Pathway, PathwayChoice, PathwayRecognition, RecognitionRequest, StackedAward


def test_demo_pathways_progress_award_and_requests(db: Any) -> None:
    call_command("demo")
    pathways = Pathway.objects.filter(code__in=demo.CODES)
    assert sorted(pathways.values_list("kind", flat=True)) == ["elective", "open", "rigid"]
    assert len({p.organisation_id for p in pathways}) == 3
    assert all(p.published_version is not None for p in pathways)
    assert PathwayRecognition.objects.count() == 1
    award = StackedAward.objects.get()
    assert credential_verify(award.credential.document).verified
    partway = 0
    for choice in PathwayChoice.objects.select_related("pathway"):
        result = records.evaluate_learner(
            version=choice.pathway.published_version, learner=choice.learner, with_plan=False
        )
        partway += not result.evaluation.satisfied and result.evaluation.credits_counted_ects > 0
    assert partway >= 3
    states = {(r.state, r.outcome) for r in RecognitionRequest.objects.all()}
    assert {
        ("submitted", ""),
        ("under_review", ""),
        ("decided", "full"),
        ("decided", "partial"),
        ("decided", "refused"),
        ("appealed", "refused"),
    } <= states
    # Huda's work-based learning, recognised in part, counts in her progress on the diploma (as RPL).
    prior = RecognitionRequest.objects.get(kind="prior_learning")
    assert (prior.state, prior.outcome) == ("decided", "partial")
    assert prior.evidence.count() == 1
    result = records.evaluate_learner(version=prior.pathway_version, learner=prior.learner, with_plan=False)
    item = result.item(f"rec:{prior.pk}")
    assert item is not None
    assert item.earned.source == "rpl"
    assert result.evaluation.assignments[item.earned.id]
    assert not result.evaluation.satisfied
    count = RecognitionRequest.objects.count()
    call_command("demo")
    assert RecognitionRequest.objects.count() == count
    assert StackedAward.objects.count() == 1
