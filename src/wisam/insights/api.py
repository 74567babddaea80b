"""The insights JSON API (mounted at /api/insights/): each dashboard's figures, with the same scope and filters as
the pages, and the employers' skill needs (list, record, read, change, withdraw)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from wisam.core.policy import require, scope
from wisam.insights import selectors, services
from wisam.insights.filters import FilterForm, Filters, Scope, filters_from
from wisam.insights.models import Horizon, SkillNeed
from wisam.institutions.models import Organisation
from wisam.institutions.roles import EMPLOYER_KINDS, HIGHER_EDUCATION_KINDS

router = Router(tags=["insights"])

FILTER_HELP = (
    "Filters (all optional): date_from, date_to (YYYY-MM-DD), kind (institution type), field (ISCED-F broad code,"
    " e.g. 06), level (EQF 1–8), institution (slug; national viewers only)."
)


class RowOut(Schema):
    key: str
    label: str
    values: list[float | int | None]


class FigureOut(Schema):
    key: str
    title: str
    category: str
    series: list[str]
    chart: str
    note: str
    suppression: bool
    unavailable: str
    rows: list[RowOut]


class KeyFigureOut(Schema):
    key: str
    label: str
    value: float | int | None
    national_median: float | int | None


class DashboardOut(Schema):
    dashboard: str
    title: str
    key_figures: list[KeyFigureOut]
    figures: list[FigureOut]


class SkillOut(Schema):
    uri: str
    label: dict[str, str]


class SkillNeedOut(Schema):
    id: int
    organisation: str
    skills: list[SkillOut]
    sector: str
    region: str
    people: int
    horizon: str
    note: str
    created_at: str
    withdrawn_at: str | None


class SkillNeedIn(Schema):
    skills: list[str]
    sector: str
    region: str
    people: int
    horizon: str = Horizon.NOW
    note: str = ""


class SkillNeedCreateIn(SkillNeedIn):
    organisation: str


def _filters(request: HttpRequest, *, national: bool) -> Filters:
    form = FilterForm(request.GET or None, national=national)
    if request.GET and not form.is_valid():
        raise HttpError(
            422, "; ".join(f"{name}: {' '.join(str(e) for e in errors)}" for name, errors in form.errors.items())
        )
    return filters_from(form) if request.GET else Filters()


def _name(name: str) -> str:
    if name not in selectors.DASHBOARDS:
        raise Http404(name)
    return name


@router.get("/national/{name}", response=DashboardOut, summary="A national dashboard", description=FILTER_HELP)
def national(request: HttpRequest, name: str) -> dict[str, Any]:
    require(request.user, "insights.view_national")
    filters = _filters(request, national=True)
    return selectors.dashboard(_name(name), scope=Scope(national=True), filters=filters).as_dict()


@router.get(
    "/institutions/{slug}/{name}",
    response=DashboardOut,
    summary="An institution's dashboard beside the national median",
    description=FILTER_HELP,
)
def institution(request: HttpRequest, slug: str, name: str) -> dict[str, Any]:
    organisation = get_object_or_404(Organisation, slug=slug, kind__in=HIGHER_EDUCATION_KINDS)
    require(request.user, "insights.view_institution", organisation)
    filters = _filters(request, national=False)
    scope_ = Scope(national=False, organisation=organisation)
    return selectors.dashboard(_name(name), scope=scope_, filters=filters).as_dict()


def _need_out(need: SkillNeed) -> dict[str, Any]:
    return {
        "id": need.pk,
        "organisation": need.organisation.slug,
        "skills": [{"uri": s.uri, "label": dict(s.label)} for s in need.skills.all()],
        "sector": need.sector,
        "region": need.region,
        "people": need.people,
        "horizon": need.horizon,
        "note": need.note,
        "created_at": need.created_at.isoformat(),
        "withdrawn_at": need.withdrawn_at.isoformat() if need.withdrawn_at else None,
    }


def _invalid(error: ValidationError) -> HttpError:
    if hasattr(error, "error_dict"):
        return HttpError(422, "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items()))
    return HttpError(422, " ".join(error.messages))


@router.get("/skill-needs", response=list[SkillNeedOut], summary="Skill needs the caller may read")
def needs_list(request: HttpRequest, organisation: str = "", active: bool = True) -> list[dict[str, Any]]:
    queryset = scope(request.user, "skill_need.view", SkillNeed.objects.select_related("organisation"))
    if organisation:
        queryset = queryset.filter(organisation__slug=organisation)
    if active:
        queryset = queryset.filter(withdrawn_at__isnull=True)
    return [_need_out(n) for n in queryset.prefetch_related("skills").order_by("-created_at", "-id")[:500]]


@router.post("/skill-needs", response={201: SkillNeedOut}, summary="Record a skill need for an employer")
def needs_create(request: HttpRequest, payload: SkillNeedCreateIn) -> Status[dict[str, Any]]:
    employer = get_object_or_404(Organisation, slug=payload.organisation, kind__in=EMPLOYER_KINDS)
    require(request.user, "skill_need.add", employer)
    try:
        need = services.skill_need_create(
            organisation=employer,
            skills=payload.skills,
            sector=payload.sector,
            region=payload.region,
            people=payload.people,
            horizon=payload.horizon,
            note=payload.note,
            actor=request.user,
        )
    except ValidationError as error:
        raise _invalid(error) from error
    return Status(201, _need_out(need))


def _need(request: HttpRequest, pk: int, action: str) -> SkillNeed:
    need = get_object_or_404(SkillNeed.objects.select_related("organisation"), pk=pk)
    require(request.user, action, need)
    return need


@router.get("/skill-needs/{pk}", response=SkillNeedOut, summary="One skill need")
def needs_read(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _need_out(_need(request, pk, "skill_need.view"))


@router.put("/skill-needs/{pk}", response=SkillNeedOut, summary="Change a skill need")
def needs_update(request: HttpRequest, pk: int, payload: SkillNeedIn) -> dict[str, Any]:
    need = _need(request, pk, "skill_need.change")
    try:
        need = services.skill_need_update(
            need=need,
            skills=payload.skills,
            sector=payload.sector,
            region=payload.region,
            people=payload.people,
            horizon=payload.horizon,
            note=payload.note,
            actor=request.user,
        )
    except ValidationError as error:
        raise _invalid(error) from error
    return _need_out(need)


@router.delete("/skill-needs/{pk}", response=SkillNeedOut, summary="Withdraw a skill need")
def needs_withdraw(request: HttpRequest, pk: int) -> dict[str, Any]:
    need = _need(request, pk, "skill_need.change")
    try:
        need = services.skill_need_withdraw(need=need, actor=request.user)
    except ValidationError as error:
        raise _invalid(error) from error
    return _need_out(need)
