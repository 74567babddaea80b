"""Django application configuration for wisam.strategy."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    name = "wisam.strategy"
    label = "strategy"
    verbose_name = _("Institutional strategy and maturity")
