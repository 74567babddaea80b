"""wisam.vc: W3C Verifiable Credentials 2.0 / Open Badges 3.0 with Data Integrity EdDSA proofs.

Pure Python (no Django). Main entry points:

* :func:`sign` / :func:`verify` - ``eddsa-rdfc-2022`` (default) and ``eddsa-jcs-2022`` proofs;
  ``verify`` never raises and returns a :class:`VerificationResult` with per-check codes.
* :class:`Ed25519Key` - key generation, Multikey (``z6Mk…``/``z3u2…``) and did:key.
* :func:`did_key_document`, :func:`did_web_document`, :class:`StaticResolver` - DID documents
  and offline resolution (did:web through a caller-supplied mapping; no network IO here).
* :class:`StatusList`, :func:`status_list_credential`, :func:`status_list_entry`,
  :func:`check_status` - Bitstring Status List v1.0.
* :func:`open_badge_credential` & friends, :func:`validate_ob_schema`,
  :func:`validate_credential` - OB 3.0 documents.
* :class:`ContextLoader` - offline JSON-LD loader serving only bundled, sha256-pinned contexts.

Every refusal raises a :class:`VcError` subclass with a stable ``code``.
"""

from .did import (
    Resolver,
    ResolverLike,
    StaticResolver,
    VerificationMethod,
    did_key_document,
    did_web_document,
    did_web_url,
    resolve_did_key,
    resolve_verification_method,
)
from .documents import (
    OB_CONTEXT,
    OB_EXTENSIONS,
    OB_SCHEMA_URL,
    VC_V2,
    achievement,
    alignment,
    identity_hash,
    identity_object,
    open_badge_credential,
    profile,
    validate_credential,
    validate_ob_schema,
    validity_problem,
)
from .errors import (
    ContextIntegrityError,
    ContextNotAllowed,
    InvalidDocument,
    KeyFormatError,
    LimitExceeded,
    ResolutionError,
    SigningError,
    StatusListError,
    UndefinedTermsError,
    UnsafeText,
    VcError,
)
from .keys import Ed25519Key, decode_public_multikey, encode_public_multikey
from .limits import DEFAULT_LIMITS, Limits
from .loader import ContextLoader, ContextSource, bundled_contexts, default_loader
from .proofs import (
    CRYPTOSUITES,
    Check,
    Cryptosuite,
    HashData,
    ProofResult,
    VerificationResult,
    format_datetime,
    load_json,
    sign,
    transform_and_hash,
    verify,
)
from .statuslist import (
    MIN_ENTRIES,
    StatusList,
    StatusResult,
    check_status,
    random_index,
    status_list_credential,
    status_list_entry,
)

__all__ = [
    "CRYPTOSUITES",
    "DEFAULT_LIMITS",
    "MIN_ENTRIES",
    "OB_CONTEXT",
    "OB_EXTENSIONS",
    "OB_SCHEMA_URL",
    "VC_V2",
    "Check",
    "ContextIntegrityError",
    "ContextLoader",
    "ContextNotAllowed",
    "ContextSource",
    "Cryptosuite",
    "Ed25519Key",
    "HashData",
    "InvalidDocument",
    "KeyFormatError",
    "LimitExceeded",
    "Limits",
    "ProofResult",
    "ResolutionError",
    "Resolver",
    "ResolverLike",
    "SigningError",
    "StaticResolver",
    "StatusList",
    "StatusListError",
    "StatusResult",
    "UndefinedTermsError",
    "UnsafeText",
    "VcError",
    "VerificationMethod",
    "VerificationResult",
    "achievement",
    "alignment",
    "bundled_contexts",
    "check_status",
    "decode_public_multikey",
    "default_loader",
    "did_key_document",
    "did_web_document",
    "did_web_url",
    "encode_public_multikey",
    "format_datetime",
    "identity_hash",
    "identity_object",
    "load_json",
    "open_badge_credential",
    "profile",
    "random_index",
    "resolve_did_key",
    "resolve_verification_method",
    "sign",
    "status_list_credential",
    "status_list_entry",
    "transform_and_hash",
    "validate_credential",
    "validate_ob_schema",
    "validity_problem",
    "verify",
]
