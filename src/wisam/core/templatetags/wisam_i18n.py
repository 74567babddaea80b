"""Template filters for translated content: `{{ organisation.name|tr }}` picks the active language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

from wisam.core.i18n import translated

register = template.Library()


@register.filter(name="tr")
def tr(value: Mapping[str, str] | str | None, language: Any = None) -> str:
    return translated(value, str(language) if language else None)
