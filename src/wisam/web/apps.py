"""Django application configuration for wisam.web."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "wisam.web"
    label = "web"
    verbose_name = _("Web shell")

    def ready(self) -> None:
        from django.contrib import admin

        from wisam.web import home, signals

        signals.connect()
        home.autodiscover()
        admin.site.site_header = _("Wisam administration")
        admin.site.site_title = _("Wisam administration")
        admin.site.index_title = _("Platform administration")
