"""Fixtures for the design tests: an institution, its designer and specifications built through the services."""

from __future__ import annotations

from typing import Any

import pytest

from tests.design.specs import good
from wisam.design.models import SpecificationVersion
from wisam.institutions.models import Organisation, User
from wisam.institutions.roles import Role


@pytest.fixture
def home(make_organisation: Any) -> Organisation:
    return make_organisation("karmil-test")


@pytest.fixture
def designer(make_person: Any, home: Organisation) -> User:
    return make_person("designer@karmil-test.test", home, Role.MC_DESIGNER)


@pytest.fixture
def make_spec(home: Organisation, designer: User) -> Any:
    from wisam.design.services import micro_credential_create, specification_version_load

    counter = {"n": 0}

    def make(
        data: dict[str, Any] | None = None, *, organisation: Organisation | None = None, actor: Any = None
    ) -> SpecificationVersion:
        counter["n"] += 1
        data = good() if data is None else data
        version = micro_credential_create(
            organisation=organisation or home,
            code=f"MC-{counter['n']}",
            title=data.get("title") or {"ar": "بلا عنوان", "en": "Untitled"},
            actor=actor or designer,
        )
        return specification_version_load(version=version, data=data, actor=actor or designer)

    return make
