"""The pathway engine benchmark runs end to end on a tiny set (the real figures come from `make bench`)."""

from __future__ import annotations

import io

import pytest


@pytest.mark.django_db
def test_bench_runs_small() -> None:
    from wisam.pathways.bench import build, run

    pathways, records, titles = build(pathways=6, learners=20)
    assert {p.kind for p in pathways} == {"rigid", "elective", "open"}
    used = {rule.type for p in build(pathways=50, learners=1)[0] for rule in p.rules}
    assert used == {
        "required",
        "choose",
        "criteria",
        "min_credits",
        "min_credits_at_level",
        "field",
        "recency",
        "max_external_credits",
        "max_rpl_credits",
        "min_grade",
        "prerequisite",
    }
    assert all(1 <= len(record) <= 20 for record in records)
    assert titles
    out = io.StringIO()
    results = run(stdout=out, pathways=6, learners=20)
    assert results["evaluations"] == 120
    assert results["evaluations_per_s"] > 0
    text = out.getvalue()
    assert "evaluations/s" in text
    assert ("target met" in text) or ("TARGET MISSED" in text)
