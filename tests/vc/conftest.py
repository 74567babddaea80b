"""Shared fixtures for the wisam.vc tests (no Django: run with -p no:django)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from wisam.vc import ContextLoader, Ed25519Key, StaticResolver

# The repository root's parent holds shared/ (reference data kept outside the product).
REFERENCE = Path(__file__).resolve().parents[2].parent / "shared" / "reference"
EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2"


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def reference() -> Path:
    if not REFERENCE.is_dir():
        pytest.skip(f"shared reference data not found at {REFERENCE} (needed for vector/sample tests)")
    return REFERENCE


@pytest.fixture(scope="session")
def w3c_vectors(reference: Path) -> Path:
    return reference / "test-vectors" / "w3c-vc-di-eddsa"


@pytest.fixture(scope="session")
def edtech_samples(reference: Path) -> Path:
    return reference / "test-vectors" / "1edtech-validator"


@pytest.fixture(scope="session")
def examples_loader() -> ContextLoader:
    return ContextLoader(enable=[EXAMPLES_V2])


@pytest.fixture(scope="session")
def issuer_key() -> Ed25519Key:
    return Ed25519Key.from_seed(bytes(range(32)))


@pytest.fixture(scope="session")
def resolver() -> StaticResolver:
    return StaticResolver()


def make_ob_credential(key: Ed25519Key, **overrides: Any) -> dict[str, Any]:
    """A realistic OB 3.0 credential issued by ``key``'s did:key."""
    from wisam.vc import documents as d

    ach = d.achievement(
        "https://wisam.example/achievements/data-101",
        "تحليل البيانات",
        "Introductory data analysis micro-credential.",
        criteria_narrative="Pass the final assessment.",
        credits_available=6.0,
        alignments=[d.alignment("analyse data", "http://data.europa.eu/esco/skill/abc", target_type="ext:ESCOSkill")],
    )
    args: dict[str, Any] = {
        "credential_id": "urn:uuid:2f0e6c1a-4d55-4a4e-9d0e-3b1f5d0c8e11",
        "issuer": d.profile(key.did_key, "Wisam University", url="https://wisam.example/"),
        "achievement": ach,
        "valid_from": "2026-01-15T09:00:00Z",
        "recipient_identifiers": [d.identity_object("learner@example.org", salt="pepper")],
        "credits_earned": 7.5,
    }
    args.update(overrides)
    return d.open_badge_credential(**args)


@pytest.fixture
def ob_credential(issuer_key: Ed25519Key) -> dict[str, Any]:
    return make_ob_credential(issuer_key)
