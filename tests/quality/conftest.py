"""Fixtures for internal QA: checklists loaded, a designer's micro-credential at `home`, a controllable linter."""

from __future__ import annotations

from typing import Any

import pytest

from tests.policy_matrix import Personas
from wisam.quality import linting
from wisam.quality.linting import Finding


@pytest.fixture
def checklists(db: Any) -> Any:
    from wisam.quality.services import checklists_load

    return checklists_load()


@pytest.fixture
def make_version(personas: Personas) -> Any:
    from wisam.design.services import micro_credential_create

    def make(code: str = "DATA-01", organisation: Any = None, actor: Any = None) -> Any:
        return micro_credential_create(
            organisation=organisation or personas.home,
            code=code,
            title={"ar": "تحليل البيانات", "en": "Data analysis"},
            actor=actor or personas.people["designer"],
        )

    return make


@pytest.fixture
def version(make_version: Any) -> Any:
    return make_version()


class FakeLinter:
    """Stands in for the design linter: tests say which findings it reports."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []

    def __call__(self, version: Any) -> list[Finding]:
        return list(self.findings)

    def report(self, code: str, severity: str = "blocking", block: str = "outcomes") -> Finding:
        finding = Finding(
            code=code,
            severity=severity,
            block=block,
            block_label=block,
            element="",
            message={"ar": f"رسالة {code}", "en": f"Fix {code}"},
        )
        self.findings.append(finding)
        return finding


@pytest.fixture
def fake_lint(monkeypatch: pytest.MonkeyPatch) -> FakeLinter:
    fake = FakeLinter()
    monkeypatch.setattr(linting, "findings_for", fake)
    return fake


@pytest.fixture(autouse=True)
def _english() -> Any:
    """Messages are asserted in English; the Arabic interface is the translators' (and the browser's) concern."""
    from django.utils import translation

    with translation.override("en"):
        yield
