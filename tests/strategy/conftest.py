"""Fixtures for the strategy app: the default maturity model, institutions with submitted assessments."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.policy_matrix import Personas
from wisam.institutions.roles import OrganisationKind, Role


@pytest.fixture(scope="session", autouse=True)
def _strategy_catalogue() -> None:
    """Compile the strategy app's Arabic catalogue (the .mo is not committed)."""
    from pathlib import Path

    from wisam.web.management.commands.compile_translations import compile_catalogue

    compile_catalogue(Path(__file__).resolve().parents[2] / "src/wisam/strategy/locale/ar/LC_MESSAGES/django.po")


@pytest.fixture
def maturity_model(db: Any) -> Any:
    from wisam.strategy.services import maturity_model_load

    return maturity_model_load()


def rate_all(assessment: Any, level: int, actor: Any, *, evidence: str = "minutes 2026/3") -> None:
    """Give every indicator of the assessment the same level, with evidence."""
    from wisam.strategy.services import assessment_rate

    ratings = {r.indicator_id: {"level": level, "evidence": evidence} for r in assessment.ratings.all()}
    assessment_rate(assessment=assessment, ratings=ratings, actor=actor)


@pytest.fixture
def submitted(maturity_model: Any) -> Any:
    """Submit an assessment for `organisation` with every indicator at `level` (or per-dimension levels)."""
    from wisam.strategy.services import assessment_start, assessment_submit

    def make(organisation: Any, actor: Any, level: int = 2, on: date | None = None) -> Any:
        assessment = assessment_start(organisation=organisation, actor=actor, assessed_on=on)
        rate_all(assessment, level, actor)
        return assessment_submit(assessment=assessment, actor=actor)

    return make


@pytest.fixture
def peer_institutions(make_organisation: Any, make_person: Any) -> Any:
    """`count` other institutions, each with an approver; returns [(organisation, approver)]."""

    def make(count: int) -> list[tuple[Any, Any]]:
        made = []
        for index in range(count):
            org = make_organisation(f"peer-{index}", OrganisationKind.COMMUNITY_COLLEGE)
            made.append((org, make_person(f"approver@peer-{index}.test", org, Role.INSTITUTIONAL_APPROVER)))
        return made

    return make


@pytest.fixture
def home(personas: Personas) -> Any:
    return personas.home
