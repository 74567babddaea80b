"""JSON API for micro-credential specifications (mounted at /api/design/): the same services, rules and validation
as the designer pages. Errors name the field: 422 {"detail": ..., "errors": {"field": ["message", ...]}}.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Body, Field, Router, Schema
from ninja.errors import HttpError
from pydantic import create_model

from wisam.core.i18n import TranslatedField
from wisam.core.policy import can, scope
from wisam.design import exports, services
from wisam.design.linter import lint_data, lint_specification
from wisam.design.models import MicroCredential, SpecificationVersion
from wisam.design.selectors import (
    alignment_matrix,
    specification_versions_compare,
    specification_versions_latest_visible,
)
from wisam.design.vocab import skills_by_uri
from wisam.institutions.models import Organisation, OrganisationUnit

router = Router(tags=["design"])


class TranslatedOut(Schema):
    ar: str = ""
    en: str = ""


class TranslatedIn(Schema):
    ar: str | None = None
    en: str | None = None


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(default_factory=dict, description="Messages per field name.")


def _python_type(field: models.Field[Any, Any], *, output: bool) -> Any:
    if isinstance(field, TranslatedField):
        return TranslatedOut if output else TranslatedIn | None
    if field.name == "languages":
        return list[str] if output else list[str] | None
    if isinstance(field, models.DecimalField):
        return float | None if output else Decimal | None
    if isinstance(field, models.DateField):
        return str | None
    if isinstance(field, models.IntegerField):
        return int | None
    return str if output else str | None


def _content_model(name: str, *, output: bool) -> Any:
    definitions: dict[str, Any] = {}
    for field_name in services.VERSION_FIELDS:
        field: Any = SpecificationVersion._meta.get_field(field_name)
        kind = _python_type(field, output=output)
        default: Any = None
        if output and kind is TranslatedOut:
            default = TranslatedOut()
        elif output and field_name == "languages":
            default = []
        elif output and kind is str:
            default = ""
        definitions[field_name] = (kind, Field(default, description=str(field.verbose_name)))
    return create_model(name, __base__=Schema, **definitions)


VersionContentOut = _content_model("VersionContentOut", output=True)
VersionContentIn = _content_model("VersionContentIn", output=False)


class SkillOut(Schema):
    uri: str
    label: TranslatedOut


class OutcomeOut(Schema):
    id: int
    order: int
    text: TranslatedOut
    bloom_level: int | None
    skills: list[SkillOut]


class ActivityOut(Schema):
    id: int
    order: int
    title: TranslatedOut
    description: TranslatedOut
    kind: str
    hours: int | None
    outcomes: list[int] = Field(description="Ids of the outcomes this activity develops.")


class AssessmentOut(Schema):
    id: int
    order: int
    title: TranslatedOut
    method: str
    purpose: str
    weighting: int | None
    criteria: TranslatedOut
    outcomes: list[int] = Field(description="Ids of the outcomes this assessment assesses.")


class KpiOut(Schema):
    id: int
    order: int
    name: TranslatedOut
    target: TranslatedOut
    instrument: TranslatedOut


class MicroCredentialOut(Schema):
    id: int
    code: str
    organisation: str = Field(description="The owning organisation's slug.")
    unit: int | None


class VersionOut(Schema):
    id: int
    micro_credential: MicroCredentialOut
    number: int
    status: str
    status_label: str
    is_frozen: bool
    created_from: int | None
    content: VersionContentOut  # type: ignore[valid-type]
    outcomes: list[OutcomeOut]
    activities: list[ActivityOut]
    assessments: list[AssessmentOut]
    kpis: list[KpiOut]
    can_edit: bool


class VersionSummaryOut(Schema):
    id: int
    micro_credential: MicroCredentialOut
    number: int
    status: str
    title: TranslatedOut


class CreateIn(Schema):
    organisation: str = Field(description="Slug of the institution that owns the micro-credential.")
    code: str
    unit: int | None = None
    title: TranslatedIn
    content: VersionContentIn | None = None  # type: ignore[valid-type]


class OutcomeIn(Schema):
    text: TranslatedIn | None = None
    skills: list[str] | None = Field(None, description="ESCO skill URIs.")


class ActivityIn(Schema):
    title: TranslatedIn | None = None
    description: TranslatedIn | None = None
    kind: str | None = None
    hours: int | None = None
    outcomes: list[int] | None = None


class AssessmentIn(Schema):
    title: TranslatedIn | None = None
    method: str | None = None
    purpose: str | None = None
    weighting: int | None = None
    criteria: TranslatedIn | None = None
    outcomes: list[int] | None = None


class KpiIn(Schema):
    name: TranslatedIn | None = None
    target: TranslatedIn | None = None
    instrument: TranslatedIn | None = None


class FindingOut(Schema):
    code: str
    severity: str = Field(description="blocking | warning | info")
    block: str
    element: str = Field(description="EU Annex I element id, if any.")
    field: str
    target: str
    message: TranslatedOut


class BlockReportOut(Schema):
    id: str
    order: int
    title: TranslatedOut
    readiness: int = Field(description="0–100")
    fields_filled: int
    fields: int
    findings: list[FindingOut]


class LintReportOut(Schema):
    readiness: int
    blocking: int
    warnings: int
    findings: list[FindingOut]
    blocks: list[BlockReportOut]


class DifferenceOut(Schema):
    path: str
    block: str
    label: str
    kind: str = Field(description="changed | added | removed")
    before: Any
    after: Any


class ComparisonOut(Schema):
    a: int
    b: int
    identical: bool
    differences: list[DifferenceOut]


class AlignmentOut(Schema):
    activities: list[str]
    assessments: list[str]
    rows: list[dict[str, Any]]


# --- helpers -----------------------------------------------------------------------------------------------------


def _errors(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {name: [str(m) for m in messages] for name, messages in error.message_dict.items()}
    return {"__all__": [str(m) for m in error.messages]}


def _invalid(error: ValidationError) -> tuple[int, dict[str, Any]]:
    errors = _errors(error)
    return 422, {"detail": "; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()), "errors": errors}


def _version(request: HttpRequest, pk: int, action: str = "specification.view") -> SpecificationVersion:
    """The version if the user may see it (404 otherwise, so drafts of others are not even confirmed), then `action`."""
    visible = scope(request.user, "specification.view", SpecificationVersion.objects.select_related("micro_credential"))
    version = get_object_or_404(visible, pk=pk)
    if action != "specification.view" and not can(request.user, action, version):
        raise HttpError(403, f"You may not do “{action}” on this version.")
    return version


def _translated(value: Any) -> dict[str, str]:
    return {"ar": str((value or {}).get("ar", "")), "en": str((value or {}).get("en", ""))}


def _content(version: SpecificationVersion) -> dict[str, Any]:
    content: dict[str, Any] = {}
    for name in services.VERSION_FIELDS:
        value = getattr(version, name)
        if isinstance(value, Decimal):
            value = float(value)
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        content[name] = value
    return content


def _micro_credential(mc: MicroCredential) -> dict[str, Any]:
    return {"id": mc.pk, "code": mc.code, "organisation": mc.organisation.slug, "unit": mc.unit_id}


def version_out(request: HttpRequest, version: SpecificationVersion) -> dict[str, Any]:
    outcomes = list(version.outcomes.all())
    labels = skills_by_uri([uri for o in outcomes for uri in o.skills])
    return {
        "id": version.pk,
        "micro_credential": _micro_credential(version.micro_credential),
        "number": version.number,
        "status": version.status,
        "status_label": str(version.get_status_display()),
        "is_frozen": version.is_frozen,
        "created_from": version.created_from_id,
        "content": _content(version),
        "outcomes": [
            {
                "id": o.pk,
                "order": o.order,
                "text": _translated(o.text),
                "bloom_level": o.bloom_level,
                "skills": [{"uri": uri, "label": _translated(labels[uri].label)} for uri in o.skills],
            }
            for o in outcomes
        ],
        "activities": [
            {
                "id": a.pk,
                "order": a.order,
                "title": _translated(a.title),
                "description": _translated(a.description),
                "kind": a.kind,
                "hours": a.hours,
                "outcomes": [o.pk for o in a.outcomes.all()],
            }
            for a in version.activities.prefetch_related("outcomes")
        ],
        "assessments": [
            {
                "id": a.pk,
                "order": a.order,
                "title": _translated(a.title),
                "method": a.method,
                "purpose": a.purpose,
                "weighting": a.weighting,
                "criteria": _translated(a.criteria),
                "outcomes": [o.pk for o in a.outcomes.all()],
            }
            for a in version.assessments.prefetch_related("outcomes")
        ],
        "kpis": [
            {
                "id": k.pk,
                "order": k.order,
                "name": _translated(k.name),
                "target": _translated(k.target),
                "instrument": _translated(k.instrument),
            }
            for k in version.kpis.all()
        ],
        "can_edit": can(request.user, "specification.edit", version),
    }


def _fields(payload: Schema) -> dict[str, Any]:
    """The fields the client sent (unset ones are left alone); translated texts keep only the languages sent."""
    data = payload.model_dump(exclude_unset=True)
    return {
        name: ({k: v for k, v in value.items() if v is not None} if isinstance(value, dict) else value)
        for name, value in data.items()
    }


# --- specifications and versions ---------------------------------------------------------------------------------


@router.get("/specifications", response=list[VersionSummaryOut], summary="Micro-credentials I can see (latest version)")
def list_specifications(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "id": v.pk,
            "micro_credential": _micro_credential(v.micro_credential),
            "number": v.number,
            "status": v.status,
            "title": _translated(v.title),
        }
        for v in specification_versions_latest_visible(user=request.user)
    ]


@router.post(
    "/specifications",
    response={201: VersionOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Start a micro-credential (its first version is a draft)",
)
def create_specification(request: HttpRequest, payload: CreateIn) -> Any:
    organisation = get_object_or_404(Organisation, slug=payload.organisation)
    if not can(request.user, "specification.create", organisation):
        return 403, {"detail": "You may not design micro-credentials for this organisation."}
    unit = get_object_or_404(OrganisationUnit, pk=payload.unit) if payload.unit else None
    try:
        version = services.micro_credential_create(
            organisation=organisation,
            code=payload.code,
            unit=unit,
            title=_fields(payload)["title"],
            actor=request.user,
            fields=_fields(payload.content) if payload.content is not None else None,
        )
    except ValidationError as error:
        return _invalid(error)
    return 201, version_out(request, version)


@router.get("/versions/{version_id}", response=VersionOut, summary="A version with all its building blocks")
def get_version(request: HttpRequest, version_id: int) -> dict[str, Any]:
    return version_out(request, _version(request, version_id))


@router.patch(
    "/versions/{version_id}",
    response={200: VersionOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Change fields of a draft (only the fields sent)",
)
def update_version(request: HttpRequest, version_id: int, payload: VersionContentIn) -> Any:  # type: ignore[valid-type]
    version = _version(request, version_id, "specification.edit")
    try:
        version = services.specification_version_update(version=version, actor=request.user, fields=_fields(payload))
    except ValidationError as error:
        return _invalid(error)
    return 200, version_out(request, version)


@router.put(
    "/versions/{version_id}",
    response={200: VersionOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Load a whole specification into a draft (fields, and child lists replaced whole)",
    description="Body as in the lint endpoint: content fields plus `outcomes`, `activities`, `assessments`, `kpis`; "
    "activities and assessments name outcomes by their `key` or 1-based position.",
)
def load_version(request: HttpRequest, version_id: int, payload: dict[str, Any] = Body(...)) -> Any:  # noqa: B008
    version = _version(request, version_id, "specification.edit")
    try:
        version = services.specification_version_load(version=version, data=payload, actor=request.user)
    except ValidationError as error:
        return _invalid(error)
    return 200, version_out(request, SpecificationVersion.objects.get(pk=version.pk))


@router.post(
    "/versions/{version_id}/next",
    response={201: VersionOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Start a new version from this one (every field and child copied)",
)
def next_version(request: HttpRequest, version_id: int) -> Any:
    version = _version(request, version_id, "specification.version")
    try:
        new = services.specification_version_create_next(version=version, actor=request.user)
    except ValidationError as error:
        return _invalid(error)
    return 201, version_out(request, new)


@router.get(
    "/versions/{version_id}/compare/{other_id}",
    response=ComparisonOut,
    summary="Field-by-field differences between two versions",
)
def compare_versions(request: HttpRequest, version_id: int, other_id: int) -> dict[str, Any]:
    a, b = _version(request, version_id), _version(request, other_id)
    comparison = specification_versions_compare(a, b)
    return {
        "a": a.pk,
        "b": b.pk,
        "identical": comparison.identical,
        "differences": [d.as_dict() for d in comparison.differences],
    }


@router.get("/versions/{version_id}/lint", response=LintReportOut, summary="The quality report (linter findings)")
def lint_version(request: HttpRequest, version_id: int) -> dict[str, Any]:
    return lint_specification(_version(request, version_id, "specification.lint")).as_dict()


@router.post(
    "/lint",
    response=LintReportOut,
    summary="Lint a specification given in the body, without saving it",
    description="Texts are {ar, en} objects or plain strings; outcomes are strings or {text, skills, key}.",
)
def lint_unsaved(request: HttpRequest, payload: dict[str, Any] = Body(...)) -> dict[str, Any]:  # noqa: B008
    return lint_data(payload).as_dict()


@router.get("/versions/{version_id}/alignment", response=AlignmentOut, summary="Outcomes × activities × assessments")
def alignment(request: HttpRequest, version_id: int) -> dict[str, Any]:
    return alignment_matrix(_version(request, version_id)).as_dict()


@router.get(
    "/versions/{version_id}/export/elm",
    response=dict[str, Any],
    summary="Europass ELM v3 JSON-LD (Qualification / LearningAchievementSpecification)",
)
def export_elm(request: HttpRequest, version_id: int) -> dict[str, Any]:
    return exports.elm_specification(_version(request, version_id, "specification.export"))


@router.get(
    "/versions/{version_id}/export/ob3",
    response=dict[str, Any],
    summary="Open Badges 3.0 Achievement",
)
def export_ob3(request: HttpRequest, version_id: int) -> dict[str, Any]:
    return exports.ob3_achievement(_version(request, version_id, "specification.export"))


# --- outcomes, activities, assessments, KPIs ---------------------------------------------------------------------


def _item(request: HttpRequest, kind: str, item_id: int) -> models.Model:
    model = services.ITEM_MODELS[kind]
    item: Any = get_object_or_404(model._default_manager.select_related("version"), pk=item_id)
    _version(request, item.version_id, "specification.edit")
    return item


def _item_out(request: HttpRequest, item: models.Model) -> dict[str, Any]:
    version = SpecificationVersion.objects.get(pk=item.version_id)  # type: ignore[attr-defined]
    return version_out(request, version)


def _register_items(kind: str, plural: str, schema: type[Schema]) -> None:
    def add(request: HttpRequest, version_id: int, payload: Any) -> Any:
        version = _version(request, version_id, "specification.edit")
        try:
            item = services.specification_item_add(
                version=version, kind=kind, actor=request.user, fields=_fields(payload)
            )
        except ValidationError as error:
            return _invalid(error)
        return 201, _item_out(request, item)

    def change(request: HttpRequest, item_id: int, payload: Any) -> Any:
        item = _item(request, kind, item_id)
        try:
            item = services.specification_item_update(item=item, actor=request.user, fields=_fields(payload))
        except ValidationError as error:
            return _invalid(error)
        return 200, _item_out(request, item)

    def remove(request: HttpRequest, item_id: int) -> Any:
        item = _item(request, kind, item_id)
        version_id = item.version_id  # type: ignore[attr-defined]
        try:
            services.specification_item_remove(item=item, actor=request.user)
        except ValidationError as error:
            return _invalid(error)
        return 200, version_out(request, SpecificationVersion.objects.get(pk=version_id))

    add.__annotations__["payload"] = schema
    change.__annotations__["payload"] = schema
    responses = {403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
    router.post(
        f"/versions/{{version_id}}/{plural}",
        response={201: VersionOut, **responses},
        operation_id=f"design_add_{kind}",
        summary=f"Add a {kind} to a draft (returns the whole version)",
    )(add)
    router.patch(
        f"/{plural}/{{item_id}}",
        response={200: VersionOut, **responses},
        operation_id=f"design_change_{kind}",
        summary=f"Change a {kind} (only the fields sent)",
    )(change)
    router.delete(
        f"/{plural}/{{item_id}}",
        response={200: VersionOut, **responses},
        operation_id=f"design_remove_{kind}",
        summary=f"Remove a {kind}",
    )(remove)


_register_items("outcome", "outcomes", OutcomeIn)
_register_items("activity", "activities", ActivityIn)
_register_items("assessment", "assessments", AssessmentIn)
_register_items("kpi", "kpis", KpiIn)
