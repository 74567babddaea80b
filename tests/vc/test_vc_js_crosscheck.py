"""Cross-check with an independent implementation: the digitalbazaar JavaScript stack on Node.

tests/vc/js holds package.json + package-lock.json; node_modules is installed with `npm ci`
only when missing (and git-ignored). The JS documentLoader serves the same bundled contexts
(sha256-checked) and nothing else, so the check runs offline.
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from wisam.vc import (
    Ed25519Key,
    StaticResolver,
    StatusList,
    did_web_document,
    sign,
    status_list_credential,
    status_list_entry,
    verify,
)

from .conftest import make_ob_credential

JS = Path(__file__).parent / "js"
CREATED = "2026-03-01T10:00:00Z"
LIST_URL = "https://wisam.example/status/7"


@pytest.fixture(scope="module")
def node() -> str:
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        pytest.skip("node/npm not installed: JavaScript cross-check skipped")
    version = subprocess.run([node, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    if int(version.lstrip("v").split(".")[0]) < 20:
        pytest.skip(f"node {version} is too old for the digitalbazaar stack (needs >= 20)")
    if not (JS / "node_modules" / "@digitalbazaar" / "vc").is_dir():
        proc = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"], cwd=JS, capture_output=True, text=True, timeout=600
        )
        if proc.returncode != 0:
            pytest.skip(f"npm ci failed (registry unreachable?): {proc.stderr[-500:]}")
    return node


def run_job(node: str, job: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "job.json"
    path.write_text(json.dumps(job, ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run(
        [node, str(JS / "crosscheck.mjs"), str(path)], capture_output=True, text=True, timeout=180, cwd=JS
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def outcome(node: str, tmp_path_factory: pytest.TempPathFactory, reference_or_none: Path | None) -> dict[str, Any]:
    key = Ed25519Key.from_seed(bytes(range(32)))
    vm = key.did_key_verification_method
    entry = status_list_entry(LIST_URL, 94567)
    cred = make_ob_credential(key, credential_status=entry)
    signed = sign(cred, key, vm, created=CREATED)

    clean = StatusList()
    revoked = StatusList()
    revoked.set(94567)
    list_clean = sign(
        status_list_credential(LIST_URL, key.did_key, clean, valid_from=CREATED), key, vm, created=CREATED
    )
    list_revoked = sign(
        status_list_credential(LIST_URL, key.did_key, revoked, valid_from=CREATED), key, vm, created=CREATED
    )

    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["achievement"]["name"] = "Forged achievement"

    rich = make_ob_credential(key, name='شهادة 🎓 «تحليل» tab\there\nline2 "q" \\ ü', credits_earned=6.0)
    rich["credentialSubject"]["achievement"]["tag"] = ["🎓 emoji", "日本語", "z"]
    signed_rich = sign(rich, key, vm, created=CREATED)
    high_bmp = make_ob_credential(key, name="ＡＢＣ full-width ﷺ")
    high_bmp["credentialSubject"]["achievement"]["tag"] = ["ＡＢＣ", "ﷺ", "ﻻ"]
    signed_high_bmp = sign(high_bmp, key, vm, created=CREATED)
    # What the interop guards refuse, signed anyway to show that the guards are needed:
    mix = make_ob_credential(key)
    mix["credentialSubject"]["achievement"]["tag"] = ["🎓x", "ＡＢＣ"]  # UTF-16 vs code-point order
    unguarded_mix = sign(mix, key, vm, created=CREATED, check_interop=False)
    bell = make_ob_credential(key, name="bell\x07")  # pyld writes U+0007 raw, rdf-canonize escapes it
    unguarded_control = sign(bell, key, vm, created=CREATED, check_interop=False)

    did = "did:web:wisam.example:org:uni-1"
    web_doc = did_web_document(did, key)
    web = sign(make_ob_credential(key, issuer={"id": did, "type": ["Profile"], "name": "Uni"}), key, f"{did}#key-1")

    sneaky = make_ob_credential(key)
    sneaky["credentialSubject"]["favouriteColour"] = "blue"
    undefined = sign(sneaky, key, vm, created=CREATED, check_terms=False)

    verify_jobs: dict[str, Any] = {
        "wisam": {"credential": signed, "statusLists": {LIST_URL: list_clean}},
        "wisam_tampered": {"credential": tampered, "statusLists": {LIST_URL: list_clean}},
        "wisam_revoked": {"credential": signed, "statusLists": {LIST_URL: list_revoked}},
        "wisam_status_list": {"credential": list_revoked},
        "wisam_rich_text": {"credential": signed_rich},
        "wisam_high_bmp_text": {"credential": signed_high_bmp},
        "wisam_unguarded_mix": {"credential": unguarded_mix},
        "wisam_unguarded_control": {"credential": unguarded_control},
        "wisam_did_web": {"credential": web, "controllers": [web_doc]},
        "wisam_undefined_term": {"credential": undefined},
    }
    if reference_or_none is not None:
        samples = reference_or_none / "test-vectors" / "1edtech-validator"
        controllers = [json.loads(p.read_text()) for p in samples.glob("controller-*.json")]
        verify_jobs["1edtech_simple"] = {
            "credential": json.loads((samples / "simple.json").read_text()),
            "controllers": controllers,
        }
    unsigned = make_ob_credential(key, credential_id="urn:uuid:0b8e1c9a-5a4f-4d0e-8c1b-6a2f3e4d5c6b")
    job = {
        "verify": verify_jobs,
        "sign": {
            "js_signed": {
                "credential": unsigned,
                "key": {
                    "publicKeyMultibase": key.public_key_multibase,
                    "secretKeyMultibase": key.secret_key_multibase,
                    "created": CREATED,
                },
            }
        },
    }
    result = run_job(node, job, tmp_path_factory.mktemp("js"))
    result["python_signed_same_input"] = sign(unsigned, key, vm, created=CREATED, proof_as_array=False)
    return result


@pytest.fixture(scope="module")
def reference_or_none() -> Path | None:
    from .conftest import REFERENCE

    return REFERENCE if REFERENCE.is_dir() else None


@pytest.mark.parametrize(
    "name",
    ["wisam", "wisam_status_list", "wisam_rich_text", "wisam_high_bmp_text", "wisam_did_web", "1edtech_simple"],
)
def test_js_verifies_what_wisam_signs(outcome: dict[str, Any], name: str) -> None:
    if name not in outcome["verify"]:
        pytest.skip("shared reference data not available")
    result = outcome["verify"][name]
    assert result["verified"], result["errors"]


def test_js_rejects_tampered_copy(outcome: dict[str, Any]) -> None:
    result = outcome["verify"]["wisam_tampered"]
    assert not result["verified"]
    assert any("Invalid signature" in e for e in result["errors"]), result["errors"]


def test_js_sees_revocation_in_wisam_status_list(outcome: dict[str, Any]) -> None:
    result = outcome["verify"]["wisam_revoked"]
    assert not result["verified"]
    assert any("revocation: set" in e for e in result["errors"]), result["errors"]


@pytest.mark.parametrize("name", ["wisam_unguarded_mix", "wisam_unguarded_control"])
def test_interop_guards_are_needed(outcome: dict[str, Any], name: str) -> None:
    """Documents that sign() refuses by default really do fail in the JS stack (§10.3, sort order)."""
    result = outcome["verify"][name]
    assert not result["verified"]
    assert any("Invalid signature" in e for e in result["errors"]), result["errors"]


def test_js_safe_mode_agrees_with_wisam_on_undefined_terms(outcome: dict[str, Any]) -> None:
    result = outcome["verify"]["wisam_undefined_term"]
    assert not result["verified"]
    assert any("Safe mode" in e or "safe mode" in e for e in result["errors"]), result["errors"]


def test_wisam_verifies_what_js_signs(outcome: dict[str, Any]) -> None:
    js = outcome["sign"]["js_signed"]
    assert "credential" in js, js
    signed = js["credential"]
    result = verify(signed, StaticResolver())
    assert result.verified, result.errors
    # Ed25519 is deterministic: both stacks must produce the very same proof.
    ours = outcome["python_signed_same_input"]["proof"]
    theirs = signed["proof"] if isinstance(signed["proof"], dict) else signed["proof"][0]
    assert theirs == ours
    tampered = copy.deepcopy(signed)
    tampered["validFrom"] = "2020-01-01T00:00:00Z"
    assert verify(tampered, StaticResolver()).codes == ("signature_invalid",)
