"""Views of the shell: home per role, account, directory, members, sign-in and language; each asks the policy."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from wisam.core.i18n import translated
from wisam.core.policy import can, require, scope
from wisam.institutions.models import Membership, Organisation, User
from wisam.institutions.roles import OrganisationKind, Role
from wisam.institutions.selectors import memberships_of, organisations_public
from wisam.institutions.services import membership_end, membership_grant
from wisam.web.forms import DirectoryFilterForm, EmailAuthenticationForm, MemberGrantForm, PreferredLanguageForm
from wisam.web.home import cards_for
from wisam.web.services import preferred_language_set
from wisam.web.signals import set_language_cookie

PUBLIC = "site.view_public"


def public(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """For pages open to everyone: the policy is still asked, so that no view goes without a decision."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        require(request.user, PUBLIC)
        return view(request, *args, **kwargs)

    return wrapped


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _signed_in(request: HttpRequest) -> User:
    """The signed-in person; only called behind login_required."""
    user = request.user
    assert isinstance(user, User)
    return user


@public
def home(request: HttpRequest) -> HttpResponse:
    groups = cards_for(request.user) if request.user.is_authenticated else []
    return render(request, "web/home.html", {"groups": groups})


@require_POST
@public
def language_switch(request: HttpRequest) -> HttpResponseBase:
    """Django's set_language (cookie and redirect), and for a signed-in person also their preferred language."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language and check_for_language(language):
        preferred_language_set(user=_signed_in(request), language=language)
    return response


@login_required
def account(request: HttpRequest) -> HttpResponseBase:
    user = _signed_in(request)
    require(user, "account.view", user)
    form = PreferredLanguageForm(request.POST or None, initial={"preferred_language": user.preferred_language})
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["preferred_language"]
        preferred_language_set(user=user, language=language)
        response = redirect("account")
        request.wisam_language_cookie = language  # type: ignore[attr-defined]
        set_language_cookie(request, response)
        messages.success(request, _("Your preferred language is saved."))
        return response
    memberships = memberships_of(user).order_by("organisation__slug", "role")
    return render(request, "web/account.html", {"form": form, "memberships": memberships, "person": user})


def _directory(request: HttpRequest) -> tuple[DirectoryFilterForm, QuerySet[Organisation]]:
    form = DirectoryFilterForm(request.GET or None)
    kind = ""
    text = ""
    if form.is_valid():
        kind = form.cleaned_data["kind"]
        text = form.cleaned_data["q"].strip()
    organisations = scope(request.user, "organisation.view", organisations_public(kind=kind or None))
    if text:
        organisations = organisations.filter(
            Q(name__ar__icontains=text) | Q(name__en__icontains=text) | Q(slug__icontains=text)
        )
    return form, organisations


def organisation_list(request: HttpRequest) -> HttpResponse:
    """The public national directory, grouped by kind; every visitor may read it ("organisation.view")."""
    form, organisations = _directory(request)
    by_kind: dict[str, list[Organisation]] = {}
    for organisation in sorted(organisations, key=lambda org: translated(org.name)):
        by_kind.setdefault(organisation.kind, []).append(organisation)
    sections = [
        {"kind": kind, "label": label, "organisations": by_kind[kind]}
        for kind, label in OrganisationKind.choices
        if kind in by_kind
    ]
    context = {"form": form, "sections": sections, "count": sum(len(found) for found in by_kind.values())}
    if _is_htmx(request):
        return render(request, "web/_directory_results.html", context)
    return render(request, "web/organisation_list.html", context)


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug, is_active=True)
    require(request.user, "organisation.view", organisation)
    units = organisation.units.filter(is_active=True).order_by("kind", "id")
    return render(
        request,
        "web/organisation_detail.html",
        {
            "organisation": organisation,
            "units": units,
            "may_view_members": can(request.user, "organisation.view_members", organisation),
        },
    )


def _members_context(request: HttpRequest, organisation: Organisation, form: MemberGrantForm | None) -> dict[str, Any]:
    may_manage = can(request.user, "organisation.manage_members", organisation)
    memberships = (
        Membership.objects.current()
        .filter(organisation=organisation)
        .select_related("user", "unit")
        .order_by("role", "user__email")
    )
    rows = [{"membership": m, "may_end": may_manage and can(request.user, "membership.end", m)} for m in memberships]
    if may_manage and form is None:
        form = MemberGrantForm(organisation=organisation)
    return {"organisation": organisation, "rows": rows, "form": form, "may_manage": may_manage}


def _members_response(request: HttpRequest, organisation: Organisation, form: MemberGrantForm | None = None) -> Any:
    context = _members_context(request, organisation, form)
    template = "web/_members.html" if _is_htmx(request) else "web/organisation_members.html"
    return render(request, template, context, status=422 if form is not None and form.errors else 200)


def organisation_members(request: HttpRequest, slug: str) -> HttpResponseBase:
    """Who holds which role; an institution administrator may also grant a role to an existing person here."""
    organisation = get_object_or_404(Organisation, slug=slug, is_active=True)
    require(request.user, "organisation.view_members", organisation)
    if request.method != "POST":
        return _members_response(request, organisation)

    require(request.user, "organisation.manage_members", organisation)
    form = MemberGrantForm(request.POST, organisation=organisation)
    if form.is_valid() and form.user is not None:
        try:
            membership = membership_grant(
                user=form.user,
                organisation=organisation,
                role=form.cleaned_data["role"],
                unit=form.cleaned_data["unit"],
                valid_until=form.cleaned_data["valid_until"],
                actor=request.user,
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(
                request,
                _("%(person)s now holds the role “%(role)s”.")
                % {"person": membership.user, "role": membership.get_role_display()},
            )
            if _is_htmx(request):
                return _members_response(request, organisation)
            return HttpResponseRedirect(reverse("organisation_members", kwargs={"slug": slug}))
    return _members_response(request, organisation, form)


@require_POST
def membership_end_view(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    organisation = get_object_or_404(Organisation, slug=slug, is_active=True)
    membership = get_object_or_404(
        Membership.objects.current().select_related("user"), pk=pk, organisation=organisation
    )
    require(request.user, "membership.end", membership)
    if membership.user_id == request.user.pk and membership.role == Role.INSTITUTION_ADMIN:
        # Ending one's own administrator role would lock the organisation's only manager out by accident.
        messages.error(request, _("You cannot end your own administrator role; ask another administrator."))
    else:
        membership_end(membership=membership, actor=request.user, reason="ended on the members page")
        messages.success(
            request,
            _("The role “%(role)s” of %(person)s has ended.")
            % {"role": membership.get_role_display(), "person": membership.user},
        )
    if _is_htmx(request):
        return _members_response(request, organisation)
    return HttpResponseRedirect(reverse("organisation_members", kwargs={"slug": slug}))


class LoginView(auth_views.LoginView):
    """Sign in by e-mail; afterwards Wisam speaks the person's preferred language (see wisam.web.signals)."""

    form_class = EmailAuthenticationForm
    template_name = "web/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        set_language_cookie(self.request, response)
        return response


# Django's account views, each behind the public-page policy decision.
login = public(LoginView.as_view())
logout = public(auth_views.LogoutView.as_view())
password_reset = public(
    auth_views.PasswordResetView.as_view(
        template_name="web/password_reset.html",
        email_template_name="web/emails/password_reset.txt",
        subject_template_name="web/emails/password_reset_subject.txt",
    )
)
password_reset_done = public(auth_views.PasswordResetDoneView.as_view(template_name="web/password_reset_done.html"))
password_reset_confirm = public(
    auth_views.PasswordResetConfirmView.as_view(template_name="web/password_reset_confirm.html")
)
password_reset_complete = public(
    auth_views.PasswordResetCompleteView.as_view(template_name="web/password_reset_complete.html")
)
