"""Writes for internal QA: loading checklists, reviews and their transitions, judgements, comments, co-design.

Each service runs in one transaction and records a domain event. Permissions are asked by the views and the API
(wisam.core.policy) before calling; the workflow transitions ask the policy themselves (wisam.core.workflow).
Validation errors are `ValidationError`s keyed by field name, shown next to the field by forms and the API.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from wisam.core.events import event_record
from wisam.core.i18n import CONTENT_LANGUAGES
from wisam.core.policy import organisations_with_role
from wisam.core.workflow import workflow_start, workflow_transition
from wisam.institutions.models import Organisation
from wisam.institutions.roles import Role
from wisam.quality import linting, surveys
from wisam.quality.linting import code_matches, suggestion_for
from wisam.quality.models import (
    EVIDENCE_EXTENSIONS,
    EVIDENCE_MAX_BYTES,
    AnnualReview,
    AnnualReviewDecision,
    AnnualReviewStatus,
    Checklist,
    ChecklistItem,
    CoDesignPartner,
    Comment,
    Endorsement,
    Enrolment,
    EnrolmentStatus,
    ItemAssessment,
    Judgement,
    JudgementSource,
    PartnerKind,
    Review,
    SurveyAudience,
    SurveyInstrument,
    SurveyReceipt,
    SurveyResponse,
)
from wisam.quality.rules import APPROVED_STATUSES
from wisam.quality.workflow import ReviewState

DATA_DIR = Path(__file__).resolve().parent / "data"

__all__ = [
    "ChecklistLoadReport",
    "annual_review_carry_changes",
    "annual_review_complete",
    "annual_review_record_decision",
    "annual_review_start",
    "assessment_record",
    "checklists_load",
    "codesign_partner_add",
    "codesign_partner_remove",
    "comment_add",
    "endorsement_create",
    "endorsement_withdraw",
    "enrolment_create",
    "enrolment_link_credential",
    "enrolment_set_outcome",
    "enrolments_import",
    "review_prefill",
    "review_start",
    "review_submit",
    "review_transition",
    "survey_answer_employer",
    "survey_answer_learner",
    "survey_instruments_load",
]


# ---------------------------------------------------------------------------------------------------- checklists


@dataclass
class ChecklistLoadReport:
    created: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def _translated(value: Any, where: str, *, required: bool = True) -> dict[str, str]:
    if value is None and not required:
        return {}
    if not isinstance(value, Mapping) or any(not isinstance(v, str) for v in value.values()):
        raise ValidationError(f"{where}: expected {{'ar': ..., 'en': ...}}")
    if required and not all(value.get(code) for code in CONTENT_LANGUAGES):
        raise ValidationError(f"{where}: needs both Arabic and English")
    return {str(k): str(v) for k, v in value.items()}


def _checklist_from_json(data: Mapping[str, Any], where: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    for key in ("key", "version", "title", "items"):
        if key not in data:
            raise ValidationError(f"{where}: missing {key!r}")
    if not isinstance(data["version"], int) or data["version"] < 1:
        raise ValidationError(f"{where}: 'version' must be a positive integer")
    header = {
        "key": str(data["key"]),
        "version": data["version"],
        "title": _translated(data["title"], f"{where} title"),
        "description": _translated(data.get("description"), f"{where} description", required=False),
        "source": str(data.get("source", "")),
        "is_default": bool(data.get("default", False)),
    }
    items = []
    seen: set[str] = set()
    for index, raw in enumerate(data["items"]):
        code = str(raw.get("code", ""))
        if not code or code in seen:
            raise ValidationError(f"{where} item {index + 1}: missing or repeated code {code!r}")
        seen.add(code)
        codes = raw.get("linter_codes", [])
        if not isinstance(codes, list) or any(not isinstance(c, str) for c in codes):
            raise ValidationError(f"{where} item {code}: 'linter_codes' must be a list of codes")
        items.append(
            {
                "code": code,
                "order": index,
                "section": _translated(raw.get("section"), f"{where} item {code} section", required=False),
                "text": _translated(raw.get("text"), f"{where} item {code} text"),
                "guidance": _translated(raw.get("guidance"), f"{where} item {code} guidance", required=False),
                "linter_codes": codes,
            }
        )
    return header, items


@transaction.atomic
def checklists_load(*, directory: Path = DATA_DIR, actor: Any = None) -> ChecklistLoadReport:
    """Load every checklist version in `directory` (*.json) that is not loaded yet; safe to run again.

    A version already loaded with other content is refused: a published checklist version never changes (reviews
    were judged against it). Publish the change as a new version instead.
    """
    report = ChecklistLoadReport()
    for path in sorted(directory.glob("*.json")):
        raw = path.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        header, items = _checklist_from_json(json.loads(raw), path.name)
        label = f"{header['key']} v{header['version']}"
        existing = Checklist.objects.filter(key=header["key"], version=header["version"]).first()
        if existing is not None:
            if existing.content_hash != digest:
                raise ValidationError(
                    f"{path.name}: {label} is already loaded with other content; "
                    "a published checklist version never changes — give the change a new version number."
                )
            report.unchanged.append(label)
            continue
        checklist = Checklist.objects.create(content_hash=digest, is_current=False, **header)
        ChecklistItem.objects.bulk_create(ChecklistItem(checklist=checklist, **item) for item in items)
        event_record(
            action="quality.checklist.loaded",
            subject=checklist,
            actor=actor,
            payload={"key": checklist.key, "version": checklist.version, "items": len(items), "sha256": digest},
        )
        report.created.append(label)
    # The latest version of each key is the current one; only current defaults are applied to new reviews.
    for key in set(Checklist.objects.values_list("key", flat=True)):
        latest = Checklist.objects.filter(key=key).order_by("-version").first()
        Checklist.objects.filter(key=key).exclude(pk=latest.pk).update(is_current=False)  # type: ignore[union-attr]
        Checklist.objects.filter(pk=latest.pk).update(is_current=True)  # type: ignore[union-attr]
    return report


# ------------------------------------------------------------------------------------------------------- reviews


@transaction.atomic
def review_start(*, version: Any, actor: Any = None) -> Review:
    """The version's active review, started (in "draft", with the current default checklists) if there is none."""
    existing = Review.objects.filter(version=version, is_active=True).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            review = workflow_start(model=Review, actor=actor, version=version, organisation=version.organisation)
    except IntegrityError:
        # Someone started it at the same moment: one active review per version (a database constraint).
        return Review.objects.get(version=version, is_active=True)
    checklists = list(Checklist.objects.filter(is_default=True, is_current=True))
    review.checklists.set(checklists)
    ItemAssessment.objects.bulk_create(
        ItemAssessment(review=review, item=item)
        for item in ChecklistItem.objects.filter(checklist__in=checklists).order_by("checklist__key", "order")
    )
    return review


def review_transition(*, review: Review, transition: str, actor: Any, comment: str = "") -> Review:
    """Take a transition of the internal QA workflow (see wisam.quality.workflow); raises TransitionRefused."""
    return workflow_transition(subject_state=review, transition=transition, actor=actor, comment=comment)


@transaction.atomic
def review_submit(*, version: Any, actor: Any, comment: str = "") -> Review:
    """Submit a version for internal review, starting its review if needed; refused while it has blocking findings."""
    review = review_start(version=version, actor=actor)
    return review_transition(review=review, transition="submit", actor=actor, comment=comment)


@transaction.atomic
def review_prefill(*, review: Review) -> int:
    """Pre-fill the items the linter can decide from its findings; items judged by the officer are left alone.

    Returns how many items were (re)filled.
    """
    findings = linting.findings_for(review.version)
    filled = 0
    for assessment in review.assessments.select_related("item").select_for_update():
        codes = assessment.item.linter_codes
        if not codes:
            continue
        matching = [finding for finding in findings if code_matches(finding.code, codes)]
        assessment.linter_findings = [finding.as_dict() for finding in matching]
        assessment.linter_suggestion = suggestion_for(matching)
        fields = ["linter_findings", "linter_suggestion"]
        if assessment.source in (JudgementSource.NONE, JudgementSource.LINTER):
            assessment.judgement = assessment.linter_suggestion
            assessment.source = JudgementSource.LINTER
            fields += ["judgement", "source"]
            filled += 1
        assessment.save(update_fields=fields)
    return filled


def _validate_evidence_file(upload: UploadedFile) -> str:
    """The file's extension if it is an allowed type of allowed size whose content matches; else ValidationError."""
    name = upload.name or ""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in EVIDENCE_EXTENSIONS:
        raise ValidationError(
            {
                "evidence_file": _("Evidence must be one of these file types: %(types)s.")
                % {"types": ", ".join(sorted(EVIDENCE_EXTENSIONS))}
            }
        )
    if upload.size is None or upload.size > EVIDENCE_MAX_BYTES:
        raise ValidationError(
            {"evidence_file": _("Evidence files may be at most %(mb)d MB.") % {"mb": EVIDENCE_MAX_BYTES // 2**20}}
        )
    if upload.size == 0:
        raise ValidationError({"evidence_file": _("The evidence file is empty.")})
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    signatures = {
        ".pdf": (b"%PDF-",),
        ".png": (b"\x89PNG\r\n\x1a\n",),
        ".jpg": (b"\xff\xd8\xff",),
        ".jpeg": (b"\xff\xd8\xff",),
        ".docx": (b"PK\x03\x04",),
        ".xlsx": (b"PK\x03\x04",),
        ".odt": (b"PK\x03\x04",),
    }
    if suffix == ".txt":
        try:
            head.decode("utf-8")
            ok = b"\x00" not in head
        except UnicodeDecodeError:
            ok = len(head) == 2048  # a multi-byte character cut at the end of the sample
            ok = ok and b"\x00" not in head
    else:
        ok = head.startswith(signatures[suffix])
    if not ok:
        raise ValidationError(
            {"evidence_file": _("The file's content does not match its type (%(type)s).") % {"type": suffix}}
        )
    return suffix


def _validate_evidence_url(url: str) -> str:
    url = url.strip()
    if not url:
        return ""
    if len(url) > 500:
        raise ValidationError({"evidence_url": _("The link may be at most 500 characters long.")})
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError(
            {"evidence_url": _("Enter a valid web address starting with https:// or http://.")}
        ) from None
    return url


@transaction.atomic
def assessment_record(
    *,
    assessment: ItemAssessment,
    actor: Any,
    judgement: str,
    comment: str = "",
    evidence_url: str | None = None,
    evidence_file: UploadedFile | None = None,
    clear_evidence_file: bool = False,
) -> ItemAssessment:
    """Record the QA officer's judgement of one checklist item, with evidence (a file and/or a link) and a comment.

    Judgements can be recorded only while the version is in internal review. The link is validated, never fetched.
    """
    assessment = ItemAssessment.objects.select_for_update().select_related("review", "item").get(pk=assessment.pk)
    review = assessment.review
    if review.state != ReviewState.INTERNAL_REVIEW:
        raise ValidationError(
            {"judgement": _("Judgements can be recorded only while the version is in internal review.")}
        )
    if judgement not in Judgement.values:
        raise ValidationError({"judgement": _("Choose met, partially met, not met or not applicable.")})
    comment = (comment or "").strip()
    if len(comment) > 4000:
        raise ValidationError({"comment": _("The comment may be at most 4000 characters long.")})
    if judgement in (Judgement.NOT_MET, Judgement.PARTIALLY_MET) and not comment:
        raise ValidationError({"comment": _("Say what is missing: a comment is required for this judgement.")})
    changed: dict[str, Any] = {"judgement": judgement}
    assessment.judgement = judgement
    assessment.source = JudgementSource.OFFICER
    assessment.comment = comment
    if evidence_url is not None:
        assessment.evidence_url = _validate_evidence_url(evidence_url)
        changed["evidence_url"] = assessment.evidence_url
    if clear_evidence_file and assessment.evidence_file:
        assessment.evidence_file.delete(save=False)
        assessment.evidence_name = ""
        changed["evidence_file"] = None
    if evidence_file is not None:
        _validate_evidence_file(evidence_file)
        if assessment.evidence_file:
            assessment.evidence_file.delete(save=False)
        original = get_valid_filename(PurePosixPath(evidence_file.name or "evidence").name)[:200]
        assessment.evidence_file.save(original, evidence_file, save=False)
        assessment.evidence_name = original
        changed["evidence_file"] = {"name": original, "size": evidence_file.size}
    assessment.judged_by = actor
    assessment.judged_at = timezone.now()
    assessment.save()
    event_record(
        action="quality.judgement.recorded",
        subject=review,
        organisation=review.organisation,
        actor=actor,
        payload={"item": assessment.item.code, "checklist_item_id": assessment.item_id, "comment": comment, **changed},
    )
    return assessment


@transaction.atomic
def comment_add(
    *,
    review: Review,
    actor: Any,
    body: str,
    item: ChecklistItem | None = None,
    parent: Comment | None = None,
) -> Comment:
    """Add a comment to a review's discussion (optionally on a checklist item, optionally as a reply)."""
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a comment first.")})
    if len(body) > 4000:
        raise ValidationError({"body": _("A comment may be at most 4000 characters long.")})
    if parent is not None:
        if parent.review_id != review.pk:
            raise ValidationError({"parent": _("You can only reply to a comment of the same review.")})
        item = item or parent.item
    if item is not None and not review.checklists.filter(pk=item.checklist_id).exists():
        raise ValidationError({"item": _("This checklist item is not part of the review.")})
    comment = Comment.objects.create(
        review=review, item=item, parent=parent, author=actor, body=body, state=review.state
    )
    event_record(
        action="quality.comment.added",
        subject=review,
        organisation=review.organisation,
        actor=actor,
        payload={
            "comment_id": comment.pk,
            "item": item.code if item else None,
            "parent_id": parent.pk if parent else None,
            "body": body,
        },
    )
    return comment


# ------------------------------------------------------------------------------------- co-design and endorsement


@transaction.atomic
def codesign_partner_add(
    *,
    micro_credential: Any,
    actor: Any,
    kind: str,
    contribution: Mapping[str, str],
    contributed_on: date,
    name: Mapping[str, str] | None = None,
    partner_organisation: Organisation | None = None,
) -> CoDesignPartner:
    """Record a co-design partner of a micro-credential and what they contributed."""
    errors: dict[str, str] = {}
    if kind not in PartnerKind.values:
        errors["kind"] = _("Choose the kind of partner.")
    name = {k: (v or "").strip() for k, v in (name or {}).items()}
    contribution = {k: (v or "").strip() for k, v in (contribution or {}).items()}
    if partner_organisation is None and not any(name.values()):
        errors["name"] = _("Name the partner, or choose a registered organisation.")
    if not any(contribution.values()):
        errors["contribution"] = _("Describe what the partner contributed (in Arabic or English).")
    if contributed_on is None:
        errors["contributed_on"] = _("Give the date of the contribution.")
    elif contributed_on > timezone.localdate():
        errors["contributed_on"] = _("The date of the contribution cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    partner = CoDesignPartner(
        micro_credential=micro_credential,
        kind=kind,
        partner_organisation=partner_organisation,
        name=name,
        contribution=contribution,
        contributed_on=contributed_on,
        recorded_by=actor,
    )
    partner.full_clean()
    partner.save()
    event_record(
        action="quality.codesign.partner_added",
        subject=micro_credential,
        organisation=micro_credential.organisation,
        actor=actor,
        payload={
            "partner_id": partner.pk,
            "kind": kind,
            "name": name,
            "partner_organisation": partner_organisation.slug if partner_organisation else None,
            "contribution": contribution,
            "contributed_on": contributed_on,
        },
    )
    return partner


@transaction.atomic
def codesign_partner_remove(*, partner: CoDesignPartner, actor: Any) -> None:
    micro_credential = partner.micro_credential
    payload = {"partner_id": partner.pk, "name": partner.display_name}
    partner.delete()
    event_record(
        action="quality.codesign.partner_removed",
        subject=micro_credential,
        organisation=micro_credential.organisation,
        actor=actor,
        payload=payload,
    )


def employer_organisations(user: Any) -> list[Organisation]:
    """The employers and professional bodies the user represents."""
    ids = organisations_with_role(user, [Role.EMPLOYER_REPRESENTATIVE])
    return list(Organisation.objects.filter(pk__in=ids).order_by("slug"))


@transaction.atomic
def endorsement_create(
    *, micro_credential: Any, actor: Any, statement: str, organisation: Organisation | None = None
) -> Endorsement:
    """An employer representative endorses a micro-credential on behalf of their organisation, with a statement."""
    represented = employer_organisations(actor)
    if organisation is None:
        if len(represented) != 1:
            raise ValidationError({"organisation": _("Choose the organisation you endorse for.")})
        organisation = represented[0]
    elif organisation.pk not in {o.pk for o in represented}:
        raise ValidationError({"organisation": _("You can only endorse for an organisation you represent.")})
    statement = (statement or "").strip()
    if len(statement) < 10:
        raise ValidationError({"statement": _("Write a statement of at least 10 characters.")})
    if len(statement) > 2000:
        raise ValidationError({"statement": _("The statement may be at most 2000 characters long.")})
    if Endorsement.objects.filter(
        micro_credential=micro_credential, organisation=organisation, withdrawn_at__isnull=True
    ).exists():
        raise ValidationError({"organisation": _("Your organisation already endorses this micro-credential.")})
    version = _enrolment_version(micro_credential)
    endorsement = Endorsement.objects.create(
        micro_credential=micro_credential,
        version=version,
        organisation=organisation,
        endorsed_by=actor,
        statement=statement,
    )
    event_record(
        action="quality.endorsement.created",
        subject=micro_credential,
        organisation=micro_credential.organisation,
        actor=actor,
        payload={
            "endorsement_id": endorsement.pk,
            "endorser": organisation.slug,
            "version": version.number if version else None,
            "statement": statement,
        },
    )
    return endorsement


@transaction.atomic
def endorsement_withdraw(*, endorsement: Endorsement, actor: Any) -> Endorsement:
    endorsement = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
    if endorsement.withdrawn_at is not None:
        return endorsement
    endorsement.withdrawn_at = timezone.now()
    endorsement.save(update_fields=["withdrawn_at"])
    event_record(
        action="quality.endorsement.withdrawn",
        subject=endorsement.micro_credential,
        organisation=endorsement.micro_credential.organisation,
        actor=actor,
        payload={"endorsement_id": endorsement.pk, "endorser": endorsement.organisation.slug},
    )
    return endorsement


# ------------------------------------------------------------------------------------------------------ surveys


@transaction.atomic
def survey_instruments_load(*, directory: Path | None = None) -> list[str]:
    """Load the survey instrument versions of data/surveys/ not loaded yet (the data migration does it first)."""
    try:
        return surveys.instruments_load_into(SurveyInstrument, directory or surveys.SURVEYS_DIR)
    except ValueError as error:
        raise ValidationError(str(error)) from error


def _current_instrument(code: str) -> SurveyInstrument:
    from wisam.quality.selectors import survey_instrument_current

    instrument = survey_instrument_current(code=code)
    if instrument is None:
        raise ValidationError(_("The survey is not available; ask the platform administrator to load it."))
    return instrument


def _store_response(
    *, instrument: SurveyInstrument, micro_credential: Any, year: int, answers: Mapping[str, Any]
) -> SurveyResponse:
    clean, overall = surveys.answers_clean(instrument.questions, answers)
    return SurveyResponse.objects.create(
        instrument=instrument,
        organisation=micro_credential.organisation,
        micro_credential=micro_credential,
        audience=instrument.audience,
        year=year,
        submitted_at=timezone.now(),
        overall=overall,
        answers=clean,
    )


@transaction.atomic
def survey_answer_learner(*, credential: Any, actor: Any, answers: Mapping[str, Any]) -> SurveyResponse:
    """A learner's one answer about the micro-credential of a credential they hold (anonymous; see the models).

    No domain event: an event names its actor, which would tie the person to the answer. The receipt records only
    that the credential's survey was answered, and on which day.
    """
    from wisam.quality.selectors import survey_open_for

    if not survey_open_for(credential=credential):
        raise ValidationError(_("The survey for this credential is closed."))
    if SurveyReceipt.objects.filter(credential=credential).exists():
        raise ValidationError(_("You have already answered the survey for this credential. Thank you!"))
    instrument = _current_instrument(surveys.LEARNER_INSTRUMENT)
    micro_credential = credential.specification_version.micro_credential
    year = timezone.localtime(credential.issued_at).year
    response = _store_response(instrument=instrument, micro_credential=micro_credential, year=year, answers=answers)
    try:
        with transaction.atomic():
            SurveyReceipt.objects.create(
                audience=SurveyAudience.LEARNER,
                instrument=instrument,
                micro_credential=micro_credential,
                respondent=_actor(actor),
                credential=credential,
                year=year,
                answered_on=timezone.localdate(),
            )
    except IntegrityError:
        raise ValidationError(_("You have already answered the survey for this credential. Thank you!")) from None
    return response


@transaction.atomic
def survey_answer_employer(
    *,
    micro_credential: Any,
    actor: Any,
    answers: Mapping[str, Any],
    organisation: Organisation | None = None,
    year: int | None = None,
) -> SurveyResponse:
    """An employer representative's answer for their organisation: one per organisation, micro-credential and year."""
    represented = employer_organisations(actor)
    if organisation is None:
        if len(represented) != 1:
            raise ValidationError({"organisation": _("Choose the organisation you answer for.")})
        organisation = represented[0]
    elif organisation.pk not in {o.pk for o in represented}:
        raise ValidationError({"organisation": _("You can only answer for an organisation you represent.")})
    year = year or timezone.localdate().year
    if SurveyReceipt.objects.filter(
        audience=SurveyAudience.EMPLOYER,
        respondent_organisation=organisation,
        micro_credential=micro_credential,
        year=year,
    ).exists():
        raise ValidationError(
            {"organisation": _("Your organisation has already answered for this micro-credential this year.")}
        )
    instrument = _current_instrument(surveys.EMPLOYER_INSTRUMENT)
    response = _store_response(instrument=instrument, micro_credential=micro_credential, year=year, answers=answers)
    try:
        with transaction.atomic():
            SurveyReceipt.objects.create(
                audience=SurveyAudience.EMPLOYER,
                instrument=instrument,
                micro_credential=micro_credential,
                respondent=actor,
                respondent_organisation=organisation,
                year=year,
                answered_on=timezone.localdate(),
            )
    except IntegrityError:
        raise ValidationError(
            {"organisation": _("Your organisation has already answered for this micro-credential this year.")}
        ) from None
    return response


# --------------------------------------------------------------------------------------------------- enrolments

ENROLMENT_CSV_COLUMNS = ("email", "enrolled_on", "status", "finished_on")
ENROLMENT_CSV_MAX_ROWS = 5000


def _enrolment_version(micro_credential: Any) -> Any:
    """The edition learners enrol in: the latest released version, else the latest one."""
    return (
        micro_credential.versions.filter(status__in=APPROVED_STATUSES).order_by("-number").first()
        or micro_credential.versions.order_by("-number").first()
    )


def _enrolment_fields(
    *, micro_credential: Any, learner_email: str, enrolled_on: Any, status: str, finished_on: Any, where: str = ""
) -> dict[str, Any]:
    """Check one enrolment; errors are keyed by field and (for uploads) start with the row they came from."""
    from django.core.validators import validate_email

    prefix = f"{where}: " if where else ""
    errors: dict[str, str] = {}
    email = (learner_email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        errors["learner_email"] = prefix + _(
            "e-mail “%(value)s” is not a valid address; write it as name@example.org."
        ) % {"value": learner_email}

    def as_date(name: str, value: Any) -> date | None:
        if value in (None, ""):
            return None
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            errors[name] = prefix + _("%(field)s “%(value)s” is not a date; write it as YYYY-MM-DD.") % {
                "field": name,
                "value": value,
            }
            return None

    start = as_date("enrolled_on", enrolled_on)
    end = as_date("finished_on", finished_on)
    if start is None and "enrolled_on" not in errors:
        errors["enrolled_on"] = prefix + _("enrolled_on is missing; write the date the learner started (YYYY-MM-DD).")
    status = (status or EnrolmentStatus.ENROLLED).strip().lower()
    if status not in EnrolmentStatus.values:
        errors["status"] = prefix + _("status “%(value)s” is unknown; use one of: %(choices)s.") % {
            "value": status,
            "choices": ", ".join(EnrolmentStatus.values),
        }
    elif status == EnrolmentStatus.ENROLLED and end is not None:
        errors["finished_on"] = prefix + _("finished_on must be empty while the learner is still enrolled.")
    elif status != EnrolmentStatus.ENROLLED and end is None and "finished_on" not in errors:
        errors["finished_on"] = prefix + _("finished_on is needed when the status is %(status)s (YYYY-MM-DD).") % {
            "status": status
        }
    if start and end and end < start:
        errors["finished_on"] = prefix + _("finished_on is before enrolled_on; check both dates.")
    if start and start > timezone.localdate():
        errors["enrolled_on"] = prefix + _("enrolled_on is in the future; record enrolments once they start.")
    if errors:
        raise ValidationError(errors)
    return {"learner_email": email, "enrolled_on": start, "status": status, "finished_on": end}


def _link_learner(enrolment: Enrolment) -> None:
    from wisam.institutions.models import User

    enrolment.learner = User.objects.filter(email__iexact=enrolment.learner_email).first()


def _matching_credential(enrolment: Enrolment) -> Any:
    from wisam.credentials.models import IssuedCredential

    return (
        IssuedCredential.objects.filter(
            specification_version__micro_credential_id=enrolment.micro_credential_id,
            learner_email__iexact=enrolment.learner_email,
            issued_at__date__gte=enrolment.enrolled_on,
        )
        .order_by("issued_at")
        .first()
    )


@transaction.atomic
def enrolment_create(
    *,
    organisation: Organisation,
    micro_credential: Any,
    learner_email: str,
    enrolled_on: Any,
    actor: Any,
    status: str = EnrolmentStatus.ENROLLED,
    finished_on: Any = None,
) -> Enrolment:
    """Record one enrolment (and, optionally, its outcome); a credential already issued for it marks it passed."""
    if micro_credential.organisation_id != organisation.pk:
        raise ValidationError({"micro_credential": _("Choose a micro-credential of your institution.")})
    fields = _enrolment_fields(
        micro_credential=micro_credential,
        learner_email=learner_email,
        enrolled_on=enrolled_on,
        status=status,
        finished_on=finished_on,
    )
    if Enrolment.objects.filter(
        micro_credential=micro_credential,
        learner_email=fields["learner_email"],
        enrolled_on=fields["enrolled_on"],
    ).exists():
        raise ValidationError({"learner_email": _("This learner is already enrolled from that date.")})
    enrolment = Enrolment(
        organisation=organisation,
        micro_credential=micro_credential,
        specification_version=_enrolment_version(micro_credential),
        recorded_by=_actor(actor),
        **fields,
    )
    _link_learner(enrolment)
    if enrolment.is_open:
        credential = _matching_credential(enrolment)
        if credential is not None:
            enrolment.status = EnrolmentStatus.PASSED
            enrolment.credential = credential
            enrolment.finished_on = timezone.localtime(credential.issued_at).date()
    enrolment.save()
    event_record(
        action="quality.enrolment.recorded",
        subject=enrolment,
        organisation=organisation,
        actor=actor,
        payload={"micro_credential_id": micro_credential.pk, "status": enrolment.status},
    )
    return enrolment


def _csv_rows(content: bytes | str) -> list[dict[str, str]]:
    import csv
    import io

    text = content.decode("utf-8-sig", errors="strict") if isinstance(content, bytes) else content.lstrip("\ufeff")
    reader = csv.DictReader(io.StringIO(text))
    header = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in ("email", "enrolled_on") if name not in header]
    if missing:
        raise ValidationError(
            {
                "file": _("Line 1: the header lacks %(columns)s; the columns are %(expected)s.")
                % {"columns": ", ".join(missing), "expected": ", ".join(ENROLMENT_CSV_COLUMNS)}
            }
        )
    rows = []
    for raw in reader:
        rows.append({(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if k is not None})
    return rows


@transaction.atomic
def enrolments_import(
    *, organisation: Organisation, micro_credential: Any, content: bytes | str, actor: Any
) -> list[Enrolment]:
    """Record a CSV of enrolments (email, enrolled_on, status, finished_on): every row or none.

    Every wrong row is reported at once, by its line number in the file (the header is line 1).
    """
    if micro_credential.organisation_id != organisation.pk:
        raise ValidationError({"micro_credential": _("Choose a micro-credential of your institution.")})
    try:
        rows = _csv_rows(content)
    except UnicodeDecodeError:
        raise ValidationError(
            {"file": _("The file is not UTF-8 text; save it as “CSV UTF-8” and upload again.")}
        ) from None
    if not rows:
        raise ValidationError({"file": _("The file has no rows under its header.")})
    if len(rows) > ENROLMENT_CSV_MAX_ROWS:
        raise ValidationError({"file": _("At most %(max)s rows per file; split it.") % {"max": ENROLMENT_CSV_MAX_ROWS}})
    problems: list[str] = []
    cleaned: list[dict[str, Any]] = []
    seen: dict[tuple[str, Any], int] = {}
    existing = set(
        Enrolment.objects.filter(micro_credential=micro_credential).values_list("learner_email", "enrolled_on")
    )
    for line, row in enumerate(rows, start=2):
        where = _("Row %(line)s") % {"line": line}
        try:
            fields = _enrolment_fields(
                micro_credential=micro_credential,
                learner_email=row.get("email", ""),
                enrolled_on=row.get("enrolled_on", ""),
                status=row.get("status", ""),
                finished_on=row.get("finished_on", ""),
                where=where,
            )
        except ValidationError as error:
            problems.extend(message for messages in error.message_dict.values() for message in messages)
            continue
        key = (fields["learner_email"], fields["enrolled_on"])
        if key in seen:
            problems.append(
                _("%(where)s: the same learner and date as row %(other)s; keep one of them.")
                % {"where": where, "other": seen[key]}
            )
            continue
        seen[key] = line
        if key in existing:
            problems.append(_("%(where)s: this learner is already enrolled from that date.") % {"where": where})
            continue
        cleaned.append(fields)
    if problems:
        raise ValidationError({"file": problems})
    created = [
        enrolment_create(organisation=organisation, micro_credential=micro_credential, actor=actor, **fields)
        for fields in cleaned
    ]
    return created


@transaction.atomic
def enrolment_set_outcome(*, enrolment: Enrolment, status: str, actor: Any, finished_on: Any = None) -> Enrolment:
    """Record how an enrolment ended (withdrawn, passed or failed), or reopen it (enrolled)."""
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if status != EnrolmentStatus.ENROLLED and finished_on in (None, ""):
        finished_on = timezone.localdate()
    fields = _enrolment_fields(
        micro_credential=enrolment.micro_credential,
        learner_email=enrolment.learner_email,
        enrolled_on=enrolment.enrolled_on,
        status=status,
        finished_on=None if status == EnrolmentStatus.ENROLLED else finished_on,
    )
    previous = enrolment.status
    enrolment.status = fields["status"]
    enrolment.finished_on = fields["finished_on"]
    enrolment.save(update_fields=["status", "finished_on"])
    event_record(
        action="quality.enrolment.outcome",
        subject=enrolment,
        organisation=enrolment.organisation,
        actor=actor,
        payload={"from": previous, "to": enrolment.status},
    )
    return enrolment


@transaction.atomic
def enrolment_link_credential(*, credential: Any) -> Enrolment | None:
    """A credential was issued: the learner's open enrolment in that micro-credential is passed and linked to it."""
    micro_credential_id = credential.specification_version.micro_credential_id
    enrolment = (
        Enrolment.objects.select_for_update()
        .filter(
            micro_credential_id=micro_credential_id,
            learner_email__iexact=credential.learner_email,
            status=EnrolmentStatus.ENROLLED,
            enrolled_on__lte=timezone.localtime(credential.issued_at).date(),
        )
        .order_by("enrolled_on")
        .first()
    )
    if enrolment is None:
        return None
    enrolment.status = EnrolmentStatus.PASSED
    enrolment.finished_on = timezone.localtime(credential.issued_at).date()
    enrolment.credential = credential
    enrolment.save(update_fields=["status", "finished_on", "credential"])
    event_record(
        action="quality.enrolment.outcome",
        subject=enrolment,
        organisation=enrolment.organisation,
        payload={"from": EnrolmentStatus.ENROLLED, "to": EnrolmentStatus.PASSED, "credential_id": str(credential.pk)},
    )
    return enrolment


# ------------------------------------------------------------------------------------------------ annual review


def _annual_review_locked(review: AnnualReview) -> AnnualReview:
    review = AnnualReview.objects.select_for_update().get(pk=review.pk)
    if review.is_completed:
        raise ValidationError(_("This annual review is completed; start next year's review instead."))
    return review


@transaction.atomic
def annual_review_start(*, micro_credential: Any, year: int, actor: Any) -> AnnualReview:
    """The micro-credential's review of `year`, started in draft if there is none yet."""
    if not 2000 <= int(year) <= timezone.localdate().year:
        raise ValidationError({"year": _("Choose a year between 2000 and this year.")})
    review, created = AnnualReview.objects.get_or_create(
        micro_credential=micro_credential,
        year=int(year),
        defaults={"organisation": micro_credential.organisation, "started_by": _actor(actor)},
    )
    if created:
        event_record(
            action="quality.annual_review.started",
            subject=micro_credential,
            organisation=micro_credential.organisation,
            actor=actor,
            payload={"annual_review_id": review.pk, "year": review.year},
        )
    return review


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def annual_review_record_decision(*, review: AnnualReview, decision: str, notes: str, actor: Any) -> AnnualReview:
    """Keep, revise or retire, with the reasons and actions."""
    review = _annual_review_locked(review)
    if decision not in AnnualReviewDecision.values:
        raise ValidationError({"decision": _("Choose keep, revise or retire.")})
    notes = (notes or "").strip()
    if len(notes) > 4000:
        raise ValidationError({"decision_notes": _("Write at most 4000 characters.")})
    if decision != AnnualReviewDecision.KEEP and not notes:
        raise ValidationError({"decision_notes": _("Say why, and what will change.")})
    review.decision = decision
    review.decision_notes = notes
    review.save(update_fields=["decision", "decision_notes"])
    event_record(
        action="quality.annual_review.decided",
        subject=review.micro_credential,
        organisation=review.organisation,
        actor=actor,
        payload={"annual_review_id": review.pk, "year": review.year, "decision": decision},
    )
    return review


@transaction.atomic
def annual_review_carry_changes(*, review: AnnualReview, change_summary: Mapping[str, str], actor: Any) -> Any:
    """Start the next specification version (through the design services) with the summary as its change note.

    Designers then edit the new draft in the designer; the summary becomes the public change log's text once the
    version is released.
    """
    from wisam.design.services import specification_version_create_next, specification_version_update

    review = _annual_review_locked(review)
    summary = {code: (change_summary.get(code) or "").strip() for code in CONTENT_LANGUAGES}
    if not any(summary.values()):
        raise ValidationError({"change_summary": _("Summarise what changes, in Arabic, English or both.")})
    if review.decision != AnnualReviewDecision.REVISE:
        raise ValidationError({"decision": _("Record the decision “Revise” before carrying changes forward.")})
    if review.new_version_id:
        raise ValidationError(
            {
                "change_summary": _("This review already created version %(number)s.")
                % {
                    "number": review.new_version.number  # type: ignore[union-attr]
                }
            }
        )
    latest = review.micro_credential.versions.order_by("-number").first()
    if latest is None:
        raise ValidationError(_("This micro-credential has no specification version."))
    try:
        version = specification_version_create_next(version=latest, actor=actor)
    except ValidationError as error:
        raise ValidationError({"change_summary": error.messages}) from error
    version = specification_version_update(version=version, actor=actor, fields={"change_log": summary})
    review.change_summary = summary
    review.new_version = version
    review.save(update_fields=["change_summary", "new_version"])
    event_record(
        action="quality.annual_review.changes_carried",
        subject=review.micro_credential,
        organisation=review.organisation,
        actor=actor,
        payload={"annual_review_id": review.pk, "year": review.year, "version": version.number},
    )
    return version


@transaction.atomic
def annual_review_complete(*, review: AnnualReview, actor: Any) -> AnnualReview:
    """Freeze the KPIs and feedback summary into the review and close it; needs a decision."""
    from wisam.quality.kpis import kpis_for_micro_credential
    from wisam.quality.selectors import feedback_summary

    review = _annual_review_locked(review)
    if not review.decision:
        raise ValidationError({"decision": _("Record the decision before completing the review.")})
    if review.decision == AnnualReviewDecision.REVISE and not review.new_version_id:
        raise ValidationError(
            {"change_summary": _("The decision is “Revise”: carry the changes into a new version first.")}
        )
    review.kpi_snapshot = kpis_for_micro_credential(
        micro_credential=review.micro_credential, year=review.year
    ).as_dict()
    review.feedback_summary = {
        audience: feedback_summary(
            micro_credential=review.micro_credential, audience=audience, year=review.year
        ).as_dict()
        for audience in SurveyAudience.values
    }
    review.status = AnnualReviewStatus.COMPLETED
    review.completed_by = _actor(actor)
    review.completed_at = timezone.now()
    review.save()
    event_record(
        action="quality.annual_review.completed",
        subject=review.micro_credential,
        organisation=review.organisation,
        actor=actor,
        payload={
            "annual_review_id": review.pk,
            "year": review.year,
            "decision": review.decision,
            "new_version": review.new_version.number if review.new_version else None,
        },
    )
    return review
