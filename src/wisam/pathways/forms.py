"""Forms of the pathways pages: the pathway, the rule editor (one form per rule), recognition and upload forms."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wisam.core.i18n import CONTENT_LANGUAGES, TranslatedFormField, in_every_language
from wisam.pathways.models import AppealOutcome, Difference, Outcome, PathwayKind, TargetKind

RULE_TYPES = [
    ("required", _("Required micro-credentials")),
    ("choose", _("Choose k of n groups")),
    ("criteria", _("Open: any micro-credential meeting criteria")),
    ("min_credits", _("Minimum credits")),
    ("min_credits_at_level", _("Minimum credits at or above a level")),
    ("field", _("Field of study (ISCED-F)")),
    ("recency", _("Earned within the allowed number of years")),
    ("max_external_credits", _("Maximum credits from other providers")),
    ("max_rpl_credits", _("Maximum credits from recognition of prior learning")),
    ("min_grade", _("Minimum grade")),
    ("prerequisite", _("Prerequisite and order")),
]
UNITS = [("ECTS", _("ECTS")), ("CH", _("Credit hours (Palestine)"))]
GROUPS = 4


class PathwayForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40, help_text=_("Short code, unique within the institution."))
    title = TranslatedFormField(label=_("Title"))
    description = TranslatedFormField(label=_("Description"), multiline=True, required=False)
    kind = forms.ChoiceField(label=_("Type of pathway"), choices=PathwayKind.choices, widget=forms.RadioSelect)
    target_kind = forms.ChoiceField(
        label=_("What the learner gets"), choices=TargetKind.choices, widget=forms.RadioSelect
    )
    target_micro_credential = forms.TypedChoiceField(
        label=_("Larger credential (designed in Wisam)"), required=False, coerce=int, empty_value=None
    )
    target_programme = TranslatedFormField(label=_("Degree programme"), required=False)

    def __init__(self, *args: Any, targets: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target_micro_credential"].choices = [("", "—"), *targets]  # type: ignore[attr-defined]


def _group_label(given: dict[str, str], n: int) -> dict[str, str]:
    """A group's name in both content languages: a language left empty takes the other's text, and a group left
    unnamed is "Group n" in each language."""
    text = {code: (given.get(code) or "").strip() for code in CONTENT_LANGUAGES}
    if not any(text.values()):
        return in_every_language(lambda: _("Group %(n)d") % {"n": n})
    fallback = next(value for value in text.values() if value)
    return {code: value or fallback for code, value in text.items()}


def _keys_field(label: Any, required: bool = False) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(label=label, required=required, widget=forms.SelectMultiple(attrs={"size": 6}))


class RuleForm(forms.Form):
    """One rule: its type and the fields that type uses (the others are ignored)."""

    id = forms.SlugField(label=_("Rule name"), max_length=40, required=False, help_text=_("e.g. core, electives"))
    type = forms.ChoiceField(label=_("Type of rule"), choices=RULE_TYPES)
    items = _keys_field(_("Micro-credentials"))
    in_order = forms.BooleanField(label=_("In this order"), required=False)
    k = forms.IntegerField(label=_("How many groups (k)"), min_value=1, required=False)
    credits = forms.DecimalField(
        label=_("Credits"), min_value=Decimal(0), max_digits=6, decimal_places=2, required=False
    )
    unit = forms.ChoiceField(label=_("Unit"), choices=UNITS, required=False)
    eqf_level = forms.IntegerField(label=_("EQF level (at least)"), min_value=1, max_value=8, required=False)
    isced = forms.CharField(
        label=_("ISCED-F fields"), required=False, help_text=_("Codes separated by commas, e.g. 061, 0613")
    )
    providers = forms.CharField(
        label=_("Providers"), required=False, help_text=_("Institution codes separated by commas; empty: any")
    )
    years = forms.IntegerField(label=_("Years"), min_value=1, max_value=50, required=False)
    grade = forms.DecimalField(
        label=_("Minimum grade (0–100)"), min_value=Decimal(0), max_value=Decimal(100), required=False
    )
    item = forms.ChoiceField(label=_("Micro-credential"), required=False)
    requires = _keys_field(_("Requires first"))
    shares = forms.BooleanField(label=_("Credentials counted here may also count elsewhere"), required=False)

    def __init__(self, *args: Any, choices: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("items", "requires"):
            self.fields[name].choices = list(choices)  # type: ignore[attr-defined]
        self.fields["item"].choices = [("", "—"), *choices]  # type: ignore[attr-defined]
        for n in range(1, GROUPS + 1):
            self.fields[f"group{n}_label"] = TranslatedFormField(
                label=_("Group %(n)d: name") % {"n": n}, required=False, max_length=120
            )
            field = _keys_field(_("Group %(n)d: micro-credentials") % {"n": n})
            field.choices = list(choices)
            self.fields[f"group{n}_items"] = field

    @staticmethod
    def initial_for(rule: dict[str, Any]) -> dict[str, Any]:
        initial = {
            k: v
            for k, v in rule.items()
            if k in ("id", "type", "items", "in_order", "k", "unit", "years", "item", "requires", "shares")
        }
        if "credits" in rule or "min_credits" in rule:
            initial["credits"] = rule.get("credits", rule.get("min_credits"))
        if "eqf_level" in rule or "min_eqf_level" in rule:
            initial["eqf_level"] = rule.get("eqf_level", rule.get("min_eqf_level"))
        if rule.get("grade") is not None:
            initial["grade"] = rule["grade"]
        initial["isced"] = ", ".join(rule.get("isced") or [])
        initial["providers"] = ", ".join(rule.get("providers") or [])
        for n, group in enumerate(rule.get("groups") or [], start=1):
            if n > GROUPS:
                break
            initial[f"group{n}_label"] = dict(group.get("label") or {})
            initial[f"group{n}_items"] = list(group.get("items") or [])
        return initial

    def to_rule(self, position: int) -> dict[str, Any]:
        """The rule as the engine's JSON (only the fields its type uses; the engine validates the rest)."""
        data = self.cleaned_data
        kind = data["type"]
        rule: dict[str, Any] = {"id": data.get("id") or f"rule-{position + 1}", "type": kind}

        def number(value: Any) -> Any:
            if value is None:
                return None
            return int(value) if Decimal(value) == int(value) else float(value)

        codes = [c.strip() for c in (data.get("isced") or "").split(",") if c.strip()]
        if kind == "required":
            rule["items"] = list(data.get("items") or [])
            if data.get("in_order"):
                rule["in_order"] = True
        elif kind == "choose":
            rule["k"] = data.get("k")
            groups = []
            for n in range(1, GROUPS + 1):
                items = list(data.get(f"group{n}_items") or [])
                if items:
                    groups.append({"label": _group_label(data.get(f"group{n}_label") or {}, n), "items": items})
            rule["groups"] = groups
        elif kind == "criteria":
            rule["min_credits"] = number(data.get("credits"))
            rule["unit"] = data.get("unit") or "ECTS"
            rule["isced"] = codes
            if data.get("eqf_level"):
                rule["min_eqf_level"] = data["eqf_level"]
            rule["providers"] = [p.strip() for p in (data.get("providers") or "").split(",") if p.strip()]
        elif kind in ("min_credits", "max_external_credits", "max_rpl_credits"):
            rule["credits"] = number(data.get("credits"))
            rule["unit"] = data.get("unit") or "ECTS"
        elif kind == "min_credits_at_level":
            rule["credits"] = number(data.get("credits"))
            rule["unit"] = data.get("unit") or "ECTS"
            rule["eqf_level"] = data.get("eqf_level")
        elif kind == "field":
            rule["isced"] = codes
            rule["min_credits"] = number(data.get("credits"))
            rule["unit"] = data.get("unit") or "ECTS"
        elif kind == "recency":
            rule["years"] = data.get("years")
        elif kind == "min_grade":
            rule["grade"] = number(data.get("grade"))
        elif kind == "prerequisite":
            rule["item"] = data.get("item") or ""
            rule["requires"] = list(data.get("requires") or [])
        if data.get("shares") and kind in ("required", "choose", "criteria"):
            rule["shares"] = True
        return {k: v for k, v in rule.items() if v is not None}


class BaseRuleFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, choices: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        self.key_choices = list(choices)
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"choices": self.key_choices}


RuleFormSet: Any = forms.formset_factory(RuleForm, formset=BaseRuleFormSet, extra=0, can_delete=True)


class RulesJsonForm(forms.Form):
    rules = forms.CharField(
        label=_("Rules as JSON"),
        widget=forms.Textarea(attrs={"rows": 14, "dir": "ltr", "spellcheck": "false"}),
        help_text=_("The format is described in the documentation (docs/pathways.md)."),
    )


class TargetCreditsForm(forms.Form):
    target_credits = forms.DecimalField(
        label=_("Credits of the whole pathway (ECTS)"),
        min_value=Decimal(0),
        max_digits=6,
        decimal_places=2,
        required=False,
    )


class TransitionForm(forms.Form):
    transition = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"})
    )


class AqacRecognitionForm(forms.Form):
    decided_on = forms.DateField(label=_("Decision date"), widget=forms.DateInput(attrs={"type": "date"}))
    reference = forms.CharField(label=_("AQAC reference"), max_length=60)
    note = TranslatedFormField(label=_("Note"), multiline=True, required=False)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Credential file (JSON)"),
        help_text=_("A signed Open Badges 3.0 or W3C verifiable credential, as a .json file."),
    )


class DeclareForm(forms.Form):
    credits_ects = forms.DecimalField(
        label=_("ECTS credits"), min_value=Decimal("0.01"), max_value=Decimal(240), decimal_places=2, required=False
    )
    eqf_level = forms.IntegerField(label=_("EQF level"), min_value=1, max_value=8, required=False)
    isced_code = forms.RegexField(
        label=_("ISCED-F field"),
        regex=r"^\d{2,4}$",
        required=False,
        error_messages={"invalid": _("Give an ISCED-F code of 2 to 4 digits, e.g. 0613.")},
    )


class RequestForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Institution asked to recognise"), coerce=int)
    pathway_version = forms.TypedChoiceField(
        label=_("Towards the pathway"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Leave empty to ask for credit."),
    )
    issued = forms.MultipleChoiceField(
        label=_("Credentials from your wallet"), required=False, widget=forms.CheckboxSelectMultiple
    )
    external = forms.TypedMultipleChoiceField(
        label=_("Uploaded credentials"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    message = forms.CharField(
        label=_("Message"), required=False, widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"})
    )

    def __init__(
        self,
        *args: Any,
        organisations: Sequence[tuple[int, str]] = (),
        versions: Sequence[tuple[int, str]] = (),
        issued: Sequence[tuple[str, str]] = (),
        external: Sequence[tuple[int, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = list(organisations)  # type: ignore[attr-defined]
        self.fields["pathway_version"].choices = [("", "—"), *versions]  # type: ignore[attr-defined]
        self.fields["issued"].choices = list(issued)  # type: ignore[attr-defined]
        self.fields["external"].choices = list(external)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("issued") and not data.get("external"):
            raise forms.ValidationError(_("Choose at least one credential to submit."))
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked like a single file (the service checks type, size and content)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class PriorLearningForm(forms.Form):
    """A claim of prior (non-formal, informal or work-based) learning, with evidence."""

    organisation = forms.TypedChoiceField(label=_("Institution asked to recognise"), coerce=int)
    pathway_version = forms.TypedChoiceField(
        label=_("Towards the pathway"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Leave empty to ask for credit."),
    )
    claimed = forms.TypedMultipleChoiceField(
        label=_("Micro-credentials your learning matches"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The officer compares your learning with their learning outcomes, level and workload."),
    )
    description = TranslatedFormField(
        label=_("What you learnt and how"),
        multiline=True,
        required=False,  # one language is enough: the service says so when both are empty
        max_length=4000,
        help_text=_(
            "The tasks, the setting (work, volunteering, self-study, a course without a credential), who can "
            "confirm it, and what you can now do. Arabic, English or both."
        ),
    )
    started_on = forms.DateField(label=_("Learning started"), widget=forms.DateInput(attrs={"type": "date"}))
    ended_on = forms.DateField(
        label=_("Learning ended"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty if you are still learning."),
    )
    evidence = MultipleFileField(
        label=_("Evidence files"),
        help_text=_(
            "PDF, PNG or JPEG, up to 5 MB each, at most 5 files: a letter from an employer, a certificate of "
            "attendance, a portfolio, work samples."
        ),
    )
    message = forms.CharField(
        label=_("Message"), required=False, widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"})
    )

    def __init__(
        self,
        *args: Any,
        organisations: Sequence[tuple[int, str]] = (),
        versions: Sequence[tuple[int, str]] = (),
        claimable: Sequence[tuple[int, str]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = list(organisations)  # type: ignore[attr-defined]
        self.fields["pathway_version"].choices = [("", "—"), *versions]  # type: ignore[attr-defined]
        self.fields["claimed"].choices = list(claimable)  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=Outcome.choices, widget=forms.RadioSelect)
    recognised_as = forms.TypedChoiceField(label=_("Recognised as"), coerce=int, required=False, empty_value=None)
    credits_granted = forms.DecimalField(
        label=_("Credits granted (ECTS)"),
        min_value=Decimal("0.01"),
        max_digits=5,
        decimal_places=2,
        required=False,
        help_text=_("For a partial recognition."),
    )
    differences = forms.MultipleChoiceField(
        label=_("Substantial differences"),
        choices=Difference.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Required for a partial or refused decision."),
    )
    justification = TranslatedFormField(label=_("Justification"), multiline=True, required=False)

    def __init__(self, *args: Any, targets: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recognised_as"].choices = [("", "—"), *targets]  # type: ignore[attr-defined]


class AppealForm(forms.Form):
    reasons = forms.CharField(
        label=_("Reasons for your appeal"), widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}), max_length=4000
    )


class AppealDecisionForm(DecisionForm):
    upheld = forms.TypedChoiceField(
        label=_("The appeal"), choices=AppealOutcome.choices, widget=forms.RadioSelect, coerce=str
    )
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}))

    field_order = ["upheld", "reasons", "outcome", "recognised_as", "credits_granted", "differences", "justification"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].required = False
