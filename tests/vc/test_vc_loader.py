"""Offline loader: bundled contexts only, sha256-pinned, provenance recorded, nothing else served."""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from wisam.vc import ContextIntegrityError, ContextLoader, ContextNotAllowed, ContextSource, bundled_contexts
from wisam.vc import loader as loader_mod

REQUIRED = {
    "https://www.w3.org/ns/credentials/v2",
    "https://www.w3.org/2018/credentials/v1",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
    "https://w3id.org/security/data-integrity/v2",
    "https://w3id.org/security/multikey/v1",
    "https://www.w3.org/ns/did/v1",
}


def _manifest() -> dict[str, Any]:
    return json.loads(resources.files("wisam.vc").joinpath("contexts", "SOURCES.json").read_bytes())


def test_required_contexts_are_bundled_and_pinned() -> None:
    contexts = bundled_contexts()
    assert set(contexts) >= REQUIRED
    loader = ContextLoader()
    assert loader.allowed_urls == REQUIRED
    for url, src in contexts.items():
        data = resources.files("wisam.vc").joinpath("contexts", src.file).read_bytes()
        assert hashlib.sha256(data).hexdigest() == src.sha256, url
        assert "@context" in json.loads(data)


def test_sources_record_provenance() -> None:
    for entry in _manifest()["contexts"]:
        src = entry["source"]
        assert src["kind"] in {"npm", "reference-copy"}
        if src["kind"] == "npm":
            assert src["package"]
            assert src["version"]
            assert src["path_in_tarball"]
            assert src["tarball_integrity"].startswith("sha512-")
        else:
            assert src["why_not_npm"]
            assert entry["enabled_by_default"] is False


def test_bundled_contexts_match_reference_copies(reference: Path) -> None:
    """Every bundled context is JSON-equal to the shared reference copy (bytes may differ)."""
    for entry in _manifest()["contexts"]:
        ref = reference / "contexts" / Path(entry["reference_comparison"]["file"]).name
        bundled = resources.files("wisam.vc").joinpath("contexts", entry["file"]).read_bytes()
        assert json.loads(bundled) == json.loads(ref.read_bytes()), entry["url"]
        same_bytes = bundled == ref.read_bytes()
        assert entry["reference_comparison"]["result"].startswith("byte-identical") is same_bytes


def test_vc_v2_context_is_the_recommendation_content(reference: Path) -> None:
    # The VC 2.0 REC pins sha256 59955ced… for the w3.org bytes; ours (from npm) are JSON-equal.
    ref = reference / "contexts" / "credentials-v2.jsonld"
    assert hashlib.sha256(ref.read_bytes()).hexdigest().startswith("59955ced")
    assert ContextLoader().load("https://www.w3.org/ns/credentials/v2") == json.loads(ref.read_bytes())


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/evil-context.jsonld",
        "https://www.w3.org/ns/credentials/v2/",
        "http://www.w3.org/ns/credentials/v2",
        "https://www.w3.org/ns/credentials/undefined-terms/v2",
        "https://www.w3.org/ns/credentials/examples/v2",
        "file:///etc/passwd",
    ],
)
def test_other_urls_refused(url: str) -> None:
    loader = ContextLoader()
    with pytest.raises(ContextNotAllowed) as info:
        loader(url, {})
    assert info.value.url == url
    assert url in str(info.value)
    assert info.value.code == "context_not_allowed"


def test_document_context_scan_finds_nested_and_import() -> None:
    loader = ContextLoader()
    with pytest.raises(ContextNotAllowed) as info:
        loader.check_document_contexts({"a": [{"b": {"@context": ["https://evil.example/ctx"]}}]})
    assert info.value.url == "https://evil.example/ctx"
    with pytest.raises(ContextNotAllowed):
        loader.check_document_contexts({"@context": {"@import": "https://evil.example/i"}})


def test_sha256_mismatch_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    src = bundled_contexts()["https://www.w3.org/ns/did/v1"]
    bad = ContextSource(url="urn:test:tampered", file=src.file, sha256="0" * 64, enabled_by_default=True)
    monkeypatch.setitem(bundled_contexts(), bad.url, bad)
    with pytest.raises(ContextIntegrityError) as info:
        ContextLoader().load(bad.url)
    assert "expected 0000" in str(info.value)
    assert bad.url not in loader_mod._verified


def test_loader_returns_private_copies() -> None:
    loader = ContextLoader()
    first = loader.load("https://www.w3.org/ns/did/v1")
    first["@context"]["id"] = "tampered"
    assert loader.load("https://www.w3.org/ns/did/v1")["@context"]["id"] == "@id"


def test_optional_contexts_need_explicit_enable() -> None:
    with pytest.raises(ContextNotAllowed):
        ContextLoader(enable=["https://nowhere.example/ctx"])
    loader = ContextLoader(enable=["https://www.w3.org/ns/credentials/examples/v2"])
    remote = loader("https://www.w3.org/ns/credentials/examples/v2", {})
    assert "tag" not in remote  # not cached process-wide by pyld
    assert loader("https://www.w3.org/ns/credentials/v2", {})["tag"] == "static"
