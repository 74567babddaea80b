"""Django application configuration for wisam.insights."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "wisam.insights"
    label = "insights"
    verbose_name = _("National insights")
