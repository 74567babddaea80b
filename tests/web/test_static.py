"""Every asset is served by Wisam: vendored files match SOURCES.json, and no page refers to another origin."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

import wisam

STATIC = Path(wisam.__file__).parent / "web" / "static" / "wisam"
VENDOR = STATIC / "vendor"
SOURCES = json.loads((VENDOR / "SOURCES.json").read_text())


@pytest.mark.parametrize("entry", SOURCES["files"], ids=lambda entry: entry["path"])
def test_vendored_file_matches_its_recorded_sha256(entry: dict[str, str]) -> None:
    path = VENDOR / entry["path"]
    assert path.is_file(), f"{entry['path']} is listed in SOURCES.json but missing"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"]
    assert entry["package"] in SOURCES["packages"]
    assert entry["licence"] == SOURCES["packages"][entry["package"]]["licence"]


def test_every_vendored_file_is_recorded() -> None:
    recorded = {entry["path"] for entry in SOURCES["files"]}
    present = {str(p.relative_to(VENDOR)) for p in VENDOR.rglob("*") if p.is_file() and p.name != "SOURCES.json"}
    assert present == recorded


def test_htmx_and_the_arabic_font_are_pinned_with_their_licences() -> None:
    assert "htmx.org@2.0.11" in SOURCES["packages"]
    assert SOURCES["packages"]["@fontsource/noto-sans-arabic@5.3.0"]["licence"] == "OFL-1.1"
    assert (VENDOR / "htmx" / "htmx.min.js").read_bytes().startswith(b"var htmx=")
    assert (VENDOR / "noto-sans-arabic" / "noto-sans-arabic-arabic-400-normal.woff2").read_bytes()[:4] == b"wOF2"


def test_stylesheet_urls_point_at_existing_files() -> None:
    css_path = STATIC / "css" / "wisam.css"
    for url in re.findall(r'url\("([^"]+)"\)', css_path.read_text()):
        assert not url.startswith(("http:", "https:", "//")), url
        assert (css_path.parent / url).resolve().is_file(), url


def test_pages_refer_only_to_local_assets_that_exist(db: Any) -> None:
    html = Client().get("/").content.decode()
    assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert any(a.endswith("htmx.min.js") for a in assets)
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), asset


def test_static_files_are_served(db: Any) -> None:
    response = Client().get("/static/wisam/vendor/htmx/htmx.min.js")
    assert response.status_code == 200
