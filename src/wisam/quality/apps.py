"""Django application configuration for wisam.quality."""

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


def _credential_issued(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    """A new credential passes the learner's open enrolment in its micro-credential and is linked to it."""
    if created and not raw:
        from wisam.quality.services import enrolment_link_credential

        enrolment_link_credential(credential=instance)


class QualityConfig(AppConfig):
    name = "wisam.quality"
    label = "quality"
    verbose_name = _("Internal quality assurance")

    def ready(self) -> None:
        # A receiver rather than a call in credentials.services: issuance (one by one, cohorts in the background,
        # VC-API) stays unaware of enrolments, and the link is made in the issuing transaction, at the moment of
        # issue, so KPIs read plain records. Bulk-created credentials (fixtures, demo) send no signal; recording
        # an enrolment after the credential links it too (services.enrolment_create).
        from wisam.credentials.models import IssuedCredential

        post_save.connect(_credential_issued, sender=IssuedCredential, dispatch_uid="quality.enrolment_on_issue")
