"""Django application configuration for wisam.insights; keeps the taught-skills rows in step with the register."""

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


def _register_entry_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    # A register entry is saved when a version is published or refreshed: its skills are what the nation teaches.
    if raw:
        return
    from wisam.insights.services import taught_skills_refresh

    taught_skills_refresh(entries=[instance])


class InsightsConfig(AppConfig):
    name = "wisam.insights"
    label = "insights"
    verbose_name = _("National insights")

    def ready(self) -> None:
        post_save.connect(
            _register_entry_saved, sender="accreditation.RegisterEntry", dispatch_uid="insights_taught_skills"
        )
