"""JSON API for internal QA: reviews, judgements, transitions, comments, co-design partners and endorsements.

Every endpoint asks the same policy as the pages and calls the same services, so permissions and validation are
identical. A refused transition answers 409 with every reason; a validation error answers 422 naming the field.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from wisam.core.policy import can
from wisam.core.workflow import TransitionRefused, workflow_options
from wisam.design.models import MicroCredential, SpecificationVersion
from wisam.institutions.models import Organisation
from wisam.quality import linting
from wisam.quality.models import ChecklistItem, Comment, Endorsement, ItemAssessment, Review
from wisam.quality.selectors import (
    codesign_partners,
    endorsements_for,
    review_assessments,
    review_for_version,
    review_timeline,
    reviews_visible,
)
from wisam.quality.services import (
    assessment_record,
    codesign_partner_add,
    comment_add,
    endorsement_create,
    endorsement_withdraw,
    review_submit,
    review_transition,
)

router = Router(tags=["quality"])


class Translated(Schema):
    ar: str = ""
    en: str = ""


class TransitionOut(Schema):
    name: str
    label: str
    allowed: bool
    reasons: list[str]
    comment_required: bool


class AssessmentOut(Schema):
    id: int
    item: str
    checklist: str
    checklist_version: int
    question: Translated
    judgement: str
    source: str
    comment: str
    evidence_url: str
    evidence_file: str | None
    linter_suggestion: str
    linter_findings: list[dict[str, Any]]


class ReviewSummaryOut(Schema):
    id: int
    version_id: int
    micro_credential_id: int
    organisation: str
    state: str
    state_label: str
    is_active: bool
    state_changed_at: datetime


class EventOut(Schema):
    sequence: int
    action: str
    occurred_at: datetime
    actor: str
    payload: dict[str, Any]


class ReviewOut(ReviewSummaryOut):
    transitions: list[TransitionOut]
    assessments: list[AssessmentOut]
    blocking_findings: list[dict[str, Any]]
    history: list[EventOut]


class TransitionIn(Schema):
    transition: str
    comment: str = ""


class RefusalOut(Schema):
    code: str
    message: str
    reasons: list[str]


class ErrorOut(Schema):
    errors: dict[str, list[str]]


class JudgementIn(Schema):
    judgement: str
    comment: str = ""
    evidence_url: str | None = None


class CommentIn(Schema):
    body: str
    item: str | None = None
    parent_id: int | None = None


class CommentOut(Schema):
    id: int
    item: str | None
    parent_id: int | None
    author: str
    body: str
    state: str
    created_at: datetime


class PartnerIn(Schema):
    kind: str
    contribution: Translated
    contributed_on: date
    name: Translated | None = None
    organisation: str | None = None


class PartnerOut(Schema):
    id: int
    kind: str
    name: str
    organisation: str | None
    contribution: Translated
    contributed_on: date


class EndorsementIn(Schema):
    statement: str
    organisation: str | None = None


class EndorsementOut(Schema):
    id: int
    micro_credential_id: int
    organisation: str
    organisation_name: str
    statement: str
    version: int | None
    created_at: datetime


def require(user: Any, action: str, obj: Any) -> None:
    """Like policy.require, but answers the API's way: 403 with a JSON body."""
    if not can(user, action, obj):
        raise HttpError(403, f"You may not do {action!r} here.")


def _errors(error: ValidationError) -> dict[str, Any]:
    if hasattr(error, "error_dict"):
        return {"errors": error.message_dict}
    return {"errors": {"__all__": error.messages}}


def _review_summary(review: Review) -> dict[str, Any]:
    return {
        "id": review.pk,
        "version_id": review.version_id,
        "micro_credential_id": review.version.micro_credential_id,
        "organisation": review.organisation.slug,
        "state": review.state,
        "state_label": review.state_label,
        "is_active": review.is_active,
        "state_changed_at": review.state_changed_at,
    }


def _assessment_out(assessment: ItemAssessment) -> dict[str, Any]:
    return {
        "id": assessment.pk,
        "item": assessment.item.code,
        "checklist": assessment.item.checklist.key,
        "checklist_version": assessment.item.checklist.version,
        "question": assessment.item.text,
        "judgement": assessment.judgement,
        "source": assessment.source,
        "comment": assessment.comment,
        "evidence_url": assessment.evidence_url,
        "evidence_file": assessment.evidence_name or None,
        "linter_suggestion": assessment.linter_suggestion,
        "linter_findings": assessment.linter_findings,
    }


def _review_out(review: Review, user: Any) -> dict[str, Any]:
    return {
        **_review_summary(review),
        "transitions": [
            {
                "name": option.name,
                "label": option.label,
                "allowed": option.allowed,
                "reasons": list(option.reasons),
                "comment_required": option.transition.comment_required,
            }
            for option in workflow_options(subject_state=review, actor=user)
        ],
        "assessments": [_assessment_out(a) for a in review_assessments(review=review)],
        "blocking_findings": [f.as_dict() for f in linting.blocking_findings(review.version)],
        "history": [
            {
                "sequence": e.sequence,
                "action": e.action,
                "occurred_at": e.occurred_at,
                "actor": e.actor_label,
                "payload": e.payload,
            }
            for e in review_timeline(review=review)
        ],
    }


def _review(request: HttpRequest, review_id: int) -> Review:
    review = get_object_or_404(Review.objects.select_related("version", "organisation"), pk=review_id)
    if not can(request.user, "review.view", review):
        raise Http404
    return review


@router.get("/reviews", response=list[ReviewSummaryOut], summary="Internal reviews I may see")
def list_reviews(request: HttpRequest, state: str | None = None) -> list[dict[str, Any]]:
    queryset = reviews_visible(user=request.user)
    if state:
        queryset = queryset.filter(state=state)
    return [_review_summary(r) for r in queryset.order_by("-state_changed_at")[:200]]


@router.get("/reviews/{review_id}", response=ReviewOut, summary="One review: checklist, transitions, history")
def get_review(request: HttpRequest, review_id: int) -> dict[str, Any]:
    return _review_out(_review(request, review_id), request.user)


@router.get("/versions/{version_id}/review", response=ReviewOut, summary="The review of a specification version")
def get_version_review(request: HttpRequest, version_id: int) -> dict[str, Any]:
    version = get_object_or_404(SpecificationVersion, pk=version_id)
    review = review_for_version(version=version)
    if review is None or not can(request.user, "review.view", review):
        raise Http404
    return _review_out(review, request.user)


@router.post(
    "/versions/{version_id}/transitions",
    response={200: ReviewOut, 403: RefusalOut, 409: RefusalOut},
    summary="Take a workflow step (submit, request_changes, recommend, approve, release, ...)",
)
def transition(request: HttpRequest, version_id: int, payload: TransitionIn) -> Any:
    version = get_object_or_404(SpecificationVersion.objects.select_related("micro_credential"), pk=version_id)
    review = review_for_version(version=version)
    probe = review or Review(version=version, organisation=version.organisation, state="draft")
    if not can(request.user, "review.view", probe):
        raise Http404
    try:
        if review is None:
            if payload.transition != "submit":
                raise TransitionRefused(
                    transition=payload.transition, state="draft", code="illegal", reasons=["Submit the version first."]
                )
            review = review_submit(version=version, actor=request.user, comment=payload.comment)
        else:
            review = review_transition(
                review=review, transition=payload.transition, actor=request.user, comment=payload.comment
            )
    except TransitionRefused as refused:
        status = 403 if refused.code == "forbidden" else 409
        return Status(status, {"code": refused.code, "message": refused.message, "reasons": refused.reasons})
    except KeyError as error:
        raise HttpError(422, str(error)) from error
    return Status(200, _review_out(review, request.user))


@router.post(
    "/reviews/{review_id}/judgements/{item_code}",
    response={200: AssessmentOut, 422: ErrorOut},
    summary="Record the judgement of a checklist item (JSON; evidence link only)",
)
def record_judgement(request: HttpRequest, review_id: int, item_code: str, payload: JudgementIn) -> Any:
    review = _review(request, review_id)
    require(request.user, "review.assess", review)
    assessment = get_object_or_404(review.assessments.select_related("item__checklist"), item__code=item_code)
    try:
        assessment = assessment_record(
            assessment=assessment,
            actor=request.user,
            judgement=payload.judgement,
            comment=payload.comment,
            evidence_url=payload.evidence_url,
        )
    except ValidationError as error:
        return Status(422, _errors(error))
    return Status(200, _assessment_out(assessment))


@router.post(
    "/reviews/{review_id}/judgements/{item_code}/evidence",
    response={200: AssessmentOut, 422: ErrorOut},
    summary="Upload an evidence file for a checklist item (multipart)",
)
def upload_evidence(
    request: HttpRequest,
    review_id: int,
    item_code: str,
    judgement: Form[str],
    evidence_file: File[UploadedFile],
    comment: Form[str] = "",
) -> Any:
    review = _review(request, review_id)
    require(request.user, "review.assess", review)
    assessment = get_object_or_404(review.assessments.select_related("item__checklist"), item__code=item_code)
    try:
        assessment = assessment_record(
            assessment=assessment,
            actor=request.user,
            judgement=judgement,
            comment=comment,
            evidence_file=evidence_file,
        )
    except ValidationError as error:
        return Status(422, _errors(error))
    return Status(200, _assessment_out(assessment))


def _comment_out(comment: Comment) -> dict[str, Any]:
    return {
        "id": comment.pk,
        "item": comment.item.code if comment.item else None,
        "parent_id": comment.parent_id,
        "author": str(comment.author),
        "body": comment.body,
        "state": comment.state,
        "created_at": comment.created_at,
    }


@router.get("/reviews/{review_id}/comments", response=list[CommentOut])
def list_comments(request: HttpRequest, review_id: int) -> list[dict[str, Any]]:
    review = _review(request, review_id)
    return [_comment_out(c) for c in review.comments.select_related("author", "item").order_by("created_at", "id")]


@router.post("/reviews/{review_id}/comments", response={201: CommentOut, 422: ErrorOut})
def add_comment(request: HttpRequest, review_id: int, payload: CommentIn) -> Any:
    review = _review(request, review_id)
    require(request.user, "review.comment", review)
    item = None
    if payload.item:
        item = ChecklistItem.objects.filter(checklist__in=review.checklists.all(), code=payload.item).first()
        if item is None:
            return Status(422, {"errors": {"item": ["This checklist item is not part of the review."]}})
    parent = get_object_or_404(Comment, pk=payload.parent_id) if payload.parent_id else None
    try:
        comment = comment_add(review=review, actor=request.user, body=payload.body, item=item, parent=parent)
    except ValidationError as error:
        return Status(422, _errors(error))
    return Status(201, _comment_out(comment))


def _micro_credential(request: HttpRequest, micro_credential_id: int, action: str) -> MicroCredential:
    micro_credential = get_object_or_404(MicroCredential.objects.select_related("organisation"), pk=micro_credential_id)
    if not can(request.user, action, micro_credential):
        raise Http404
    return micro_credential


def _partner_out(partner: Any) -> dict[str, Any]:
    return {
        "id": partner.pk,
        "kind": partner.kind,
        "name": partner.display_name,
        "organisation": partner.partner_organisation.slug if partner.partner_organisation else None,
        "contribution": partner.contribution,
        "contributed_on": partner.contributed_on,
    }


@router.get("/micro-credentials/{micro_credential_id}/partners", response=list[PartnerOut])
def list_partners(request: HttpRequest, micro_credential_id: int) -> list[dict[str, Any]]:
    micro_credential = _micro_credential(request, micro_credential_id, "codesign.view")
    return [_partner_out(p) for p in codesign_partners(micro_credential=micro_credential)]


@router.post("/micro-credentials/{micro_credential_id}/partners", response={201: PartnerOut, 422: ErrorOut})
def add_partner(request: HttpRequest, micro_credential_id: int, payload: PartnerIn) -> Any:
    micro_credential = _micro_credential(request, micro_credential_id, "codesign.view")
    require(request.user, "codesign.manage", micro_credential)
    organisation = None
    if payload.organisation:
        organisation = Organisation.objects.filter(slug=payload.organisation).first()
        if organisation is None:
            return Status(422, {"errors": {"organisation": ["Unknown organisation."]}})
    try:
        partner = codesign_partner_add(
            micro_credential=micro_credential,
            actor=request.user,
            kind=payload.kind,
            contribution=payload.contribution.dict(),
            contributed_on=payload.contributed_on,
            name=payload.name.dict() if payload.name else None,
            partner_organisation=organisation,
        )
    except ValidationError as error:
        return Status(422, _errors(error))
    return Status(201, _partner_out(partner))


def _endorsement_out(endorsement: Endorsement) -> dict[str, Any]:
    return {
        "id": endorsement.pk,
        "micro_credential_id": endorsement.micro_credential_id,
        "organisation": endorsement.organisation.slug,
        "organisation_name": str(endorsement.organisation),
        "statement": endorsement.statement,
        "version": endorsement.version.number if endorsement.version else None,
        "created_at": endorsement.created_at,
    }


@router.get("/micro-credentials/{micro_credential_id}/endorsements", response=list[EndorsementOut], auth=None)
def list_endorsements(request: HttpRequest, micro_credential_id: int) -> list[dict[str, Any]]:
    micro_credential = get_object_or_404(MicroCredential, pk=micro_credential_id)
    return [_endorsement_out(e) for e in endorsements_for(micro_credential=micro_credential, user=request.user)]


@router.post("/micro-credentials/{micro_credential_id}/endorsements", response={201: EndorsementOut, 422: ErrorOut})
def endorse(request: HttpRequest, micro_credential_id: int, payload: EndorsementIn) -> Any:
    micro_credential = get_object_or_404(MicroCredential, pk=micro_credential_id)
    require(request.user, "endorsement.create", micro_credential)
    organisation = None
    if payload.organisation:
        organisation = Organisation.objects.filter(slug=payload.organisation).first()
        if organisation is None:
            return Status(422, {"errors": {"organisation": ["Unknown organisation."]}})
    try:
        endorsement = endorsement_create(
            micro_credential=micro_credential,
            actor=request.user,
            statement=payload.statement,
            organisation=organisation,
        )
    except ValidationError as error:
        return Status(422, _errors(error))
    return Status(201, _endorsement_out(endorsement))


@router.delete("/endorsements/{endorsement_id}", response={204: None})
def withdraw(request: HttpRequest, endorsement_id: int) -> Any:
    endorsement = get_object_or_404(Endorsement, pk=endorsement_id)
    require(request.user, "endorsement.withdraw", endorsement)
    endorsement_withdraw(endorsement=endorsement, actor=request.user)
    return Status(204, None)


# ------------------------------------------------------------------------------------------ the feedback loop


class KpisOut(Schema):
    year: int
    enrolments: int
    in_progress: int
    withdrawn: int
    passed: int
    failed: int
    completion_rate: float | None
    pass_rate: float | None
    learner_satisfaction: float | None
    learner_responses: int
    employer_rating: float | None
    employer_responses: int
    median_days_to_credential: float | None
    credentials_issued: int


class FeedbackOut(Schema):
    audience: str
    year: int
    responses: int
    hidden: bool
    overall: float | None
    questions: list[dict[str, Any]]


class InstrumentOut(Schema):
    code: str
    version: int
    audience: str
    title: Translated
    questions: list[dict[str, Any]]


class AnswersIn(Schema):
    answers: dict[str, Any]
    organisation: str = ""


class ResponseOut(Schema):
    instrument: str
    instrument_version: int
    year: int
    overall: float | None


class EnrolmentIn(Schema):
    micro_credential_id: int
    learner_email: str
    enrolled_on: str
    status: str = "enrolled"
    finished_on: str = ""


class EnrolmentOut(Schema):
    id: int
    micro_credential_id: int
    learner_email: str
    status: str
    enrolled_on: date
    finished_on: date | None
    credential_id: str | None


class AnnualReviewOut(Schema):
    id: int
    micro_credential_id: int
    year: int
    status: str
    decision: str
    decision_notes: str
    change_summary: Translated
    new_version: int | None
    kpis: dict[str, Any]
    feedback: list[dict[str, Any]]


def _this_year(year: int | None) -> int:
    from django.utils import timezone

    return year or timezone.localdate().year


@router.get("/surveys/instruments", response=list[InstrumentOut], summary="Survey instruments (every version)")
def list_instruments(request: HttpRequest) -> list[dict[str, Any]]:
    from wisam.quality.selectors import survey_instrument_current, survey_instruments

    survey_instrument_current(code="employer")  # the shipped ones, loaded on first use
    return [
        {"code": i.code, "version": i.version, "audience": i.audience, "title": i.title, "questions": i.questions}
        for i in survey_instruments(user=request.user)
    ]


@router.get("/micro-credentials/{micro_credential_id}/kpis", response=KpisOut, summary="A micro-credential's KPIs")
def micro_credential_kpis(request: HttpRequest, micro_credential_id: int, year: int | None = None) -> dict[str, Any]:
    from wisam.quality.kpis import kpis_for_micro_credential

    micro_credential = _micro_credential(request, micro_credential_id, "feedback.view")
    return kpis_for_micro_credential(micro_credential=micro_credential, year=_this_year(year)).as_dict()


@router.get("/organisations/{slug}/kpis", response=KpisOut, summary="An institution's KPIs")
def organisation_kpis(request: HttpRequest, slug: str, year: int | None = None) -> dict[str, Any]:
    from wisam.quality.kpis import kpis_for_organisation

    organisation = get_object_or_404(Organisation, slug=slug)
    if not can(request.user, "kpi.view_organisation", organisation):
        raise Http404
    return kpis_for_organisation(organisation=organisation, year=_this_year(year)).as_dict()


@router.get(
    "/micro-credentials/{micro_credential_id}/feedback",
    response=list[FeedbackOut],
    summary="Survey results (per-question details only from five responses on)",
)
def micro_credential_feedback(
    request: HttpRequest, micro_credential_id: int, year: int | None = None
) -> list[dict[str, Any]]:
    from wisam.quality.selectors import feedback_summary

    micro_credential = _micro_credential(request, micro_credential_id, "feedback.view")
    return [
        feedback_summary(micro_credential=micro_credential, audience=audience, year=_this_year(year)).as_dict()
        for audience in ("learner", "employer")
    ]


def _response_out(response: Any) -> dict[str, Any]:
    return {
        "instrument": response.instrument.code,
        "instrument_version": response.instrument.version,
        "year": response.year,
        "overall": response.overall,
    }


@router.post(
    "/surveys/credentials/{credential_id}", response={201: ResponseOut, 422: ErrorOut}, summary="A learner answers"
)
def answer_learner(request: HttpRequest, credential_id: str, payload: AnswersIn) -> Any:
    from wisam.credentials.models import IssuedCredential
    from wisam.quality.services import survey_answer_learner

    credential = IssuedCredential.objects.filter(pk=credential_id).first() if _is_uuid(credential_id) else None
    if credential is None or not can(request.user, "survey.answer_learner", credential):
        raise Http404
    try:
        response = survey_answer_learner(credential=credential, actor=request.user, answers=payload.answers)
    except ValidationError as error:
        return Status(422, _errors(error))
    return Status(201, _response_out(response))


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


@router.post(
    "/surveys/micro-credentials/{micro_credential_id}",
    response={201: ResponseOut, 422: ErrorOut},
    summary="An employer representative answers for their organisation (once a year)",
)
def answer_employer(request: HttpRequest, micro_credential_id: int, payload: AnswersIn) -> Any:
    from wisam.quality.services import survey_answer_employer

    micro_credential = _micro_credential(request, micro_credential_id, "survey.answer_employer")
    organisation = None
    if payload.organisation:
        organisation = Organisation.objects.filter(slug=payload.organisation).first()
        if organisation is None:
            return Status(422, {"errors": {"organisation": ["Unknown organisation."]}})
    try:
        response = survey_answer_employer(
            micro_credential=micro_credential, actor=request.user, answers=payload.answers, organisation=organisation
        )
    except ValidationError as error:
        return Status(422, _errors(error))
    return Status(201, _response_out(response))


def _enrolment_out(enrolment: Any) -> dict[str, Any]:
    return {
        "id": enrolment.pk,
        "micro_credential_id": enrolment.micro_credential_id,
        "learner_email": enrolment.learner_email,
        "status": enrolment.status,
        "enrolled_on": enrolment.enrolled_on,
        "finished_on": enrolment.finished_on,
        "credential_id": str(enrolment.credential_id) if enrolment.credential_id else None,
    }


@router.get("/enrolments", response=list[EnrolmentOut], summary="Enrolments I may see")
def list_enrolments(request: HttpRequest, micro_credential_id: int | None = None) -> list[dict[str, Any]]:
    from wisam.quality.selectors import enrolments_for

    queryset = enrolments_for(user=request.user)
    if micro_credential_id:
        queryset = queryset.filter(micro_credential_id=micro_credential_id)
    return [_enrolment_out(e) for e in queryset[:500]]


@router.post("/enrolments", response={201: EnrolmentOut, 422: ErrorOut}, summary="Record an enrolment")
def create_enrolment(request: HttpRequest, payload: EnrolmentIn) -> Any:
    from wisam.quality.services import enrolment_create

    micro_credential = get_object_or_404(
        MicroCredential.objects.select_related("organisation"), pk=payload.micro_credential_id
    )
    require(request.user, "enrolment.manage", micro_credential.organisation)
    try:
        enrolment = enrolment_create(
            organisation=micro_credential.organisation,
            micro_credential=micro_credential,
            learner_email=payload.learner_email,
            enrolled_on=payload.enrolled_on,
            status=payload.status,
            finished_on=payload.finished_on or None,
            actor=request.user,
        )
    except ValidationError as error:
        return Status(422, _errors(error))
    return Status(201, _enrolment_out(enrolment))


@router.get("/annual-reviews/{review_id}", response=AnnualReviewOut, summary="An annual review")
def get_annual_review(request: HttpRequest, review_id: int) -> dict[str, Any]:
    from wisam.quality.kpis import kpis_for_micro_credential
    from wisam.quality.models import AnnualReview
    from wisam.quality.selectors import feedback_summary

    review = get_object_or_404(AnnualReview.objects.select_related("micro_credential", "new_version"), pk=review_id)
    if not can(request.user, "annual_review.view", review):
        raise Http404
    if review.is_completed:
        kpis, feedback = review.kpi_snapshot, [review.feedback_summary.get(a, {}) for a in ("learner", "employer")]
    else:
        kpis = kpis_for_micro_credential(micro_credential=review.micro_credential, year=review.year).as_dict()
        feedback = [
            feedback_summary(micro_credential=review.micro_credential, audience=a, year=review.year).as_dict()
            for a in ("learner", "employer")
        ]
    return {
        "id": review.pk,
        "micro_credential_id": review.micro_credential_id,
        "year": review.year,
        "status": review.status,
        "decision": review.decision,
        "decision_notes": review.decision_notes,
        "change_summary": review.change_summary or {},
        "new_version": review.new_version.number if review.new_version else None,
        "kpis": kpis,
        "feedback": feedback,
    }
