"""Register search benchmark: seed N register entries (bulk insert) and time a fixed set of searches.

`run(entries=100_000, stdout=...)` seeds entries whose identifiers start with "PS-BENCH-" (earlier bench rows are
deleted first, nothing else is touched) into the current database, then runs each query of `QUERIES` (Arabic and
English, with and without filters, spelling variants included) several times through the same selector the
register page uses (count + first page), and reports the median and 95th percentile in milliseconds.
Target: p95 < 100 ms on SQLite and PostgreSQL (docs/decisions/0009-register-search.md).
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, TextIO

from django.db import connection, transaction

from wisam.accreditation import search
from wisam.accreditation.models import RegisterEntry, RegisterStatus
from wisam.accreditation.register import entry_search_text
from wisam.accreditation.selectors import RegisterQuery, register_search

PREFIX = "PS-BENCH-"
REPEAT = 5

AR_SUBJECTS = [
    "تحليل البيانات",
    "الأمن السيبراني",
    "إدارة المشاريع",
    "التسويق الرقمي",
    "الإسعافات الأولية",
    "الطاقة الشمسية",
    "المحاسبة المالية",
    "الري الذكي",
    "الضيافة الفندقية",
    "تطوير تطبيقات الهاتف",
    "الذكاء الاصطناعي",
    "التعليم الإلكتروني",
    "السياحة والتراث",
    "الرعاية التمريضية",
    "اللغة الإنجليزية المهنية",
    "ريادة الأعمال",
]
EN_SUBJECTS = [
    "Data analysis",
    "Cybersecurity",
    "Project management",
    "Digital marketing",
    "First aid",
    "Solar energy",
    "Financial accounting",
    "Smart irrigation",
    "Hotel hospitality",
    "Mobile app development",
    "Artificial intelligence",
    "E-learning",
    "Tourism and heritage",
    "Nursing care",
    "Professional English",
    "Entrepreneurship",
]
AR_QUALIFIERS = ["أساسيات", "مقدمة في", "تطبيقات", "مهارات", "ممارسات متقدمة في", "إدارة"]
EN_QUALIFIERS = ["Foundations of", "Introduction to", "Applied", "Skills in", "Advanced practice in", "Managing"]
ISCED = ["0613", "0612", "0413", "0414", "0912", "0713", "0411", "0811", "1015", "0612", "0611", "0111", "1015", "0913"]
MODES = ["online", "onsite", "blended"]

QUERIES: list[dict[str, Any]] = [
    {"q": "تحليل البيانات"},
    {"q": "البيانات", "level": "5"},
    {"q": "ادارة المشاريع"},  # without hamza: must find إدارة
    {"q": "الإسعافات الاولية", "mode": "onsite"},
    {"q": "السياحه"},  # ha for ta marbuta
    {"q": "الطاقة", "field": "07"},
    {"q": "مهارات", "credits_min": "3", "credits_max": "6"},
    {"q": "data analysis"},
    {"q": "cyber", "language": "en"},
    {"q": "project management", "institution": "bench-3"},
    {"q": "nursing", "level": "4", "mode": "blended"},
    {"q": "applied", "field": "06", "language": "ar"},
    {"q": "", "field": "04", "level": "6"},
    {"q": "", "institution": "bench-1", "credits_min": "2"},
    {"q": "entrepreneurship", "stackable_towards": "diploma"},
    {"q": "الذكاء الاصطناعي", "status": "all"},
]


def _organisations() -> list[Any]:
    from wisam.institutions.models import Organisation

    found = []
    for n in range(10):
        organisation, _created = Organisation.objects.get_or_create(
            slug=f"bench-{n}",
            defaults={
                "kind": "university_traditional",
                "name": {"ar": f"جامعة الاختبار رقم {n}", "en": f"Benchmark University {n}"},
            },
        )
        found.append(organisation)
    return found


def seed(entries: int, *, stdout: TextIO) -> float:
    """Delete earlier bench rows and bulk-insert `entries` new ones; returns the seconds taken."""
    started = time.perf_counter()
    rng = random.Random(20260601)
    organisations = _organisations()
    stale = RegisterEntry.objects.filter(identifier__startswith=PREFIX)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {search.FTS_TABLE} WHERE rowid IN "  # noqa: S608
                "(SELECT id FROM accreditation_registerentry WHERE identifier LIKE %s)",
                [PREFIX + "%"],
            )
    stale._raw_delete(stale.db)
    today = date.today()
    batch: list[RegisterEntry] = []
    for i in range(entries):
        subject = rng.randrange(len(AR_SUBJECTS))
        qualifier = rng.randrange(len(AR_QUALIFIERS))
        organisation = organisations[i % len(organisations)]
        eqf = rng.randint(3, 7)
        ects = Decimal(rng.choice(["1", "2", "2.5", "3", "4", "5", "6", "7.5", "10"]))
        languages = rng.choice([["ar"], ["ar", "en"], ["en"]])
        towards = {"ar": "دبلوم مهني متخصص", "en": "Specialised professional diploma"} if rng.random() < 0.3 else {}
        fields = {
            "title": {
                "ar": f"{AR_QUALIFIERS[qualifier]} {AR_SUBJECTS[subject]}",
                "en": f"{EN_QUALIFIERS[qualifier]} {EN_SUBJECTS[subject].lower()}",
            },
            "institution_name": dict(organisation.name),
            "institution_slug": organisation.slug,
            "isced_code": ISCED[subject % len(ISCED)],
            "stackable_towards": towards,
        }
        valid_from = today - timedelta(days=rng.randint(0, 1500))
        batch.append(
            RegisterEntry(
                identifier=f"{PREFIX}{i:07d}",
                organisation=organisation,
                nqf_level=max(1, eqf - 3),
                eqf_level=eqf,
                ects=ects,
                credit_hours=(ects * Decimal("0.6")).quantize(Decimal("0.1")),
                notional_hours=int(ects * 25),
                mode=rng.choice(MODES),
                languages=languages,
                languages_key="," + ",".join(languages) + ",",
                stackability="integrated" if towards else "standalone",
                stackable_towards_key=search.normalise(" ".join(towards.values())),
                status=rng.choice([RegisterStatus.ACTIVE] * 8 + [RegisterStatus.EXPIRED, RegisterStatus.SUSPENDED]),
                first_registered=valid_from,
                valid_from=valid_from,
                valid_until=valid_from + timedelta(days=365 * 3),
                search_text=entry_search_text(fields),
                title=fields["title"],
                institution_name=fields["institution_name"],
                institution_slug=fields["institution_slug"],
                isced_code=fields["isced_code"],
                stackable_towards=towards,
            )
        )
        if len(batch) == 5000:
            _insert(batch)
            batch = []
    if batch:
        _insert(batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # VACUUM sets the visibility map, so counts can use index-only scans; not possible inside a transaction.
            statement = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            cursor.execute(f"{statement} accreditation_registerentry")
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            cursor.execute(f"INSERT INTO {search.FTS_TABLE}({search.FTS_TABLE}) VALUES ('optimize')")  # noqa: S608
    seconds = time.perf_counter() - started
    stdout.write(f"seeded {entries} register entries in {seconds:.1f} s on {connection.vendor}\n")
    return seconds


def _insert(batch: list[RegisterEntry]) -> None:
    with transaction.atomic():
        created = RegisterEntry.objects.bulk_create(batch)
        if connection.vendor == "sqlite":
            ids = dict(
                RegisterEntry.objects.filter(identifier__in=[e.identifier for e in created]).values_list(
                    "identifier", "id"
                )
            )
            search.index_entries((ids[e.identifier], e.search_text) for e in created)


def _time(params: dict[str, Any]) -> float:
    started = time.perf_counter()
    page = register_search(RegisterQuery.from_params(params))
    list(page.object_list)
    _count = page.paginator.count
    return (time.perf_counter() - started) * 1000


def measure(*, stdout: TextIO, repeat: int = REPEAT) -> dict[str, Any]:
    for params in QUERIES:  # warm caches once
        _time(params)
    timings: list[float] = []
    per_query = []
    for params in QUERIES:
        runs = [_time(params) for _ in range(repeat)]
        timings.extend(runs)
        hits = register_search(RegisterQuery.from_params(params)).paginator.count
        per_query.append({"query": params, "median_ms": round(statistics.median(runs), 2), "hits": hits})
        stdout.write(f"  {statistics.median(runs):7.2f} ms  {hits:6d} hits  {params}\n")
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]
    return {
        "database": connection.vendor,
        "queries": len(QUERIES),
        "samples": len(timings),
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(p95, 2),
        "max_ms": round(timings[-1], 2),
        "per_query": per_query,
    }


def run(*, entries: int = 100_000, stdout: TextIO = sys.stdout) -> dict[str, Any]:
    """Seed `entries` register entries and report search latency (median and p95, milliseconds)."""
    seed_seconds = seed(entries, stdout=stdout)
    result = measure(stdout=stdout)
    result.update({"entries": entries, "seed_seconds": round(seed_seconds, 1), "target_p95_ms": 100})
    verdict = "OK" if result["p95_ms"] < 100 else "OVER TARGET"
    stdout.write(
        f"register search on {result['database']}, {entries} entries: median {result['median_ms']} ms, "
        f"p95 {result['p95_ms']} ms (target < 100 ms: {verdict})\n"
    )
    return result
