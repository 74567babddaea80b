"""Exceptions raised by wisam.vc, each with a stable machine-readable ``code``."""

from __future__ import annotations

from collections.abc import Iterable


class VcError(Exception):
    """Base class; ``code`` is stable and meant for translation by the web layer."""

    code: str = "vc_error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.message = message


class ContextNotAllowed(VcError):
    """A JSON-LD context URL that is not in the bundled allowlist (it is never fetched)."""

    code = "context_not_allowed"

    def __init__(self, url: str) -> None:
        super().__init__(
            f"JSON-LD context {url!r} is not allowed: only bundled contexts are served and "
            "remote contexts are never fetched"
        )
        self.url = url


class ContextIntegrityError(VcError):
    """A bundled context file whose sha256 differs from the pinned value in SOURCES.json."""

    code = "context_integrity"


class UndefinedTermsError(VcError):
    """JSON-LD safe mode: terms or IRIs that no context defines (they would be silently dropped)."""

    code = "undefined_terms"

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = sorted(set(problems))
        super().__init__(
            "The document uses terms or IRIs that no JSON-LD context defines (they would not be "
            "signed): " + ", ".join(self.problems)
        )


class LimitExceeded(VcError):
    """Input rejected before JSON-LD processing because it is too large or too complex."""

    code = "limit_exceeded"


class InvalidDocument(VcError):
    """The document is not acceptable JSON / JSON-LD / credential input."""

    code = "invalid_document"


class UnsafeText(VcError):
    """Text whose canonical form differs between RDFC-1.0 implementations (refused before signing)."""

    code = "unsafe_text"


class KeyFormatError(VcError):
    """A key or multibase value that is not a valid Ed25519 Multikey."""

    code = "invalid_key"


class ResolutionError(VcError):
    """A DID or verification method could not be resolved."""

    code = "resolution_failed"


class SigningError(VcError):
    """Signing was refused (bad options, unsupported cryptosuite, ...)."""

    code = "signing_error"


class StatusListError(VcError):
    """Bitstring Status List errors; codes follow the spec's names where it has one."""

    code = "status_list_error"
