"""Forms for the insights pages; they only collect input — the services validate and write."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wisam.core.i18n import translated
from wisam.frameworks.models import EscoSkill, Sector
from wisam.insights.models import Horizon
from wisam.institutions.models import Region


def skill_choice(skill: EscoSkill) -> tuple[str, str]:
    label = skill.label or {}
    return skill.uri, f"{label.get('ar', '')} · {label.get('en', '')}".strip(" ·") or translated(label)


class SkillNeedForm(forms.Form):
    """A skill need; the skill list is what is chosen plus the results of the last search (no script needed)."""

    q = forms.CharField(
        label=_("Find ESCO skills"),
        required=False,
        max_length=100,
        help_text=_("A word in Arabic or English, e.g. “data” or “بيانات”; then press “Search skills”."),
    )
    skills = forms.MultipleChoiceField(label=_("ESCO skills needed"), widget=forms.CheckboxSelectMultiple)
    sector = forms.ChoiceField(label=_("Sector"), choices=[("", "—"), *Sector.choices])
    region = forms.ChoiceField(label=_("Governorate where the people are needed"), choices=[("", "—"), *Region.choices])
    people = forms.IntegerField(label=_("Number of people"), min_value=1, max_value=100_000)
    horizon = forms.ChoiceField(label=_("Time horizon"), choices=Horizon.choices, initial=Horizon.NOW)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, offered: Iterable[EscoSkill] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = dict(skill_choice(s) for s in offered)
        field = self.fields["skills"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = list(choices.items())
        field.error_messages["invalid_choice"] = _("Choose skills from the search results.")
        field.error_messages["required"] = _(
            "Choose at least one ESCO skill: search by a word, tick the skills, then save."
        )
        self.fields["people"].error_messages["invalid"] = _("Give the number of people as a whole number, e.g. 12.")
        self.fields["sector"].error_messages["required"] = _("Choose the sector the people will work in.")
        self.fields["region"].error_messages["required"] = _("Choose the governorate where the people are needed.")
        self.fields["people"].error_messages["required"] = _("Give the number of people needed, e.g. 12.")
