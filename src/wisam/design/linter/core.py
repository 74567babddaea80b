"""The linter's machinery: findings, the rule registry, configuration and the quality report.

A rule is a pure function `(spec: Spec, config: LintConfig) -> Iterable[Finding]`, registered with `@rule`. Rules
never touch the database; `lint_specification` builds a snapshot and the configuration, then runs every rule.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

from wisam.design.blocks import Block, blocks
from wisam.design.linter.snapshot import Spec

DATA = Path(__file__).resolve().parent.parent / "data"


class Severity(StrEnum):
    BLOCKING = "blocking"  # must be fixed before the version can be submitted for approval
    WARNING = "warning"  # should be fixed; reviewers will ask about it
    INFO = "info"  # a suggestion


SEVERITY_ORDER = {Severity.BLOCKING: 0, Severity.WARNING: 1, Severity.INFO: 2}
SEVERITY_LABELS = {
    Severity.BLOCKING: {"en": "Blocking", "ar": "مانع"},
    Severity.WARNING: {"en": "Warning", "ar": "تحذير"},
    Severity.INFO: {"en": "Suggestion", "ar": "اقتراح"},
}


@dataclass(frozen=True)
class Finding:
    """One problem: `code` names the rule's check, `field` the form field to fix, `target` the child item if any."""

    code: str
    severity: Severity
    block: str
    message: dict[str, str]  # {"ar": ..., "en": ...}: what is wrong and how to fix it
    element: str = ""  # EU Annex I element id (data/building_blocks.json), if the finding concerns one
    field: str = ""
    target: str = ""  # e.g. "outcome:12"

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": str(self.severity),
            "block": self.block,
            "element": self.element,
            "field": self.field,
            "target": self.target,
            "message": dict(self.message),
        }


def message(en: str, ar: str, **params: Any) -> dict[str, str]:
    return {"en": en.format(**params), "ar": ar.format(**params)}


@dataclass(frozen=True)
class LintConfig:
    """What the rules compare against: ranges and conversions from data/linter.json, settings and frameworks."""

    outcomes_min: int = 3
    outcomes_max: int = 8
    outcome_max_words: int = 60
    min_top_bloom_by_eqf: dict[int, int] = field(
        default_factory=lambda: {1: 1, 2: 1, 3: 3, 4: 3, 5: 3, 6: 4, 7: 5, 8: 5}
    )
    lower_order_from_eqf: int = 5
    lower_order_max_share: float = 0.5
    hours_per_ects_min: Decimal = Decimal(25)
    hours_per_ects_max: Decimal = Decimal(30)
    ects_per_credit_hour: Decimal = Decimal("1.5")
    tolerance: Decimal = Decimal("0.15")
    ects_min: Decimal = Decimal(1)
    ects_max: Decimal = Decimal(15)
    max_weekly_hours: int = 40
    nqf_to_eqf: dict[int, int] = field(default_factory=lambda: {1: 5, 2: 6, 3: 7, 4: 7, 5: 8})
    today: date | None = None
    blocking_cap: int = 60
    warning_penalty: int = 5


def config_from_data(**overrides: Any) -> LintConfig:
    """The configuration shipped in data/linter.json, with `overrides` (tests, settings, frameworks) on top."""
    raw = json.loads((DATA / "linter.json").read_text(encoding="utf-8"))
    values: dict[str, Any] = {
        "outcomes_min": raw["outcomes"]["min"],
        "outcomes_max": raw["outcomes"]["max"],
        "outcome_max_words": raw["outcomes"]["max_words"],
        "min_top_bloom_by_eqf": {int(k): int(v) for k, v in raw["min_top_bloom_by_eqf"].items()},
        "lower_order_from_eqf": raw["max_share_lower_order_from_eqf"]["eqf"],
        "lower_order_max_share": raw["max_share_lower_order_from_eqf"]["share"],
        "max_weekly_hours": raw["max_weekly_hours"],
        "blocking_cap": raw["readiness"]["blocking_cap"],
        "warning_penalty": raw["readiness"]["warning_penalty"],
    }
    values.update(overrides)
    return LintConfig(**values)


RuleFunction = Callable[[Spec, LintConfig], Iterable[Finding]]


@dataclass(frozen=True)
class RuleInfo:
    code: str
    block: str
    element: str
    description: str
    function: RuleFunction


_RULES: dict[str, RuleInfo] = {}


def rule(code: str, *, block: str, element: str = "", description: str = "") -> Callable[[RuleFunction], RuleFunction]:
    """Register a rule function under `code` (a family of findings: codes it emits start with it)."""

    def register(function: RuleFunction) -> RuleFunction:
        if code in _RULES:
            raise ValueError(f"Linter rule {code!r} is registered twice.")
        _RULES[code] = RuleInfo(code, block, element, description or (function.__doc__ or "").strip(), function)
        return function

    return register


def registered_rules() -> dict[str, RuleInfo]:
    from wisam.design.linter import rules as _rules  # noqa: F401 - importing registers the rules

    return dict(_RULES)


@dataclass(frozen=True)
class BlockReport:
    block: Block
    findings: tuple[Finding, ...]
    readiness: int  # 0–100
    filled: int
    fields: int

    @property
    def blocking(self) -> int:
        return sum(1 for f in self.findings if f.severity == Severity.BLOCKING)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == Severity.WARNING)


@dataclass(frozen=True)
class LintReport:
    """The quality report of one version: every finding, grouped by building block, with a readiness figure each."""

    findings: tuple[Finding, ...]
    blocks: tuple[BlockReport, ...]

    @property
    def blocking(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == Severity.BLOCKING)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == Severity.WARNING)

    @property
    def has_blocking(self) -> bool:
        return bool(self.blocking)

    @property
    def readiness(self) -> int:
        """Overall readiness: the mean of the blocks'."""
        return round(sum(b.readiness for b in self.blocks) / len(self.blocks)) if self.blocks else 0

    def codes(self) -> set[str]:
        return {f.code for f in self.findings}

    def for_block(self, block_id: str) -> BlockReport:
        return next(b for b in self.blocks if b.block.id == block_id)

    def for_field(self, name: str) -> list[Finding]:
        return [f for f in self.findings if f.field == name]

    def for_target(self, target: str) -> list[Finding]:
        return [f for f in self.findings if f.target == target]

    def as_dict(self) -> dict[str, Any]:
        return {
            "readiness": self.readiness,
            "blocking": len(self.blocking),
            "warnings": len(self.warnings),
            "findings": [f.as_dict() for f in self.findings],
            "blocks": [
                {
                    "id": b.block.id,
                    "order": b.block.order,
                    "title": dict(b.block.title),
                    "readiness": b.readiness,
                    "fields_filled": b.filled,
                    "fields": b.fields,
                    "findings": [f.as_dict() for f in b.findings],
                }
                for b in self.blocks
            ],
        }


def _filled(spec: Spec, name: str) -> bool:
    value = getattr(spec, name, None)
    if isinstance(value, dict):
        return any(str(v).strip() for v in value.values())
    if isinstance(value, tuple | list | str):
        return bool(value)
    return value is not None


def _sort_key(finding: Finding) -> tuple[int, int, str, str]:
    order = {b.id: b.order for b in blocks()}
    return (order.get(finding.block, 99), SEVERITY_ORDER[finding.severity], finding.target, finding.code)


def lint_snapshot(spec: Spec, config: LintConfig | None = None) -> LintReport:
    """Run every registered rule on `spec`; pure (no database)."""
    config = config or LintConfig()
    findings: list[Finding] = []
    for info in registered_rules().values():
        findings.extend(info.function(spec, config))
    findings.sort(key=_sort_key)
    reports = []
    for block in blocks():
        mine = tuple(f for f in findings if f.block == block.id)
        fields = block.readiness_fields
        filled = sum(1 for name in fields if _filled(spec, name))
        score = round(100 * filled / len(fields)) if fields else 100
        if any(f.severity == Severity.BLOCKING for f in mine):
            score = min(score, config.blocking_cap)
        score -= config.warning_penalty * sum(1 for f in mine if f.severity == Severity.WARNING)
        reports.append(BlockReport(block, mine, max(0, min(100, score)), filled, len(fields)))
    return LintReport(tuple(findings), tuple(reports))


def iter_texts(value: dict[str, str]) -> Iterator[tuple[str, str]]:
    for language in ("ar", "en"):
        text = (value or {}).get(language, "")
        if text and text.strip():
            yield language, text
