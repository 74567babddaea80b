"""Who may issue, revoke, see, hold and verify credentials: the whole role × action matrix, asked both ways."""

from __future__ import annotations

from typing import Any

import pytest

from tests.credentials.conftest import accredit
from tests.policy_matrix import ALL, Personas, assert_matrix
from wisam.credentials.compose import Learner
from wisam.credentials.models import ApiToken, IssuanceBatch
from wisam.credentials.services import api_token_create, batch_create, credential_issue


@pytest.fixture
def objects(personas: Personas, make_version: Any) -> dict[str, Any]:
    def issued(organisation: Any, email: str) -> Any:
        version = make_version(organisation, accredited=False)
        accredit(version, identifier=f"PS-{organisation.slug}-{email[:3]}")
        learner = Learner(email=email, name={"ar": "متعلم", "en": "Learner"})
        return credential_issue(organisation=organisation, version=version, learner=learner, actor=None).credential

    own = issued(personas.home, personas.people["learner"].email)
    other = issued(personas.other, "someone@other.test")
    batches = {
        name: batch_create(
            organisation=org,
            version=own.specification_version if org == personas.home else other.specification_version,
            rows=[],
            filename="x.csv",
            file_sha256="0",
            actor=None,
        )
        for name, org in (("own_batch", personas.home), ("other_batch", personas.other))
    }
    tokens = {
        name: api_token_create(organisation=org, name="t", actor=None)[0]
        for name, org in (("own_token", personas.home), ("other_token", personas.other))
    }
    assert isinstance(batches["own_batch"], IssuanceBatch)
    assert isinstance(tokens["own_token"], ApiToken)
    return {
        "own_org": personas.home,
        "other_org": personas.other,
        "own_credential": own,
        "other_credential": other,
        "nothing": None,
        **batches,
        **tokens,
    }


MATRIX: dict[str, dict[str, set[str] | frozenset[str]]] = {
    "credential.issue": {"own_org": {"registrar", "staff"}, "other_org": {"staff"}},
    "credential.manage_keys": {"own_org": {"admin", "staff"}, "other_org": {"staff"}},
    "credential.view_issued": {
        "own_credential": {"registrar", "admin", "qa", "learner", "staff"},
        "other_credential": {"staff"},
    },
    "credential.revoke": {"own_credential": {"registrar", "staff"}, "other_credential": {"staff"}},
    "credential.hold": {"own_credential": {"learner", "staff"}, "other_credential": {"staff"}},
    "credential.verify": {"nothing": ALL},
    "issuance_batch.view": {"own_batch": {"registrar", "staff"}, "other_batch": {"staff"}},
    "api_token.manage": {"own_token": {"registrar", "staff"}, "other_token": {"staff"}},
}


@pytest.mark.parametrize("action_name", sorted(MATRIX))
def test_role_action_matrix(personas: Personas, objects: dict[str, Any], action_name: str) -> None:
    assert_matrix(personas.people, objects, action_name, MATRIX[action_name])
