"""Dashboard filters (GET parameters, validated, bookmarkable) and the viewer's scope.

A national viewer (ministry analyst, AQAC) may narrow to one institution; an institution's staff see their own
institution, and every figure beside it is a national median — the scope, not the filters, decides what is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from wisam.institutions.models import Organisation
from wisam.institutions.roles import HIGHER_EDUCATION_KINDS, OrganisationKind

LEVELS = [(str(n), str(n)) for n in range(1, 9)]


def _field_choices() -> list[tuple[str, Any]]:
    from wisam.core.i18n import translated
    from wisam.frameworks.models import IscedField

    broad = IscedField.objects.filter(is_active=True, level="broad").order_by("code")
    return [("", _("All fields")), *((f.code, f"{f.code} {translated(f.name)}") for f in broad)]


def _kind_choices() -> list[tuple[str, Any]]:
    return [("", _("All kinds")), *((k.value, k.label) for k in OrganisationKind if k.value in HIGHER_EDUCATION_KINDS)]


class FilterForm(forms.Form):
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text=_("YYYY-MM-DD")
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text=_("YYYY-MM-DD")
    )
    kind = forms.ChoiceField(label=_("Institution type"), required=False)
    field = forms.ChoiceField(label=_("Field (ISCED-F)"), required=False)
    level = forms.ChoiceField(label=_("EQF level"), required=False, choices=[("", _("All levels")), *LEVELS])
    institution = forms.ChoiceField(label=_("Institution"), required=False)

    def __init__(self, *args: Any, national: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = _kind_choices()
        cast(forms.ChoiceField, self.fields["field"]).choices = _field_choices()
        self.fields["kind"].error_messages["invalid_choice"] = _("Choose an institution type from the list.")
        self.fields["field"].error_messages["invalid_choice"] = _("Choose a broad ISCED-F field from the list.")
        self.fields["level"].error_messages["invalid_choice"] = _("Choose an EQF level from 1 to 8.")
        for name in ("date_from", "date_to"):
            self.fields[name].error_messages["invalid"] = _("Write the date as YYYY-MM-DD, e.g. 2026-01-31.")
        if national:
            institutions = Organisation.objects.filter(kind__in=HIGHER_EDUCATION_KINDS).order_by("slug")
            cast(forms.ChoiceField, self.fields["institution"]).choices = [
                ("", _("All institutions")),
                *((o.slug, o.display_name) for o in institutions),
            ]
            self.fields["institution"].error_messages["invalid_choice"] = _("Choose an institution from the list.")
        else:
            # Staff of an institution see only their own; there is nothing to choose.
            del self.fields["institution"]
            del self.fields["kind"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("“To” must be on or after “From”; swap the two dates."))
        return cleaned


@dataclass(frozen=True)
class Filters:
    date_from: date | None = None
    date_to: date | None = None
    kind: str = ""
    field: str = ""
    level: int | None = None
    institution: Organisation | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.date_from or self.date_to or self.kind or self.field or self.level or self.institution)


def filters_from(form: FilterForm) -> Filters:
    """The filters from a bound form; invalid fields are dropped (the page shows their errors)."""
    form.is_valid()
    data = {name: value for name, value in getattr(form, "cleaned_data", {}).items() if name not in form.errors}
    institution = None
    if data.get("institution"):
        institution = Organisation.objects.filter(slug=data["institution"]).first()
    start, end = data.get("date_from"), data.get("date_to")
    if "date_to" in form.errors:
        start = end = None
    return Filters(
        date_from=start,
        date_to=end,
        kind=data.get("kind") or "",
        field=data.get("field") or "",
        level=int(data["level"]) if data.get("level") else None,
        institution=institution,
    )


@dataclass(frozen=True)
class Scope:
    """Whose figures are read. `organisation` set and `national` false: an institution beside the national median."""

    national: bool
    organisation: Organisation | None = None

    @property
    def own(self) -> Organisation | None:
        return None if self.national else self.organisation
