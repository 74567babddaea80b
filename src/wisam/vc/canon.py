"""JSON-LD safe-mode expansion and RDFC-1.0 canonicalization on top of pyld, with interop guards."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, cast

from pyld import jsonld

from .errors import ContextIntegrityError, ContextNotAllowed, InvalidDocument, UndefinedTermsError, UnsafeText
from .loader import ContextLoader

# jsonld.js' isAbsolute(): a scheme (or "_" for blank nodes) followed by ':' and no whitespace.
_ABSOLUTE_IRI = re.compile(r"^([A-Za-z][A-Za-z0-9+\-.]*|_):[^\s]*$")
_BCP47 = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")
# Control characters that pyld (URDNA2015 escaping) writes raw but RDFC-1.0 / rdf-canonize 5
# escape (\b, \f, \u0000.., \u007F): the two stacks would hash different bytes (§10.3).
_DIVERGENT_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# RDFC-1.0 (and pyld) sort by code point, rdf-canonize by UTF-16 code unit. The two orders
# disagree only when a supplementary-plane character is compared with one in U+E000..U+FFFF.
_ASTRAL = re.compile(r"[\U00010000-\U0010FFFF]")
_HIGH_BMP = re.compile(r"[\ue000-\uffff]")
# rdf-canonize escapes these in IRIs, pyld does not: refuse them in IRIs we sign.
_BAD_IRI_CHARS = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')
MAX_SAFE_INTEGER = 2**53 - 1

JsonObject = dict[str, Any]


def _unwrap_pyld_error(exc: Exception) -> Exception:
    # pyld wraps loader exceptions (possibly several levels deep) in JsonLdError.
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        if isinstance(cur, ContextNotAllowed | ContextIntegrityError):
            return cur  # a VcError, hence an Exception
        nxt = getattr(cur, "cause", None) or cur.__cause__ or cur.__context__
        cur = nxt if isinstance(nxt, BaseException) else None
    return exc


def _pyld_failure(exc: Exception) -> Exception:
    inner = _unwrap_pyld_error(exc)
    if inner is not exc:
        return inner
    return InvalidDocument(f"JSON-LD processing failed: {exc}", code="jsonld_error")


def expand_safe(document: Mapping[str, Any], loader: ContextLoader) -> list[Any]:
    """Expand with pyld and fail like jsonld.js safe mode on anything that would be lost.

    pyld (3.3) has no safe mode: it silently drops undefined terms and keeps relative IRIs,
    which RDF conversion then drops. Both mean data that looks signed but is not
    (credentials-tech.md §10.1).
    """
    loader.check_document_contexts(document)
    dropped: list[str] = []

    def on_dropped(prop: str | None) -> None:
        dropped.append(str(prop))

    try:
        expanded = jsonld.expand(
            dict(document), {"documentLoader": loader, "base": None}, on_property_dropped=on_dropped
        )
    except RecursionError:
        raise InvalidDocument("Document is nested too deeply for JSON-LD", code="document_too_deep") from None
    except Exception as exc:
        raise _pyld_failure(exc) from None
    problems = [f"{term!r} (undefined term)" for term in dropped]
    _scan_expanded(expanded, problems)
    if problems:
        raise UndefinedTermsError(problems)
    return cast(list[Any], expanded)


def _scan_expanded(expanded: Any, problems: list[str]) -> None:
    stack: list[Any] = [expanded]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
            continue
        if not isinstance(item, dict):
            continue
        for key, value in item.items():
            if key == "@id":
                if not isinstance(value, str) or not _ABSOLUTE_IRI.match(value):
                    problems.append(f"{value!r} (relative @id)")
            elif key == "@type":
                for t in value if isinstance(value, list) else [value]:
                    if t != "@json" and (not isinstance(t, str) or not _ABSOLUTE_IRI.match(t)):
                        problems.append(f"{t!r} (undefined type)")
            elif key == "@language":
                if not isinstance(value, str) or not _BCP47.match(value):
                    problems.append(f"{value!r} (invalid @language)")
            elif key == "@value":
                continue  # literal content, checked by check_interop_text
            elif not key.startswith("@"):
                if key.startswith("_:") or not _ABSOLUTE_IRI.match(key):
                    problems.append(f"{key!r} (relative or blank-node property)")
                stack.append(value)
            else:
                stack.append(value)


def canonicalize_rdfc(expanded_or_document: Any, loader: ContextLoader) -> str:
    """RDFC-1.0 canonical N-Quads (pyld URDNA2015) with ``base: None`` (§10.2)."""
    try:
        result = jsonld.normalize(
            expanded_or_document,
            {
                "algorithm": "URDNA2015",
                "format": "application/n-quads",
                "documentLoader": loader,
                "base": None,
            },
        )
    except RecursionError:
        raise InvalidDocument("Document is nested too deeply for JSON-LD", code="document_too_deep") from None
    except Exception as exc:
        raise _pyld_failure(exc) from None
    return cast(str, result)


def check_interop_text(document: Any) -> None:
    """Refuse values that pyld and jsonld.js/rdf-canonize would canonicalize differently.

    Applied before signing so that every verifier (not only Wisam's) accepts what we issue.
    """
    has_astral = False
    has_high_bmp = False
    stack: list[tuple[Any, str]] = [(document, "$")]
    while stack:
        item, path = stack.pop()
        if isinstance(item, Mapping):
            for key, value in item.items():
                _check_string(key, path)
                has_astral = has_astral or bool(_ASTRAL.search(key))
                has_high_bmp = has_high_bmp or bool(_HIGH_BMP.search(key))
                stack.append((value, f"{path}.{key}"))
        elif isinstance(item, list):
            stack.extend((v, f"{path}[{i}]") for i, v in enumerate(item))
        elif isinstance(item, str):
            _check_string(item, path)
            has_astral = has_astral or bool(_ASTRAL.search(item))
            has_high_bmp = has_high_bmp or bool(_HIGH_BMP.search(item))
            if path.endswith((".id", ".@id")) and ":" in item and _BAD_IRI_CHARS.search(item):
                raise UnsafeText(f"{path}: IRI contains characters that must not appear in an IRI")
        elif isinstance(item, bool) or item is None:
            continue
        elif isinstance(item, int):
            if abs(item) > MAX_SAFE_INTEGER:
                raise UnsafeText(
                    f"{path}: integer {item} is beyond 2^53-1 and loses precision in JavaScript verifiers; use a string"
                )
        elif isinstance(item, float) and item != 0.0 and abs(item) < 1e-6:
            raise UnsafeText(
                f'{path}: number {item!r} is canonicalized differently by jsonld.js (as "0"); use a string'
            )
    if has_astral and has_high_bmp:
        raise UnsafeText(
            "The document mixes characters above U+FFFF (e.g. emoji) with characters in U+E000..U+FFFF "
            "(e.g. Arabic presentation forms, full-width forms): RDFC-1.0 implementations order such "
            "text differently, so JavaScript verifiers would reject the signature. Normalise the text "
            "(e.g. NFKC) or remove one of them."
        )


def _check_string(value: str, path: str) -> None:
    m = _DIVERGENT_CONTROLS.search(value)
    if m:
        raise UnsafeText(
            f"{path}: contains control character U+{ord(m.group()):04X}, which RDFC-1.0 implementations "
            "escape differently; remove it"
        )
