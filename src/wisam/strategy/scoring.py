"""How Wisam computes a maturity level per dimension, and the anonymised national median. Pure functions.

The scoring rule (documented in docs/strategy.md and ADR 0010):

1. Each indicator is rated with the level (1–5) the institution has reached, with evidence.
2. A rating of 3 or more counts only with evidence (a text or a link); without, it counts as 2 — a practice
   that is "defined" or better leaves a trace that someone else can check.
3. A dimension has a level only when every one of its indicators is rated.
4. Its level is the mean of the (effective) ratings rounded down, but never more than one level above its weakest
   indicator: an institution is not "integrated" in quality assurance while one QA practice is still "exploring".
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

EVIDENCE_REQUIRED_FROM = 3
UNEVIDENCED_CAP = 2
ANONYMITY_MINIMUM = 3  # fewer other institutions than this and the national median is not shown


@dataclass(frozen=True)
class Rating:
    level: int | None
    has_evidence: bool = False


@dataclass(frozen=True)
class DimensionScore:
    level: int | None
    mean: float | None
    rated: int
    total: int
    capped: int  # ratings that counted lower for lack of evidence

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.rated == self.total


def effective_level(rating: Rating) -> int | None:
    if rating.level is None:
        return None
    if rating.level >= EVIDENCE_REQUIRED_FROM and not rating.has_evidence:
        return UNEVIDENCED_CAP
    return rating.level


def dimension_score(ratings: Sequence[Rating]) -> DimensionScore:
    effective = [effective_level(rating) for rating in ratings]
    counted = [level for level in effective if level is not None]
    capped = sum(
        1 for rating, level in zip(ratings, effective, strict=True) if level is not None and level != rating.level
    )
    mean = round(sum(counted) / len(counted), 2) if counted else None
    if not ratings or len(counted) < len(ratings):
        return DimensionScore(None, mean, len(counted), len(ratings), capped)
    level = min(sum(counted) // len(counted), min(counted) + 1)
    return DimensionScore(level, mean, len(counted), len(ratings), capped)


def overall_level(levels: Iterable[int | None]) -> int | None:
    """The institution's headline level: its weakest dimension (shown with the profile, never instead of it)."""
    known = [level for level in levels if level is not None]
    return min(known) if known else None


def national_median(
    levels_by_organisation: Mapping[int, Mapping[str, int | None]],
    *,
    exclude: int | None,
    minimum: int = ANONYMITY_MINIMUM,
) -> dict[str, float] | None:
    """The median level per dimension over the other institutions' latest submitted assessments.

    None when fewer than `minimum` other institutions have one; a dimension that fewer than `minimum` of them
    assessed is left out, so that no single institution's level can be read back from the median.
    """
    others = {org: levels for org, levels in levels_by_organisation.items() if org != exclude}
    if len(others) < minimum:
        return None
    keys = sorted({key for levels in others.values() for key in levels})
    median: dict[str, float] = {}
    for key in keys:
        values = [levels[key] for levels in others.values() if levels.get(key) is not None]
        if len(values) >= minimum:
            median[key] = float(statistics.median(v for v in values if v is not None))
    return median
