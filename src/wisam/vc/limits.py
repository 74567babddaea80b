"""Resource limits applied to untrusted input before any JSON-LD processing."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import InvalidDocument, LimitExceeded

JsonObject = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Limits:
    """Caps that keep hostile input cheap to refuse.

    pyld has no work limit on RDF canonicalization (credentials-tech.md §10.11), so the
    structural caps below are what bounds the cost of verifying a crafted document.
    """

    max_bytes: int = 512 * 1024
    max_depth: int = 32
    max_nodes: int = 20_000
    max_string_length: int = 256 * 1024
    max_contexts: int = 16
    max_proofs: int = 4
    # Blank nodes (objects without "id") that are JSON-identical to a sibling force RDFC
    # N-degree hashing, which is factorial in the group size.
    max_identical_siblings: int = 8
    # Explicit blank-node labels ("_:x") let a document build blank-node cliques, for which
    # RDFC N-degree hashing is factorial (6 mutually linked nodes already cost ~1 s in pyld,
    # 8 take minutes). Credentials have no need for them.
    max_blank_node_labels: int = 4


DEFAULT_LIMITS = Limits()


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> JsonObject:
    # Duplicate keys are resolved differently by different parsers; a signed document
    # must mean one thing only.
    obj: JsonObject = {}
    for key, value in pairs:
        if key in obj:
            raise InvalidDocument(f"Duplicate JSON key {key!r}", code="duplicate_key")
        obj[key] = value
    return obj


def _reject_constant(name: str) -> Any:
    raise InvalidDocument(f"Non-standard JSON number {name}", code="invalid_json")


def parse_json(data: str | bytes, limits: Limits = DEFAULT_LIMITS) -> Any:
    """Parse JSON text after a size check; refuse duplicate keys, NaN/Infinity and deep nesting."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if len(raw) > limits.max_bytes:
        raise LimitExceeded(f"Document is {len(raw)} bytes; the limit is {limits.max_bytes}", code="document_too_large")
    try:
        value = json.loads(raw, object_pairs_hook=_reject_duplicate_keys, parse_constant=_reject_constant)
    except RecursionError:
        raise LimitExceeded("Document is nested too deeply", code="document_too_deep") from None
    except (UnicodeDecodeError, ValueError) as exc:
        if isinstance(exc, InvalidDocument):
            raise
        raise InvalidDocument(f"Not valid UTF-8 JSON: {exc}", code="invalid_json") from None
    check_structure(value, limits)
    return value


def check_structure(value: Any, limits: Limits = DEFAULT_LIMITS) -> None:
    """Iteratively check depth, node count, string length and identical blank-node siblings."""
    nodes = 0
    labels: set[str] = set()
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        nodes += 1
        if nodes > limits.max_nodes:
            raise LimitExceeded(f"Document has more than {limits.max_nodes} JSON values", code="too_many_nodes")
        if depth > limits.max_depth:
            raise LimitExceeded(f"Document nesting exceeds {limits.max_depth} levels", code="document_too_deep")
        if isinstance(item, Mapping):
            for key, child in item.items():
                if not isinstance(key, str):
                    raise InvalidDocument("JSON object keys must be strings", code="invalid_json")
                if len(key) > limits.max_string_length:
                    raise LimitExceeded("A JSON key is too long", code="string_too_long")
                stack.append((child, depth + 1))
        elif isinstance(item, list | tuple):
            _check_identical_siblings(item, limits)
            stack.extend((child, depth + 1) for child in item)
        elif isinstance(item, str):
            if item.startswith("_:"):
                labels.add(item)
                if len(labels) > limits.max_blank_node_labels:
                    raise LimitExceeded(
                        f"More than {limits.max_blank_node_labels} blank-node labels ('_:…'); their "
                        "canonicalization cost can grow factorially",
                        code="too_many_blank_nodes",
                    )
            if len(item) > limits.max_string_length:
                raise LimitExceeded(
                    f"A string value exceeds {limits.max_string_length} characters", code="string_too_long"
                )
        elif isinstance(item, float):
            if item != item or item in (float("inf"), float("-inf")):
                raise InvalidDocument("NaN and Infinity are not JSON", code="invalid_json")
        elif item is None or isinstance(item, bool | int):
            pass
        else:
            raise InvalidDocument(f"Not a JSON value: {type(item).__name__}", code="invalid_json")


def _check_identical_siblings(items: list[Any] | tuple[Any, ...], limits: Limits) -> None:
    candidates = [i for i in items if isinstance(i, Mapping) and "id" not in i and "@id" not in i]
    if len(candidates) <= limits.max_identical_siblings:
        return
    counts: dict[str, int] = {}
    for obj in candidates:
        try:
            key = json.dumps(obj, sort_keys=True, default=str)
        except (TypeError, ValueError, RecursionError):
            continue  # reported by the main walk
        counts[key] = counts.get(key, 0) + 1
        if counts[key] > limits.max_identical_siblings:
            raise LimitExceeded(
                f"More than {limits.max_identical_siblings} identical objects without an id in one "
                "array (their canonicalization cost grows factorially)",
                code="too_many_identical_blank_nodes",
            )


def json_size(value: Any) -> int:
    """Size in bytes of the compact JSON serialization (used to apply max_bytes to dict input)."""
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
