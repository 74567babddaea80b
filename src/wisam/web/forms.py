"""Forms of the web shell: sign-in by e-mail, granting a role, the preferred language, the directory filter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from wisam.core.i18n import translated
from wisam.institutions.models import Organisation, OrganisationUnit, User
from wisam.institutions.roles import ROLES_BY_KIND, OrganisationKind, Role
from wisam.web.context_processors import NATIVE_NAMES


class EmailAuthenticationForm(AuthenticationForm):
    """Django's sign-in form, asking for the e-mail address (stored in lower case) instead of a user name."""

    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username", "dir": "ltr"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].widget.attrs["dir"] = "ltr"
        self.error_messages = {
            **self.error_messages,
            "invalid_login": _("The e-mail address or the password is not right. Both are checked as typed."),
        }

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip().lower()


class MemberGrantForm(forms.Form):
    """Give an existing person a role in one organisation; roles and units are limited to that organisation."""

    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The person must already have an account in Wisam."),
        widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    role = forms.ChoiceField(label=_("Role"))
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=OrganisationUnit.objects.none(),
        required=False,
        empty_label=_("The whole organisation"),
    )
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        help_text=_("Leave empty for a role without an end date."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        allowed = ROLES_BY_KIND.get(organisation.kind, frozenset())
        role_field: Any = self.fields["role"]
        role_field.choices = [("", _("Choose a role")), *((r.value, r.label) for r in Role if r.value in allowed)]
        unit_field: Any = self.fields["unit"]
        unit_field.queryset = organisation.units.filter(is_active=True)
        unit_field.label_from_instance = lambda unit: translated(unit.name)
        self.user: User | None = None

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip().lower()
        self.user = User.objects.filter(email__iexact=email, is_active=True).first()
        if self.user is None:
            raise forms.ValidationError(
                _("No one with this e-mail address has an account in Wisam. Ask the platform staff to create one."),
                code="unknown_person",
            )
        return email


class PreferredLanguageForm(forms.Form):
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=[(code, NATIVE_NAMES.get(code, name)) for code, name in settings.LANGUAGES],
        help_text=_("Wisam uses it when you sign in, and for the e-mails it sends you."),
        widget=forms.RadioSelect,
    )


class DirectoryFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        required=False,
        choices=[("", _("All kinds")), *OrganisationKind.choices],
    )
    q = forms.CharField(label=_("Name contains"), required=False, max_length=100)
