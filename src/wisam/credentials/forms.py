"""Forms of the credentials pages (the issuing forms post plain fields checked by the services)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from wisam.core.i18n import translated
from wisam.credentials.models import CredentialState, IssuedCredential
from wisam.design.models import SpecificationVersion
from wisam.institutions.models import Organisation


class IssuedSearchForm(forms.Form):
    """The registrar's search of the credentials the institution issued (GET, bookmarkable)."""

    q = forms.CharField(
        label=_("Learner or credential"),
        required=False,
        max_length=200,
        help_text=_("Part of the learner's e-mail or name, or the credential's identifier."),
        widget=forms.TextInput(attrs={"type": "search", "dir": "auto"}),
    )
    state = forms.ChoiceField(label=_("State"), required=False)
    version = forms.TypedChoiceField(label=_("Micro-credential"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["state"]).choices = [("", _("Any state")), *CredentialState.choices]
        issued = IssuedCredential.objects.filter(organisation=organisation).values("specification_version_id")
        versions = (
            SpecificationVersion.objects.filter(pk__in=issued)
            .select_related("micro_credential")
            .order_by("micro_credential__code", "number")
        )
        cast(forms.ChoiceField, self.fields["version"]).choices = [
            ("", _("Any micro-credential")),
            *((v.pk, f"{v.micro_credential.code} v{v.number} — {translated(v.title)}") for v in versions),
        ]
        self.fields["state"].error_messages["invalid_choice"] = _("Choose a state from the list.")
        self.fields["version"].error_messages["invalid_choice"] = _("Choose a micro-credential from the list.")
