"""Template helpers for the designer: grouped inputs, severity styling, looking values up."""

from __future__ import annotations

from typing import Any

from django import forms, template

register = template.Library()


@register.filter
def is_group(bound_field: Any) -> bool:
    """Fields with several inputs (both languages, checkboxes) are shown as a fieldset with a legend."""
    return isinstance(bound_field.field.widget, forms.MultiWidget | forms.CheckboxSelectMultiple)


@register.filter
def get(mapping: Any, key: Any) -> Any:
    try:
        return mapping[key]
    except (KeyError, IndexError, TypeError):
        return getattr(mapping, str(key), "")


@register.filter
def lang(mapping: Any, code: str) -> str:
    return str((mapping or {}).get(code, "")) if isinstance(mapping, dict) else ""
