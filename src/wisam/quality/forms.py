"""Forms for internal QA pages; the services validate again and their errors are shown next to the field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wisam.core.i18n import TranslatedFormField
from wisam.design.models import MicroCredential
from wisam.institutions.models import Organisation
from wisam.institutions.roles import EMPLOYER_KINDS
from wisam.quality.models import EVIDENCE_EXTENSIONS, AnnualReviewDecision, EnrolmentStatus, Judgement, PartnerKind


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


# ------------------------------------------------------------------------------------------ the feedback loop

LIKERT_CHOICES = [
    ("1", _("1 — strongly disagree")),
    ("2", _("2 — disagree")),
    ("3", _("3 — neither agree nor disagree")),
    ("4", _("4 — agree")),
    ("5", _("5 — strongly agree")),
]


class SurveyForm(forms.Form):
    """The questions of a survey instrument version, one field per question (named by the question's id)."""

    def __init__(self, *args: Any, questions: list[dict[str, Any]], organisations: Any = None, **kwargs: Any) -> None:
        from wisam.core.i18n import translated
        from wisam.quality.surveys import question_label

        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"] = forms.ModelChoiceField(
                label=_("On behalf of"), queryset=organisations, empty_label=None
            )
        for number, question in enumerate(questions, start=1):
            label = f"{number}. {translated(question['label'])}"
            required = bool(question.get("required"))
            field: forms.Field
            if question["type"] == "likert5":
                field = forms.ChoiceField(
                    label=label, choices=LIKERT_CHOICES, widget=forms.RadioSelect, required=required
                )
            elif question["type"] == "choice":
                field = forms.ChoiceField(
                    label=label,
                    choices=[(o["value"], translated(o["label"])) for o in question["options"]],
                    widget=forms.RadioSelect,
                    required=required,
                )
            else:
                field = forms.CharField(
                    label=label,
                    required=required,
                    max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 3, "dir": "auto"}),
                )
            # Name the question (number and text) as the services do; the browser's own messages would not.
            name = question_label(question, number)
            field.error_messages["required"] = _("%(question)s: please answer this question.") % {"question": name}
            # Django fills in "%(value)s" itself here: a per cent sign in the question's text must stay literal.
            field.error_messages["invalid_choice"] = (
                _("%(question)s: choose one of the options listed.") % {"question": name}
            ).replace("%", "%%")
            self.fields[question["id"]] = field

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return {name: value for name, value in data.items() if name != "organisation"}


class DateInput(forms.DateInput):
    input_type = "date"


class EnrolmentForm(forms.Form):
    micro_credential = forms.ModelChoiceField(label=_("Micro-credential"), queryset=MicroCredential.objects.none())
    learner_email = forms.EmailField(label=_("Learner's e-mail"))
    enrolled_on = forms.DateField(label=_("Enrolled on"), widget=DateInput)
    status = forms.ChoiceField(label=_("Status"), choices=EnrolmentStatus.choices, initial=EnrolmentStatus.ENROLLED)
    finished_on = forms.DateField(label=_("Finished on"), required=False, widget=DateInput)

    def __init__(self, *args: Any, micro_credentials: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["micro_credential"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = micro_credentials


class EnrolmentUploadForm(forms.Form):
    micro_credential = forms.ModelChoiceField(label=_("Micro-credential"), queryset=MicroCredential.objects.none())
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: email, enrolled_on (YYYY-MM-DD), status (enrolled, withdrawn, passed, failed), finished_on."
        ),
    )

    def __init__(self, *args: Any, micro_credentials: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["micro_credential"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = micro_credentials


class OutcomeForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=EnrolmentStatus.choices)
    finished_on = forms.DateField(label=_("Finished on"), required=False, widget=DateInput)


class AnnualReviewStartForm(forms.Form):
    year = forms.IntegerField(label=_("Year under review"), min_value=2000, max_value=2100)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=AnnualReviewDecision.choices, widget=forms.RadioSelect)
    decision_notes = forms.CharField(
        label=_("Reasons and actions"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )


class CarryChangesForm(forms.Form):
    summary_ar = forms.CharField(
        label=_("What changes in the next edition (Arabic)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "rtl", "lang": "ar"}),
    )
    summary_en = forms.CharField(
        label=_("What changes in the next edition (English)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "dir": "ltr", "lang": "en"}),
    )
