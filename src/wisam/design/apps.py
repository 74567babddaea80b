"""Django application configuration for wisam.design."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DesignConfig(AppConfig):
    name = "wisam.design"
    label = "design"
    verbose_name = _("Micro-credential design")
