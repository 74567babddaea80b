"""JSON API of accreditation: the public register and trust list (no login), and the AQAC workflow.

Every endpoint asks the same policy as the pages; the workflow endpoints call the same services.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from wisam.accreditation import selectors, services
from wisam.accreditation.models import Application, GuidelineCriterion, Notification, RegisterEntry
from wisam.core.policy import require, scope
from wisam.core.workflow import TransitionRefused, workflow_options

router = Router(tags=["accreditation"])


class EntryOut(Schema):
    identifier: str
    url: str
    title: dict[str, str]
    institution: str
    institution_name: dict[str, str]
    nqf_level: int | None
    eqf_level: int | None
    ects: Decimal | None
    credit_hours: Decimal | None
    isced_code: str
    mode: str
    languages: list[str]
    stackability: str
    stackable_towards: dict[str, str]
    status: str
    route: str
    valid_from: date
    valid_until: date


class EntryDetailOut(EntryOut):
    elements: list[dict[str, Any]]
    history: list[dict[str, Any]]


class RegisterPageOut(Schema):
    count: int
    page: int
    pages: int
    results: list[EntryOut]


class RegisterFilters(Schema):
    q: str = ""
    field: str = ""
    level: int | None = None
    nqf_level: int | None = None
    institution: str = ""
    credits_min: Decimal | None = None
    credits_max: Decimal | None = None
    mode: str = ""
    language: str = ""
    stackable_towards: str = ""
    status: str = ""
    page: int = 1
    page_size: int = selectors.PAGE_SIZE


def _entry(entry: RegisterEntry) -> dict[str, Any]:
    return {
        "identifier": entry.identifier,
        "url": entry.get_absolute_url(),
        "title": entry.title,
        "institution": entry.institution_slug,
        "institution_name": entry.institution_name,
        "nqf_level": entry.nqf_level,
        "eqf_level": entry.eqf_level,
        "ects": entry.ects,
        "credit_hours": entry.credit_hours,
        "isced_code": entry.isced_code,
        "mode": entry.mode,
        "languages": entry.languages,
        "stackability": entry.stackability,
        "stackable_towards": entry.stackable_towards,
        "status": entry.status,
        "route": entry.route,
        "valid_from": entry.valid_from,
        "valid_until": entry.valid_until,
    }


@router.get("/register", response=RegisterPageOut, auth=None, summary="Search the public register")
def register(request: HttpRequest, filters: Query[RegisterFilters]) -> dict[str, Any]:
    require(request.user, "register.view")
    params = {k: "" if v is None else str(v) for k, v in filters.dict().items()}
    page = selectors.register_search(selectors.RegisterQuery.from_params(params))
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "results": [_entry(e) for e in page.object_list],
    }


@router.get("/register/{identifier}", response=EntryDetailOut, auth=None, summary="One register entry")
def register_entry(request: HttpRequest, identifier: str) -> dict[str, Any]:
    entry = get_object_or_404(RegisterEntry, identifier=identifier)
    require(request.user, "register.view", entry)
    history = [
        {"at": e.occurred_at, "action": e.action, "payload": e.payload}
        for e in selectors.register_entry_history(entry=entry)
    ]
    return {**_entry(entry), "elements": entry.elements, "history": history}


@router.get("/trust-list", auth=None, summary="The signed trust list of accredited issuers")
def trust_list(request: HttpRequest) -> dict[str, Any]:
    require(request.user, "trust_list.view")
    from wisam.accreditation.trustlist import trust_list_signed

    return trust_list_signed()


@router.get("/guidelines/current", auth=None, summary="The national guideline in force")
def guideline_current(request: HttpRequest) -> dict[str, Any]:
    guideline = services.guideline_in_force()
    if guideline is None:
        raise HttpError(404, "No guideline is in force.")
    require(request.user, "guideline.view", guideline)
    return {
        "key": guideline.key,
        "version": guideline.version,
        "title": guideline.title,
        "scale": guideline.scale,
        "standards": [
            {
                "code": s.code,
                "title": s.title,
                "references": s.references,
                "criteria": [
                    {
                        "code": c.code,
                        "text": c.text,
                        "guidance": c.guidance,
                        "evidence": c.evidence,
                        "linter_codes": c.linter_codes,
                    }
                    for c in s.criteria.all()
                ],
            }
            for s in guideline.standards.prefetch_related("criteria")
        ],
    }


class ApplicationOut(Schema):
    id: int
    reference: str
    organisation: str
    title: dict[str, str]
    state: str
    state_label: str
    lock_version: int
    decision: str
    validity_months: int | None
    appeal_deadline: date | None
    guideline_version: int | None


def _application(application: Application) -> dict[str, Any]:
    return {
        "id": application.pk,
        "reference": application.reference,
        "organisation": application.organisation.slug,
        "title": application.specification_version.title,
        "state": application.state,
        "state_label": application.state_label,
        "lock_version": application.lock_version,
        "decision": application.decision,
        "validity_months": application.validity_months,
        "appeal_deadline": application.appeal_deadline,
        "guideline_version": application.guideline.version if application.guideline is not None else None,
    }


def _get(request: HttpRequest, pk: int) -> Application:
    application = get_object_or_404(
        Application.objects.select_related("organisation", "guideline", "specification_version"), pk=pk
    )
    require(request.user, "application.view", application)
    return application


def _refused(error: ValidationError | TransitionRefused) -> HttpError:
    if isinstance(error, TransitionRefused):
        return HttpError(409, error.message)
    return HttpError(400, " ".join(str(m) for m in error.messages))


@router.get("/applications", response=list[ApplicationOut], summary="Applications you may see")
def applications(request: HttpRequest) -> list[dict[str, Any]]:
    rows = selectors.applications_visible(user=request.user).select_related("guideline")[:500]
    return [_application(a) for a in rows]


@router.get("/applications/{pk}", summary="An application, its next steps and history")
def application(request: HttpRequest, pk: int) -> dict[str, Any]:
    found = _get(request, pk)
    return {
        **_application(found),
        "next_steps": [
            {"transition": o.name, "label": o.label, "allowed": o.allowed, "reasons": list(o.reasons)}
            for o in workflow_options(subject_state=found, actor=request.user)
        ],
        "history": [
            {"at": e.occurred_at, "action": e.action, "actor": e.actor_label, "payload": e.payload}
            for e in selectors.application_history(application=found)
        ],
    }


class StepIn(Schema):
    transition: str
    comment: str = ""
    lock_version: int | None = None


@router.post("/applications/{pk}/steps", response=ApplicationOut, summary="Take a workflow step")
def application_step(request: HttpRequest, pk: int, payload: StepIn) -> dict[str, Any]:
    found = _get(request, pk)
    try:
        services.application_transition(
            application=found,
            transition=payload.transition,
            actor=request.user,
            comment=payload.comment,
            expected_lock_version=payload.lock_version,
        )
    except (ValidationError, TransitionRefused) as error:
        raise _refused(error) from error
    except KeyError as error:
        raise HttpError(400, "Unknown step.") from error
    return _application(_get(request, pk))


class ScoreIn(Schema):
    criterion: str
    score: str
    justification: str


@router.post("/applications/{pk}/scores", summary="Score a criterion (panel members)")
def application_score(request: HttpRequest, pk: int, payload: ScoreIn) -> dict[str, Any]:
    found = _get(request, pk)
    require(request.user, "application.evaluate", found)
    evaluator = selectors.evaluator_of(request.user)
    criterion = get_object_or_404(GuidelineCriterion, standard__guideline_id=found.guideline_id, code=payload.criterion)
    if evaluator is None:
        raise HttpError(403, "Not an evaluator.")
    try:
        row = services.score_record(
            application=found,
            evaluator=evaluator,
            criterion=criterion,
            score=payload.score,
            justification=payload.justification,
            actor=request.user,
        )
    except ValidationError as error:
        raise _refused(error) from error
    return {"criterion": criterion.code, "score": row.score, "justification": row.justification}


class ConditionIn(Schema):
    text: str
    deadline: date


class DecisionIn(Schema):
    decision: str
    rationale: str
    validity_months: int | None = None
    conditions: list[ConditionIn] = []
    lock_version: int | None = None


@router.post("/applications/{pk}/decision", response=ApplicationOut, summary="The commission's decision")
def application_decision(request: HttpRequest, pk: int, payload: DecisionIn) -> dict[str, Any]:
    found = _get(request, pk)
    require(request.user, "application.decide", found)
    try:
        services.application_decide(
            application=found,
            decision=payload.decision,
            rationale=payload.rationale,
            validity_months=payload.validity_months,
            conditions=[(c.text, c.deadline) for c in payload.conditions],
            actor=request.user,
            expected_lock_version=payload.lock_version,
        )
    except (ValidationError, TransitionRefused) as error:
        raise _refused(error) from error
    return _application(_get(request, pk))


@router.get("/inbox", summary="Your notifications")
def inbox(request: HttpRequest) -> list[dict[str, Any]]:
    rows = scope(request.user, "notification.view", Notification.objects.all())[:200]
    return [
        {"subject": n.subject, "body": n.body, "url": n.url, "created_at": n.created_at, "read": n.read_at is not None}
        for n in rows
    ]
