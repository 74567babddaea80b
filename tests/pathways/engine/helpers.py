"""Small builders for engine tests: credentials, offers and pathways in a line each."""

from __future__ import annotations

from datetime import date
from typing import Any

from wisam.pathways.engine import Earned, Offer, Pathway, parse_pathway

TODAY = date(2026, 6, 1)
HOME = "karmil"
TITLES = {
    "mc:1": {"ar": "أساسيات البيانات", "en": "Data basics"},
    "mc:2": {"ar": "الإحصاء التطبيقي", "en": "Applied statistics"},
    "mc:3": {"ar": "تصوير البيانات", "en": "Data visualisation"},
    "mc:4": {"ar": "قواعد البيانات", "en": "Databases"},
    "mc:5": {"ar": "تعلم الآلة", "en": "Machine learning"},
    "mc:6": {"ar": "أخلاقيات البيانات", "en": "Data ethics"},
}


def earned(
    earned_id: str,
    key: str | None = None,
    credits: float = 5,
    *,
    on: date = date(2025, 1, 1),
    provider: str = HOME,
    level: int | None = 5,
    isced: str = "0613",
    grade: float | None = None,
    source: str = "wisam",
    recognised_as: str | None = None,
    granted: float | None = None,
) -> Earned:
    title = TITLES.get(key or "", {"ar": f"شهادة {earned_id}", "en": f"Credential {earned_id}"})
    return Earned(
        id=earned_id,
        key=key,
        title=title,
        provider=provider,
        credits_ects=credits,
        eqf_level=level,
        isced=isced,
        earned_on=on,
        grade=grade,
        source=source,
        recognised_as=recognised_as,
        credits_granted=granted,
    )


def offer(
    key: str,
    credits: float = 5,
    *,
    fee: float = 0,
    prerequisites: tuple[str, ...] = (),
    level: int | None = 5,
    isced: str = "0613",
    provider: str = HOME,
) -> Offer:
    return Offer(
        key=key,
        title=TITLES.get(key, {"ar": f"عرض {key}", "en": f"Offer {key}"}),
        provider=provider,
        credits_ects=credits,
        eqf_level=level,
        isced=isced,
        fee=fee,
        prerequisites=prerequisites,
    )


def pathway(*rules: dict[str, Any], kind: str = "elective", **extra: Any) -> Pathway:
    return parse_pathway({"kind": kind, "rules": list(rules), **extra}, home_provider=HOME)
