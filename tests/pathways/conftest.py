"""Fixtures for the pathways app: an institution with accredited micro-credentials, its people, learners, and a
published pathway towards an accredited larger credential."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.credentials.conftest import accredit
from tests.design.specs import good
from wisam.core.i18n import bilingual
from wisam.credentials.compose import Learner
from wisam.credentials.models import IssuedCredential
from wisam.design.models import SpecificationVersion, VersionStatus
from wisam.institutions.models import Organisation, User
from wisam.institutions.roles import OrganisationKind, Role
from wisam.pathways import services
from wisam.pathways.models import PathwayVersion


def spec(title_en: str, *, ects: str = "5", eqf: int = 6, isced: str = "0613", fee: str = "") -> dict[str, Any]:
    data = copy.deepcopy(good())
    data["title"] = {"ar": f"شهادة {title_en}", "en": title_en}
    data["ects"] = ects
    data["credit_hours"] = None
    data["eqf_level"] = eqf
    data["isced_code"] = isced
    if fee:
        data["fee_amount"] = fee
    return data


@dataclass
class World:
    home: Organisation
    other: Organisation
    people: dict[str, User]
    mcs: dict[str, SpecificationVersion]
    learner: User
    learner2: User
    extra: dict[str, Any] = field(default_factory=dict)

    def key(self, name: str) -> str:
        return f"mc:{self.mcs[name].micro_credential_id}"


def make_spec(organisation: Organisation, code: str, data: dict[str, Any], *, accredited: bool = True) -> Any:
    from wisam.design.services import (
        micro_credential_create,
        specification_version_load,
        specification_version_set_status,
    )

    version = micro_credential_create(organisation=organisation, code=code, title=data["title"], actor=None)
    version = specification_version_load(version=version, data=data, actor=None)
    version = specification_version_set_status(version=version, status=VersionStatus.APPROVED, actor=None)
    if accredited:
        accredit(version)
    return version


def issue(version: SpecificationVersion, learner: User, *, grade: str = "") -> IssuedCredential:
    from wisam.credentials.services import credential_issue

    name = learner.full_name or {"en": learner.email}
    return credential_issue(
        organisation=version.micro_credential.organisation,
        version=version,
        learner=Learner(email=learner.email, name={"ar": name.get("ar", ""), "en": name.get("en", "x")}, grade=grade),
        notify=False,
    ).credential


@pytest.fixture
def world(make_organisation: Any, make_person: Any) -> World:
    home = make_organisation("karmil")
    other = make_organisation("zaytoun", OrganisationKind.COMMUNITY_COLLEGE)
    people = {
        "designer": make_person("designer@karmil.test", home, Role.MC_DESIGNER),
        "qa": make_person("qa@karmil.test", home, Role.QA_OFFICER),
        "approver": make_person("approver@karmil.test", home, Role.INSTITUTIONAL_APPROVER),
        "approver2": make_person("approver2@karmil.test", home, Role.INSTITUTIONAL_APPROVER),
        "registrar": make_person("registrar@karmil.test", home, Role.REGISTRAR),
        "recognition": make_person("recognition@karmil.test", home, Role.RECOGNITION_OFFICER),
        "other_recognition": make_person("recognition@zaytoun.test", other, Role.RECOGNITION_OFFICER),
    }
    # The recognition officer who decides is also an approver elsewhere in some tests: give one person both roles.
    make_person("both@karmil.test", home, Role.RECOGNITION_OFFICER, Role.INSTITUTIONAL_APPROVER)
    people["both"] = User.objects.get(email="both@karmil.test")
    mcs = {
        "a": make_spec(home, "MC-A", spec("Data basics", ects="5")),
        "b": make_spec(home, "MC-B", spec("Data analysis", ects="5")),
        "c": make_spec(home, "MC-C", spec("Machine learning", ects="5")),
        "d": make_spec(other, "MC-D", spec("Statistics", ects="5", eqf=5)),
        "diploma": make_spec(home, "DIPLOMA", spec("Professional diploma in data", ects="15")),
    }
    learner = make_person("huda@learner.test", None, Role.LEARNER)
    learner.full_name = bilingual("هدى", "Huda")
    learner.save()
    learner2 = make_person("khaled@learner.test", None, Role.LEARNER)
    return World(home, other, people, mcs, learner, learner2)


def rigid_rules(world: World) -> dict[str, Any]:
    return {
        "kind": "rigid",
        "rules": [
            {"id": "core", "type": "required", "items": [world.key("a"), world.key("b"), world.key("c")]},
            {"id": "total", "type": "min_credits", "credits": 15, "unit": "ECTS"},
        ],
    }


def publish(version: PathwayVersion, world: World) -> PathwayVersion:
    version = services.pathway_version_transition(version=version, transition="submit", actor=world.people["designer"])
    version = services.pathway_version_transition(version=version, transition="recommend", actor=world.people["qa"])
    return services.pathway_version_transition(version=version, transition="publish", actor=world.people["approver"])


@pytest.fixture
def published(world: World) -> PathwayVersion:
    version = services.pathway_create(
        organisation=world.home,
        code="data-diploma",
        title=bilingual("دبلوم البيانات", "Data diploma"),
        kind="rigid",
        target_kind="micro_credential",
        target_micro_credential=world.mcs["diploma"].micro_credential,
        rules=rigid_rules(world),
        actor=world.people["designer"],
    )
    return publish(version, world)


def external_document(world: World, *, name: str = "Statistics", credits: float | None = 5) -> bytes:
    """A signed Open Badges 3.0 credential from an issuer outside Wisam (a did:key), as a learner would upload it."""
    import json

    from wisam.credentials.models import IssuedCredential as Issued
    from wisam.vc import Ed25519Key, sign

    source = issue(world.mcs["d"], world.learner2)
    doc = json.loads(source.document)
    Issued.objects.filter(pk=source.pk).delete()
    doc.pop("proof")
    doc.pop("credentialStatus", None)
    key = Ed25519Key.generate()
    doc["id"] = "urn:uuid:7d3c1c8e-5b1a-4f0e-9d55-2f1f7a3b9c01"
    doc["issuer"] = {**doc["issuer"], "id": key.did_key, "name": "Online Academy of Data"}
    doc["credentialSubject"]["achievement"]["name"] = name
    doc["credentialSubject"]["achievement"]["id"] = "https://academy.example/achievements/statistics"
    if credits is None:
        doc["credentialSubject"]["achievement"].pop("creditsAvailable", None)
        doc["credentialSubject"].pop("creditsEarned", None)
    signed = sign(doc, key, key.did_key_verification_method)
    return json.dumps(signed).encode()
