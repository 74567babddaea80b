"""The quality linter as the QA workflow sees it: a thin adapter over `wisam.design.linter.lint_specification`.

The design app owns the linter; this module only reads its report, so any change of shape is absorbed here.
Checklist items name linter codes (`linter_codes` in data/*.json): an exact code ("LO_VAGUE_VERB") or a prefix ending
in "*" ("LO_*"). An item whose codes raise no finding is "met"; only warnings or notes: "partially met"; a blocking
finding: "not met".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from wisam.core.i18n import translated

BLOCKING = "blocking"
WARNING = "warning"
INFO = "info"


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    block: str
    block_label: str
    element: str
    message: Mapping[str, str]

    @property
    def text(self) -> str:
        return translated(self.message)

    @property
    def is_blocking(self) -> bool:
        return self.severity == BLOCKING

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "block": self.block,
            "element": self.element,
            "message": dict(self.message),
        }


def _message(raw: Any) -> dict[str, str]:
    message = getattr(raw, "message", None)
    if isinstance(message, Mapping):
        return {str(k): str(v) for k, v in message.items()}
    ar = getattr(raw, "message_ar", "") or ""
    en = getattr(raw, "message_en", "") or ""
    if ar or en:
        return {"ar": str(ar), "en": str(en)}
    return {"ar": str(message or ""), "en": str(message or "")}


def block_title(block: str) -> str:
    """The building block's title in the active language (its id if the design app does not know it)."""
    try:
        from wisam.design.blocks import blocks

        for candidate in blocks():
            if candidate.id == block:
                return translated(candidate.title)
    except (ImportError, OSError, KeyError, ValueError):
        pass
    return block


def _label(raw: Any, block: str) -> str:
    for name in ("block_label", "block_title"):
        value = getattr(raw, name, None)
        if value:
            return translated(value) if isinstance(value, Mapping) else str(value)
    return block_title(block)


def _adapt(raw: Any) -> Finding:
    severity = getattr(raw, "severity", "")
    block = getattr(raw, "block", "")
    element = getattr(raw, "element", "") or getattr(raw, "eu_element", "") or ""
    return Finding(
        code=str(getattr(raw, "code", "")),
        severity=str(getattr(severity, "value", severity)),
        block=str(getattr(block, "value", block) or ""),
        block_label=_label(raw, str(getattr(block, "value", block) or "")),
        element=str(getattr(element, "value", element) or ""),
        message=_message(raw),
    )


def findings_for(version: Any) -> list[Finding]:
    """Every finding of the design linter on `version`.

    Remembered on the instance for as long as the version is not saved again (a page asks for the findings once for
    the panel and once per guarded button).
    """
    from wisam.design.linter import lint_specification

    stamp = (version.pk, getattr(version, "updated_at", None))
    cached = getattr(version, "_quality_findings", None)
    if cached is not None and cached[0] == stamp:
        return list(cached[1])
    report = lint_specification(version)
    raw_findings: Any = getattr(report, "findings", report)
    findings = [_adapt(raw) for raw in raw_findings]
    version._quality_findings = (stamp, findings)
    return list(findings)


def blocking_findings(version: Any) -> list[Finding]:
    return [finding for finding in findings_for(version) if finding.is_blocking]


def code_matches(code: str, patterns: Iterable[str]) -> bool:
    for pattern in patterns:
        if pattern.endswith("*") and code.startswith(pattern[:-1]):
            return True
        if code == pattern:
            return True
    return False


def suggestion_for(findings: Iterable[Finding]) -> str:
    """The judgement the linter suggests for an item, given the findings that match the item's codes."""
    severities = {finding.severity for finding in findings}
    if BLOCKING in severities:
        return "not_met"
    if severities:
        return "partially_met"
    return "met"
