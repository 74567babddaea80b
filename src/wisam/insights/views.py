"""Insights pages: the national and institutional dashboards, their downloads, the yearly report, skill needs.

Thin: each view asks the policy, builds the scope and filters, reads through selectors, writes through services.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wisam.core.policy import can, require, scope
from wisam.frameworks.models import EscoSkill
from wisam.frameworks.selectors import search_skills
from wisam.insights import charts, exports, report, selectors, services
from wisam.insights.figures import Dashboard
from wisam.insights.filters import FilterForm, Filters, Scope, filters_from
from wisam.insights.forms import SkillNeedForm
from wisam.insights.models import SkillNeed
from wisam.institutions.models import Organisation
from wisam.institutions.roles import EMPLOYER_KINDS, HIGHER_EDUCATION_KINDS


def _name(name: str) -> str:
    if name not in selectors.DASHBOARDS:
        raise Http404(name)
    return name


def _national(request: HttpRequest) -> tuple[Scope, FilterForm, Filters]:
    require(request.user, "insights.view_national")
    form = FilterForm(request.GET or None, national=True)
    return Scope(national=True), form, filters_from(form) if request.GET else Filters()


def _institution(request: HttpRequest, slug: str) -> tuple[Scope, FilterForm, Filters]:
    organisation = get_object_or_404(Organisation, slug=slug, kind__in=HIGHER_EDUCATION_KINDS)
    require(request.user, "insights.view_institution", organisation)
    form = FilterForm(request.GET or None, national=False)
    filters = filters_from(form) if request.GET else Filters()
    return Scope(national=False, organisation=organisation), form, filters


def _tabs(scope: Scope, current: str, query: str) -> list[dict[str, Any]]:
    labels = {key: selectors.dashboard_title(key) for key in selectors.DASHBOARDS}
    tabs = []
    for key in selectors.DASHBOARDS:
        if scope.national:
            url = reverse("insights:national", kwargs={"name": key})
        else:
            assert scope.organisation is not None
            url = reverse("insights:institution", kwargs={"slug": scope.organisation.slug, "name": key})
        tabs.append(
            {"key": key, "label": labels[key], "url": f"{url}?{query}" if query else url, "current": key == current}
        )
    return tabs


def _render_dashboard(
    request: HttpRequest, name: str, scope: Scope, form: FilterForm, filters: Filters
) -> HttpResponse:
    built: Dashboard = selectors.dashboard(name, scope=scope, filters=filters)
    rtl = get_language_bidi()
    query = request.GET.urlencode()
    panels = [{"figure": f, "svg": charts.figure_svg(f, rtl=rtl)} for f in built.figures]
    if scope.national:
        base = reverse("insights:national", kwargs={"name": name})
    else:
        assert scope.organisation is not None
        base = reverse("insights:institution", kwargs={"slug": scope.organisation.slug, "name": name})
    return render(
        request,
        "insights/dashboard.html",
        {
            "dashboard": built,
            "panels": panels,
            "form": form,
            "scope": scope,
            "organisation": scope.organisation,
            "tabs": _tabs(scope, name, query),
            "query": query,
            "base": base,
            "filtered": not filters.is_empty,
            "can_refresh": scope.national,
            "years": selectors.report_years(),
        },
    )


@login_required
def index(request: HttpRequest) -> HttpResponse:
    if can(request.user, "insights.view_national"):
        return redirect("insights:national", name="supply")
    institutions = scope(
        request.user, "insights.view_institution", Organisation.objects.filter(kind__in=HIGHER_EDUCATION_KINDS)
    ).order_by("slug")
    employers = scope(request.user, "skill_need.add", Organisation.objects.filter(kind__in=EMPLOYER_KINDS))
    if institutions.count() == 1 and not employers.exists():
        return redirect("insights:institution", slug=institutions.get().slug, name="supply")
    if employers.count() == 1 and not institutions.exists():
        return redirect("insights:needs", slug=employers.get().slug)
    if not institutions.exists() and not employers.exists():
        raise PermissionDenied("insights")
    return render(request, "insights/index.html", {"institutions": institutions, "employers": employers})


@login_required
def national(request: HttpRequest, name: str) -> HttpResponse:
    scope_, form, filters = _national(request)
    return _render_dashboard(request, _name(name), scope_, form, filters)


@login_required
def institution_home(request: HttpRequest, slug: str) -> HttpResponse:
    return redirect("insights:institution", slug=slug, name="supply")


@login_required
def institution(request: HttpRequest, slug: str, name: str) -> HttpResponse:
    scope_, form, filters = _institution(request, slug)
    return _render_dashboard(request, _name(name), scope_, form, filters)


def _download(content: bytes | str, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _export(
    request: HttpRequest, scope_: Scope, filters: Filters, name: str, figure: str | None, fmt: str
) -> HttpResponse:
    if fmt not in ("csv", "xlsx") or (fmt == "csv" and figure is None):
        raise Http404(fmt)
    built = selectors.dashboard(_name(name), scope=scope_, filters=filters)
    stem = f"wisam-{name}" + (f"-{scope_.organisation.slug}" if not scope_.national and scope_.organisation else "")
    if figure is not None:
        chosen = built.figure(figure)
        if chosen is None:
            raise Http404(figure)
        if fmt == "csv":
            return _download(exports.figure_csv(chosen), f"{stem}-{figure}.csv", "text/csv; charset=utf-8")
        return _download(
            exports.figures_xlsx([chosen], rtl=get_language_bidi()), f"{stem}-{figure}.xlsx", exports.XLSX_TYPE
        )
    return _download(exports.dashboard_xlsx(built, rtl=get_language_bidi()), f"{stem}.xlsx", exports.XLSX_TYPE)


@login_required
def national_export(request: HttpRequest, name: str, fmt: str, figure: str | None = None) -> HttpResponse:
    scope_, _form, filters = _national(request)
    return _export(request, scope_, filters, name, figure, fmt)


@login_required
def institution_export(request: HttpRequest, slug: str, name: str, fmt: str, figure: str | None = None) -> HttpResponse:
    scope_, _form, filters = _institution(request, slug)
    return _export(request, scope_, filters, name, figure, fmt)


@login_required
@require_POST
def refresh(request: HttpRequest) -> HttpResponse:
    require(request.user, "insights.view_national")
    counts = services.insights_refresh()
    messages.success(
        request,
        _("Figures rebuilt: %(skills)d taught skills, %(findings)d linter findings.")
        % {"skills": counts["taught_skills"], "findings": counts["lint_findings"]},
    )
    return redirect(request.POST.get("next") or reverse("insights:national", kwargs={"name": "quality"}))


# --- the yearly report -------------------------------------------------------------------------------------------


def _year(year: int) -> int:
    if not 2000 <= year <= timezone.localdate().year:
        raise Http404(str(year))
    return year


@login_required
def report_page(request: HttpRequest, year: int) -> HttpResponse:
    require(request.user, "insights.view_national")
    built = report.yearly_report(_year(year))
    rtl = get_language_bidi()
    sections = [
        {"dashboard": d, "panels": [{"figure": f, "svg": charts.figure_svg(f, rtl=rtl)} for f in d.figures]}
        for d in built.dashboards
    ]
    return render(
        request,
        "insights/report.html",
        {"report": built, "sections": sections, "years": selectors.report_years()},
    )


@login_required
def report_pdf(request: HttpRequest, year: int) -> HttpResponse:
    require(request.user, "insights.view_national")
    built = report.yearly_report(_year(year))
    language = (get_language() or "ar").split("-")[0]
    return _download(
        report.report_pdf(built, language=language), f"wisam-report-{year}-{language}.pdf", "application/pdf"
    )


# --- employer skill needs ------------------------------------------------------------------------------------------


def _employer(request: HttpRequest, slug: str) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug, kind__in=EMPLOYER_KINDS)
    require(request.user, "skill_need.add", organisation)
    return organisation


def _offered(request: HttpRequest, chosen: list[str]) -> tuple[list[EscoSkill], str]:
    query = (request.POST.get("q") or "").strip()
    offered = list(EscoSkill.objects.filter(uri__in=chosen, is_active=True))
    if query:
        found = search_skills(query, limit=15)
        offered += [s for s in found if s.uri not in chosen]
    return offered, query


def _need_form(request: HttpRequest, need: SkillNeed | None = None) -> tuple[SkillNeedForm, bool]:
    """The form, and whether the person asked to save (rather than to search)."""
    if request.method != "POST":
        if need is None:
            return SkillNeedForm(), False
        initial = {
            "skills": [s.uri for s in need.skills.all()],
            "sector": need.sector,
            "region": need.region,
            "people": need.people,
            "horizon": need.horizon,
            "note": need.note,
        }
        return SkillNeedForm(initial=initial, offered=need.skills.all()), False
    chosen = request.POST.getlist("skills")
    offered, _query = _offered(request, chosen)
    if request.POST.get("action") == "search":
        # A search redraws the form with what was typed, unbound: nothing is validated (or refused) yet.
        fields = ("sector", "region", "people", "horizon", "note")
        typed: dict[str, Any] = {name: request.POST.get(name, "") for name in fields}
        typed["skills"] = chosen
        return SkillNeedForm(initial=typed, offered=offered), False
    return SkillNeedForm(request.POST, offered=offered), True


def _save_need(request: HttpRequest, form: SkillNeedForm, save: Any) -> bool:
    if not form.is_valid():
        return False
    data = form.cleaned_data
    if not data["skills"]:
        form.add_error("skills", _("Choose at least one ESCO skill: search by a word, tick the skills, then save."))
        return False
    try:
        save(
            skills=data["skills"],
            sector=data["sector"],
            region=data["region"],
            people=data["people"],
            horizon=data["horizon"],
            note=data["note"],
            actor=request.user,
        )
    except ValidationError as error:
        for field, problems in error.message_dict.items():
            for problem in problems:
                form.add_error(field if field in form.fields else None, problem)
        return False
    return True


@login_required
def needs(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _employer(request, slug)
    form, saving = _need_form(request)
    if saving and _save_need(request, form, lambda **kw: services.skill_need_create(organisation=organisation, **kw)):
        messages.success(request, _("The skill need is recorded; it now counts on the national alignment dashboard."))
        return redirect("insights:needs", slug=organisation.slug)
    return render(
        request,
        "insights/needs.html",
        {
            "organisation": organisation,
            "needs": selectors.skill_needs_for(organisation),
            "form": form,
            "searched": request.method == "POST" and not saving,
            "query": request.POST.get("q", ""),
        },
    )


@login_required
def need_edit(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_object_or_404(SkillNeed.objects.select_related("organisation"), pk=pk)
    require(request.user, "skill_need.change", need)
    if not need.is_active:
        raise Http404("withdrawn")
    form, saving = _need_form(request, need)
    if saving and _save_need(request, form, lambda **kw: services.skill_need_update(need=need, **kw)):
        messages.success(request, _("The skill need is updated."))
        return redirect("insights:needs", slug=need.organisation.slug)
    return render(
        request,
        "insights/need_edit.html",
        {"need": need, "organisation": need.organisation, "form": form, "query": request.POST.get("q", "")},
    )


@login_required
@require_POST
def need_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_object_or_404(SkillNeed.objects.select_related("organisation"), pk=pk)
    require(request.user, "skill_need.change", need)
    try:
        services.skill_need_withdraw(need=need, actor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The skill need is withdrawn; it no longer counts as demand."))
    return redirect("insights:needs", slug=need.organisation.slug)
