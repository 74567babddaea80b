"""The benchmark runs end to end on a small cohort (the real figures come from `make bench`)."""

from __future__ import annotations

import io

import pytest


@pytest.mark.django_db
def test_bench_runs_small() -> None:
    from wisam.credentials.bench import run

    out = io.StringIO()
    results = run(stdout=out, n=2, cohort=5)
    assert results["sign_per_s"] > 0
    assert results["issue_per_s"] > 0
    assert results["cohort"]["issued"] == 5
    assert "verify_full_per_s" in out.getvalue()
