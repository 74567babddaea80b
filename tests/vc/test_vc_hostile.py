"""Hostile input gets a clear refusal (stable code, English message) and costs little."""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from wisam.vc import Ed25519Key, Limits, StaticResolver, sign, verify
from wisam.vc.keys import multibase_b58_encode

FAST = 0.5  # seconds; every refusal below must come well under this on the 2-core CI machine


@contextmanager
def fast() -> Iterator[None]:
    start = time.perf_counter()
    yield
    elapsed = time.perf_counter() - start
    assert elapsed < FAST, f"refusal took {elapsed:.3f}s"


@pytest.fixture
def signed(issuer_key: Ed25519Key, ob_credential: dict[str, Any]) -> dict[str, Any]:
    return sign(ob_credential, issuer_key, issuer_key.did_key_verification_method)


def _verify_codes(doc: Any, **kw: Any) -> tuple[str, ...]:
    with fast():
        result = verify(doc, StaticResolver(), **kw)
    assert not result.verified
    for check in result.errors:
        assert check.message
        assert check.code
    return result.codes


def test_oversized(signed: dict[str, Any]) -> None:
    big = copy.deepcopy(signed)
    big["credentialSubject"]["achievement"]["tag"] = ["x" * 1024] * 600
    assert _verify_codes(big) == ("document_too_large",)
    long_string = copy.deepcopy(signed)
    long_string["description"] = "x" * (300 * 1024)
    assert _verify_codes(long_string) == ("string_too_long",)
    assert _verify_codes(json.dumps(big)) == ("document_too_large",)
    assert _verify_codes(b"[" * 10_000_000) == ("document_too_large",)


def test_deeply_nested() -> None:
    assert _verify_codes("[" * 5000 + "]" * 5000) == ("document_too_deep",)
    deep: dict[str, Any] = {}
    cur = deep
    for _ in range(100):
        cur["a"] = {}
        cur = cur["a"]
    assert _verify_codes(deep) == ("document_too_deep",)
    # Deeper than Python's recursion limit, as bytes and as an object
    assert _verify_codes("[" * 200_000 + "]" * 200_000, limits=Limits(max_bytes=1_000_000)) == ("document_too_deep",)


def test_too_many_nodes(signed: dict[str, Any]) -> None:
    wide = copy.deepcopy(signed)
    wide["credentialSubject"]["achievement"]["tag"] = [str(i) for i in range(30_000)]
    assert _verify_codes(wide) == ("too_many_nodes",)


def test_blank_node_clique_refused(signed: dict[str, Any]) -> None:
    """A clique of blank nodes makes pyld's RDFC run for minutes; it is refused up front."""
    poisoned = copy.deepcopy(signed)
    n = 10
    poisoned["evidence"] = [
        {
            "id": f"_:n{i}",
            "type": ["Evidence"],
            "https://example.org/p": [{"@id": f"_:n{j}"} for j in range(n) if j != i],
        }
        for i in range(n)
    ]
    assert _verify_codes(poisoned) == ("too_many_blank_nodes",)


def test_identical_blank_siblings_refused(signed: dict[str, Any]) -> None:
    many = copy.deepcopy(signed)
    many["credentialSubject"]["result"] = [{"type": ["Result"], "value": "A"} for _ in range(20)]
    assert _verify_codes(many) == ("too_many_identical_blank_nodes",)


@pytest.mark.parametrize(
    "context",
    [
        "https://evil.example/context.jsonld",
        "http://127.0.0.1:9/ctx",
        {"@import": "https://evil.example/ctx"},
    ],
)
def test_unknown_remote_context_never_fetched(signed: dict[str, Any], context: Any) -> None:
    doc = copy.deepcopy(signed)
    doc["@context"].append(context)
    assert _verify_codes(doc) == ("context_not_allowed",)
    nested = copy.deepcopy(signed)
    nested["credentialSubject"]["@context"] = context
    assert _verify_codes(nested) == ("context_not_allowed",)


def test_unknown_context_refused_when_signing(issuer_key: Ed25519Key, ob_credential: dict[str, Any]) -> None:
    from wisam.vc import ContextNotAllowed

    ob_credential["@context"].append("https://evil.example/ctx")
    with fast(), pytest.raises(ContextNotAllowed, match=r"evil\.example"):
        sign(ob_credential, issuer_key, issuer_key.did_key_verification_method)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "not-multibase",
        "z",
        "z0OIl",  # characters outside base58
        "uAAAA",
        "z" + "1" * 100,
        multibase_b58_encode(b"\x01" * 63),
        multibase_b58_encode(b"\x01" * 65),
        12345,
        None,
        ["z3"],
        "z" + "9" * 5000,
    ],
)
def test_malformed_proof_value(signed: dict[str, Any], value: Any) -> None:
    doc = copy.deepcopy(signed)
    doc["proof"][0]["proofValue"] = value
    assert _verify_codes(doc) == ("proof_value_malformed",)


@pytest.mark.parametrize(
    ("mutate", "code"),
    [
        (lambda p: p.update(type="Ed25519Signature2020"), "unsupported_proof_type"),
        (lambda p: p.update(cryptosuite="eddsa-2022"), "unknown_cryptosuite"),
        (lambda p: p.update(cryptosuite="ecdsa-rdfc-2019"), "unknown_cryptosuite"),
        (
            lambda p: p.update(
                verificationMethod="did:key:z6LSbysY2xFMRpGMhb7tFTLMpeuPRaqaWM1yECx2AtzE3KCc#z6LSbysY2xFMRpGMhb7tFTLMpeuPRaqaWM1yECx2AtzE3KCc"
            ),
            "wrong_key_type",
        ),
        (lambda p: p.update(verificationMethod="https://unknown.example/issuer#key"), "vm_unresolved"),
        (lambda p: p.update(verificationMethod=42), "vm_invalid"),
    ],
)
def test_bad_proofs(signed: dict[str, Any], mutate: Any, code: str) -> None:
    doc = copy.deepcopy(signed)
    mutate(doc["proof"][0])
    assert _verify_codes(doc) == (code,)


def test_wrong_key_type_in_controller_document(signed: dict[str, Any], issuer_key: Ed25519Key) -> None:
    did = "did:web:wisam.example"
    doc = copy.deepcopy(signed)
    doc["issuer"]["id"] = did
    doc["proof"][0]["verificationMethod"] = f"{did}#key-1"
    controller = {
        "id": did,
        "verificationMethod": [
            {"id": f"{did}#key-1", "type": "JsonWebKey2020", "controller": did, "publicKeyJwk": {"kty": "OKP"}}
        ],
        "assertionMethod": [f"{did}#key-1"],
    }
    with fast():
        result = verify(doc, StaticResolver({did: controller}))
    assert result.codes == ("wrong_key_type",)


@pytest.mark.parametrize(
    "doc",
    [
        b"\xff\xfe not utf-8",
        "{not json",
        '{"a": NaN}',
        '{"a": 1, "a": 2}',
        "[]",
        "42",
        {"proof": "nope"},
        {"@context": ["https://www.w3.org/ns/credentials/v2"]},
        {"proof": [1, 2]},
        {"proof": [{}] * 10},
    ],
)
def test_garbage_never_raises(doc: Any) -> None:
    codes = _verify_codes(doc)
    assert codes
    assert all(isinstance(c, str) for c in codes)


def test_resolver_that_raises_or_returns_junk(signed: dict[str, Any], issuer_key: Ed25519Key) -> None:
    def boom(identifier: str) -> Any:
        raise RuntimeError("kaboom")

    result = verify(signed, boom)
    assert result.codes == ("vm_unresolved",)
    result = verify(signed, lambda i: ["not", "a", "document"])  # type: ignore[arg-type,return-value]
    assert result.codes == ("vm_unresolved",)
