"""Django application configuration for wisam.insights; keeps its derived rows in step with the register and designs."""

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


def _register_entry_saved(
    sender: Any, instance: Any, raw: bool = False, update_fields: Any = None, **kwargs: Any
) -> None:
    # A register entry is saved when a version is published or refreshed: its skills are what the nation teaches.
    # They depend on its version and institution only, so a status or date update leaves them as they are.
    if raw or (update_fields and not {"specification_version", "organisation"} & set(update_fields)):
        return
    from wisam.insights.services import taught_skills_refresh

    taught_skills_refresh(entries=[instance])


def _version_saved(
    sender: Any, instance: Any, created: bool = False, raw: bool = False, update_fields: Any = None, **kwargs: Any
) -> None:
    # The linter figures follow each version as it moves (submitted, approved, released, a new draft): queue a
    # refresh of that micro-credential's findings. The task row is written in the same transaction as the change,
    # so the worker of `wisam serve` sees it only once the change is committed. Autosaves of a draft do not queue.
    if raw or not (created or (update_fields and "status" in update_fields)):
        return
    from wisam.insights.tasks import lint_findings_refresh_task

    lint_findings_refresh_task.enqueue(instance.micro_credential_id)


class InsightsConfig(AppConfig):
    name = "wisam.insights"
    label = "insights"
    verbose_name = _("National insights")

    def ready(self) -> None:
        post_save.connect(
            _register_entry_saved, sender="accreditation.RegisterEntry", dispatch_uid="insights_taught_skills"
        )
        post_save.connect(_version_saved, sender="design.SpecificationVersion", dispatch_uid="insights_lint_findings")
