"""sign()/verify() behaviour: round trips, safe mode, pitfalls of credentials-tech.md §10."""

from __future__ import annotations

import copy
import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from wisam.vc import (
    Ed25519Key,
    InvalidDocument,
    SigningError,
    StaticResolver,
    UndefinedTermsError,
    UnsafeText,
    did_web_document,
    sign,
    transform_and_hash,
    verify,
)

SUITES = ["eddsa-rdfc-2022", "eddsa-jcs-2022"]


@pytest.mark.parametrize("suite", SUITES)
def test_round_trip_did_key(issuer_key: Ed25519Key, ob_credential: dict[str, Any], suite: Any) -> None:
    before = copy.deepcopy(ob_credential)
    signed = sign(ob_credential, issuer_key, issuer_key.did_key_verification_method, suite)
    assert ob_credential == before
    assert isinstance(signed["proof"], list)
    proof = signed["proof"][0]
    assert proof["cryptosuite"] == suite
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", proof["created"])
    assert ("@context" in proof) is (suite == "eddsa-jcs-2022")  # §10.6
    result = verify(signed, StaticResolver())
    assert result.verified, result.errors
    assert result.proofs[0].verified


def test_default_suite_is_rdfc(issuer_key: Ed25519Key, ob_credential: dict[str, Any]) -> None:
    signed = sign(ob_credential, issuer_key, issuer_key.did_key_verification_method, proof_as_array=False)
    assert signed["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert verify(signed, StaticResolver()).verified


def test_round_trip_did_web(issuer_key: Ed25519Key) -> None:
    from .conftest import make_ob_credential

    did = "did:web:wisam.example:org:uni-1"
    cred = make_ob_credential(issuer_key, issuer={"id": did, "type": ["Profile"], "name": "Uni 1"})
    signed = sign(cred, issuer_key, f"{did}#key-1")
    resolver = StaticResolver({did: did_web_document(did, issuer_key)})
    assert verify(signed, resolver).verified
    other = Ed25519Key.generate()
    wrong = StaticResolver({did: did_web_document(did, other)})
    assert verify(signed, wrong).codes == ("signature_invalid",)


@pytest.mark.parametrize("suite", SUITES)
def test_tampering_detected(issuer_key: Ed25519Key, ob_credential: dict[str, Any], suite: Any) -> None:
    signed = sign(ob_credential, issuer_key, issuer_key.did_key_verification_method, suite)
    for path, value in [
        (("credentialSubject", "achievement", "name"), "Forged"),
        (("credentialSubject", "creditsEarned"), 75),
        (("validFrom",), "2020-01-01T00:00:00Z"),
    ]:
        bad = copy.deepcopy(signed)
        target = bad
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        assert verify(bad, StaticResolver()).codes == ("signature_invalid",), path
    bad = copy.deepcopy(signed)
    bad["proof"][0]["created"] = "2027-01-01T00:00:00Z"  # proof options are signed too
    assert verify(bad, StaticResolver()).codes == ("signature_invalid",)


def test_undefined_term_refused_before_signing(issuer_key: Ed25519Key, ob_credential: dict[str, Any]) -> None:
    ob_credential["credentialSubject"]["favouriteColour"] = "blue"
    ob_credential["credentialSubject"]["achievement"]["secretLevel"] = 3
    with pytest.raises(UndefinedTermsError) as info:
        sign(ob_credential, issuer_key, issuer_key.did_key_verification_method)
    assert info.value.code == "undefined_terms"
    assert "favouriteColour" in str(info.value)
    assert "secretLevel" in str(info.value)


def test_extensions_context_needed_for_1edtech_schema_type(
    issuer_key: Ed25519Key, ob_credential: dict[str, Any]
) -> None:
    ob_credential["@context"].remove("https://purl.imsglobal.org/spec/ob/v3p0/extensions.json")
    with pytest.raises(UndefinedTermsError) as info:
        sign(ob_credential, issuer_key, issuer_key.did_key_verification_method)
    assert "1EdTechJsonSchemaValidator2019" in str(info.value)


@pytest.mark.parametrize(
    ("mutate", "fragment"),
    [
        (lambda c: c["type"].append("MadeUpCredential"), "MadeUpCredential"),
        (lambda c: c.update(id="relative/credential"), "relative/credential"),
        (lambda c: c["credentialSubject"]["achievement"].update(id="achievements/1"), "achievements/1"),
    ],
)
def test_relative_iris_and_types_refused(
    issuer_key: Ed25519Key, ob_credential: dict[str, Any], mutate: Any, fragment: str
) -> None:
    mutate(ob_credential)
    with pytest.raises(UndefinedTermsError) as info:
        sign(ob_credential, issuer_key, issuer_key.did_key_verification_method)
    assert fragment in str(info.value)


def test_verify_reports_undefined_terms(issuer_key: Ed25519Key, ob_credential: dict[str, Any]) -> None:
    ob_credential["sneaky"] = "x"
    signed = sign(ob_credential, issuer_key, issuer_key.did_key_verification_method, check_terms=False)
    result = verify(signed, StaticResolver())
    assert result.codes == ("undefined_terms",)
    assert "sneaky" in result.errors[0].message


@pytest.mark.parametrize(
    ("value", "pattern"),
    [
        ("bell\x07", "U\\+0007"),
        ("del\x7f", "U\\+007F"),
        ("form\x0cfeed", "U\\+000C"),
        ("emoji 🎓 with ﷺ", "U\\+E000"),
    ],
)
def test_interop_text_refused(issuer_key: Ed25519Key, ob_credential: dict[str, Any], value: str, pattern: str) -> None:
    ob_credential["credentialSubject"]["achievement"]["description"] = value
    with pytest.raises(UnsafeText) as info:
        sign(ob_credential, issuer_key, issuer_key.did_key_verification_method)
    assert re.search(pattern, str(info.value))


@pytest.mark.parametrize("number", [1e-7, 2**53 + 1])
def test_numbers_that_diverge_are_refused(issuer_key: Ed25519Key, ob_credential: dict[str, Any], number: float) -> None:
    ob_credential["credentialSubject"]["creditsEarned"] = number
    with pytest.raises(UnsafeText):
        sign(ob_credential, issuer_key, issuer_key.did_key_verification_method)


def test_ordinary_text_is_fine(issuer_key: Ed25519Key, ob_credential: dict[str, Any]) -> None:
    ob_credential["name"] = 'شهادة 🎓 tab\tnewline\n"quote" \\ back'
    signed = sign(ob_credential, issuer_key, issuer_key.did_key_verification_method)
    assert verify(signed, StaticResolver()).verified


def test_created_formats(issuer_key: Ed25519Key, ob_credential: dict[str, Any]) -> None:
    vm = issuer_key.did_key_verification_method
    tz = timezone(timedelta(hours=3))
    signed = sign(ob_credential, issuer_key, vm, created=datetime(2026, 2, 1, 12, 30, 15, 999, tzinfo=tz))
    assert signed["proof"][0]["created"] == "2026-02-01T09:30:15Z"
    with pytest.raises(SigningError):
        sign(ob_credential, issuer_key, vm, created=datetime(2026, 2, 1))  # naive
    for bad in ["2026-02-01", "2026-02-01T12:00:00", "2026-02-30T12:00:00Z", "yesterday"]:
        with pytest.raises(SigningError):
            sign(ob_credential, issuer_key, vm, created=bad)
    assert sign(ob_credential, issuer_key, vm, created="2026-02-01T12:00:00+03:00")


def test_bad_created_in_received_proof(issuer_key: Ed25519Key, ob_credential: dict[str, Any]) -> None:
    signed = sign(ob_credential, issuer_key, issuer_key.did_key_verification_method)
    signed["proof"][0]["created"] = "1st of May"
    assert verify(signed, StaticResolver()).codes == ("proof_created_invalid",)


def test_proof_config_includes_document_context(issuer_key: Ed25519Key, ob_credential: dict[str, Any]) -> None:
    options = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2026-01-01T00:00:00Z",
        "verificationMethod": issuer_key.did_key_verification_method,
        "proofPurpose": "assertionMethod",
    }
    hashed = transform_and_hash(ob_credential, options, "eddsa-rdfc-2022")
    # The proof config is interpreted with the document's contexts: cryptosuite is typed.
    assert "<https://w3id.org/security#cryptosuiteString>" in hashed.canonical_proof_config
    assert "_:c14n0 <http://purl.org/dc/terms/created>" in hashed.canonical_proof_config


def test_sign_refusals(issuer_key: Ed25519Key, ob_credential: dict[str, Any]) -> None:
    vm = issuer_key.did_key_verification_method
    with pytest.raises(SigningError):
        sign(ob_credential, issuer_key, vm, "ecdsa-rdfc-2019")  # type: ignore[arg-type]
    with pytest.raises(SigningError):
        sign(ob_credential, issuer_key, Ed25519Key.generate().did_key_verification_method)
    with pytest.raises(SigningError):
        sign(ob_credential, issuer_key, "did:web:wisam.example")  # no fragment
    signed = sign(ob_credential, issuer_key, vm)
    with pytest.raises(InvalidDocument):
        sign(signed, issuer_key, vm)
    no_ctx = {k: v for k, v in ob_credential.items() if k != "@context"}
    with pytest.raises(InvalidDocument):
        sign(no_ctx, issuer_key, vm)


def test_issuer_binding(issuer_key: Ed25519Key, ob_credential: dict[str, Any]) -> None:
    ob_credential["issuer"]["id"] = Ed25519Key.generate().did_key
    signed = sign(ob_credential, issuer_key, issuer_key.did_key_verification_method)
    result = verify(signed, StaticResolver())
    assert result.codes == ("controller_mismatch",)
    assert verify(signed, StaticResolver(), require_issuer_binding=False).verified


def test_wrong_purpose_and_expired_proof(issuer_key: Ed25519Key, ob_credential: dict[str, Any]) -> None:
    vm = issuer_key.did_key_verification_method
    signed = sign(ob_credential, issuer_key, vm, proof_purpose="authentication")
    assert verify(signed, StaticResolver()).codes == ("proof_purpose_mismatch",)
    signed = sign(ob_credential, issuer_key, vm)
    signed["proof"][0]["expires"] = (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert verify(signed, StaticResolver()).codes == ("proof_expired",)


def test_jcs_proof_context_must_prefix_document_context(issuer_key: Ed25519Key, ob_credential: dict[str, Any]) -> None:
    signed = sign(ob_credential, issuer_key, issuer_key.did_key_verification_method, "eddsa-jcs-2022")
    signed["proof"][0]["@context"] = ["https://www.w3.org/2018/credentials/v1"]
    assert verify(signed, StaticResolver()).codes == ("proof_context_mismatch",)


def test_proof_set_all_must_verify(issuer_key: Ed25519Key, ob_credential: dict[str, Any]) -> None:
    vm = issuer_key.did_key_verification_method
    a = sign(ob_credential, issuer_key, vm, "eddsa-rdfc-2022")
    b = sign(ob_credential, issuer_key, vm, "eddsa-jcs-2022")
    both = dict(a, proof=a["proof"] + b["proof"])
    result = verify(both, StaticResolver())
    assert result.verified
    assert len(result.proofs) == 2
    b["proof"][0]["proofValue"] = a["proof"][0]["proofValue"]
    mixed = dict(a, proof=a["proof"] + b["proof"])
    result = verify(mixed, StaticResolver())
    assert not result.verified
    assert [p.verified for p in result.proofs] == [True, False]


def test_verify_accepts_text_and_bytes(issuer_key: Ed25519Key, ob_credential: dict[str, Any]) -> None:
    import json

    signed = sign(ob_credential, issuer_key, issuer_key.did_key_verification_method)
    text = json.dumps(signed, ensure_ascii=False)
    assert verify(text, StaticResolver()).verified
    assert verify(text.encode(), StaticResolver()).verified
