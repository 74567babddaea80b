"""Stacked credentials: issued when the pathway is satisfied, naming the parts (`related`, ELM `hasPart`), verifying
like any other credential."""

from __future__ import annotations

import json

import pytest

from tests.pathways.conftest import World, issue
from wisam.credentials.elm import european_digital_credential
from wisam.credentials.verification import credential_verify
from wisam.pathways import services
from wisam.pathways.models import PathwayVersion
from wisam.vc import validate_ob_schema

pytestmark = pytest.mark.django_db


def test_not_issued_before_the_pathway_is_satisfied(world: World, published: PathwayVersion) -> None:
    issue(world.mcs["a"], world.learner)
    with pytest.raises(services.AwardRefused):
        services.stacked_award_issue(version=published, learner=world.learner, actor=world.people["registrar"])


def test_stacked_credential_names_its_parts_and_verifies(world: World, published: PathwayVersion) -> None:
    parts = [issue(world.mcs[name], world.learner) for name in ("a", "b", "c")]
    award = services.stacked_award_issue(version=published, learner=world.learner, actor=world.people["registrar"])
    assert services.stacked_award_issue(version=published, learner=world.learner, actor=None) == award
    document = json.loads(award.credential.document)
    assert validate_ob_schema(document) == []
    related = document["credentialSubject"]["achievement"]["related"]
    part_ids = {json.loads(p.document)["credentialSubject"]["achievement"]["id"] for p in parts}
    assert part_ids <= {entry["id"] for entry in related}
    assert all(entry["type"] == ["Related"] for entry in related)
    report = credential_verify(award.credential.document)
    assert report.verified, [(line.code, line.detail) for line in report.lines]
    elm = european_digital_credential(award.credential)
    has_part = elm["credentialSubject"]["hasClaim"][0]["hasPart"]
    assert len(has_part) == 3
    assert all(p["type"] == "LearningAchievement" for p in has_part)
    assert award.credential.specification_version == world.mcs["diploma"]
