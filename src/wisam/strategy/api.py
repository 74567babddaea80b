"""The strategy JSON API (mounted at /api/strategy/): read the team and its gaps, maturity profiles, models,
registers and recommendations, with the same permission policy as the pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from wisam.core.i18n import translated
from wisam.core.policy import can, require, scope
from wisam.institutions.models import Organisation
from wisam.strategy import selectors
from wisam.strategy.models import MaturityModel

router = Router(tags=["strategy"])


class FindingOut(Schema):
    code: str
    severity: str
    message: str
    stage: str


class MemberOut(Schema):
    id: int
    email: str
    name: str
    team_role: str
    current: bool
    raci: dict[str, str]


class TeamOut(Schema):
    organisation: str
    members: list[MemberOut]
    findings: list[FindingOut]


class LevelsOut(Schema):
    assessed_on: str | None
    levels: dict[str, int | None]
    previous: dict[str, int | None] | None
    national_median: dict[str, float] | None
    overall: int | None


class StakeholderOut(Schema):
    id: int
    name: dict[str, str]
    kind: str
    influence: int
    interest: int
    responsibilities: dict[str, list[dict[str, str]]]


class IndicatorOut(Schema):
    key: str
    statement: dict[str, str]


class DimensionOut(Schema):
    key: str
    name: dict[str, str]
    descriptors: dict[str, dict[str, str]]
    indicators: list[IndicatorOut]


class ModelOut(Schema):
    id: int
    slug: str
    version: int
    status: str
    title: dict[str, str]
    levels: list[dict[str, Any]]
    dimensions: list[DimensionOut]
    sources: list[dict[str, Any]]


class RecommendationOut(Schema):
    code: str
    title: dict[str, str]
    status: str
    expected_result: int | None
    owner: str | None
    due_on: str | None
    evidence: list[dict[str, Any]]


def _organisation(request: HttpRequest, slug: str, action: str) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    require(request.user, action, organisation)
    return organisation


@router.get("/{slug}/team", response=TeamOut)
def team(request: HttpRequest, slug: str) -> dict[str, Any]:
    organisation = _organisation(request, slug, "strategy.view")
    page = selectors.team_page(organisation)
    return {
        "organisation": organisation.slug,
        "members": [
            {
                "id": row.member.pk,
                "email": row.member.user.email,
                "name": str(row.member.user),
                "team_role": row.member.team_role,
                "current": row.is_current,
                "raci": {stage: letter for stage, _label, letter in row.cells if letter},
            }
            for row in page.rows
        ],
        "findings": [
            {"code": f.code, "severity": f.severity, "message": f.message, "stage": f.stage} for f in page.findings
        ],
    }


@router.get("/{slug}/maturity", response=LevelsOut)
def maturity(request: HttpRequest, slug: str) -> dict[str, Any]:
    organisation = _organisation(request, slug, "strategy.view")
    profile = selectors.maturity_profile(organisation)
    current = profile.current
    return {
        "assessed_on": current.assessed_on.isoformat() if current else None,
        "levels": current.results.get("levels", {}) if current else {},
        "previous": profile.previous.results.get("levels", {}) if profile.previous else None,
        "national_median": profile.median,
        "overall": profile.overall,
    }


@router.get("/{slug}/stakeholders", response=list[StakeholderOut])
def stakeholders(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    organisation = _organisation(request, slug, "strategy.view_register")
    result = []
    for entry in selectors.register(organisation):
        by_stage: dict[str, list[dict[str, str]]] = {}
        for responsibility in entry.responsibilities.all():
            by_stage.setdefault(responsibility.stage, []).append(responsibility.description)
        result.append(
            {
                "id": entry.pk,
                "name": entry.name,
                "kind": entry.kind,
                "influence": entry.influence,
                "interest": entry.interest,
                "responsibilities": by_stage,
            }
        )
    return result


@router.get("/maturity-models", response=list[ModelOut], auth=None)
def models(request: HttpRequest) -> list[dict[str, Any]]:
    result = []
    for model in scope(request.user, "maturity_model.view", MaturityModel.objects.order_by("slug", "-version")):
        result.append(
            {
                "id": model.pk,
                "slug": model.slug,
                "version": model.version,
                "status": model.status,
                "title": model.title,
                "levels": [{"number": level.number, "name": level.name} for level in model.levels.order_by("number")],
                "dimensions": [
                    {
                        "key": d.key,
                        "name": d.name,
                        "descriptors": d.descriptors,
                        "indicators": [{"key": i.key, "statement": i.statement} for i in d.indicators.all()],
                    }
                    for d in selectors.model_structure(model)
                ],
                "sources": model.sources,
            }
        )
    return result


@router.get("/recommendations", response=list[RecommendationOut])
def recommendations(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "code": r.code,
            "title": r.title,
            "status": r.status,
            "expected_result": r.expected_result,
            "owner": translated(r.owner.name) if r.owner else None,
            "due_on": r.due_on.isoformat() if r.due_on else None,
            "evidence": [{"title": e.title, "url": e.url} for e in r.evidence.all()],
        }
        for r in selectors.recommendations()
        if can(request.user, "recommendation.view", r)
    ]


__all__ = ["router"]
