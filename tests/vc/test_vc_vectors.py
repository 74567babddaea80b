"""Byte-for-byte agreement with the W3C vc-di-eddsa test vectors (both cryptosuites)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from wisam.vc import ContextLoader, Ed25519Key, StaticResolver, sign, transform_and_hash, verify
from wisam.vc.keys import multibase_b58_encode

from .conftest import load

SUITES = [("eddsa-rdfc-2022", "DataInt"), ("eddsa-jcs-2022", "JCS")]


@pytest.fixture(scope="module")
def vector_key(w3c_vectors: Path) -> Ed25519Key:
    pair = load(w3c_vectors / "keyPair.json")
    key = Ed25519Key.from_secret_multibase(pair["privateKeyMultibase"])
    assert key.public_key_multibase == pair["publicKeyMultibase"]
    assert key.secret_key_multibase == pair["privateKeyMultibase"]
    return key


@pytest.mark.parametrize(("suite", "suffix"), SUITES)
def test_canonical_forms_and_hashes(w3c_vectors: Path, examples_loader: ContextLoader, suite: str, suffix: str) -> None:
    folder = w3c_vectors / suite
    unsigned = load(w3c_vectors / "unsigned.json")
    config = load(folder / f"proofConfig{suffix}.json")
    options = {k: v for k, v in config.items() if k != "@context"}
    hashed = transform_and_hash(unsigned, options, suite, loader=examples_loader)
    assert hashed.canonical_document == (folder / f"canonDoc{suffix}.txt").read_text()
    assert hashed.canonical_proof_config == (folder / f"proofCanon{suffix}.txt").read_text()
    assert hashed.document_hash.hex() == (folder / f"docHash{suffix}.txt").read_text().strip()
    assert hashed.proof_config_hash.hex() == (folder / f"proofHash{suffix}.txt").read_text().strip()
    assert hashed.hash_data.hex() == (folder / f"combinedHash{suffix}.txt").read_text().strip()


@pytest.mark.parametrize(("suite", "suffix"), SUITES)
def test_signature_and_signed_document(
    w3c_vectors: Path, examples_loader: ContextLoader, vector_key: Ed25519Key, suite: str, suffix: str
) -> None:
    folder = w3c_vectors / suite
    unsigned = load(w3c_vectors / "unsigned.json")
    before = copy.deepcopy(unsigned)
    config = load(folder / f"proofConfig{suffix}.json")
    signed = sign(
        unsigned,
        vector_key,
        config["verificationMethod"],
        suite,  # type: ignore[arg-type]
        created=config["created"],
        loader=examples_loader,
        proof_as_array=False,
    )
    assert unsigned == before, "sign() must not mutate its input"
    expected = load(folder / f"signed{suffix}.json")
    assert signed == expected
    sig_hex = (folder / f"sigHex{suffix}.txt").read_text().strip()
    assert multibase_b58_encode(bytes.fromhex(sig_hex)) == expected["proof"]["proofValue"]
    assert (folder / f"sigBTC58{suffix}.txt").read_text().strip() == expected["proof"]["proofValue"]


@pytest.mark.parametrize(("suite", "suffix"), SUITES)
def test_vector_verifies_and_tamper_fails(
    w3c_vectors: Path, examples_loader: ContextLoader, suite: str, suffix: str
) -> None:
    signed = load(w3c_vectors / suite / f"signed{suffix}.json")
    # The vector's issuer is not the key controller (credentials-tech.md §10.15).
    result = verify(signed, StaticResolver(), loader=examples_loader, require_issuer_binding=False)
    assert result.verified, result.errors
    assert [c.name for c in result.checks] == [
        "input",
        "proof_present",
        "contexts",
        "cryptosuite_known",
        "proof_options",
        "verification_method",
        "terms_defined",
        "signature",
    ]
    bound = verify(signed, StaticResolver(), loader=examples_loader)
    assert not bound.verified
    assert bound.codes == ("controller_mismatch",)

    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["alumniOf"] = "The School of Counterfeits"
    bad = verify(tampered, StaticResolver(), loader=examples_loader, require_issuer_binding=False)
    assert not bad.verified
    assert bad.codes == ("signature_invalid",)


def test_examples_context_is_refused_by_default(w3c_vectors: Path) -> None:
    signed = load(w3c_vectors / "eddsa-rdfc-2022" / "signedDataInt.json")
    result = verify(signed, StaticResolver(), require_issuer_binding=False)
    assert result.codes == ("context_not_allowed",)
    assert "https://www.w3.org/ns/credentials/examples/v2" in result.errors[0].message
