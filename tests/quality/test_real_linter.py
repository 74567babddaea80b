"""The workflow with the design app's real linter: an unfinished draft is refused, a finished one goes through."""

from __future__ import annotations

from typing import Any

import pytest

from tests.policy_matrix import Personas
from tests.quality.factories import make_clean_version
from wisam.core.workflow import TransitionRefused
from wisam.quality.services import review_submit


def test_an_unfinished_draft_is_refused_with_the_linters_list(
    personas: Personas, checklists: Any, version: Any
) -> None:
    with pytest.raises(TransitionRefused) as refused:
        review_submit(version=version, actor=personas.people["designer"])
    reasons = " ".join(refused.value.reasons)
    assert "LO_NONE" in reasons or "LO_TOO_FEW" in reasons
    assert "ANNEX_MISSING" in reasons


def test_a_finished_draft_is_submitted_and_prefilled(personas: Personas, checklists: Any) -> None:
    version = make_clean_version(organisation=personas.home, actor=personas.people["designer"])
    review = review_submit(version=version, actor=personas.people["designer"])
    judgements = dict(review.assessments.values_list("item__code", "judgement"))
    assert judgements["ESG-1.2a"] == "partially_met"  # the linter warns that an outcome lacks a context
    assert judgements["ESG-1.2c"] == "met"  # hours, ECTS and credit hours agree
    assert judgements["EU-4"] == "met"  # every outcome assessed, every assessment serves an outcome
    assert judgements["ESG-1.3c"] == ""  # for the QA officer alone
