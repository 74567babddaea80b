"""The pathways JSON API (mounted at /api/pathways/): pathways and versions, evaluation and plans, recognition
requests of credentials or of prior learning (create, list, take, decide, appeal, decide the appeal) — with the same permission policy as the pages."""

from __future__ import annotations

import base64
import binascii
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import django_auth

from wisam.core.policy import can
from wisam.core.workflow import TransitionRefused
from wisam.credentials.models import IssuedCredential
from wisam.design.models import MicroCredential
from wisam.institutions.models import Organisation, User
from wisam.pathways import records, selectors, services
from wisam.pathways.models import ExternalCredential, Pathway, PathwayVersion, RecognitionRequest

router = Router(tags=["pathways"])


class ErrorOut(Schema):
    errors: dict[str, list[str]]


class RefusedOut(Schema):
    code: str
    message: str
    reasons: list[str]


class VersionOut(Schema):
    id: int
    pathway_id: int
    number: int
    state: str
    state_label: str
    rules: dict[str, Any]
    published_at: datetime | None
    recognitions: list[dict[str, Any]]


class PathwayOut(Schema):
    id: int
    code: str
    organisation: str
    title: dict[str, str]
    description: dict[str, str]
    kind: str
    target_kind: str
    target_micro_credential_id: int | None
    target_programme: dict[str, str]
    published_version_id: int | None
    versions: list[dict[str, Any]] | None = None


class RuleOut(Schema):
    rule_id: str
    type: str
    satisfied: bool
    counted: list[str]
    explanation: dict[str, str]
    missing: dict[str, str] | None
    progress: list[float]


class EvaluationOut(Schema):
    version_id: int
    learner_id: int
    satisfied: bool
    credits_counted_ects: float
    rules: list[RuleOut]
    assignments: dict[str, list[str]]
    unused: list[str]
    missing: list[dict[str, str]]
    record: list[dict[str, Any]]


class StepOut(Schema):
    key: str
    title: dict[str, str]
    provider: str
    credits_ects: float
    eqf_level: int | None
    isced: str
    fee: float


class PlanOut(Schema):
    version_id: int
    objective: str
    feasible: bool
    steps: list[StepOut]
    total_credits_ects: float
    total_fees: float
    explanation: dict[str, str]


class EvidenceIn(Schema):
    name: str
    content_base64: str


class RequestIn(Schema):
    organisation: str
    pathway_version_id: int | None = None
    kind: str = "credentials"
    issued: list[str] = []
    external: list[int] = []
    message: str = ""
    # A prior-learning claim (kind "prior_learning").
    description: dict[str, str] = {}
    started_on: date | None = None
    ended_on: date | None = None
    claimed: list[int] = []
    evidence: list[EvidenceIn] = []


class DecisionIn(Schema):
    outcome: str
    credits_granted: Decimal | None = None
    recognised_as: int | None = None
    differences: list[str] = []
    justification: dict[str, str] = {}


class AppealIn(Schema):
    reasons: str


class AppealDecisionIn(Schema):
    upheld: bool
    reasons: str
    outcome: str = ""
    credits_granted: Decimal | None = None
    recognised_as: int | None = None
    differences: list[str] = []
    justification: dict[str, str] = {}


class RequestOut(Schema):
    id: int
    learner_id: int
    organisation: str
    purpose: str
    kind: str
    pathway_version_id: int | None
    claim: dict[str, Any] | None
    state: str
    state_label: str
    outcome: str
    recognised_as: int | None
    credits_granted: Decimal | None
    differences: list[str]
    justification: dict[str, str]
    appeal_reasons: str
    appeal_outcome: str
    items: list[dict[str, Any]]


def _require(user: Any, action: str, obj: Any = None) -> None:
    if not can(user, action, obj):
        raise HttpError(403, f"You may not do {action!r} here.")


def _errors(error: ValidationError) -> dict[str, Any]:
    if hasattr(error, "error_dict"):
        return {"errors": error.message_dict}
    return {"errors": {"__all__": error.messages}}


def _version_out(version: PathwayVersion) -> dict[str, Any]:
    return {
        "id": version.pk,
        "pathway_id": version.pathway_id,
        "number": version.number,
        "state": version.state,
        "state_label": version.state_label,
        "rules": version.rules,
        "published_at": version.published_at,
        "recognitions": [
            {"reference": r.reference, "decided_on": r.decided_on.isoformat(), "note": r.note}
            for r in version.recognitions.all()
        ],
    }


def _pathway_out(pathway: Pathway, user: Any = None, *, versions: bool = False) -> dict[str, Any]:
    published = pathway.published_version
    out = {
        "id": pathway.pk,
        "code": pathway.code,
        "organisation": pathway.organisation.slug,
        "title": pathway.title,
        "description": pathway.description,
        "kind": pathway.kind,
        "target_kind": pathway.target_kind,
        "target_micro_credential_id": pathway.target_micro_credential_id,
        "target_programme": pathway.target_programme,
        "published_version_id": published.pk if published else None,
    }
    if versions:
        out["versions"] = [
            {"id": v.pk, "number": v.number, "state": v.state}
            for v in selectors.pathway_versions(pathway=pathway, user=user)
        ]
    return out


def _claim_out(item: RecognitionRequest) -> dict[str, Any] | None:
    if not item.is_prior_learning:
        return None
    return {
        "description": dict(item.learning_description),
        "started_on": item.learning_started_on.isoformat() if item.learning_started_on else None,
        "ended_on": item.learning_ended_on.isoformat() if item.learning_ended_on else None,
        "claimed": sorted(mc.pk for mc in item.claimed.all()),
        "evidence": [
            {
                "id": e.pk,
                "name": e.original_name,
                "size": e.size,
                "sha256": e.sha256,
                "url": reverse("pathways:request_evidence", args=[item.pk, e.pk]),
            }
            for e in item.evidence.all()
        ],
    }


def _request_out(item: RecognitionRequest) -> dict[str, Any]:
    return {
        "id": item.pk,
        "learner_id": item.learner_id,
        "organisation": item.organisation.slug,
        "purpose": item.purpose,
        "kind": item.kind,
        "pathway_version_id": item.pathway_version_id,
        "claim": _claim_out(item),
        "state": item.state,
        "state_label": item.state_label,
        "outcome": item.outcome,
        "recognised_as": item.recognised_as_id,
        "credits_granted": item.credits_granted,
        "differences": list(item.differences),
        "justification": dict(item.justification),
        "appeal_reasons": item.appeal_reasons,
        "appeal_outcome": item.appeal_outcome,
        "items": [
            {
                "issued_credential": str(i.issued_credential_id) if i.issued_credential_id else None,
                "external_credential": i.external_credential_id,
            }
            for i in item.items.all()
        ],
    }


@router.get(
    "/", response=list[PathwayOut], auth=None, summary="Pathways the caller may see (published ones are public)"
)
def pathway_list(request: HttpRequest) -> Any:
    return [_pathway_out(p) for p in selectors.pathways_visible(user=request.user)]


@router.get(
    "/{int:pathway_id}", response=PathwayOut, auth=None, summary="A pathway and the versions the caller may see"
)
def pathway_detail(request: HttpRequest, pathway_id: int) -> Any:
    pathway = get_object_or_404(Pathway.objects.select_related("organisation"), pk=pathway_id)
    _require(request.user, "pathway.view", pathway)
    return _pathway_out(pathway, request.user, versions=True)


def _version(request: HttpRequest, version_id: int) -> PathwayVersion:
    version = get_object_or_404(PathwayVersion.objects.select_related("pathway__organisation"), pk=version_id)
    _require(request.user, "pathway_version.view", version)
    return version


@router.get("/versions/{int:version_id}", response=VersionOut, auth=None, summary="A pathway version with its rules")
def version_detail(request: HttpRequest, version_id: int) -> Any:
    return _version_out(_version(request, version_id))


def _learner(request: HttpRequest, version: PathwayVersion, learner_id: int | None) -> Any:
    """The caller, or — for an evaluator of the owning institution — a learner related to the pathway."""
    if learner_id is None or learner_id == request.user.pk:
        return request.user
    _require(request.user, "pathway.evaluate_learners", version.pathway.organisation)
    learner = get_object_or_404(User, pk=learner_id)
    if not selectors.learner_related_to(pathway=version.pathway, learner=learner):
        raise HttpError(403, "This learner neither follows the pathway nor asked your institution for recognition.")
    return learner


@router.get("/versions/{int:version_id}/evaluation", response=EvaluationOut, summary="Evaluate a learner's record")
def evaluation(request: HttpRequest, version_id: int, learner: int | None = None) -> Any:
    version = _version(request, version_id)
    person = _learner(request, version, learner)
    result = records.evaluate_learner(version=version, learner=person, with_plan=False)
    ev = result.evaluation
    return {
        "version_id": version.pk,
        "learner_id": person.pk,
        "satisfied": ev.satisfied,
        "credits_counted_ects": ev.credits_counted_ects,
        "rules": [
            {
                "rule_id": r.rule_id,
                "type": r.type,
                "satisfied": r.satisfied,
                "counted": r.counted,
                "explanation": r.explanation,
                "missing": r.missing,
                "progress": list(r.progress),
            }
            for r in ev.rules
        ],
        "assignments": ev.assignments,
        "unused": ev.unused,
        "missing": ev.missing,
        "record": [
            {
                "id": item.earned.id,
                "kind": item.kind,
                "key": item.earned.key,
                "title": item.earned.title,
                "credits_ects": item.earned.credits_ects,
                "credits_granted": item.earned.credits_granted,
                "eqf_level": item.earned.eqf_level,
                "source": item.earned.source,
                "declared": item.declared,
            }
            for item in result.record
        ],
    }


@router.get("/versions/{int:version_id}/plan", response=PlanOut, summary="The suggested plan over the published offer")
def plan(request: HttpRequest, version_id: int, learner: int | None = None, objective: str = "credits") -> Any:
    version = _version(request, version_id)
    person = _learner(request, version, learner)
    objective = "fees" if objective == "fees" else "credits"
    result = records.evaluate_learner(version=version, learner=person, objective=objective)
    suggested = result.plan
    return {
        "version_id": version.pk,
        "objective": objective,
        "feasible": suggested.feasible if suggested else True,
        "steps": [
            {
                "key": s.key,
                "title": s.title,
                "provider": s.provider,
                "credits_ects": s.credits_ects,
                "eqf_level": s.eqf_level,
                "isced": s.isced,
                "fee": s.fee,
            }
            for s in (suggested.steps if suggested else [])
        ],
        "total_credits_ects": suggested.total_credits_ects if suggested else 0.0,
        "total_fees": suggested.total_fees if suggested else 0.0,
        "explanation": suggested.explanation
        if suggested
        else {"ar": "المسار مكتمل.", "en": "The pathway is complete."},
    }


@router.get("/requests", response=list[RequestOut], summary="Your recognition requests and those you handle")
def request_list(request: HttpRequest, role: str = "all") -> Any:
    related = ("items", "claimed", "evidence")  # read by every row: fetched once for the whole list
    own = (
        list(
            selectors.requests_of_learner(learner=request.user)
            .select_related("organisation")
            .prefetch_related(*related)
        )
        if role in ("all", "learner")
        else []
    )
    handled = (
        list(selectors.requests_to_handle(user=request.user).select_related("organisation").prefetch_related(*related))
        if role in ("all", "institution")
        else []
    )
    return [_request_out(r) for r in [*own, *handled]]


@router.post("/requests", response={201: RequestOut, 422: ErrorOut}, summary="Ask an institution for recognition")
def request_create(request: HttpRequest, payload: RequestIn) -> Any:
    _require(request.user, "recognition_request.create")
    organisation = get_object_or_404(Organisation, slug=payload.organisation)
    version = None
    if payload.pathway_version_id is not None:
        version = get_object_or_404(PathwayVersion, pk=payload.pathway_version_id)
    user: Any = request.user
    issued = list(IssuedCredential.objects.filter(pk__in=payload.issued, learner=user))
    external = list(ExternalCredential.objects.filter(pk__in=payload.external, learner=user))
    if len(issued) != len(set(payload.issued)) or len(external) != len(set(payload.external)):
        return Status(422, {"errors": {"credentials": ["Some credentials are not yours or do not exist."]}})
    claimed = list(MicroCredential.objects.filter(pk__in=payload.claimed))
    if len(claimed) != len(set(payload.claimed)):
        return Status(422, {"errors": {"claimed": ["Some micro-credentials claimed do not exist."]}})
    evidence = []
    for n, file in enumerate(payload.evidence):
        try:
            content = base64.b64decode(file.content_base64, validate=True)
        except (binascii.Error, ValueError):
            return Status(422, {"errors": {"evidence": [f"evidence[{n}]: content_base64 is not valid base64."]}})
        evidence.append(SimpleUploadedFile(file.name[:200] or "evidence", content))
    try:
        item = services.recognition_request_create(
            learner=request.user,  # type: ignore[arg-type]
            organisation=organisation,
            pathway_version=version,
            issued=issued,
            external=external,
            message=payload.message,
            kind=payload.kind,
            description=payload.description,
            started_on=payload.started_on,
            ended_on=payload.ended_on,
            claimed=claimed,
            evidence=evidence,
            actor=request.user,
        )
    except ValidationError as error:
        return Status(422, _errors(error))
    return Status(201, _request_out(item))


def _item(request: HttpRequest, request_id: int) -> RecognitionRequest:
    item = get_object_or_404(RecognitionRequest.objects.select_related("organisation"), pk=request_id)
    _require(request.user, "recognition_request.view", item)
    return item


@router.get("/requests/{int:request_id}", response=RequestOut, summary="A recognition request")
def request_detail(request: HttpRequest, request_id: int) -> Any:
    return _request_out(_item(request, request_id))


def _run(call: Any) -> Any:
    try:
        item = call()
    except TransitionRefused as refused:
        status = 403 if refused.code == "forbidden" else 409
        return Status(status, {"code": refused.code, "message": refused.message, "reasons": refused.reasons})
    except ValidationError as error:
        return Status(422, _errors(error))
    return Status(200, _request_out(item))


RESPONSES = {200: RequestOut, 403: RefusedOut, 409: RefusedOut, 422: ErrorOut}


@router.post("/requests/{int:request_id}/take", response=RESPONSES, summary="Start reviewing a request")
def request_take(request: HttpRequest, request_id: int) -> Any:
    item = _item(request, request_id)
    _require(request.user, "recognition_request.review", item)
    return _run(lambda: services.recognition_request_take(request=item, actor=request.user))


@router.post("/requests/{int:request_id}/decide", response=RESPONSES, summary="Decide: full, partial or refused")
def request_decide(request: HttpRequest, request_id: int, payload: DecisionIn) -> Any:
    item = _item(request, request_id)
    _require(request.user, "recognition_request.review", item)
    recognised = get_object_or_404(MicroCredential, pk=payload.recognised_as) if payload.recognised_as else None
    return _run(
        lambda: services.recognition_request_decide(
            request=item,
            outcome=payload.outcome,
            credits_granted=payload.credits_granted,
            recognised_as=recognised,
            differences=payload.differences,
            justification=payload.justification,
            actor=request.user,
        )
    )


@router.post("/requests/{int:request_id}/appeal", response=RESPONSES, summary="Appeal a decision (once)")
def request_appeal(request: HttpRequest, request_id: int, payload: AppealIn) -> Any:
    item = _item(request, request_id)
    _require(request.user, "recognition_request.appeal", item)
    return _run(lambda: services.recognition_request_appeal(request=item, reasons=payload.reasons, actor=request.user))


@router.post("/requests/{int:request_id}/appeal-decision", response=RESPONSES, summary="Decide an appeal")
def request_appeal_decision(request: HttpRequest, request_id: int, payload: AppealDecisionIn) -> Any:
    item = _item(request, request_id)
    _require(request.user, "recognition_request.decide_appeal", item)
    recognised = get_object_or_404(MicroCredential, pk=payload.recognised_as) if payload.recognised_as else None
    return _run(
        lambda: services.recognition_request_decide_appeal(
            request=item,
            upheld=payload.upheld,
            reasons=payload.reasons,
            outcome=payload.outcome,
            credits_granted=payload.credits_granted,
            recognised_as=recognised,
            differences=payload.differences,
            justification=payload.justification,
            actor=request.user,
        )
    )


_ = django_auth
