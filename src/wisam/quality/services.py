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
from wisam.quality import linting
from wisam.quality.linting import code_matches, suggestion_for
from wisam.quality.models import (
    EVIDENCE_EXTENSIONS,
    EVIDENCE_MAX_BYTES,
    Checklist,
    ChecklistItem,
    CoDesignPartner,
    Comment,
    Endorsement,
    ItemAssessment,
    Judgement,
    JudgementSource,
    PartnerKind,
    Review,
)
from wisam.quality.workflow import ReviewState

DATA_DIR = Path(__file__).resolve().parent / "data"

__all__ = [
    "ChecklistLoadReport",
    "assessment_record",
    "checklists_load",
    "codesign_partner_add",
    "codesign_partner_remove",
    "comment_add",
    "endorsement_create",
    "endorsement_withdraw",
    "review_prefill",
    "review_start",
    "review_submit",
    "review_transition",
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
    version = (
        micro_credential.versions.filter(status__in=("approved", "ready_for_accreditation")).order_by("-number").first()
        or micro_credential.versions.order_by("-number").first()
    )
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
