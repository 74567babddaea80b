"""Django application configuration for wisam.quality."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "wisam.quality"
    label = "quality"
    verbose_name = _("Internal quality assurance")
