"""Django application configuration for wisam.frameworks."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameworksConfig(AppConfig):
    name = "wisam.frameworks"
    label = "frameworks"
    verbose_name = _("Frameworks and vocabularies")
