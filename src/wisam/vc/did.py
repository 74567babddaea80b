"""DID documents for Ed25519 Multikeys (did:key, did:web) and verification-method resolution."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable
from urllib.parse import unquote

from .errors import KeyFormatError, ResolutionError, VcError
from .keys import Ed25519Key, decode_public_multikey
from .limits import DEFAULT_LIMITS, Limits, check_structure

JsonObject = dict[str, Any]

DID_V1 = "https://www.w3.org/ns/did/v1"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
_DID_WEB = re.compile(r"^did:web:([A-Za-z0-9.\-]+(?:%3[Aa][0-9]+)?)((?::[A-Za-z0-9._~\-%]+)*)$")
VERIFICATION_RELATIONSHIPS = (
    "authentication",
    "assertionMethod",
    "capabilityDelegation",
    "capabilityInvocation",
)


def _multibase_of(key: Ed25519Key | str) -> str:
    if isinstance(key, Ed25519Key):
        return key.public_key_multibase
    decode_public_multikey(key)  # validates: Ed25519 Multikey only
    return key


def did_key_document(key: Ed25519Key | str) -> JsonObject:
    """The did:key DID document, shaped as @digitalbazaar/did-method-key 5.x produces it."""
    mb = _multibase_of(key)
    did = f"did:key:{mb}"
    vm_id = f"{did}#{mb}"
    return {
        "@context": [DID_V1, MULTIKEY_V1],
        "id": did,
        "verificationMethod": [{"id": vm_id, "type": "Multikey", "controller": did, "publicKeyMultibase": mb}],
        "authentication": [vm_id],
        "assertionMethod": [vm_id],
        "capabilityDelegation": [vm_id],
        "capabilityInvocation": [vm_id],
    }


def did_web_document(did: str, key: Ed25519Key | str, *, fragment: str = "key-1") -> JsonObject:
    """A did:web DID document with one Multikey listed under assertionMethod and authentication.

    The Multikey type matters: some 1EdTech examples use a wrong VM type (§10.8).
    """
    did_web_url(did)  # validates the DID
    mb = _multibase_of(key)
    vm_id = f"{did}#{fragment}"
    return {
        "@context": [DID_V1, MULTIKEY_V1],
        "id": did,
        "verificationMethod": [{"id": vm_id, "type": "Multikey", "controller": did, "publicKeyMultibase": mb}],
        "authentication": [vm_id],
        "assertionMethod": [vm_id],
    }


def did_web_url(did: str) -> str:
    """The https URL of the DID document (did:web method spec); the library never fetches it."""
    m = _DID_WEB.match(did)
    if not m:
        raise ResolutionError(f"Not a valid did:web identifier: {did!r}", code="invalid_did")
    host = unquote(m.group(1))
    path = [unquote(p) for p in m.group(2).split(":") if p]
    if any(p in ("", ".", "..") or "/" in p for p in path):
        raise ResolutionError(f"Not a valid did:web path: {did!r}", code="invalid_did")
    if not path:
        return f"https://{host}/.well-known/did.json"
    return f"https://{host}/{'/'.join(path)}/did.json"


@runtime_checkable
class Resolver(Protocol):
    """Returns the DID document / controller document for an identifier, or None."""

    def resolve(self, identifier: str) -> Mapping[str, Any] | None: ...


ResolverLike = Resolver | Callable[[str], Mapping[str, Any] | None]


class StaticResolver:
    """Resolves did:key locally and everything else from a caller-supplied mapping.

    Keys of ``documents`` may be DIDs, https controller-document URLs, or for did:web the
    https URL of did.json (so a caller can pin what it fetched itself). ``fallback`` is an
    optional callable for identifiers not in the mapping (e.g. the web layer's cached fetcher).
    """

    def __init__(
        self,
        documents: Mapping[str, Mapping[str, Any]] | None = None,
        *,
        fallback: Callable[[str], Mapping[str, Any] | None] | None = None,
        allow_did_key: bool = True,
    ) -> None:
        self._documents = dict(documents or {})
        self._fallback = fallback
        self._allow_did_key = allow_did_key

    def resolve(self, identifier: str) -> Mapping[str, Any] | None:
        if identifier.startswith("did:key:"):
            return resolve_did_key(identifier) if self._allow_did_key else None
        doc = self._documents.get(identifier)
        if doc is None and identifier.startswith("did:web:"):
            doc = self._documents.get(did_web_url(identifier))
        if doc is None and self._fallback is not None:
            doc = self._fallback(identifier)
        return doc


def resolve_did_key(did: str) -> JsonObject:
    """Compute the DID document of an Ed25519 did:key (pure computation, no IO)."""
    if not did.startswith("did:key:"):
        raise ResolutionError(f"Not a did:key: {did!r}", code="invalid_did")
    mb = did[len("did:key:") :]
    try:
        return did_key_document(mb)
    except KeyFormatError as exc:
        raise ResolutionError(f"did:key is not an Ed25519 Multikey: {exc}", code=exc.code) from None


@dataclass(frozen=True, slots=True)
class VerificationMethod:
    """A resolved, checked Ed25519 Multikey verification method."""

    id: str
    controller: str
    public_key_multibase: str
    key: Ed25519Key


def _call_resolver(resolver: ResolverLike, identifier: str) -> Mapping[str, Any] | None:
    if isinstance(resolver, Resolver):
        return resolver.resolve(identifier)
    return resolver(identifier)


def _absolute(ref: str, base: str) -> str:
    return base + ref if ref.startswith("#") else ref


def resolve_verification_method(
    vm_id: str,
    resolver: ResolverLike,
    *,
    proof_purpose: str = "assertionMethod",
    limits: Limits = DEFAULT_LIMITS,
) -> VerificationMethod:
    """Dereference ``vm_id`` through its controller document and check it may sign for the purpose.

    Unlike the 1EdTech validator (§10.9) the key is never taken from the URL fragment: the
    controller document must list it, with type Multikey, under ``proof_purpose``.
    """
    if not isinstance(vm_id, str) or "#" not in vm_id:
        raise ResolutionError("verificationMethod must be a URL with a fragment (controller#key)", code="vm_invalid")
    controller_id = vm_id.split("#", 1)[0]
    try:
        doc = _call_resolver(resolver, controller_id)
    except VcError as exc:
        # Keep specific codes (e.g. wrong_key_type for a non-Ed25519 did:key).
        code = exc.code if isinstance(exc, ResolutionError) and exc.code != ResolutionError.code else "vm_unresolved"
        raise ResolutionError(f"Could not resolve {controller_id!r}: {exc.message}", code=code) from None
    except Exception as exc:  # a resolver is caller code: never let it crash verification
        raise ResolutionError(f"Could not resolve {controller_id!r}: {exc}", code="vm_unresolved") from None
    if doc is None:
        raise ResolutionError(f"No controller document for {controller_id!r}", code="vm_unresolved")
    if not isinstance(doc, Mapping):
        raise ResolutionError("Controller document is not a JSON object", code="vm_unresolved")
    try:
        check_structure(doc, limits)
    except VcError as exc:
        raise ResolutionError(f"Controller document refused: {exc.message}", code="vm_unresolved") from None
    doc_id = doc.get("id")
    if doc_id != controller_id:
        raise ResolutionError(
            f"Controller document id {doc_id!r} does not match {controller_id!r}", code="vm_controller_mismatch"
        )

    candidates: list[Any] = []
    for prop in ("verificationMethod", proof_purpose):
        value = doc.get(prop, [])
        candidates.extend(value if isinstance(value, list) else [value])
    method: Mapping[str, Any] | None = None
    for cand in candidates:
        if isinstance(cand, Mapping) and _absolute(str(cand.get("id", "")), controller_id) == vm_id:
            method = cand
            break
    if method is None:
        raise ResolutionError(f"{vm_id!r} is not in its controller document", code="vm_not_found")

    authorized = doc.get(proof_purpose, [])
    authorized_ids = {
        _absolute(a if isinstance(a, str) else str(a.get("id", "")), controller_id)
        for a in (authorized if isinstance(authorized, list) else [authorized])
        if isinstance(a, str | Mapping)
    }
    if vm_id not in authorized_ids:
        raise ResolutionError(
            f"{vm_id!r} is not authorized for {proof_purpose} by its controller", code="vm_not_authorized"
        )

    vm_type = method.get("type")
    if vm_type != "Multikey":
        raise ResolutionError(
            f"Verification method type {vm_type!r} is not supported (only Ed25519 Multikey)", code="wrong_key_type"
        )
    controller = method.get("controller")
    if controller != controller_id:
        raise ResolutionError(
            f"Verification method controller {controller!r} is not {controller_id!r}", code="vm_controller_mismatch"
        )
    mb = method.get("publicKeyMultibase")
    if not isinstance(mb, str):
        raise ResolutionError("Verification method has no publicKeyMultibase", code="wrong_key_type")
    if "secretKeyMultibase" in method:
        raise ResolutionError("Controller document exposes a secret key", code="vm_invalid")
    try:
        key = Ed25519Key.from_public_multibase(mb)
    except KeyFormatError as exc:
        raise ResolutionError(f"publicKeyMultibase: {exc.message}", code=exc.code) from None
    if controller_id.startswith("did:key:") and vm_id != f"{controller_id}#{mb}":
        raise ResolutionError("did:key verification method must be did:key:<key>#<key>", code="vm_invalid")
    return VerificationMethod(id=vm_id, controller=controller_id, public_key_multibase=mb, key=key)
