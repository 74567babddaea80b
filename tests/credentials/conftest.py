"""Fixtures for credential tests: an institution with an accredited specification, its registrar, learners."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from tests.design.specs import good
from wisam.credentials.compose import Learner
from wisam.design.models import SpecificationVersion, VersionStatus
from wisam.institutions.models import Organisation, User
from wisam.institutions.roles import Role


def accredit(
    version: SpecificationVersion,
    *,
    route: str = "panel",
    start: date | None = None,
    end: date | None = None,
    identifier: str | None = None,
) -> Any:
    """Put `version` in the national register, accredited for its institution (what the accreditation app does)."""
    from wisam.accreditation.models import Accreditation, RegisterEntry

    organisation = version.micro_credential.organisation
    start = start or date(2020, 1, 1)
    end = end or date(2099, 12, 31)
    entry = RegisterEntry.objects.create(
        identifier=identifier or f"PS-MC-{version.pk:05d}",
        organisation=organisation,
        micro_credential=version.micro_credential,
        specification_version=version,
        title=version.title,
        institution_name=organisation.name,
        institution_slug=organisation.slug,
        first_registered=start,
        valid_from=start,
        valid_until=end,
        route=route,
    )
    return Accreditation.objects.create(
        organisation=organisation,
        specification_version=version,
        entry=entry,
        route=route,
        valid_from=start,
        valid_until=end,
    )


@dataclass
class World:
    home: Organisation
    registrar: User
    version: SpecificationVersion
    make_version: Any


@pytest.fixture
def make_version(make_person: Any) -> Any:
    from wisam.design.services import (
        micro_credential_create,
        specification_version_load,
        specification_version_set_status,
    )

    counter = {"n": 0}

    def make(
        organisation: Organisation, data: dict[str, Any] | None = None, *, accredited: bool = True
    ) -> SpecificationVersion:
        counter["n"] += 1
        data = good() if data is None else data
        version = micro_credential_create(
            organisation=organisation, code=f"MC-{counter['n']}", title=data["title"], actor=None
        )
        version = specification_version_load(version=version, data=data, actor=None)
        version = specification_version_set_status(version=version, status=VersionStatus.APPROVED, actor=None)
        if accredited:
            accredit(version)
        return version

    return make


@pytest.fixture
def world(make_organisation: Any, make_person: Any, make_version: Any) -> World:
    home = make_organisation("karmil")
    registrar = make_person("registrar@karmil.test", home, Role.REGISTRAR)
    return World(home, registrar, make_version(home), make_version)


def learner(n: int = 1, **extra: Any) -> Learner:
    return Learner(email=f"learner{n}@example.test", name={"ar": f"متعلم {n}", "en": f"Learner {n}"}, **extra)
