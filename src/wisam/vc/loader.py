"""Offline JSON-LD document loader that serves only bundled, sha256-pinned contexts."""

from __future__ import annotations

import copy
import hashlib
import json
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from .errors import ContextIntegrityError, ContextNotAllowed, InvalidDocument

JsonObject = dict[str, Any]


@dataclass(frozen=True, slots=True)
class ContextSource:
    """One bundled context as recorded in ``contexts/SOURCES.json``."""

    url: str
    file: str
    sha256: str
    enabled_by_default: bool
    source: Mapping[str, Any] = field(default_factory=dict)


@cache
def bundled_contexts() -> dict[str, ContextSource]:
    """All bundled contexts keyed by URL (read from SOURCES.json once per process)."""
    manifest = json.loads(resources.files(__package__).joinpath("contexts", "SOURCES.json").read_bytes())
    return {
        entry["url"]: ContextSource(
            url=entry["url"],
            file=entry["file"],
            sha256=entry["sha256"],
            enabled_by_default=bool(entry["enabled_by_default"]),
            source=entry["source"],
        )
        for entry in manifest["contexts"]
    }


_verified: dict[str, JsonObject] = {}
_verified_lock = threading.Lock()


def _read_verified(src: ContextSource) -> JsonObject:
    # Verify the pinned digest the first time a file is read in this process; a tampered or
    # corrupted package file must never be used to sign or verify.
    with _verified_lock:
        cached = _verified.get(src.url)
        if cached is not None:
            return cached
        data = resources.files(__package__).joinpath("contexts", src.file).read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if digest != src.sha256:
            raise ContextIntegrityError(
                f"Bundled context {src.url!r} ({src.file}) has sha256 {digest}, expected {src.sha256}; "
                "refusing to use it"
            )
        doc = json.loads(data)
        _verified[src.url] = doc
        return doc


class ContextLoader:
    """A pyld document loader serving only bundled contexts; every other URL is refused.

    ``enable`` switches on bundled contexts that are off by default (the W3C examples
    context, whose ``@vocab`` would defeat undefined-term detection).
    """

    def __init__(self, enable: Iterable[str] = ()) -> None:
        available = bundled_contexts()
        enabled = set(enable)
        unknown = enabled - available.keys()
        if unknown:
            raise ContextNotAllowed(sorted(unknown)[0])
        self._sources = {url: src for url, src in available.items() if src.enabled_by_default or url in enabled}

    @property
    def allowed_urls(self) -> frozenset[str]:
        return frozenset(self._sources)

    def load(self, url: str) -> JsonObject:
        """The parsed context document for ``url`` (a private copy), after its sha256 check."""
        src = self._sources.get(url)
        if src is None:
            raise ContextNotAllowed(url)
        # pyld may resolve relative URLs inside a context in place: hand out a copy.
        return copy.deepcopy(_read_verified(src))

    def __call__(self, url: str, options: Mapping[str, Any] | None = None) -> JsonObject:
        """pyld ``documentLoader`` protocol."""
        doc = self.load(url)
        remote: JsonObject = {
            "contextUrl": None,
            "documentUrl": url,
            "document": doc,
            "contentType": "application/ld+json",
        }
        # pyld caches processed contexts across operations only when tagged static
        # (credentials-tech.md §10, "Context caching in pyld"). Only default contexts are
        # tagged: pyld's cache is process-wide and keyed by URL alone.
        if self._sources[url].enabled_by_default:
            remote["tag"] = "static"
        return remote

    def check_document_contexts(self, document: Any) -> None:
        """Refuse any ``@context`` URL (at any depth) that this loader would not serve.

        Done before pyld runs so that the refusal is cheap, names the URL, and does not
        depend on pyld's process-wide context cache.
        """
        stack: list[Any] = [document]
        while stack:
            item = stack.pop()
            if isinstance(item, Mapping):
                for key, value in item.items():
                    if key == "@context":
                        self._check_context_value(value)
                    if isinstance(value, Mapping | list):
                        stack.append(value)
            elif isinstance(item, list):
                stack.extend(i for i in item if isinstance(i, Mapping | list))

    def _check_context_value(self, value: Any) -> None:
        values = value if isinstance(value, list) else [value]
        for ctx in values:
            if isinstance(ctx, str):
                if ctx not in self._sources:
                    raise ContextNotAllowed(ctx)
            elif isinstance(ctx, Mapping):
                imported = ctx.get("@import")
                if imported is not None and (not isinstance(imported, str) or imported not in self._sources):
                    raise ContextNotAllowed(str(imported))
                # nested scoped contexts are reached by the caller's walk
            elif ctx is not None:
                raise InvalidDocument("@context entries must be URLs, objects or null", code="invalid_context")


_default_loader: ContextLoader | None = None


def default_loader() -> ContextLoader:
    """The shared loader with the default-enabled contexts."""
    global _default_loader
    if _default_loader is None:
        _default_loader = ContextLoader()
    return _default_loader
