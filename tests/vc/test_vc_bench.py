"""Smoke test for the benchmark entry point (the lead wires it into `make bench`)."""

from __future__ import annotations

import json

from wisam.vc import verify
from wisam.vc.bench import run_benchmark, sample_job


def test_run_benchmark_small() -> None:
    out = run_benchmark(2)
    assert out["n"] == 2
    for suite in ("eddsa-rdfc-2022", "eddsa-jcs-2022"):
        assert out["results"][suite]["signs_per_s"] > 0
        assert out["results"][suite]["verifies_per_s"] > 0
    json.dumps(out)


def test_sample_job_is_json() -> None:
    job = sample_job()
    assert json.loads(json.dumps(job)) == job
    assert not verify(job["credential"], lambda _: None).verified  # unsigned: proof_missing
