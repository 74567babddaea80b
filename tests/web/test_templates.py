"""The strict CSP forbids inline code: no template may hold inline <script> code, <style> or style= attributes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import wisam

TEMPLATES = sorted(Path(wisam.__file__).parent.glob("*/templates/**/*.html"))
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.IGNORECASE | re.DOTALL)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
EVENT_ATTRIBUTE = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def test_there_are_templates_to_scan() -> None:
    assert any(path.name == "base.html" for path in TEMPLATES)


def _name(path: Path) -> str:
    return str(path.relative_to(Path(wisam.__file__).parent))


@pytest.mark.parametrize("path", TEMPLATES, ids=_name)
def test_no_inline_script_or_style(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for attributes, body in SCRIPT.findall(text):
        assert "src=" in attributes, f"{path}: <script> without src"
        assert not body.strip(), f"{path}: inline <script> code"
    assert "<style" not in text.lower(), f"{path}: <style> element"
    assert not STYLE_ATTRIBUTE.search(text), f"{path}: style= attribute"


@pytest.mark.parametrize("path", TEMPLATES, ids=_name)
def test_no_inline_event_handler(path: Path) -> None:
    assert not EVENT_ATTRIBUTE.search(path.read_text(encoding="utf-8")), f"{path}: inline event handler (on...=)"
