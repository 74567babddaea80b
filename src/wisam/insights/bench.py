"""Dashboards benchmark: seed 5,000 micro-credentials and 200,000 issued credentials, then time every dashboard page.

`run(stdout=..., micro_credentials=5_000, credentials=200_000, n=5)` seeds (bulk inserts, dummy credential
documents) institutions whose slugs start with "bench-insights-", their register entries, outcomes with ESCO skills,
applications, linter findings, learners with profiles, enrolments and employers' skill needs into the current
database (run it against a scratch database, as `make bench` does; a second run reuses the seeded rows). It then
asks every dashboard page — national and one institution's, with and without filters — and the yearly report `n`
times through Django's test client and prints the median and 95th percentile in milliseconds. Target: every page
under one second.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, TextIO

from django.db import connection, transaction
from django.utils import timezone

PREFIX = "bench-insights-"
INSTITUTIONS = 24
EMPLOYERS = 6
LEARNERS = 5_000
BATCH = 5_000
KINDS = ("university_traditional", "university_college", "community_college", "university_technical")
REGIONS = ("ramallah", "nablus", "hebron", "gaza", "jenin", "bethlehem", "tulkarm", "khan_yunis")
ISCED = ("0613", "0612", "0413", "0414", "0912", "0713", "0411", "0811", "1015", "0611", "0111", "0913", "0231")
MODES = ("online", "onsite", "blended")
STATES = ("draft", "screening", "panel", "evaluation", "decision", "returned")
TARGET_MS = 1000


def _organisations() -> tuple[list[Any], list[Any]]:
    from wisam.institutions.models import Organisation

    institutions: list[Any] = []
    employers: list[Any] = []
    for index in range(INSTITUTIONS + EMPLOYERS):
        is_employer = index >= INSTITUTIONS
        slug = f"{PREFIX}{'employer' if is_employer else 'inst'}-{index:02d}"
        organisation, _created = Organisation.objects.get_or_create(
            slug=slug,
            defaults={
                "kind": "employer" if is_employer else KINDS[index % len(KINDS)],
                "name": {"ar": f"مؤسسة القياس {index}", "en": f"Benchmark organisation {index}"},
                "region": REGIONS[index % len(REGIONS)],
                "sector": "ict" if is_employer else "",
            },
        )
        (employers if is_employer else institutions).append(organisation)
    return institutions, employers


def _seed(*, micro_credentials: int, credentials: int, stdout: TextIO | Any) -> None:
    from django.contrib.auth.hashers import make_password

    from wisam.accreditation.models import Application, RegisterEntry
    from wisam.credentials.models import IssuedCredential, IssuerKey
    from wisam.design.models import LearningOutcome, MicroCredential, SpecificationVersion
    from wisam.frameworks.models import EscoSkill
    from wisam.insights.models import LintFinding, SkillNeed
    from wisam.insights.services import taught_skills_refresh
    from wisam.institutions.models import LearnerProfile, User

    rng = random.Random(2026)
    institutions, employers = _organisations()
    skills = list(EscoSkill.objects.order_by("uri").values_list("uri", flat=True)[:200])
    started = time.perf_counter()
    mcs = MicroCredential.objects.bulk_create(
        [
            MicroCredential(organisation=institutions[i % len(institutions)], code=f"BI-{i:05d}")
            for i in range(micro_credentials)
        ],
        batch_size=BATCH,
    )
    versions = SpecificationVersion.objects.bulk_create(
        [
            SpecificationVersion(
                micro_credential=mc,
                number=1,
                status="ready_for_accreditation",
                title={"ar": f"شهادة القياس {i}", "en": f"Benchmark credential {i}"},
                isced_code=ISCED[i % len(ISCED)],
                eqf_level=4 + i % 4,
                ects=Decimal(str(1 + i % 12)),
                participation_mode=MODES[i % 3],
                languages=["ar", "en"] if i % 2 else ["ar"],
            )
            for i, mc in enumerate(mcs)
        ],
        batch_size=BATCH,
    )
    LearningOutcome.objects.bulk_create(
        [
            LearningOutcome(
                version=v, order=k, text={"ar": "نتيجة", "en": "Outcome"}, skills=[rng.choice(skills)] if skills else []
            )
            for v in versions
            for k in range(2)
        ],
        batch_size=BATCH,
    )
    today = timezone.localdate()
    RegisterEntry.objects.bulk_create(
        [
            RegisterEntry(
                identifier=f"PS-BI-{i:06d}",
                organisation_id=v.micro_credential.organisation_id,
                micro_credential=v.micro_credential,
                specification_version=v,
                title=v.title,
                institution_name={"ar": "مؤسسة", "en": "Institution"},
                institution_slug=PREFIX,
                isced_code=v.isced_code,
                eqf_level=v.eqf_level,
                ects=v.ects,
                mode=v.participation_mode,
                languages=v.languages,
                languages_key="," + ",".join(v.languages) + ",",
                first_registered=date(2023, 1, 1),
                valid_from=date(2023, 1, 1),
                valid_until=today + timedelta(days=30 + i % 1500),
                status="expiring" if i % 50 == 0 else "active",
            )
            for i, v in enumerate(versions)
            if i % 10 != 0  # nine in ten are accredited
        ],
        batch_size=BATCH,
    )
    taught_skills_refresh()
    Application.objects.bulk_create(
        [
            Application(
                reference=f"BI-APP-{i:05d}",
                organisation_id=v.micro_credential.organisation_id,
                specification_version=v,
                workflow_name=Application.WORKFLOW.name,
                workflow_version=Application.WORKFLOW.version,
                state=STATES[i % len(STATES)] if i % 3 else "published",
                is_active=bool(i % 3),
                decision="" if i % 3 else "accredit",
                decided_at=None if i % 3 else timezone.now() - timedelta(days=i % 700),
            )
            for i, v in enumerate(versions[: micro_credentials // 3])
        ],
        batch_size=BATCH,
    )
    now = timezone.now()
    LintFinding.objects.bulk_create(
        [
            LintFinding(
                version=v,
                organisation_id=v.micro_credential.organisation_id,
                code=("LO_NO_SKILL", "KPI_NONE", "ASSESS_NONE", "LO_VERB_VAGUE")[(i + k) % 4],
                severity=("warning", "warning", "blocking", "info")[(i + k) % 4],
                computed_at=now,
            )
            for i, v in enumerate(versions)
            for k in range(3)
        ],
        batch_size=BATCH,
    )
    unusable = make_password(None)
    users = User.objects.bulk_create(
        [
            User(
                email=f"{PREFIX}learner{i}@example.test", full_name={"ar": "متعلم", "en": "Learner"}, password=unusable
            )
            for i in range(LEARNERS)
        ],
        batch_size=BATCH,
    )
    LearnerProfile.objects.bulk_create(
        [
            LearnerProfile(user=u, gender=("female", "male", "")[i % 3], birth_year=1970 + i % 35)
            for i, u in enumerate(users)
        ],
        batch_size=BATCH,
    )
    keys = {
        o.pk: IssuerKey.objects.create(
            organisation=o,
            key_id="key-1",
            public_key_multibase=f"z{o.slug}",
            secret_encrypted="bench",  # noqa: S106 - never signs
        )
        for o in institutions
    }
    counters = dict.fromkeys(keys, 0)
    start = timezone.make_aware(datetime(2023, 1, 1))
    span = (timezone.now() - start).total_seconds()
    batch: list[Any] = []
    for i in range(credentials):
        version = versions[rng.randrange(len(versions))]
        organisation_id = version.micro_credential.organisation_id
        counters[organisation_id] += 1
        batch.append(
            IssuedCredential(
                organisation_id=organisation_id,
                specification_version=version,
                learner=users[i % len(users)] if i % 4 else None,
                learner_name={"ar": "متعلم", "en": "Learner"},
                learner_email=f"l{i}@example.test",
                identity_hash="bench",
                issued_at=start + timedelta(seconds=rng.random() * span),
                document='{"bench": true}',
                key=keys[organisation_id],
                status_index=counters[organisation_id],
                idempotency_key=uuid.uuid4().hex,
            )
        )
        if len(batch) == BATCH:
            IssuedCredential.objects.bulk_create(batch)
            batch = []
    IssuedCredential.objects.bulk_create(batch)
    _enrolments(versions, users, rng)
    needs = SkillNeed.objects.bulk_create(
        [
            SkillNeed(
                organisation=employers[i % len(employers)],
                sector=("ict", "business", "health", "engineering", "tourism", "education")[i % 6],
                region=REGIONS[i % len(REGIONS)],
                people=1 + i % 40,
                horizon=("0_12", "12_36", "36_plus")[i % 3],
            )
            for i in range(400)
        ]
    )
    through = SkillNeed.skills.through
    esco = dict(EscoSkill.objects.filter(uri__in=skills).values_list("uri", "pk"))
    through.objects.bulk_create(
        [
            through(skillneed_id=n.pk, escoskill_id=esco[skills[(i * 7 + k) % len(skills)]])
            for i, n in enumerate(needs)
            for k in range(3)
        ],
        ignore_conflicts=True,
    )
    stdout.write(f"  seeded in {time.perf_counter() - started:.1f} s\n")


def _enrolments(versions: list[Any], users: list[Any], rng: random.Random) -> None:
    from django.apps import apps

    try:
        enrolment = apps.get_model("quality", "Enrolment")
    except LookupError:
        return
    enrolment.objects.bulk_create(
        [
            enrolment(
                organisation_id=v.micro_credential.organisation_id,
                micro_credential_id=v.micro_credential_id,
                specification_version=v,
                learner=users[i % len(users)],
                learner_email=f"e{i}@example.test",
                status=("passed", "passed", "failed", "withdrawn", "enrolled")[i % 5],
                enrolled_on=date(2024, 1, 1) + timedelta(days=i % 600),
            )
            for i, v in enumerate(rng.choices(versions, k=50_000))
        ],
        batch_size=BATCH,
    )


def _timed(client: Any, url: str, n: int) -> tuple[float, float]:
    response = client.get(url)  # warm-up (and a check that the page answers)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    times = []
    for _ in range(n):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95


def _viewers(institution: Any) -> tuple[Any, Any]:
    from django.contrib.auth.hashers import make_password

    from wisam.institutions.models import Membership, Organisation, User

    ministry, _created = Organisation.objects.get_or_create(
        slug=f"{PREFIX}ministry", defaults={"kind": "ministry", "name": {"ar": "وزارة", "en": "Ministry"}}
    )
    analyst, _created = User.objects.get_or_create(
        email=f"{PREFIX}analyst@example.test", defaults={"password": make_password(None)}
    )
    Membership.objects.get_or_create(user=analyst, organisation=ministry, role="ministry_analyst")
    approver, _created = User.objects.get_or_create(
        email=f"{PREFIX}approver@example.test", defaults={"password": make_password(None)}
    )
    Membership.objects.get_or_create(user=approver, organisation=institution, role="institutional_approver")
    return analyst, approver


def run(
    *, stdout: TextIO | Any = sys.stdout, micro_credentials: int = 5_000, credentials: int = 200_000, n: int = 5
) -> dict[str, Any]:
    from django.test import Client
    from django.test.utils import override_settings

    from wisam.credentials.models import IssuedCredential
    from wisam.frameworks.models import EscoSkill
    from wisam.insights.selectors import DASHBOARDS
    from wisam.institutions.models import Organisation

    if not EscoSkill.objects.exists():
        from wisam.frameworks.services import frameworks_load

        frameworks_load()
    if not Organisation.objects.filter(slug=f"{PREFIX}inst-00").exists():
        with transaction.atomic():
            _seed(micro_credentials=micro_credentials, credentials=credentials, stdout=stdout)
    # Fresh bulk inserts leave the planner without statistics (PostgreSQL's autovacuum would gather them later;
    # SQLite never does by itself): gather them now, as a running database would have them.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    institution = Organisation.objects.get(slug=f"{PREFIX}inst-00")
    analyst, approver = _viewers(institution)
    total = IssuedCredential.objects.count()
    stdout.write(f"  issued credentials in the database: {total}\n")
    filters = "?date_from=2024-01-01&date_to=2025-12-31&field=06&level=5"
    pages: list[tuple[str, Any, str]] = []
    for name in DASHBOARDS:
        pages.append((f"national {name}", analyst, f"/insights/national/{name}/"))
        pages.append((f"national {name} filtered", analyst, f"/insights/national/{name}/{filters}"))
        pages.append((f"institution {name}", approver, f"/insights/institutions/{institution.slug}/{name}/"))
        pages.append(
            (f"institution {name} filtered", approver, f"/insights/institutions/{institution.slug}/{name}/{filters}")
        )
    pages.append(("yearly report", analyst, f"/insights/report/{timezone.localdate().year - 1}/"))
    results: dict[str, Any] = {"issued_credentials": total, "pages": {}}
    slowest = 0.0
    with override_settings(ALLOWED_HOSTS=["*"]):
        clients: dict[int, Any] = {}
        for label, user, url in pages:
            client = clients.get(user.pk)
            if client is None:
                client = clients[user.pk] = Client(headers={"accept-language": "ar"})
                client.force_login(user)
            median, p95 = _timed(client, url, n)
            slowest = max(slowest, p95)
            results["pages"][label] = {"median_ms": round(median), "p95_ms": round(p95)}
            flag = "" if p95 < TARGET_MS else "  ← over one second"
            stdout.write(f"  {label:<40} median {median:7.0f} ms   p95 {p95:7.0f} ms{flag}\n")
    results["slowest_p95_ms"] = round(slowest)
    results["target_met"] = slowest < TARGET_MS
    stdout.write(
        f"  slowest p95: {slowest:.0f} ms (target < {TARGET_MS} ms): {'met' if slowest < TARGET_MS else 'NOT met'}\n"
    )
    return results
