"""Applying a partial update to a model instance and reporting what changed, for services and their events."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any


def apply_changes(
    instance: Any, fields: Mapping[str, Any], *, allowed: Collection[str] | None = None, label: str = ""
) -> dict[str, Any]:
    """Set each field whose value differs; return {name: new value} (related objects as their primary key).

    A name outside `allowed` is a programming error, not user input, so it raises TypeError.
    """
    changed: dict[str, Any] = {}
    for name, value in fields.items():
        if allowed is not None and name not in allowed:
            raise TypeError(f"Unknown {label or type(instance).__name__.lower()} field: {name}")
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed[name] = getattr(value, "pk", value)
    return changed
