"""App configuration for accreditation."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccreditationConfig(AppConfig):
    name = "wisam.accreditation"
    label = "accreditation"
    verbose_name = _("Accreditation")
