"""Data types of the pathway rule engine: learner records, offers, parsed pathways, evaluations and plans.

Pure Python (no Django): the engine runs in tests, the benchmark and the web app alike. Credits inside the engine
are exact `Fraction`s in ECTS; the float fields of `Earned` and `Offer` are converted with `to_fraction` (through
their decimal representation, so 2.5 stays 5/2 and 0.1 stays 1/10).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import ClassVar

Text = dict[str, str]  # {"ar": ..., "en": ...}

KIND_RIGID = "rigid"
KIND_ELECTIVE = "elective"
KIND_OPEN = "open"
KINDS = (KIND_RIGID, KIND_ELECTIVE, KIND_OPEN)

SOURCE_WISAM = "wisam"
SOURCE_EXTERNAL = "external"
SOURCE_RECOGNITION = "recognition"
SOURCE_RPL = "rpl"
SOURCES = (SOURCE_WISAM, SOURCE_EXTERNAL, SOURCE_RECOGNITION, SOURCE_RPL)

UNIT_ECTS = "ECTS"
UNIT_CH = "CH"  # Palestinian credit hours
UNITS = (UNIT_ECTS, UNIT_CH)
ECTS_PER_CH = Fraction(3, 2)  # default: 1 credit hour = 1.5 ECTS


def to_fraction(value: float | int | str | Fraction) -> Fraction:
    """An exact Fraction for a credit or grade value, read through its shortest decimal form (0.1 -> 1/10)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    return Fraction(str(value)) if isinstance(value, float) else Fraction(value)


@dataclass(frozen=True, slots=True)
class Earned:
    """One item of a learner's record."""

    id: str  # unique in the record, e.g. "cred:<uuid>", "ext:<id>", "rec:<id>"
    key: str | None  # the micro-credential it is (e.g. "mc:<pk>"); None for external ones without a match
    title: Text
    provider: str  # organisation slug (or issuer name for external credentials)
    credits_ects: float  # already converted to ECTS by the caller
    eqf_level: int | None
    isced: str  # ISCED-F code ("" if unknown)
    earned_on: date
    grade: float | None  # normalised 0-100, None = pass / no grade
    source: str  # "wisam" | "external" | "recognition" | "rpl"
    # A recognition decision can stand in for a micro-credential of the pathway:
    recognised_as: str | None = None  # key of the micro-credential it was recognised as equivalent to
    # Credits actually granted by a partial recognition (overrides credits_ects when not None).
    credits_granted: float | None = None


@dataclass(frozen=True, slots=True)
class Offer:
    """A published micro-credential a learner could still take (input of the planner)."""

    key: str
    title: Text
    provider: str
    credits_ects: float
    eqf_level: int | None
    isced: str
    fee: float = 0.0
    prerequisites: tuple[str, ...] = ()  # keys that must be earned (or planned earlier) first


@dataclass(frozen=True, slots=True)
class Group:
    """One group of a `choose` rule; complete when every item in it is earned."""

    label: Text
    items: tuple[str, ...]


# --- rules -----------------------------------------------------------------------------------------------------
# Credits in rules are exact ECTS (`credits`); `amount` and `unit` keep what the author wrote, for round-trips.
# "Consuming" rules (required, choose, criteria) claim credentials: a credential counts towards one of them only,
# unless the rule has shares=True. The other rules filter (recency, min_grade, prerequisite) or measure across
# the counted credentials (min_credits, min_credits_at_level, field) or cap credits (max_external/rpl_credits).


@dataclass(frozen=True, slots=True)
class Required:
    id: str
    items: tuple[str, ...]
    in_order: bool = False  # earned_on dates must follow the order of `items`
    shares: bool = False
    label: Text | None = None
    type: ClassVar[str] = "required"


@dataclass(frozen=True, slots=True)
class Choose:
    id: str
    k: int
    groups: tuple[Group, ...]
    shares: bool = False
    label: Text | None = None
    type: ClassVar[str] = "choose"


@dataclass(frozen=True, slots=True)
class Criteria:
    """Open pathways: any credential meeting the criteria, up to `credits` ECTS in total."""

    id: str
    credits: Fraction  # minimum credits, ECTS
    amount: Fraction  # as written, in `unit`
    unit: str = UNIT_ECTS
    isced: tuple[str, ...] = ()  # ISCED-F prefixes; empty = any field
    min_eqf_level: int | None = None
    providers: tuple[str, ...] = ()  # empty = any provider
    shares: bool = False
    label: Text | None = None
    type: ClassVar[str] = "criteria"


@dataclass(frozen=True, slots=True)
class MinCredits:
    id: str
    credits: Fraction
    amount: Fraction
    unit: str = UNIT_ECTS
    label: Text | None = None
    type: ClassVar[str] = "min_credits"


@dataclass(frozen=True, slots=True)
class MinCreditsAtLevel:
    id: str
    credits: Fraction
    amount: Fraction
    eqf_level: int
    unit: str = UNIT_ECTS
    label: Text | None = None
    type: ClassVar[str] = "min_credits_at_level"


@dataclass(frozen=True, slots=True)
class FieldRule:
    """At least `credits` ECTS in the given ISCED-F fields (a code matches itself and its narrower codes)."""

    id: str
    isced: tuple[str, ...]
    credits: Fraction
    amount: Fraction
    unit: str = UNIT_ECTS
    label: Text | None = None
    type: ClassVar[str] = "field"


@dataclass(frozen=True, slots=True)
class Recency:
    id: str
    years: int
    label: Text | None = None
    type: ClassVar[str] = "recency"


@dataclass(frozen=True, slots=True)
class MaxExternalCredits:
    """Credits from providers other than the pathway's home provider count up to this cap."""

    id: str
    credits: Fraction
    amount: Fraction
    unit: str = UNIT_ECTS
    label: Text | None = None
    type: ClassVar[str] = "max_external_credits"


@dataclass(frozen=True, slots=True)
class MaxRplCredits:
    """Credits from recognition of prior learning (source "rpl") count up to this cap."""

    id: str
    credits: Fraction
    amount: Fraction
    unit: str = UNIT_ECTS
    label: Text | None = None
    type: ClassVar[str] = "max_rpl_credits"


@dataclass(frozen=True, slots=True)
class MinGrade:
    id: str
    grade: Fraction  # 0-100; credentials without a grade (pass) meet it
    label: Text | None = None
    type: ClassVar[str] = "min_grade"


@dataclass(frozen=True, slots=True)
class Prerequisite:
    """`item` counts only if every key in `requires` was earned on or before it."""

    id: str
    item: str
    requires: tuple[str, ...]
    label: Text | None = None
    type: ClassVar[str] = "prerequisite"


Rule = (
    Required
    | Choose
    | Criteria
    | MinCredits
    | MinCreditsAtLevel
    | FieldRule
    | Recency
    | MaxExternalCredits
    | MaxRplCredits
    | MinGrade
    | Prerequisite
)
RULE_TYPES: dict[str, type] = {
    cls.type: cls
    for cls in (
        Required,
        Choose,
        Criteria,
        MinCredits,
        MinCreditsAtLevel,
        FieldRule,
        Recency,
        MaxExternalCredits,
        MaxRplCredits,
        MinGrade,
        Prerequisite,
    )
}
CONSUMING_TYPES = frozenset({"required", "choose", "criteria"})


@dataclass(frozen=True, slots=True)
class Pathway:
    """A parsed, validated pathway definition; every rule must hold."""

    kind: str  # "rigid" | "elective" | "open" (ETF learning-pathway types)
    home_provider: str  # slug of the institution that owns the pathway
    rules: tuple[Rule, ...]
    target_credits_ects: Fraction | None = None
    target_amount: Fraction | None = None  # as written, in target_unit
    target_unit: str = UNIT_ECTS


@dataclass(frozen=True, slots=True)
class Problem:
    """One validation problem: where it is (e.g. "rules[2].k") and how to fix it, in Arabic and English."""

    path: str
    message: Text


class PathwayError(ValueError):
    """A pathway definition that cannot be used; `problems` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p.path}: {p.message['en']}" for p in problems))


# --- results ---------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class RuleResult:
    rule_id: str
    satisfied: bool
    counted: list[str]  # earned ids this rule counts (consuming rules) or measured (credit rules)
    explanation: Text  # e.g. "You need 2 of 3 groups; you have completed 1 (Data basics)."
    missing: Text | None
    progress: tuple[float, float]  # (have, need) for a progress bar
    type: str = ""  # the rule type, e.g. "choose"


@dataclass(slots=True)
class Evaluation:
    satisfied: bool
    rules: list[RuleResult]  # in pathway order
    assignments: dict[str, list[str]]  # earned id -> ids of the rules it counts towards
    unused: list[str]  # earned ids that count for nothing (why: `reasons`)
    credits_counted_ects: float
    missing: list[Text]  # what is missing, readable by a learner
    reasons: dict[str, Text] = field(default_factory=dict)  # earned id -> why it does not count (unused ids)
    summary: Text = field(default_factory=dict)  # one sentence for the whole pathway
    earned_keys: frozenset[str] = frozenset()  # micro-credential keys that count (for the roadmap)


@dataclass(slots=True)
class Plan:
    feasible: bool
    steps: list[Offer]  # in an order that respects prerequisites
    total_credits_ects: float
    total_fees: float
    explanation: Text  # why this plan / why it is infeasible
    exact: bool = True  # False when the heuristic fallback was used (large catalogues)
