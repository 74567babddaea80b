"""Django application configuration for wisam.core; loads every app's permission rules at start-up."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "wisam.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Each Wisam app declares its actions in rules.py; importing them here builds the one policy.
        for config in apps.get_app_configs():
            if config.name.startswith("wisam.") and find_spec(f"{config.name}.rules") is not None:
                import_module(f"{config.name}.rules")
