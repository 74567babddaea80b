"""Applications: create, attach documents, take workflow steps and run the effects of each step."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wisam.accreditation.models import (
    Application,
    ApplicationDocument,
    DocumentKind,
)
from wisam.accreditation.services.common import _lock, _next_reference, _record, _touch, _user
from wisam.accreditation.services.evaluation import scores_prefill
from wisam.accreditation.services.guidelines import guideline_in_force
from wisam.accreditation.services.notifications import _aqac_people, _notify_many, _people
from wisam.accreditation.workflow import ApplicationState as S
from wisam.core.workflow import TransitionRefused, workflow_start, workflow_transition
from wisam.institutions.roles import Role

SCREENING_DAYS = 14
EVALUATION_DAYS = 30
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# Accepted uploads: extension → the file's first bytes ("magic"), checked so a renamed file is refused.
DOCUMENT_TYPES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}


def application_create(*, version: Any, actor: Any) -> Application:
    """Open an application for a frozen specification version that internal QA released for accreditation."""
    if version.status != "ready_for_accreditation":
        raise ValidationError(
            _("Only a version that internal QA marked “ready for accreditation” can be submitted to AQAC.")
        )
    if Application.objects.filter(specification_version=version, is_active=True).exists():
        raise ValidationError(_("This version already has an open application."))
    with transaction.atomic():
        year = timezone.localdate().year
        prefix = f"AQAC-{year}-"
        number = _next_reference(prefix, Application, "reference")
        return workflow_start(
            model=Application,
            actor=actor,
            reference=f"{prefix}{number:05d}",
            organisation=version.micro_credential.organisation,
            specification_version=version,
            created_by=_user(actor),
        )


def _check_upload(upload: UploadedFile) -> tuple[str, bytes]:
    name = upload.name or ""
    suffix = Path(name).suffix.lower()
    if suffix not in DOCUMENT_TYPES:
        raise ValidationError(
            _("Accepted files: %(types)s.") % {"types": ", ".join(sorted(DOCUMENT_TYPES))}, code="file_type"
        )
    if upload.size is None or upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(_("A document may be at most 10 MB."), code="too_large")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in DOCUMENT_TYPES[suffix]):
        raise ValidationError(
            _("The file's content does not match its type (%(suffix)s).") % {"suffix": suffix}, code="file_content"
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest(), head


@transaction.atomic
def application_document_add(
    *, application: Application, kind: str, upload: UploadedFile, actor: Any, expected_lock_version: int | None = None
) -> ApplicationDocument:
    if kind not in DocumentKind.values:
        raise ValidationError(_("Unknown kind of document."), code="kind")
    locked = _lock(application, states=(S.DRAFT, S.RETURNED), expected_lock_version=expected_lock_version)
    sha256, _head = _check_upload(upload)
    document = ApplicationDocument(
        application=locked,
        kind=kind,
        original_name=Path(upload.name or "document").name[:200],
        size=upload.size or 0,
        sha256=sha256,
        uploaded_by=_user(actor),
    )
    document.file.save(upload.name or "document", upload, save=False)
    document.save()
    _touch(locked)
    _record("document_added", locked, actor, {"kind": kind, "name": document.original_name, "sha256": sha256})
    return document


@transaction.atomic
def application_document_remove(*, document: ApplicationDocument, actor: Any) -> None:
    locked = _lock(document.application, states=(S.DRAFT, S.RETURNED))
    payload = {"kind": document.kind, "name": document.original_name}
    document.file.delete(save=False)
    document.delete()
    _touch(locked)
    _record("document_removed", locked, actor, payload)


def application_transition(
    *,
    application: Application,
    transition: str,
    actor: Any,
    comment: str = "",
    expected_lock_version: int | None = None,
) -> Application:
    """Take a workflow step that needs no data beyond a comment (submit, return, accept, publish, close, ...)."""
    with transaction.atomic():
        _lock(application, expected_lock_version=expected_lock_version)
        return workflow_transition(subject_state=application, transition=transition, actor=actor, comment=comment)


def application_on_submit(*, application: Application, actor: Any) -> None:
    """Effect of "submit": the guideline in force today is the one this application is judged against."""
    guideline = guideline_in_force()
    if guideline is None:
        raise TransitionRefused(
            transition=_("Submit to AQAC"),
            state=application.state,
            code="guard",
            reasons=[_("No accreditation guideline is in force; AQAC must publish one first.")],
        )
    if application.guideline_id is None or application.submitted_at is None:
        application.guideline = guideline
    application.submitted_at = timezone.now()
    application.screening_due = timezone.localdate() + timedelta(days=SCREENING_DAYS)
    application.save(update_fields=["guideline", "submitted_at", "screening_due"])


def application_on_start_evaluation(*, application: Application, actor: Any) -> None:
    application.evaluation_due = timezone.localdate() + timedelta(days=EVALUATION_DAYS)
    application.save(update_fields=["evaluation_due"])
    scores_prefill(application=application)


_MESSAGES: dict[str, tuple[str, str]] = {
    "submit": ("officers", "A new application to screen: %(ref)s"),
    "return": ("institution", "Your application %(ref)s was returned for missing items"),
    "accept": ("institution", "Your application %(ref)s is complete and goes to a panel"),
    "start_evaluation": ("panel", "Please evaluate application %(ref)s"),
    "submit_report": ("commission", "A panel report awaits the commission's decision: %(ref)s"),
    "accredit": ("institution", "Application %(ref)s: accredited"),
    "accredit_with_conditions": ("institution", "Application %(ref)s: accredited with conditions"),
    "defer": ("institution", "Application %(ref)s: deferred for changes"),
    "refuse": ("institution", "Application %(ref)s: refused"),
    "conditions_met": ("institution", "Application %(ref)s: the conditions are met"),
    "conditions_unmet": ("institution", "Application %(ref)s: refused, the conditions were not met"),
    "appeal": ("commission", "An appeal was lodged against the decision on %(ref)s"),
    "uphold_appeal": ("institution", "Your appeal on %(ref)s was upheld"),
    "dismiss_appeal": ("institution", "Your appeal on %(ref)s was dismissed"),
    "publish": ("institution", "%(ref)s is published in the national register"),
}


def application_on_transition(*, application: Application, actor: Any, transition: str) -> None:
    """Effect of every step: bump the lock version and tell the people who act next."""
    _touch(application)
    audience, subject = _MESSAGES.get(transition, ("", ""))
    if not audience:
        return
    from django.urls import reverse

    url = reverse("accreditation:application", kwargs={"pk": application.pk})
    users: list[Any]
    if audience == "officers":
        users = _aqac_people([Role.AQAC_OFFICER])
    elif audience == "commission":
        users = _aqac_people([Role.COMMISSION_MEMBER])
    elif audience == "panel":
        users = [m.evaluator.user for m in application.panel.select_related("evaluator__user")]
    else:
        users = _people(application.organisation, [Role.INSTITUTIONAL_APPROVER, Role.INSTITUTION_ADMIN])
    body = _("Open the application in Wisam to see the details and what happens next.")
    _notify_many(users, _(subject) % {"ref": application.reference}, body, url)
