"""Data Integrity proofs with the eddsa-rdfc-2022 and eddsa-jcs-2022 cryptosuites: sign and verify."""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final, Literal

import rfc8785

from .canon import canonicalize_rdfc, check_interop_text, expand_safe
from .did import ResolverLike, resolve_verification_method
from .errors import InvalidDocument, KeyFormatError, SigningError, VcError
from .keys import Ed25519Key, multibase_b58_decode, multibase_b58_encode
from .limits import DEFAULT_LIMITS, Limits, check_structure, json_size, parse_json
from .loader import ContextLoader, default_loader

JsonObject = dict[str, Any]
Cryptosuite = Literal["eddsa-rdfc-2022", "eddsa-jcs-2022"]
RDFC: Final = "eddsa-rdfc-2022"
JCS: Final = "eddsa-jcs-2022"
CRYPTOSUITES: Final[tuple[str, ...]] = (RDFC, JCS)
PROOF_TYPE: Final = "DataIntegrityProof"

# xsd:dateTimeStamp: a dateTime with a mandatory time zone.
_DATETIME_STAMP = re.compile(
    r"^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?"
    r"(Z|[+-](0\d|1[0-4]):[0-5]\d)$"
)


def is_datetime_stamp(value: object) -> bool:
    """True if ``value`` is an xsd:dateTimeStamp string (date-time with a time zone)."""
    if not isinstance(value, str) or not _DATETIME_STAMP.match(value):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False  # e.g. 31 February
    return True


def format_datetime(value: datetime | str | None) -> str:
    """UTC, whole seconds, 'Z' suffix: the form every verifier accepts (§10: created date format)."""
    if value is None:
        value = datetime.now(UTC)
    if isinstance(value, str):
        if not is_datetime_stamp(value):
            raise SigningError(f"{value!r} is not an xsd:dateTimeStamp (e.g. 2025-01-31T12:00:00Z)")
        return value
    if value.tzinfo is None:
        raise SigningError("Datetimes must be timezone-aware (naive datetimes are ambiguous)")
    return value.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, slots=True)
class HashData:
    """Intermediate values of a cryptosuite's transformation and hashing steps."""

    canonical_document: str
    canonical_proof_config: str
    document_hash: bytes
    proof_config_hash: bytes

    @property
    def hash_data(self) -> bytes:
        """proofConfigHash ‖ documentHash (proof hash first, as the spec says)."""
        return self.proof_config_hash + self.document_hash


def _proof_config(unsecured: Mapping[str, Any], options: Mapping[str, Any]) -> JsonObject:
    # Both suites hash the proof options *with the document's @context* (§10.6); only the
    # JCS suite also keeps that @context in the attached proof.
    config = {k: copy.deepcopy(v) for k, v in options.items() if k != "proofValue"}
    if "@context" in unsecured:
        config["@context"] = copy.deepcopy(unsecured["@context"])
    return config


def transform_and_hash(
    unsecured: Mapping[str, Any],
    proof_options: Mapping[str, Any],
    cryptosuite: str,
    *,
    loader: ContextLoader | None = None,
    check_terms: bool = True,
) -> HashData:
    """Canonicalize document and proof configuration and hash both (spec steps 1–3)."""
    loader = loader or default_loader()
    config = _proof_config(unsecured, proof_options)
    if cryptosuite == RDFC:
        doc_in: Any = expand_safe(unsecured, loader) if check_terms else dict(unsecured)
        cfg_in: Any = expand_safe(config, loader) if check_terms else config
        canonical_document = canonicalize_rdfc(doc_in, loader)
        canonical_config = canonicalize_rdfc(cfg_in, loader)
    elif cryptosuite == JCS:
        if check_terms:
            expand_safe(unsecured, loader)
            expand_safe(config, loader)
        try:
            canonical_document = rfc8785.dumps(unsecured).decode("utf-8")
            canonical_config = rfc8785.dumps(config).decode("utf-8")
        except Exception as exc:  # rfc8785 refuses e.g. integers beyond 2^53
            raise InvalidDocument(f"JCS canonicalization failed: {exc}", code="jcs_error") from None
    else:
        raise SigningError(f"Unknown cryptosuite {cryptosuite!r}", code="unknown_cryptosuite")
    return HashData(
        canonical_document=canonical_document,
        canonical_proof_config=canonical_config,
        document_hash=hashlib.sha256(canonical_document.encode("utf-8")).digest(),
        proof_config_hash=hashlib.sha256(canonical_config.encode("utf-8")).digest(),
    )


def sign(
    document: Mapping[str, Any],
    key: Ed25519Key,
    verification_method: str,
    cryptosuite: Cryptosuite = RDFC,
    created: datetime | str | None = None,
    proof_purpose: str = "assertionMethod",
    *,
    loader: ContextLoader | None = None,
    limits: Limits = DEFAULT_LIMITS,
    proof_as_array: bool = True,
    check_terms: bool = True,
    check_interop: bool = True,
) -> JsonObject:
    """Return a signed copy of ``document`` with a DataIntegrityProof (the input is not modified).

    Before signing, undefined terms (JSON-LD safe mode), unknown contexts and text that other
    RDFC-1.0 implementations would canonicalize differently are refused with a VcError.
    ``proof_as_array`` emits ``"proof": [ ... ]``, which the 1EdTech schema requires (§10.7).
    """
    if cryptosuite not in CRYPTOSUITES:
        raise SigningError(f"Unknown cryptosuite {cryptosuite!r}", code="unknown_cryptosuite")
    if not key.has_private:
        raise KeyFormatError("Cannot sign with a public-only key", code="no_private_key")
    if not isinstance(document, Mapping):
        raise InvalidDocument("The document must be a JSON object")
    check_structure(document, limits)
    if json_size(document) > limits.max_bytes:
        raise InvalidDocument("Document is larger than the configured limit", code="document_too_large")
    if "proof" in document:
        raise InvalidDocument("The document already has a proof; sign the unsecured document", code="already_signed")
    if "@context" not in document:
        raise InvalidDocument("The document has no @context", code="missing_context")
    if not isinstance(verification_method, str) or "#" not in verification_method:
        raise SigningError("verification_method must be a URL with a fragment, e.g. did:key:z6Mk…#z6Mk…")
    if verification_method.startswith("did:key:") and verification_method != key.did_key_verification_method:
        raise SigningError("The did:key verification method does not belong to this key", code="key_mismatch")
    unsecured: JsonObject = copy.deepcopy(dict(document))
    if check_interop:
        check_interop_text(unsecured)
    options: JsonObject = {
        "type": PROOF_TYPE,
        "cryptosuite": cryptosuite,
        "created": format_datetime(created),
        "verificationMethod": verification_method,
        "proofPurpose": proof_purpose,
    }
    if check_interop:
        check_interop_text(options)
    hashed = transform_and_hash(unsecured, options, cryptosuite, loader=loader, check_terms=check_terms)
    proof = dict(options)
    if cryptosuite == JCS:
        proof["@context"] = copy.deepcopy(unsecured["@context"])
    proof["proofValue"] = multibase_b58_encode(key.sign(hashed.hash_data))
    signed = unsecured
    signed["proof"] = [proof] if proof_as_array else proof
    return signed


# --------------------------------------------------------------------------- verification


@dataclass(frozen=True, slots=True)
class Check:
    """One verification step; ``code`` is stable (translated by the web layer), ``message`` English."""

    name: str
    ok: bool
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class ProofResult:
    """Outcome for one proof of the document's proof set."""

    index: int
    cryptosuite: str | None
    verification_method: str | None
    checks: tuple[Check, ...]

    @property
    def verified(self) -> bool:
        return bool(self.checks) and all(c.ok for c in self.checks)


@dataclass(frozen=True, slots=True)
class VerificationResult:
    """Whole-document outcome; ``verified`` is True only if every check of every proof passed."""

    verified: bool
    checks: tuple[Check, ...]
    proofs: tuple[ProofResult, ...] = field(default=())
    document: JsonObject | None = None

    @property
    def errors(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if not c.ok)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.errors)


def _ok(name: str, message: str) -> Check:
    return Check(name, True, "ok", message)


def _fail(name: str, code: str, message: str) -> Check:
    return Check(name, False, code, message)


def _issuer_id(document: Mapping[str, Any]) -> str | None:
    issuer = document.get("issuer")
    if isinstance(issuer, str):
        return issuer
    if isinstance(issuer, Mapping) and isinstance(issuer.get("id"), str):
        return str(issuer["id"])
    return None


def verify(
    document: Mapping[str, Any] | str | bytes,
    resolver: ResolverLike,
    *,
    loader: ContextLoader | None = None,
    limits: Limits = DEFAULT_LIMITS,
    expected_proof_purpose: str = "assertionMethod",
    require_issuer_binding: bool = True,
    check_terms: bool = True,
    now: datetime | None = None,
) -> VerificationResult:
    """Verify every Data Integrity proof on ``document``. Never raises on bad input.

    ``document`` may be JSON text/bytes (size-checked before parsing) or a parsed object.
    ``require_issuer_binding`` demands that the issuer id equals the verification method's
    controller, as @digitalbazaar/vc and the 1EdTech validator do (§10.5).
    """
    try:
        return _verify(
            document,
            resolver,
            loader=loader or default_loader(),
            limits=limits,
            purpose=expected_proof_purpose,
            binding=require_issuer_binding,
            check_terms=check_terms,
            now=now or datetime.now(UTC),
        )
    except Exception as exc:  # last line of defence: verification reports, it does not crash
        return VerificationResult(
            verified=False, checks=(_fail("internal", "internal_error", f"Verification failed unexpectedly: {exc!r}"),)
        )


def _load_input(document: Mapping[str, Any] | str | bytes, limits: Limits) -> JsonObject:
    if isinstance(document, str | bytes | bytearray):
        value = parse_json(bytes(document) if isinstance(document, bytearray) else document, limits)
    else:
        check_structure(document, limits)
        if json_size(document) > limits.max_bytes:
            raise InvalidDocument(f"Document is larger than {limits.max_bytes} bytes", code="document_too_large")
        value = copy.deepcopy(document)
    if not isinstance(value, dict):
        raise InvalidDocument("A credential must be a JSON object", code="not_an_object")
    return value


def _verify(
    document: Mapping[str, Any] | str | bytes,
    resolver: ResolverLike,
    *,
    loader: ContextLoader,
    limits: Limits,
    purpose: str,
    binding: bool,
    check_terms: bool,
    now: datetime,
) -> VerificationResult:
    checks: list[Check] = []

    def finish(proofs: Sequence[ProofResult] = (), doc: JsonObject | None = None) -> VerificationResult:
        flat = checks + [c for p in proofs for c in p.checks]
        verified = bool(proofs) and all(c.ok for c in flat)
        return VerificationResult(verified=verified, checks=tuple(flat), proofs=tuple(proofs), document=doc)

    try:
        doc = _load_input(document, limits)
    except VcError as exc:
        checks.append(_fail("input", exc.code, exc.message))
        return finish()
    checks.append(_ok("input", "Document is well-formed JSON within the size limits"))

    raw_proof = doc.get("proof")
    proofs_in: list[Any] = raw_proof if isinstance(raw_proof, list) else [raw_proof] if raw_proof else []
    if not proofs_in:
        checks.append(_fail("proof_present", "proof_missing", "The document has no proof"))
        return finish(doc=doc)
    if len(proofs_in) > limits.max_proofs:
        checks.append(_fail("proof_present", "too_many_proofs", f"More than {limits.max_proofs} proofs"))
        return finish(doc=doc)
    if not all(isinstance(p, dict) for p in proofs_in):
        checks.append(_fail("proof_present", "proof_malformed", "Every proof must be a JSON object"))
        return finish(doc=doc)
    checks.append(_ok("proof_present", f"{len(proofs_in)} proof(s) present"))

    unsecured = {k: v for k, v in doc.items() if k != "proof"}
    try:
        loader.check_document_contexts(unsecured)
        for p in proofs_in:
            loader.check_document_contexts(p)
    except VcError as exc:
        checks.append(_fail("contexts", exc.code, exc.message))
        return finish(doc=doc)
    checks.append(_ok("contexts", "All JSON-LD contexts are bundled and allowed"))

    results = [
        _verify_one(i, p, unsecured, resolver, loader, limits, purpose, binding, check_terms, now)
        for i, p in enumerate(proofs_in)
    ]
    return finish(results, doc)


def _verify_one(
    index: int,
    proof: JsonObject,
    unsecured: JsonObject,
    resolver: ResolverLike,
    loader: ContextLoader,
    limits: Limits,
    purpose: str,
    binding: bool,
    check_terms: bool,
    now: datetime,
) -> ProofResult:
    checks: list[Check] = []
    suite = proof.get("cryptosuite")
    vm_id = proof.get("verificationMethod")

    def done() -> ProofResult:
        return ProofResult(
            index=index,
            cryptosuite=suite if isinstance(suite, str) else None,
            verification_method=vm_id if isinstance(vm_id, str) else None,
            checks=tuple(checks),
        )

    if proof.get("type") != PROOF_TYPE:
        checks.append(
            _fail("cryptosuite_known", "unsupported_proof_type", f"Proof type {proof.get('type')!r} is not supported")
        )
        return done()
    if suite not in CRYPTOSUITES:
        checks.append(_fail("cryptosuite_known", "unknown_cryptosuite", f"Cryptosuite {suite!r} is not supported"))
        return done()
    checks.append(_ok("cryptosuite_known", f"Cryptosuite {suite}"))

    # Proof options: purpose, dates, proofValue shape, all before any expensive work.
    if proof.get("proofPurpose") != purpose:
        checks.append(
            _fail(
                "proof_options",
                "proof_purpose_mismatch",
                f"proofPurpose is {proof.get('proofPurpose')!r}, expected {purpose!r}",
            )
        )
        return done()
    if "created" in proof and not is_datetime_stamp(proof["created"]):
        checks.append(_fail("proof_options", "proof_created_invalid", "proof.created is not an xsd:dateTimeStamp"))
        return done()
    if "expires" in proof:
        if not is_datetime_stamp(proof["expires"]):
            checks.append(_fail("proof_options", "proof_expires_invalid", "proof.expires is not an xsd:dateTimeStamp"))
            return done()
        if datetime.fromisoformat(str(proof["expires"]).replace("Z", "+00:00")) < now:
            checks.append(_fail("proof_options", "proof_expired", "The proof has expired"))
            return done()
    proof_value = proof.get("proofValue")
    try:
        signature = multibase_b58_decode(proof_value) if isinstance(proof_value, str) else b""
    except VcError:
        signature = b""
    if len(signature) != 64:
        checks.append(
            _fail("proof_options", "proof_value_malformed", "proofValue is not a base58btc multibase 64-byte signature")
        )
        return done()
    if suite == JCS and "@context" in proof:
        pctx = proof["@context"]
        pctx_list = pctx if isinstance(pctx, list) else [pctx]
        dctx = unsecured.get("@context")
        dctx_list = dctx if isinstance(dctx, list) else [dctx]
        if dctx_list[: len(pctx_list)] != pctx_list:
            checks.append(
                _fail(
                    "proof_options",
                    "proof_context_mismatch",
                    "The document @context does not start with the proof @context",
                )
            )
            return done()
    checks.append(_ok("proof_options", "Proof options are well-formed"))

    try:
        vm = resolve_verification_method(str(vm_id), resolver, proof_purpose=purpose, limits=limits)
    except VcError as exc:
        checks.append(_fail("verification_method", exc.code, exc.message))
        return done()
    checks.append(_ok("verification_method", f"Ed25519 Multikey {vm.id} resolved and authorized for {purpose}"))

    if binding:
        issuer = _issuer_id(unsecured)
        if issuer != vm.controller:
            checks.append(
                _fail(
                    "issuer_binding",
                    "controller_mismatch",
                    f"The key's controller {vm.controller!r} is not the issuer {issuer!r}",
                )
            )
            return done()
        checks.append(_ok("issuer_binding", "The issuer controls the signing key"))

    options = {k: v for k, v in proof.items() if k != "proofValue"}
    if suite == JCS and "@context" in options:
        # The proof's @context becomes the document's @context for hashing (spec 3.3.x step).
        unsecured = dict(unsecured, **{"@context": options["@context"]})
        options = {k: v for k, v in options.items() if k != "@context"}
    try:
        hashed = transform_and_hash(unsecured, options, str(suite), loader=loader, check_terms=check_terms)
    except VcError as exc:
        checks.append(_fail("terms_defined", exc.code, exc.message))
        return done()
    if check_terms:
        checks.append(_ok("terms_defined", "Every term is defined by an allowed context"))

    if not vm.key.verify(signature, hashed.hash_data):
        checks.append(_fail("signature", "signature_invalid", "The signature does not match the document"))
        return done()
    checks.append(_ok("signature", "Ed25519 signature is valid"))
    return done()


def load_json(data: str | bytes, limits: Limits = DEFAULT_LIMITS) -> Any:
    """Parse untrusted JSON with the same limits verify() applies."""
    return parse_json(data, limits)
