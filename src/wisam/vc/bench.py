"""Single-core sign/verify throughput benchmark for a realistic OB 3.0 credential."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from typing import Any

from . import documents as d
from .did import StaticResolver
from .keys import Ed25519Key
from .proofs import JCS, RDFC, sign, verify
from .statuslist import status_list_entry


def sample_credential(key: Ed25519Key, serial: int = 1) -> dict[str, Any]:
    """A realistic micro-credential: hashed recipient, alignments, credits, status, Arabic text."""
    issuer = d.profile(key.did_key, "جامعة وسام التجريبية", url="https://wisam.example/")
    ach = d.achievement(
        "https://wisam.example/achievements/data-analysis-101",
        "تحليل البيانات - المستوى الأول",
        "A 6-ECTS micro-credential in introductory data analysis.",
        criteria_narrative="Pass the **final assessment** with at least 70%.",
        credits_available=6.0,
        field_of_study="Data science",
        in_language="ar",
        alignments=[
            d.alignment(
                "analyse data",
                "http://data.europa.eu/esco/skill/3f0a7b4e-1a3a-4a5a-9c0b-2e2b0a1c2d3e",
                target_type="ext:ESCOSkill",
                target_framework="ESCO",
            )
        ],
        tags=["data", "statistics"],
    )
    return d.open_badge_credential(
        credential_id=f"urn:uuid:7f3c7c52-1d2e-4b9c-9a51-{serial:012d}",
        issuer=issuer,
        achievement=ach,
        valid_from="2026-01-15T09:00:00Z",
        recipient_identifiers=[d.identity_object("learner@example.org", salt="s4lt")],
        credits_earned=6.0,
        credential_status=status_list_entry("https://wisam.example/status/1", 94567),
    )


def _rate(fn: Any, n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        fn()
    elapsed = time.perf_counter() - start
    return n / elapsed if elapsed > 0 else float("inf")


def run_benchmark(n: int = 50) -> dict[str, Any]:
    """Signs/s and verifies/s per cryptosuite (one process, one core), after one warm-up each."""
    key = Ed25519Key.from_seed(bytes(range(32)))
    resolver = StaticResolver()
    cred = sample_credential(key)
    vm = key.did_key_verification_method
    created = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
    out: dict[str, Any] = {
        "n": n,
        "credential_bytes": len(json.dumps(cred, ensure_ascii=False).encode()),
        "results": {},
    }
    for suite in (RDFC, JCS):
        signed = sign(cred, key, vm, suite, created=created)
        assert verify(signed, resolver).verified, "benchmark credential must verify"
        signs = _rate(lambda s=suite: sign(cred, key, vm, s, created=created), n)
        verifies = _rate(lambda sd=signed: verify(sd, resolver), n)
        out["results"][suite] = {
            "signs_per_s": round(signs, 1),
            "verifies_per_s": round(verifies, 1),
            "sign_ms": round(1000 / signs, 2),
            "verify_ms": round(1000 / verifies, 2),
        }
    # eddsa-jcs-2022 without the JSON-LD undefined-term check (pure JCS + Ed25519 cost).
    signed = sign(cred, key, vm, JCS, created=created)
    signs = _rate(lambda: sign(cred, key, vm, JCS, created=created, check_terms=False), n)
    verifies = _rate(lambda: verify(signed, resolver, check_terms=False), n)
    out["results"]["eddsa-jcs-2022 (check_terms=False)"] = {
        "signs_per_s": round(signs, 1),
        "verifies_per_s": round(verifies, 1),
        "sign_ms": round(1000 / signs, 2),
        "verify_ms": round(1000 / verifies, 2),
    }
    return out


def sample_job() -> dict[str, Any]:
    """The benchmark credential, key and date as JSON, for tests/vc/js/bench.mjs (same input in node)."""
    key = Ed25519Key.from_seed(bytes(range(32)))
    return {
        "credential": sample_credential(key),
        "created": "2026-01-15T09:00:00Z",
        "key": {"publicKeyMultibase": key.public_key_multibase, "secretKeyMultibase": key.secret_key_multibase},
    }


if __name__ == "__main__":  # python -m wisam.vc.bench [n] | --dump-sample PATH
    import sys

    if len(sys.argv) == 3 and sys.argv[1] == "--dump-sample":
        with open(sys.argv[2], "w", encoding="utf-8") as fh:
            json.dump(sample_job(), fh, ensure_ascii=False, indent=2)
    else:
        print(json.dumps(run_benchmark(int(sys.argv[1]) if len(sys.argv) > 1 else 50), indent=2))
