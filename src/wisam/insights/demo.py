"""The insights demo: employers' skill needs across sectors and governorates, and the derived dashboard rows.

Runs late (after every app's demo) because it reads the register and the design linter. The micro-credentials
the accreditation demo publishes link their outcomes to ESCO skills (accreditation.demo.DEMO_SKILLS); the needs
below are chosen so that the alignment dashboard shows covered, thinly covered and uncovered skills.
Idempotent: needs are keyed by employer and a demo marker.
"""

from __future__ import annotations

from typing import Any

from wisam.frameworks.models import EscoSkill
from wisam.frameworks.selectors import search_skills
from wisam.insights import services
from wisam.insights.models import SkillNeed
from wisam.institutions.models import Membership, Organisation
from wisam.institutions.roles import Role

# (employer, sector, governorate, people, horizon, skills, note): some covered, some thin, some uncovered.
DEMO_NEEDS: tuple[tuple[str, str, str, int, str, tuple[str, ...], str], ...] = (
    ("zaytouna-soft", "ict", "ramallah", 25, "0_12", ("machine learning", "Python (computer programming)"), "AI team"),
    (
        "zaytouna-soft",
        "ict",
        "gaza",
        18,
        "12_36",
        ("plan migration to cloud", "cloud security and compliance"),
        "Cloud",
    ),
    ("zaytouna-soft", "ict", "ramallah", 10, "0_12", ("ICT network security risks", "network engineering"), "Network"),
    (
        "qalqilya-foods",
        "business",
        "qalqilya",
        8,
        "0_12",
        ("digital marketing techniques", "marketing analytics"),
        "Sales",
    ),
    ("qalqilya-foods", "business", "qalqilya", 4, "12_36", ("perform data analysis",), "Planning"),
    (
        "bina-contracting",
        "engineering",
        "gaza",
        30,
        "0_12",
        ("design electrical systems", "Agile project management"),
        "Sites",
    ),
    ("engineers-council", "engineering", "ramallah", 15, "12_36", ("maintain irrigation controllers",), "Water"),
    ("amal-hospital", "health", "hebron", 12, "0_12", ("perform data analysis", "manage system security"), "Records"),
    (
        "mahd-hotels",
        "tourism",
        "bethlehem",
        20,
        "0_12",
        ("digital marketing techniques", "create online news content"),
        "Guests",
    ),
    ("mahd-hotels", "tourism", "jericho", 6, "36_plus", ("deliver online training",), "Staff training"),
)
MARKER = "[demo] "


def _skill(label: str) -> EscoSkill | None:
    exact = EscoSkill.objects.filter(label__en=label).first()
    if exact is not None:
        return exact
    found = search_skills(label, language="en", limit=1)
    return found[0] if found else None


def _representative(organisation: Organisation) -> Any:
    membership = (
        Membership.objects.current()
        .filter(organisation=organisation, role=Role.EMPLOYER_REPRESENTATIVE)
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def load(context: dict[str, Any]) -> None:
    """Nothing before the other apps: see `load_late`."""


def load_late(context: dict[str, Any]) -> None:
    recorded = 0
    for slug, sector, region, people, horizon, labels, note in DEMO_NEEDS:
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None or SkillNeed.objects.filter(organisation=organisation, note=MARKER + note).exists():
            continue
        skills = [s for s in (_skill(label) for label in labels) if s is not None]
        if not skills:
            continue
        services.skill_need_create(
            organisation=organisation,
            skills=skills,
            sector=sector,
            region=region,
            people=people,
            horizon=horizon,
            note=MARKER + note,
            actor=_representative(organisation),
        )
        recorded += 1
    refreshed = services.insights_refresh()
    # The demo's many version changes each queued a linter refresh (insights.apps); the full refresh above has done
    # their work, so the worker need not repeat it when `make run` starts serving.
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.ready().filter(task_path="wisam.insights.tasks.lint_findings_refresh_task").delete()
    context["insights"] = {"skill_needs": recorded, **refreshed}
