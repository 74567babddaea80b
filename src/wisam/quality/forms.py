"""Forms for internal QA pages; the services validate again and their errors are shown next to the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wisam.core.i18n import TranslatedFormField
from wisam.institutions.models import Organisation
from wisam.institutions.roles import EMPLOYER_KINDS
from wisam.quality.models import EVIDENCE_EXTENSIONS, Judgement, PartnerKind


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: keyed messages next to their field, the rest on top."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class TransitionForm(forms.Form):
    transition = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
    )


class AssessmentForm(forms.Form):
    judgement = forms.ChoiceField(label=_("Judgement"), choices=[("", "—"), *Judgement.choices], required=True)
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"})
    )
    evidence_url = forms.CharField(
        label=_("Evidence link"),
        required=False,
        max_length=500,
        widget=forms.URLInput(attrs={"dir": "ltr", "placeholder": "https://"}),
    )
    evidence_file = forms.FileField(
        label=_("Evidence file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(sorted(EVIDENCE_EXTENSIONS))}),
        help_text=_("PDF, image, Word, Excel, ODT or text; at most 5 MB."),
    )
    clear_evidence_file = forms.BooleanField(label=_("Remove the evidence file"), required=False)


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}))
    item = forms.IntegerField(required=False, widget=forms.HiddenInput)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class PartnerForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of partner"), choices=PartnerKind.choices)
    partner_organisation = forms.ModelChoiceField(
        label=_("Registered organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Choose it if the partner is registered in Wisam; otherwise give its name."),
    )
    name = TranslatedFormField(label=_("Name"), required=False, required_languages=())
    contribution = TranslatedFormField(
        label=_("What they contributed"), multiline=True, required=True, required_languages=()
    )
    contributed_on = forms.DateField(
        label=_("Date of the contribution"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner_organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            kind__in=EMPLOYER_KINDS, is_active=True
        ).order_by("slug")


class EndorsementForm(forms.Form):
    statement = forms.CharField(
        label=_("Statement"),
        min_length=10,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=_("Why your organisation supports this micro-credential; it is shown on the specification page."),
    )
    organisation = forms.ModelChoiceField(label=_("On behalf of"), queryset=Organisation.objects.none())

    def __init__(self, *args: Any, organisations: list[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])  # type: ignore[attr-defined]
        if len(organisations) == 1:
            field.initial = organisations[0].pk
            field.widget = forms.HiddenInput()
