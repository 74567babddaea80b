"""Django application configuration for wisam.pathways."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PathwaysConfig(AppConfig):
    name = "wisam.pathways"
    label = "pathways"
    verbose_name = _("Pathways and recognition")
