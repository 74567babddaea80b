"""Credentials benchmark: issue and verify rates for a realistic credential on one core, a whole cohort end to end,
and the same sign/verify in the digitalbazaar JavaScript stack (tests/vc/js/bench.mjs) as a ratio.

`run(stdout=..., n=..., cohort=10_000)` seeds its own institution ("bench-credentials"), an accredited
specification and a cohort file in the current database (run it against a scratch database, as `make bench` does).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from django.db import transaction
from django.utils import timezone

SLUG = "bench-credentials"
JS_DIR = Path(__file__).resolve().parents[3] / "tests" / "vc" / "js"


def _setup() -> tuple[Any, Any]:
    from wisam.accreditation.models import Accreditation, RegisterEntry
    from wisam.design.models import VersionStatus
    from wisam.design.services import (
        micro_credential_create,
        specification_version_load,
        specification_version_set_status,
    )
    from wisam.institutions.models import Organisation
    from wisam.institutions.services import organisation_create

    organisation = Organisation.objects.filter(slug=SLUG).first() or organisation_create(
        slug=SLUG, kind="university_traditional", name={"ar": "جامعة القياس", "en": "Benchmark University"}
    )
    version = Accreditation.objects.filter(organisation=organisation).select_related("specification_version").first()
    if version is not None and version.specification_version is not None:
        return organisation, version.specification_version
    spec = _sample_specification()
    created = micro_credential_create(organisation=organisation, code="BENCH-1", title=spec["title"], actor=None)
    created = specification_version_load(version=created, data=spec, actor=None)
    created = specification_version_set_status(version=created, status=VersionStatus.APPROVED, actor=None)
    with transaction.atomic():
        entry = RegisterEntry.objects.create(
            identifier="PS-CRBENCH-00001",
            organisation=organisation,
            micro_credential=created.micro_credential,
            specification_version=created,
            title=created.title,
            institution_name=organisation.name,
            institution_slug=SLUG,
            first_registered=date(2020, 1, 1),
            valid_from=date(2020, 1, 1),
            valid_until=date(2099, 12, 31),
        )
        Accreditation.objects.create(
            organisation=organisation,
            specification_version=created,
            entry=entry,
            valid_from=date(2020, 1, 1),
            valid_until=date(2099, 12, 31),
        )
    return organisation, created


# Real ESCO skills from the shipped subset (data analysis, statistics, databases, Python).
_REAL_SKILLS = (
    "2b92a5b2-6758-4ee3-9fb4-b6387a55cc8f",
    "382c11ed-20d5-4ae7-b60e-15fec527fa6c",
    "4463a721-69f3-413d-8321-43e3af13a4f1",
    "ccd0a1d9-afda-43d9-b901-96344886e14d",
)


def _sample_specification() -> dict[str, Any]:
    skill = "http://data.europa.eu/esco/skill/"
    outcomes = [
        {
            "key": f"o{i}",
            "text": {
                "ar": f"أن يحلّل المتعلم بيانات المبيعات باستخدام الأداة {i} ويفسّر النتائج.",
                "en": f"Analyse sales data with tool {i} and interpret the findings for managers.",
            },
            "skills": [f"{skill}{uuid}"],
        }
        for i, uuid in enumerate(_REAL_SKILLS, start=1)
    ]
    return {
        "title": {"ar": "تحليل البيانات باستخدام بايثون", "en": "Data analysis with Python"},
        "awarding_body": {"ar": "جامعة القياس", "en": "Benchmark University"},
        "awarding_country": "PS",
        "need": {"ar": "حاجة سوق العمل.", "en": "The ICT sector needs data analysts."},
        "eqf_level": 6,
        "nqf_level": 2,
        "isced_code": "0613",
        "notional_hours": 80,
        "ects": "3",
        "participation_mode": "blended",
        "languages": ["ar", "en"],
        "assessment_type": {"ar": "مشروع تطبيقي واختبار عملي.", "en": "Applied project and practical test."},
        "grading_scheme": "percentage",
        "grading_description": {"ar": "النجاح 60%.", "en": "Pass mark 60%."},
        "supervision": "supervised_with_id",
        "qa_type": {"ar": "نظام الجودة الداخلي.", "en": "The university's internal QA system."},
        "stackability": "integrated",
        "stackable_towards": {"ar": "دبلوم علم البيانات.", "en": "Data science diploma."},
        "prerequisites": {"ar": "أساسيات البرمجة.", "en": "Basic programming."},
        "further_information": {"ar": "www.bench.example", "en": "www.bench.example"},
        "outcomes": outcomes,
        "assessments": [
            {
                "title": {"ar": "مشروع", "en": "Project"},
                "method": "project",
                "weighting": 100,
                "outcomes": ["o1", "o2", "o3", "o4"],
            }
        ],
    }


def _rate(fn: Any, n: int) -> float:
    fn()
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return n / (time.perf_counter() - start)


def _js(sample: dict[str, Any], n: int) -> dict[str, Any] | None:
    node = shutil.which("node")
    if node is None or not (JS_DIR / "node_modules").is_dir():
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as handle:
        json.dump(sample, handle, ensure_ascii=False)
    try:
        done = subprocess.run(  # noqa: S603 - node and our own script, no user input
            [node, str(JS_DIR / "bench.mjs"), handle.name, str(n)],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    finally:
        Path(handle.name).unlink(missing_ok=True)
    if done.returncode != 0:
        return {"error": done.stderr[-500:]}
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def run(*, stdout: TextIO | Any = sys.stdout, n: int = 50, cohort: int = 10_000) -> dict[str, Any]:
    from django.test.utils import override_settings

    # The claim e-mails are composed and handed to a mailer that drops them (a real SMTP server is not timed).
    dummy = "django.core.mail.backends.dummy.EmailBackend"
    with override_settings(MAILERS={"default": {"BACKEND": dummy}}, EMAIL_BACKEND=dummy):
        return _run(stdout=stdout, n=n, cohort=cohort)


def _run(*, stdout: TextIO | Any, n: int, cohort: int) -> dict[str, Any]:
    from wisam.credentials.compose import Learner, compose_credential
    from wisam.credentials.keys import organisation_did
    from wisam.credentials.services import achievement_for, batch_create, batch_run, credential_issue
    from wisam.credentials.verification import credential_verify
    from wisam.vc import Ed25519Key, StaticResolver, sign, verify

    organisation, version = _setup()
    now = timezone.now().replace(microsecond=0)
    achievement, fact = achievement_for(organisation=organisation, version=version, when=now)
    learner = Learner(email="bench@example.test", name={"ar": "متعلم القياس", "en": "Bench Learner"}, grade="88")
    key = Ed25519Key.from_seed(bytes(range(32)))
    unsigned = compose_credential(
        credential_id="urn:uuid:00000000-0000-4000-8000-000000000001",
        version=version,
        organisation=organisation,
        issuer_did=key.did_key,
        learner=learner,
        salt="0011223344556677",
        issued_at=now,
        valid_until=None,
        accreditation=fact,
        status_entries=[],
        achievement=achievement,
    )
    vm = key.did_key_verification_method
    signed = sign(unsigned, key, vm, created=now)
    results: dict[str, Any] = {"credential_bytes": len(json.dumps(signed, ensure_ascii=False).encode())}
    results["sign_per_s"] = round(_rate(lambda: sign(unsigned, key, vm, created=now), n), 1)
    resolver = StaticResolver()  # did:key, computed locally
    assert verify(signed, resolver).verified
    results["verify_proof_per_s"] = round(_rate(lambda: verify(signed, resolver), n), 1)
    # Full Wisam issuance (accreditation check, status index, compose, schema, sign, store, events) and verification
    # (format, schema, signature, trust list, accreditation, both status lists, dates).
    counter = {"i": 0}

    def issue_one() -> None:
        counter["i"] += 1
        credential_issue(
            organisation=organisation,
            version=version,
            achievement=achievement,
            accreditation=fact,
            learner=Learner(
                email=f"rate{counter['i']}-{time.time_ns()}@example.test", name={"ar": "متعلم", "en": "Learner"}
            ),
            notify=False,
        )

    results["issue_per_s"] = round(_rate(issue_one, n), 1)
    from wisam.credentials.models import IssuedCredential

    stored = IssuedCredential.objects.filter(organisation=organisation).first()
    assert stored is not None
    assert credential_verify(stored.document).verified
    results["verify_full_per_s"] = round(_rate(lambda: credential_verify(stored.document), n), 1)
    results["issuer_did"] = organisation_did(organisation)
    if cohort:
        stamp = time.time_ns()
        rows = [
            {
                "_row": i + 2,
                "email": f"c{stamp}-{i}@example.test",
                "name_ar": f"متعلم {i}",
                "name_en": f"Learner {i}",
                "grade": str(60 + i % 40),
            }
            for i in range(cohort)
        ]
        started = time.perf_counter()
        batch = batch_create(
            organisation=organisation, version=version, rows=rows, filename="bench.csv", file_sha256="bench", actor=None
        )
        batch = batch_run(batch_id=batch.pk)
        seconds = time.perf_counter() - started
        results["cohort"] = {
            "learners": cohort,
            "issued": batch.issued,
            "seconds": round(seconds, 1),
            "per_s": round(batch.issued / seconds, 1),
        }
    js = _js(
        {
            "credential": unsigned,
            "created": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "key": {"publicKeyMultibase": key.public_key_multibase, "secretKeyMultibase": key.secret_key_multibase},
        },
        n,
    )
    if js and "eddsa-rdfc-2022" in js:
        node = js["eddsa-rdfc-2022"]
        results["js"] = node
        results["python_to_js_sign_ratio"] = round(results["sign_per_s"] / node["signs_per_s"], 2)
        results["python_to_js_verify_ratio"] = round(results["verify_proof_per_s"] / node["verifies_per_s"], 2)
    else:
        results["js"] = js or "node or tests/vc/js/node_modules not available"
    for name, value in results.items():
        stdout.write(f"  {name}: {value}\n")
    return results
