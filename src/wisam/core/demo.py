"""The demo loader: every Wisam app may ship a `demo.py` with `load(context)`; they run in INSTALLED_APPS order."""

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
    for module in demo_modules():
        module.load(context)
    return context
