"""Pathway engine benchmark: 50 pathways x 10,000 learners with 1-20 credentials each, every learner against every
pathway (500,000 evaluations, full explanations included), on one core, without the database.

`run(stdout=..., pathways=50, learners=10_000)` builds a seeded synthetic catalogue (8 institutions, 200
micro-credentials), pathways of the three kinds using every rule type, and learners whose records lean towards a
pathway or two (so that many evaluations make partial progress, as on a real pathway page), then prints
evaluations per second and the total time. Target: the whole set in under 10 s, i.e. at least 50,000 evaluations/s.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta
from typing import Any, TextIO

from wisam.pathways.engine import Earned, Pathway, evaluate_many, parse_pathway

TARGET_SECONDS = 10.0
TARGET_EVALUATIONS = 500_000
TODAY = date(2026, 6, 1)
PROVIDERS = [f"inst-{i}" for i in range(8)]
FIELDS = ["0611", "0612", "0613", "0411", "0412", "0413", "0714", "0731", "0915", "1015"]


def _catalogue(rng: random.Random) -> dict[str, dict[str, Any]]:
    catalogue = {}
    for index in range(200):
        key = f"mc:{index}"
        catalogue[key] = {
            "title": {"ar": f"شهادة مصغّرة {index}", "en": f"Micro-credential {index}"},
            "provider": PROVIDERS[index % len(PROVIDERS)],
            "credits": rng.choice([2, 3, 4, 5, 5, 6, 7.5, 10]),
            "level": rng.choice([4, 5, 5, 6, 6, 7]),
            "isced": rng.choice(FIELDS),
        }
    return catalogue


def _pathway_data(index: int, rng: random.Random, keys: list[str]) -> dict[str, Any]:
    kind = ("rigid", "elective", "open")[index % 3]
    picked = rng.sample(keys, 12)
    rules: list[dict[str, Any]]
    if kind == "rigid":
        rules = [
            {"id": "core", "type": "required", "items": picked[:4], "in_order": True},
            {"id": "order", "type": "prerequisite", "item": picked[3], "requires": [picked[0]]},
            {"id": "recent", "type": "recency", "years": 6},
            {"id": "grade", "type": "min_grade", "grade": 50},
        ]
    elif kind == "elective":
        groups = [
            {"label": {"ar": f"مجموعة {g}", "en": f"Group {g}"}, "items": picked[2 + g * 2 : 4 + g * 2]}
            for g in range(4)
        ]
        rules = [
            {"id": "core", "type": "required", "items": picked[:2]},
            {"id": "electives", "type": "choose", "k": 2, "groups": groups},
            {"id": "total", "type": "min_credits", "credits": 20, "unit": "CH"},
            {"id": "advanced", "type": "min_credits_at_level", "credits": 5, "eqf_level": 6},
            {"id": "field", "type": "field", "isced": [rng.choice(FIELDS)[:3]], "min_credits": 5},
            {"id": "outside", "type": "max_external_credits", "credits": 10},
            {"id": "rpl", "type": "max_rpl_credits", "credits": 5},
        ]
    else:
        rules = [
            {
                "id": "open",
                "type": "criteria",
                "min_credits": 15,
                "isced": [rng.choice(FIELDS)[:3]],
                "min_eqf_level": 5,
            },
            {"id": "total", "type": "min_credits", "credits": 20},
            {"id": "outside", "type": "max_external_credits", "credits": 10},
            {"id": "recent", "type": "recency", "years": 5},
        ]
    return {"kind": kind, "home_provider": PROVIDERS[index % len(PROVIDERS)], "rules": rules}


def _learner(
    number: int, rng: random.Random, catalogue: dict[str, dict[str, Any]], pathway_keys: list[list[str]]
) -> list[Earned]:
    keys = list(catalogue)
    focus = rng.sample(pathway_keys, 2)
    record = []
    for index in range(rng.randint(1, 20)):
        roll = rng.random()
        source = "wisam"
        key: str | None
        if roll < 0.5:
            key = rng.choice(rng.choice(focus))
        elif roll < 0.9:
            key = rng.choice(keys)
        else:
            key = None
            source = rng.choice(["external", "rpl"])
        info = catalogue[key] if key is not None else None
        record.append(
            Earned(
                id=f"l{number}-{index}",
                key=key,
                title=info["title"] if info else {"ar": "شهادة خارجية", "en": "External credential"},
                provider=info["provider"] if info else "elsewhere",
                credits_ects=info["credits"] if info else rng.choice([2, 3, 5]),
                eqf_level=info["level"] if info else rng.choice([None, 5, 6]),
                isced=info["isced"] if info else rng.choice(FIELDS),
                earned_on=TODAY - timedelta(days=rng.randint(0, 8 * 365)),
                grade=rng.choice([None, None, 45.0, 65.0, 80.0, 92.5]),
                source=source,
            )
        )
    return record


def build(
    *, pathways: int, learners: int, seed: int = 2026
) -> tuple[list[Pathway], list[list[Earned]], dict[str, Any]]:
    """The seeded synthetic pathways, learner records and titles."""
    rng = random.Random(seed)
    catalogue = _catalogue(rng)
    keys = list(catalogue)
    built = [parse_pathway(_pathway_data(i, rng, keys)) for i in range(pathways)]
    pathway_keys = []
    for pathway in built:
        named = sorted({k for rule in pathway.rules for k in getattr(rule, "items", ())})
        named += [k for rule in pathway.rules for g in getattr(rule, "groups", ()) for k in g.items]
        pathway_keys.append(named or keys[:10])
    records = [_learner(n, rng, catalogue, pathway_keys) for n in range(learners)]
    titles = {key: info["title"] for key, info in catalogue.items()}
    return built, records, titles


def run(*, stdout: TextIO = sys.stdout, pathways: int = 50, learners: int = 10_000) -> dict[str, Any]:
    """Evaluate every learner against every pathway and report evaluations per second against the target."""
    built, records, titles = build(pathways=pathways, learners=learners)
    credentials = sum(len(record) for record in records)
    stdout.write(
        f"{len(built)} pathways, {len(records)} learners, {credentials} credentials "
        f"({credentials / max(1, len(records)):.1f} per learner)\n"
    )
    satisfied = 0
    started, cpu_started = time.perf_counter(), time.process_time()
    for record in records:
        for evaluation in evaluate_many(built, record, today=TODAY, titles=titles):
            satisfied += evaluation.satisfied
    wall = time.perf_counter() - started
    # The engine is single-threaded: CPU time is the time on one core, even when other processes share the machine.
    seconds = time.process_time() - cpu_started
    evaluations = len(built) * len(records)
    rate = evaluations / seconds if seconds else float("inf")
    met = rate * TARGET_SECONDS >= TARGET_EVALUATIONS
    stdout.write(
        f"  {evaluations} evaluations in {seconds:.2f} s of CPU ({wall:.2f} s wall clock): "
        f"{rate:,.0f} evaluations/s ({satisfied} satisfied)\n"
    )
    projected = TARGET_EVALUATIONS / rate if rate else float("inf")
    stdout.write(
        f"  {TARGET_EVALUATIONS} evaluations take {projected:.2f} s at this rate (target < {TARGET_SECONDS:.0f} s): "
        f"{'target met' if met else 'TARGET MISSED'}\n"
    )
    return {
        "pathways": len(built),
        "learners": len(records),
        "credentials": credentials,
        "evaluations": evaluations,
        "seconds": round(seconds, 3),
        "wall_seconds": round(wall, 3),
        "evaluations_per_s": round(rate),
        "satisfied": satisfied,
        "target_met": met,
    }
