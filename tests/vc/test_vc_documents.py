"""OB 3.0 builders and validation against the bundled 1EdTech AchievementCredential schema."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest

from wisam.vc import (
    Ed25519Key,
    identity_hash,
    identity_object,
    sign,
    status_list_entry,
    validate_credential,
    validate_ob_schema,
    validity_problem,
)
from wisam.vc import documents as d

from .conftest import make_ob_credential


def test_identity_hash_spec_value() -> None:
    # OB 3.0 spec example value
    assert identity_hash("a@example.com", "Kosher") == (
        "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399"
    )
    obj = identity_object("a@example.com")
    assert obj["hashed"] is True
    assert len(obj["salt"]) == 16
    assert obj["identityHash"] == identity_hash("a@example.com", obj["salt"])


@pytest.mark.parametrize("suite", ["eddsa-rdfc-2022", "eddsa-jcs-2022"])
def test_built_and_signed_credentials_pass_ob_schema(issuer_key: Ed25519Key, suite: Any) -> None:
    rich = make_ob_credential(
        issuer_key,
        valid_until="2030-01-01T00:00:00Z",
        awarded_date=datetime(2026, 1, 10, tzinfo=UTC),
        recipient_id="did:example:learner-1",
        evidence=[{"type": ["Evidence"], "name": "Final project", "id": "https://wisam.example/evidence/1"}],
        credential_status=status_list_entry("https://wisam.example/status/1", 42),
        description="Awarded for completing the course.",
    )
    assert validate_ob_schema(rich) == []
    assert validate_credential(rich) == []
    signed = sign(rich, issuer_key, issuer_key.did_key_verification_method, suite)
    assert validate_ob_schema(signed) == []


def test_schema_wants_proof_array(issuer_key: Ed25519Key, ob_credential: dict[str, Any]) -> None:
    signed = sign(ob_credential, issuer_key, issuer_key.did_key_verification_method, proof_as_array=False)
    assert any(e.startswith("proof") for e in validate_ob_schema(signed))  # §10.7


def test_schema_catches_missing_fields(ob_credential: dict[str, Any]) -> None:
    broken = copy.deepcopy(ob_credential)
    del broken["credentialSubject"]["achievement"]["criteria"]
    del broken["validFrom"]
    errors = validate_ob_schema(broken)
    assert any("criteria" in e for e in errors)
    assert any("validFrom" in e for e in errors)


def test_validate_credential_rules(ob_credential: dict[str, Any]) -> None:
    bad = copy.deepcopy(ob_credential)
    bad["@context"] = list(reversed(bad["@context"]))
    bad["validFrom"] = "2026-01-01"
    bad["credentialSubject"].pop("identifier")
    problems = validate_credential(bad)
    assert any("@context must start" in p for p in problems)
    assert any("validFrom must be" in p for p in problems)
    assert any("id or an identifier" in p for p in problems)
    swapped = dict(ob_credential, validUntil="2020-01-01T00:00:00Z")
    assert "validFrom is after validUntil" in validate_credential(swapped)
    no_ext = copy.deepcopy(ob_credential)
    no_ext["@context"].pop()
    assert any("extensions.json" in p for p in validate_credential(no_ext))


def test_builders_refuse_incomplete_input(issuer_key: Ed25519Key) -> None:
    with pytest.raises(ValueError, match="criteria"):
        d.achievement("urn:x:1", "n", "d")
    with pytest.raises(ValueError, match="identifier"):
        d.open_badge_credential(
            credential_id="urn:x:2",
            issuer=issuer_key.did_key,
            achievement=d.achievement("urn:x:1", "n", "d", criteria_narrative="c"),
            valid_from="2026-01-01T00:00:00Z",
        )


def test_validity_period(ob_credential: dict[str, Any]) -> None:
    early = datetime(2025, 1, 1, tzinfo=UTC)
    assert validity_problem(ob_credential, early) == "not_yet_valid"
    assert validity_problem(ob_credential, datetime(2026, 6, 1, tzinfo=UTC)) is None
    expiring = dict(ob_credential, validUntil="2026-03-01T00:00:00Z")
    assert validity_problem(expiring, datetime(2026, 6, 1, tzinfo=UTC)) == "expired"
