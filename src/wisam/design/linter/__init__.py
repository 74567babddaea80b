"""The quality linter: pure rules over a snapshot of a specification, and the quality report they make.

`lint_specification(version)` is what other apps call (the quality workflow pre-fills checklist items from it and
refuses submission while `report.has_blocking`). `lint_snapshot(spec, config)` is the pure core, used by tests and
by the API's lint endpoint for specifications that are not saved.
"""

from __future__ import annotations

from typing import Any

from wisam.design.linter.core import (
    Finding,
    LintConfig,
    LintReport,
    Severity,
    config_from_data,
    lint_snapshot,
    registered_rules,
)
from wisam.design.linter.snapshot import Spec, snapshot_from_dict, snapshot_from_version

__all__ = [
    "Finding",
    "LintConfig",
    "LintReport",
    "Severity",
    "Spec",
    "lint_config",
    "lint_data",
    "lint_snapshot",
    "lint_specification",
    "registered_rules",
    "snapshot_from_dict",
    "snapshot_from_version",
]


def lint_config() -> LintConfig:
    """The configuration in force: data/linter.json, settings and the frameworks' conversion and level mapping."""
    from django.utils import timezone

    from wisam.design import vocab

    credit = vocab.credit_rules()
    return config_from_data(
        hours_per_ects_min=credit.hours_per_ects_min,
        hours_per_ects_max=credit.hours_per_ects_max,
        ects_per_credit_hour=credit.ects_per_credit_hour,
        tolerance=credit.tolerance,
        ects_min=credit.ects_min,
        ects_max=credit.ects_max,
        nqf_to_eqf=vocab.nqf_to_eqf_table(),
        today=timezone.localdate(),
    )


def lint_specification(version: Any, config: LintConfig | None = None) -> LintReport:
    """The quality report of a `SpecificationVersion`."""
    return lint_snapshot(snapshot_from_version(version), config or lint_config())


def lint_data(data: dict[str, Any], config: LintConfig | None = None) -> LintReport:
    """The quality report of a specification given as plain data (see `snapshot_from_dict`)."""
    return lint_snapshot(snapshot_from_dict(data), config or lint_config())
