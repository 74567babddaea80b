"""Forms for the strategy pages; they only collect input — the services validate and write."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from wisam.core.i18n import TranslatedFormField
from wisam.institutions.models import Organisation, User
from wisam.strategy.models import (
    Engagement,
    MaturityDimension,
    Recommendation,
    RoadmapAction,
    Stakeholder,
    StrategyVersion,
)
from wisam.strategy.models.consultation import CommentOutcome
from wisam.strategy.vocab import LifecycleStage, TeamRole

SCALE_CHOICES = [(i, str(i)) for i in range(1, 6)]


class DateInput(forms.DateInput):
    input_type = "date"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_full_name()} <{obj.email}>"


class TeamMemberForm(forms.Form):
    user = PersonChoiceField(queryset=User.objects.none(), label=_("Person"))
    team_role = forms.ChoiceField(choices=TeamRole.choices, label=_("Team role"))

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["user"]).queryset = candidates


class CanvasForm(forms.ModelForm):
    class Meta:
        model = StrategyVersion
        fields = [*StrategyVersion.CONTENT_FIELDS, "change_note"]


class StakeholderForm(forms.ModelForm):
    # Start in the middle, as the model does: a stakeholder added in haste is not filed under "monitor".
    influence = forms.TypedChoiceField(choices=SCALE_CHOICES, coerce=int, initial=3, label=_("Influence (1–5)"))
    interest = forms.TypedChoiceField(choices=SCALE_CHOICES, coerce=int, initial=3, label=_("Interest (1–5)"))

    class Meta:
        model = Stakeholder
        fields = ["name", "kind", "represents", "influence", "interest", "contact", "notes"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["represents"]).queryset = Organisation.objects.filter(
            is_active=True
        ).order_by("slug")


class ResponsibilityForm(forms.Form):
    stage = forms.ChoiceField(choices=LifecycleStage.choices, label=_("Lifecycle stage"))
    description = TranslatedFormField(label=_("Responsibility"), multiline=True, required_languages=())


class EngagementForm(forms.ModelForm):
    stakeholders = forms.ModelMultipleChoiceField(
        queryset=Stakeholder.objects.none(), widget=forms.CheckboxSelectMultiple, label=_("Stakeholders")
    )

    class Meta:
        model = Engagement
        fields = ["kind", "title", "held_on", "stage", "stakeholders", "participants", "outcomes"]
        widgets = {"held_on": DateInput()}

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["stakeholders"]).queryset = Stakeholder.objects.filter(
            organisation=organisation
        )


class OutcomeLinkForm(forms.Form):
    target = forms.ChoiceField(label=_("What it shaped"))
    note = TranslatedFormField(label=_("How it shaped it"), required=False, required_languages=())

    def __init__(self, *args: Any, targets: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["target"]).choices = targets


class RoadmapActionForm(forms.ModelForm):
    owner = PersonChoiceField(queryset=User.objects.none(), required=False, label=_("Owner"))

    class Meta:
        model = RoadmapAction
        fields = ["dimension", "title", "description", "target_level", "owner", "due_on", "status"]
        widgets = {"due_on": DateInput()}

    def __init__(self, *args: Any, candidates: Any, dimensions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = candidates
        cast(forms.ModelChoiceField, self.fields["dimension"]).queryset = dimensions


class ActionStatusForm(forms.ModelForm):
    class Meta:
        model = RoadmapAction
        fields = ["status"]


class DimensionForm(forms.Form):
    name = TranslatedFormField(label=_("Name"))
    description = TranslatedFormField(label=_("Description"), multiline=True, required=False, required_languages=())

    def __init__(self, *args: Any, dimension: MaturityDimension, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {"name": dimension.name, "description": dimension.description}
            | {f"level_{n}": dimension.descriptor(n) for n in range(1, 6)},
        )
        super().__init__(*args, **kwargs)
        for n in range(1, 6):
            self.fields[f"level_{n}"] = TranslatedFormField(
                label=_("Level %(number)d looks like") % {"number": n}, multiline=True
            )

    def descriptors(self) -> dict[str, dict[str, str]]:
        return {str(n): self.cleaned_data[f"level_{n}"] for n in range(1, 6)}


class IndicatorForm(forms.Form):
    statement = TranslatedFormField(label=_("Indicator"), multiline=True)
    evidence_hint = TranslatedFormField(
        label=_("Evidence to look for"), multiline=True, required=False, required_languages=()
    )


class ModelPublishForm(forms.Form):
    change_note = TranslatedFormField(label=_("What changed and why"), multiline=True)


class RecommendationForm(forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["code", "title", "description", "expected_result", "owner", "status", "due_on"]
        widgets = {"due_on": DateInput()}


class EvidenceForm(forms.Form):
    title = TranslatedFormField(label=_("Title"), required_languages=())
    url = forms.URLField(label=_("Link"), max_length=500, assume_scheme="https")


class ConsultationOpenForm(forms.Form):
    target = forms.ChoiceField(label=_("Draft"))
    title = TranslatedFormField(label=_("Title"))
    closes_on = forms.DateField(label=_("Comments until"), required=False, widget=DateInput())

    def __init__(self, *args: Any, targets: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["target"]).choices = targets


class ConsultationCommentForm(forms.Form):
    item_key = forms.ChoiceField(label=_("Criterion or indicator"))
    text = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}))

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["item_key"]).choices = choices


class ConsultationAnswerForm(forms.Form):
    response = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 2, "dir": "auto"}))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=CommentOutcome.choices)


class ConsultationCloseForm(forms.Form):
    summary = TranslatedFormField(label=_("What changed and why"), multiline=True)
