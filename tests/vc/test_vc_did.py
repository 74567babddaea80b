"""did:key / did:web documents, URL mapping and verification-method resolution."""

from __future__ import annotations

from typing import Any

import pytest

from wisam.vc import (
    Ed25519Key,
    ResolutionError,
    StaticResolver,
    did_key_document,
    did_web_document,
    did_web_url,
    resolve_did_key,
    resolve_verification_method,
)


def test_did_key_document_shape(issuer_key: Ed25519Key) -> None:
    doc = resolve_did_key(issuer_key.did_key)
    vm = issuer_key.did_key_verification_method
    assert doc == did_key_document(issuer_key)
    assert doc["@context"] == ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]
    assert doc["verificationMethod"] == [
        {
            "id": vm,
            "type": "Multikey",
            "controller": issuer_key.did_key,
            "publicKeyMultibase": issuer_key.public_key_multibase,
        }
    ]
    assert doc["assertionMethod"] == [vm]


@pytest.mark.parametrize(
    ("did", "url"),
    [
        ("did:web:example.com", "https://example.com/.well-known/did.json"),
        ("did:web:example.com:issuers:42", "https://example.com/issuers/42/did.json"),
        ("did:web:example.com%3A8443", "https://example.com:8443/.well-known/did.json"),
        ("did:web:wisam.example:org:uni-1", "https://wisam.example/org/uni-1/did.json"),
    ],
)
def test_did_web_url(did: str, url: str) -> None:
    assert did_web_url(did) == url


@pytest.mark.parametrize("did", ["did:web:", "did:web:exa mple.com", "did:web:example.com:..", "did:key:z6Mk"])
def test_bad_did_web(did: str) -> None:
    with pytest.raises(ResolutionError):
        did_web_url(did)


def test_did_web_resolution_by_did_or_url(issuer_key: Ed25519Key) -> None:
    did = "did:web:wisam.example:org:uni-1"
    doc = did_web_document(did, issuer_key)
    for mapping in ({did: doc}, {did_web_url(did): doc}):
        vm = resolve_verification_method(f"{did}#key-1", StaticResolver(mapping))
        assert vm.controller == did
        assert vm.key.public_key == issuer_key.public_key
    with pytest.raises(ResolutionError) as info:
        resolve_verification_method(f"{did}#key-1", StaticResolver())
    assert info.value.code == "vm_unresolved"


def _doc(did: str, method: dict[str, Any], purposes: list[Any]) -> dict[str, Any]:
    return {"id": did, "verificationMethod": [method], "assertionMethod": purposes}


@pytest.mark.parametrize(
    ("mutate", "code"),
    [
        (lambda d: d.update(id="did:web:other.example"), "vm_controller_mismatch"),
        (lambda d: d.update(assertionMethod=[]), "vm_not_authorized"),
        (lambda d: d["verificationMethod"][0].update(type="Ed25519VerificationKey2020"), "wrong_key_type"),
        (lambda d: d["verificationMethod"][0].update(type="JsonWebKey2020"), "wrong_key_type"),
        (
            lambda d: d["verificationMethod"][0].update(
                publicKeyMultibase="z6LSbysY2xFMRpGMhb7tFTLMpeuPRaqaWM1yECx2AtzE3KCc"
            ),
            "wrong_key_type",
        ),
        (lambda d: d["verificationMethod"][0].update(controller="did:web:evil.example"), "vm_controller_mismatch"),
        (lambda d: d["verificationMethod"][0].update(id="did:web:wisam.example#key-2"), "vm_not_found"),
    ],
)
def test_verification_method_refusals(issuer_key: Ed25519Key, mutate: Any, code: str) -> None:
    did = "did:web:wisam.example"
    doc = did_web_document(did, issuer_key)
    mutate(doc)
    with pytest.raises(ResolutionError) as info:
        resolve_verification_method(f"{did}#key-1", StaticResolver({did: doc}))
    assert info.value.code == code


def test_relative_vm_ids_and_embedded_methods(issuer_key: Ed25519Key) -> None:
    did = "did:web:wisam.example"
    method = {
        "id": "#key-1",
        "type": "Multikey",
        "controller": did,
        "publicKeyMultibase": issuer_key.public_key_multibase,
    }
    doc = {"id": did, "assertionMethod": [method]}
    assert resolve_verification_method(f"{did}#key-1", StaticResolver({did: doc})).id == f"{did}#key-1"


def test_resolver_exceptions_are_contained(issuer_key: Ed25519Key) -> None:
    def boom(identifier: str) -> dict[str, Any]:
        raise RuntimeError("network down")

    with pytest.raises(ResolutionError) as info:
        resolve_verification_method("https://x.example/issuer#k", boom)
    assert info.value.code == "vm_unresolved"
    assert "network down" in info.value.message


def test_did_key_must_use_its_own_fragment(issuer_key: Ed25519Key) -> None:
    with pytest.raises(ResolutionError) as info:
        resolve_verification_method(f"{issuer_key.did_key}#key-1", StaticResolver())
    assert info.value.code == "vm_not_found"
