"""The demo loader: every Wisam app may ship a `demo.py` with `load(context)`; they run in INSTALLED_APPS order.

An app whose demo needs what later apps create (e.g. survey answers need issued credentials) may also define
`load_late(context)`: every `load_late` runs, again in INSTALLED_APPS order, after every `load`."""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.db import transaction


def demo_modules() -> list[Any]:
    modules = []
    for config in apps.get_app_configs():
        if config.name.startswith("wisam.") and find_spec(f"{config.name}.demo") is not None:
            module = import_module(f"{config.name}.demo")
            if callable(getattr(module, "load", None)):
                modules.append(module)
    return modules


@transaction.atomic
def demo_load() -> dict[str, Any]:
    """Load the whole demo in one transaction: it is either all there or not at all. Safe to run again."""
    context: dict[str, Any] = {}
    modules = demo_modules()
    for module in modules:
        module.load(context)
    for module in modules:
        late = getattr(module, "load_late", None)
        if callable(late):
            late(context)
    return context
