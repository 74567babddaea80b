"""Forms of the block-by-block designer: one per building block and one per child item, built from the models.

Every field is optional here (a draft may be incomplete; the linter says what is missing); the forms only parse
what was typed, and the services validate it, so the pages and the API refuse the same things.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wisam.core.i18n import TranslatedField, TranslatedFormField
from wisam.design import vocab
from wisam.design.blocks import Block
from wisam.design.models import (
    Assessment,
    Kpi,
    LearningActivity,
    LearningOutcome,
    SpecificationVersion,
)
from wisam.design.services import ITEM_FIELDS
from wisam.institutions.models import Organisation

_LANGUAGE_NAMES = {"ar": "العربية", "en": "English", "fr": "Français", "de": "Deutsch", "es": "Español"}
_LANGUAGE_NAMES |= {"it": "Italiano", "tr": "Türkçe", "he": "עברית"}


def _formfield(model: type[Any], name: str) -> forms.Field:
    field = model._meta.get_field(name)
    if name == "languages":
        return forms.MultipleChoiceField(
            label=field.verbose_name,
            required=False,
            choices=[(code, _LANGUAGE_NAMES.get(code, code)) for code in sorted(vocab.language_codes())],
            widget=forms.CheckboxSelectMultiple,
        )
    if isinstance(field, TranslatedField):
        return TranslatedFormField(
            label=field.verbose_name, help_text=field.help_text, multiline=field.multiline, required=False
        )
    if name == "next_review_date":
        return forms.DateField(label=field.verbose_name, required=False, widget=forms.DateInput(attrs={"type": "date"}))
    formfield = field.formfield(required=False)
    assert formfield is not None
    return formfield


class PartialForm(forms.Form):
    """A form whose valid fields can be saved even when others have errors (autosave never loses good input)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            # Each input points at its error message, so screen readers announce it.
            field.widget.attrs["aria-describedby"] = f"err-{self.add_prefix(name)}"

    def valid_values(self) -> dict[str, Any]:
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if name not in self.errors}


def block_form(block: Block, version: SpecificationVersion, data: Any = None) -> PartialForm:
    fields = {name: _formfield(SpecificationVersion, name) for name in block.scalar_fields}
    form_class = type(f"{block.id.title()}BlockForm", (PartialForm,), dict(fields))
    initial = {name: getattr(version, name) for name in block.scalar_fields}
    return form_class(data=data, initial=initial, prefix=block.id)


ITEM_MODEL_CLASSES: dict[str, type[Any]] = {
    "outcome": LearningOutcome,
    "activity": LearningActivity,
    "assessment": Assessment,
    "kpi": Kpi,
}
ITEM_LISTS = {"outcome": "outcomes", "activity": "activities", "assessment": "assessments", "kpi": "kpis"}
ITEM_BLOCKS = {"outcome": "outcomes", "activity": "learning_design", "assessment": "assessment", "kpi": "evaluation"}


def item_form(kind: str, item: Any, data: Any = None) -> PartialForm:
    model = ITEM_MODEL_CLASSES[kind]
    fields: dict[str, forms.Field] = {}
    for name in ITEM_FIELDS[kind]:
        if name == "skills":
            continue  # edited with the skills picker
        if name == "outcomes":
            choices = [(o.pk, f"{n}") for n, o in enumerate(item.version.outcomes.all(), start=1)]
            fields[name] = forms.TypedMultipleChoiceField(
                label=_("learning outcomes served"),
                required=False,
                coerce=int,
                choices=choices,
                widget=forms.CheckboxSelectMultiple,
            )
        else:
            fields[name] = _formfield(model, name)
    form_class = type(f"{kind.title()}ItemForm", (PartialForm,), dict(fields))
    initial = {name: getattr(item, name) for name in fields if name != "outcomes"}
    if "outcomes" in fields:
        initial["outcomes"] = [o.pk for o in item.outcomes.all()]
    return form_class(data=data, initial=initial, prefix=f"{kind}-{item.pk}")


class CreateForm(forms.Form):
    organisation: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("institution")
    )
    code = forms.SlugField(label=_("code"), max_length=40, help_text=_("Short code, unique within the institution."))
    title = TranslatedFormField(label=_("title"), required_languages=("ar",))

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()
