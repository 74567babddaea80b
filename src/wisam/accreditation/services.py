"""Writes for accreditation; each runs in one transaction and records its domain event (ADR 0002, 0006).

Applications move only through `wisam.core.workflow.workflow_transition` (row lock, stale check, guards, event);
the services here write the data a step needs (documents, panel, scores, report, decision, conditions, appeals) on
the locked application row. A caller that read an older `lock_version` is refused with a "stale" message.
Permissions are asked by views and API endpoints (wisam.core.policy) before calling a service; the services enforce
the domain's own rules (conflicts of interest, self-accreditation limits, deadlines, states).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from wisam.accreditation import search
from wisam.accreditation.models import (
    Accreditation,
    Appeal,
    Application,
    ApplicationDocument,
    Condition,
    ConditionStatus,
    Conflict,
    CriterionScore,
    Decision,
    DocumentKind,
    Evaluator,
    Guideline,
    GuidelineCriterion,
    GuidelineStandard,
    GuidelineStatus,
    IssuerDid,
    Notification,
    PanelMember,
    PanelReport,
    PanelRole,
    RegisterEntry,
    RegisterStatus,
    ReminderSent,
    Route,
    Score,
    SelfAccreditation,
    Visit,
)
from wisam.accreditation.register import entry_fields_from_version, entry_search_text
from wisam.accreditation.workflow import ApplicationState as S
from wisam.core.events import event_record
from wisam.core.workflow import TransitionRefused, workflow_start, workflow_transition
from wisam.institutions.models import Membership, Organisation
from wisam.institutions.roles import Role

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_GUIDELINE = "national-mc"
SCREENING_DAYS = 14
EVALUATION_DAYS = 30
APPEAL_DAYS = 30  # ESG 2.7: a set period in which the institution may appeal
EXPIRY_NOTICE_DAYS = 90
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


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _months(start: date, months: int) -> date:
    year, month = divmod(start.month - 1 + months, 12)
    year += start.year
    month += 1
    for day in (start.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise ValueError("unreachable")


# --- notifications -------------------------------------------------------------------------------------------------


def notify(*, user: Any, subject: str, body: str = "", url: str = "") -> Notification | None:
    """Put a message in `user`'s inbox and e-mail it after the transaction commits (a background task)."""
    if user is None or not getattr(user, "pk", None):
        return None
    notification = Notification.objects.create(user=user, subject=subject[:200], body=body, url=url[:300])

    def enqueue() -> None:
        from wisam.accreditation.tasks import send_notification_email

        try:
            send_notification_email.enqueue(notification.pk)
        except Exception:  # the inbox has it anyway; a broken task backend must not break the request
            logger.exception("could not enqueue the e-mail of notification %s", notification.pk)

    transaction.on_commit(enqueue)
    return notification


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk).update(read_at=timezone.now())


def _people(organisation: Any, roles: Iterable[str]) -> list[Any]:
    return [
        m.user
        for m in Membership.objects.current()
        .filter(organisation=organisation, role__in=list(roles))
        .select_related("user")
    ]


def _aqac_people(roles: Iterable[str]) -> list[Any]:
    seen: dict[int, Any] = {}
    for m in Membership.objects.current().filter(role__in=list(roles)).select_related("user"):
        seen.setdefault(m.user_id, m.user)
    return list(seen.values())


def _notify_many(users: Iterable[Any], subject: str, body: str, url: str) -> None:
    for user in {u.pk: u for u in users}.values():
        notify(user=user, subject=subject, body=body, url=url)


# --- guidelines ----------------------------------------------------------------------------------------------------


def _hash(data: Mapping[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _validate_guideline(data: Mapping[str, Any]) -> list[str]:
    problems = []
    for name in ("key", "version", "title", "standards"):
        if name not in data:
            problems.append(f"missing “{name}”")
    codes: set[str] = set()
    for standard in data.get("standards") or []:
        for name in ("code", "title", "criteria"):
            if name not in standard:
                problems.append(f"a standard lacks “{name}”")
        for criterion in standard.get("criteria") or []:
            code = criterion.get("code", "")
            if not code or code in codes:
                problems.append(f"criterion code “{code}” is missing or repeated")
            codes.add(code)
            text = criterion.get("text") or {}
            if not (text.get("ar") and text.get("en")):
                problems.append(f"criterion {code} needs its text in Arabic and English")
    if not codes:
        problems.append("no criteria")
    return problems


@transaction.atomic
def guideline_load(*, data: Mapping[str, Any], actor: Any = None) -> tuple[Guideline, bool]:
    """Load one guideline version from data; returns (guideline, created). A loaded version never changes."""
    problems = _validate_guideline(data)
    if problems:
        raise ValidationError(_("The guideline is not valid: %(problems)s.") % {"problems": "; ".join(problems)})
    digest = _hash(data)
    existing = Guideline.objects.filter(key=data["key"], version=int(data["version"])).first()
    if existing is not None:
        if existing.content_hash != digest:
            raise ValidationError(
                _("Version %(version)s of “%(key)s” is already loaded with other content; publish a new version.")
                % {"version": data["version"], "key": data["key"]}
            )
        return existing, False
    guideline = Guideline.objects.create(
        key=data["key"],
        version=int(data["version"]),
        title=data["title"],
        description=data.get("description") or {},
        sources=list(data.get("sources") or []),
        scale=list(data.get("scale") or []),
        status=GuidelineStatus.DRAFT,
        content_hash=digest,
    )
    for s_order, standard in enumerate(data["standards"], start=1):
        row = GuidelineStandard.objects.create(
            guideline=guideline,
            code=standard["code"],
            order=s_order,
            title=standard["title"],
            description=standard.get("description") or {},
            references=list(standard.get("references") or []),
        )
        GuidelineCriterion.objects.bulk_create(
            GuidelineCriterion(
                standard=row,
                code=criterion["code"],
                order=c_order,
                text=criterion["text"],
                guidance=criterion.get("guidance") or {},
                evidence=criterion.get("evidence") or {},
                linter_codes=list(criterion.get("linter_codes") or []),
            )
            for c_order, criterion in enumerate(standard["criteria"], start=1)
        )
    event_record(
        action="accreditation.guideline.loaded",
        subject=guideline,
        actor=actor,
        payload={"key": guideline.key, "version": guideline.version, "hash": digest},
    )
    if (
        data.get("status") == GuidelineStatus.IN_FORCE
        and not Guideline.objects.filter(key=guideline.key, status=GuidelineStatus.IN_FORCE).exists()
    ):
        guideline = guideline_publish(guideline=guideline, actor=actor)
    return guideline, True


def guidelines_load(*, directory: Path = DATA_DIR, actor: Any = None) -> list[tuple[Guideline, bool]]:
    """Load every data/guidelines-*.json (idempotent: loaded versions are left alone)."""
    results = []
    for path in sorted(directory.glob("guidelines-*.json")):
        results.append(guideline_load(data=json.loads(path.read_text(encoding="utf-8")), actor=actor))
    return results


@transaction.atomic
def guideline_publish(*, guideline: Guideline, actor: Any) -> Guideline:
    """Bring a version into force; the one in force before is superseded. Applications keep the version they had."""
    guideline = Guideline.objects.select_for_update().get(pk=guideline.pk)
    if guideline.status == GuidelineStatus.IN_FORCE:
        return guideline
    if Guideline.objects.filter(key=guideline.key, version__gt=guideline.version, published_at__isnull=False):
        raise ValidationError(_("A later version has already been in force; publish a newer version instead."))
    previous = list(Guideline.objects.select_for_update().filter(key=guideline.key, status=GuidelineStatus.IN_FORCE))
    for old in previous:
        old.status = GuidelineStatus.SUPERSEDED
        old.save(update_fields=["status"])
        event_record(action="accreditation.guideline.superseded", subject=old, actor=actor, payload={})
    guideline.status = GuidelineStatus.IN_FORCE
    guideline.published_at = timezone.now()
    guideline.published_by = _user(actor)
    guideline.save(update_fields=["status", "published_at", "published_by"])
    event_record(
        action="accreditation.guideline.published",
        subject=guideline,
        actor=actor,
        payload={"key": guideline.key, "version": guideline.version, "superseded": [g.version for g in previous]},
    )
    return guideline


def guideline_in_force(key: str = DEFAULT_GUIDELINE) -> Guideline | None:
    return Guideline.objects.filter(key=key, status=GuidelineStatus.IN_FORCE).first()


# --- applications --------------------------------------------------------------------------------------------------


def _next_reference(prefix: str, model: Any, field: str) -> int:
    last = model.objects.filter(**{f"{field}__startswith": prefix}).aggregate(last=Max(field)).get("last")
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return number


def _stale(application: Application, locked: Application) -> TransitionRefused:
    return TransitionRefused(
        transition=_("Save"),
        state=locked.state,
        code="stale",
        reasons=[
            _(
                "Someone else changed this application while you were looking at it (it is now “%(state)s”); "
                "reload the page and try again."
            )
            % {"state": locked.state_label}
        ],
    )


def _lock(
    application: Application, *, states: Iterable[str] | None = None, expected_lock_version: int | None = None
) -> Application:
    """Lock the application row; refuse if it changed since the caller read it, or is in the wrong state."""
    locked = Application.objects.select_for_update().select_related("specification_version").get(pk=application.pk)
    if expected_lock_version is not None and locked.lock_version != expected_lock_version:
        raise _stale(application, locked)
    if states is not None and locked.state not in set(states):
        raise ValidationError(
            _("This cannot be done while the application is “%(state)s”.") % {"state": locked.state_label},
            code="state",
        )
    return locked


def _touch(application: Application) -> None:
    Application.objects.filter(pk=application.pk).update(lock_version=application.lock_version + 1)
    application.lock_version += 1


def _record(action: str, application: Application, actor: Any, payload: Mapping[str, Any] | None = None) -> None:
    event_record(
        action=f"accreditation.application.{action}",
        subject=application,
        actor=actor,
        organisation=application.organisation,
        payload={"reference": application.reference, **dict(payload or {})},
    )


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


# --- evaluators and the panel ---------------------------------------------------------------------------------------


@transaction.atomic
def evaluator_register(
    *,
    user: Any,
    isced_codes: Sequence[str] = (),
    levels: Sequence[int] = (),
    biography: Mapping[str, str] | None = None,
    actor: Any,
) -> Evaluator:
    """Add a person to the evaluator registry, or update their expertise."""
    if not Membership.objects.current().filter(user=user, role=Role.AQAC_EVALUATOR).exists():
        raise ValidationError(_("Only a person who holds the AQAC evaluator role can be in the registry."))
    evaluator, created = Evaluator.objects.update_or_create(
        user=user,
        defaults={
            "isced_codes": [str(c).strip() for c in isced_codes if str(c).strip()],
            "levels": sorted({int(level) for level in levels}),
            "biography": dict(biography or {}),
        },
    )
    event_record(
        action="accreditation.evaluator." + ("registered" if created else "updated"),
        subject=evaluator,
        actor=actor,
        payload={"isced_codes": evaluator.isced_codes, "levels": evaluator.levels},
    )
    return evaluator


@transaction.atomic
def conflict_declare(*, evaluator: Evaluator, organisation: Organisation, reason: str, actor: Any) -> Conflict:
    conflict, _created = Conflict.objects.get_or_create(
        evaluator=evaluator, organisation=organisation, defaults={"reason": reason}
    )
    event_record(
        action="accreditation.evaluator.conflict_declared",
        subject=evaluator,
        actor=actor,
        organisation=organisation,
        payload={"organisation": organisation.slug, "reason": reason},
    )
    return conflict


def evaluator_conflicts(*, evaluator: Evaluator, organisation: Any) -> list[str]:
    """Why `evaluator` may not evaluate for `organisation` (empty: no conflict)."""
    reasons = []
    if Membership.objects.filter(user=evaluator.user, organisation=organisation).exists():
        reasons.append(
            _("%(name)s holds (or held) a role at %(organisation)s, the applicant institution.")
            % {"name": evaluator.user, "organisation": organisation}
        )
    conflict = Conflict.objects.filter(evaluator=evaluator, organisation=organisation).first()
    if conflict is not None:
        reasons.append(
            _("%(name)s declared a conflict of interest with %(organisation)s: %(reason)s")
            % {"name": evaluator.user, "organisation": organisation, "reason": conflict.reason or "—"}
        )
    return reasons


@transaction.atomic
def panel_assign(
    *,
    application: Application,
    evaluator: Evaluator,
    actor: Any,
    role: str = PanelRole.MEMBER,
    expected_lock_version: int | None = None,
) -> PanelMember:
    """Put an evaluator on the panel; refused for a conflict of interest. A new chair replaces the old one."""
    locked = _lock(application, states=(S.PANEL,), expected_lock_version=expected_lock_version)
    if not evaluator.is_active:
        raise ValidationError(_("This evaluator is not active in the registry."), code="inactive")
    reasons = evaluator_conflicts(evaluator=evaluator, organisation=locked.organisation)
    if reasons:
        raise ValidationError(reasons, code="conflict_of_interest")
    if role not in PanelRole.values:
        raise ValidationError(_("Unknown panel role."), code="role")
    if role == PanelRole.CHAIR:
        PanelMember.objects.filter(application=locked, role=PanelRole.CHAIR).update(role=PanelRole.MEMBER)
    member, _created = PanelMember.objects.update_or_create(
        application=locked, evaluator=evaluator, defaults={"role": role}
    )
    _touch(locked)
    _record("panel_assigned", locked, actor, {"evaluator": evaluator.user.email, "role": role})
    return member


@transaction.atomic
def panel_remove(*, member: PanelMember, actor: Any) -> None:
    locked = _lock(member.application, states=(S.PANEL,))
    email = member.evaluator.user.email
    member.delete()
    _touch(locked)
    _record("panel_removed", locked, actor, {"evaluator": email})


# --- evaluation ----------------------------------------------------------------------------------------------------

_SEVERITY_SCORE = {"blocking": Score.NOT_MET, "warning": Score.PARTIALLY_MET}


def linter_prefill(application: Application) -> dict[int, tuple[str, str]]:
    """{criterion id: (score, justification)} for the criteria the design linter decides."""
    if application.guideline_id is None:
        return {}
    try:
        from wisam.design.linter import lint_specification

        report = lint_specification(application.specification_version)
    except Exception:  # the linter is another app's; an evaluator can always score by hand
        logger.exception("linter unavailable for %s", application.reference)
        return {}
    result: dict[int, tuple[str, str]] = {}
    criteria = GuidelineCriterion.objects.filter(standard__guideline_id=application.guideline_id or 0)
    for criterion in criteria:
        codes = set(criterion.linter_codes or [])
        if not codes:
            continue
        found = [f for f in report.findings if f.code in codes]
        severities = {str(f.severity) for f in found}
        score = Score.MET
        for severity in ("blocking", "warning"):
            if severity in severities:
                score = _SEVERITY_SCORE[severity]
                break
        relevant = [f for f in found if str(f.severity) in ("blocking", "warning")]
        if relevant:
            text = _("Pre-filled from the quality linter: ") + " ".join(
                f"[{f.code}] {f.message.get('en') or f.message.get('ar', '')}" for f in relevant[:5]
            )
        else:
            text = _("Pre-filled from the quality linter: no finding on %(codes)s.") % {
                "codes": ", ".join(sorted(codes))
            }
        result[criterion.pk] = (score, text)
    return result


def scores_prefill(*, application: Application) -> int:
    """Give every panel member a score sheet; criteria the linter decides are pre-filled (to be confirmed)."""
    proposals = linter_prefill(application)
    criteria = list(GuidelineCriterion.objects.filter(standard__guideline_id=application.guideline_id or 0))
    created = 0
    for member in application.panel.select_related("evaluator"):
        for criterion in criteria:
            score, text = proposals.get(criterion.pk, ("", ""))
            _row, made = CriterionScore.objects.get_or_create(
                application=application,
                evaluator=member.evaluator,
                criterion=criterion,
                defaults={"score": score, "justification": text, "prefilled": bool(score)},
            )
            created += int(made)
    return created


@transaction.atomic
def score_record(
    *,
    application: Application,
    evaluator: Evaluator,
    criterion: GuidelineCriterion,
    score: str,
    justification: str,
    actor: Any,
) -> CriterionScore:
    """An evaluator's score of one criterion; a justification is always required."""
    return scores_record(
        application=application, evaluator=evaluator, scores={criterion: (score, justification)}, actor=actor
    )[0]


@transaction.atomic
def scores_record(
    *,
    application: Application,
    evaluator: Evaluator,
    scores: Mapping[GuidelineCriterion, tuple[str, str]],
    actor: Any,
) -> list[CriterionScore]:
    """An evaluator's scores of several criteria, all or nothing: every score is checked before any is saved.

    Errors are keyed `score-<criterion id>` / `justification-<criterion id>` so a form can show each next to its
    criterion. One event records the whole set.
    """
    locked = _lock(application, states=(S.EVALUATION,))
    if not locked.panel.filter(evaluator=evaluator).exists():
        raise ValidationError(_("Only members of the panel score this application."), code="not_on_panel")
    errors: dict[str, str] = {}
    cleaned: list[tuple[GuidelineCriterion, str, str]] = []
    for criterion, (score, justification) in scores.items():
        if criterion.standard.guideline_id != locked.guideline_id:
            raise ValidationError(_("This criterion is not in the guideline the application is judged against."))
        if score not in Score.values:
            errors[f"score-{criterion.pk}"] = _("Choose met, partially met, not met or not applicable.")
        text = (justification or "").strip()
        if not text:
            errors[f"justification-{criterion.pk}"] = _("Justify the score: say what evidence you relied on.")
        cleaned.append((criterion, score, text))
    if errors:
        if len(scores) == 1:
            # A single score keeps the plain field names the one-criterion callers expect.
            raise ValidationError({key.split("-", 1)[0]: message for key, message in errors.items()})
        raise ValidationError(errors)
    rows = []
    for criterion, score, text in cleaned:
        row, _created = CriterionScore.objects.update_or_create(
            application=locked,
            evaluator=evaluator,
            criterion=criterion,
            defaults={"score": score, "justification": text, "prefilled": False},
        )
        rows.append(row)
    _touch(locked)
    _record(
        "scored",
        locked,
        actor,
        {"evaluator": evaluator.user.email, "scores": {c.code: score for c, score, _t in cleaned}},
    )
    return rows


@transaction.atomic
def visit_record(
    *, application: Application, kind: str, on: date, participants: str, findings: str, actor: Any
) -> Visit:
    locked = _lock(application, states=(S.EVALUATION,))
    if not (findings or "").strip():
        raise ValidationError({"findings": _("Record what the panel found during the visit.")})
    visit = Visit(
        application=locked, kind=kind, date=on, participants=participants, findings=findings, recorded_by=_user(actor)
    )
    visit.full_clean(exclude=["application", "recorded_by"])
    visit.save()
    _touch(locked)
    _record("visit_recorded", locked, actor, {"kind": kind, "date": on.isoformat()})
    return visit


_SEVERITY: dict[str, int] = {Score.NOT_MET: 0, Score.PARTIALLY_MET: 1, Score.MET: 2, Score.NOT_APPLICABLE: 3}


def scores_consolidate(application: Application) -> dict[str, str]:
    """One score per criterion: the panel's most frequent score; a tie goes to the more severe one."""
    by_criterion: dict[str, list[str]] = {}
    for row in CriterionScore.objects.filter(application=application).select_related("criterion"):
        if row.score and not row.prefilled:
            by_criterion.setdefault(row.criterion.code, []).append(row.score)
    result = {}
    for code, scores in by_criterion.items():
        counts = Counter(scores)
        result[code] = sorted(counts, key=lambda s: (-counts[s], _SEVERITY.get(s, 9)))[0]
    return result


@transaction.atomic
def report_write(
    *,
    application: Application,
    summary: str,
    recommendation: str,
    actor: Any,
    overrides: Mapping[str, str] | None = None,
) -> PanelReport:
    locked = _lock(application, states=(S.EVALUATION,))
    if recommendation not in Decision.values:
        raise ValidationError({"recommendation": _("Choose a recommendation.")})
    if not (summary or "").strip():
        raise ValidationError({"summary": _("Summarise the panel's findings.")})
    consolidated = scores_consolidate(locked)
    for code, score in (overrides or {}).items():
        if score in Score.values:
            consolidated[code] = score
    report, _created = PanelReport.objects.update_or_create(
        application=locked,
        defaults={
            "summary": summary,
            "recommendation": recommendation,
            "consolidated": consolidated,
            "written_by": _user(actor),
        },
    )
    _touch(locked)
    _record("report_written", locked, actor, {"recommendation": recommendation, "consolidated": consolidated})
    return report


# --- decision, conditions, appeal ----------------------------------------------------------------------------------


def application_decide(
    *,
    application: Application,
    decision: str,
    actor: Any,
    rationale: str,
    validity_months: int | None = None,
    conditions: Sequence[tuple[str, date]] = (),
    expected_lock_version: int | None = None,
) -> Application:
    """The commission's decision, with its validity and conditions, and the workflow step — in one transaction.

    Of two commission members deciding at once, the second is refused as stale (the row is locked and re-read).
    """
    if decision not in Decision.values:
        raise ValidationError({"decision": _("Unknown decision.")})
    with transaction.atomic():
        locked = _lock(application, expected_lock_version=expected_lock_version)
        if locked.state != application.state:
            raise _stale(application, locked)
        if locked.state != S.DECISION:
            raise ValidationError(
                _("This cannot be done while the application is “%(state)s”.") % {"state": locked.state_label}
            )
        today = timezone.localdate()
        if decision in (Decision.ACCREDIT, Decision.ACCREDIT_WITH_CONDITIONS):
            if not validity_months or not 1 <= int(validity_months) <= 120:
                raise ValidationError({"validity_months": _("Give a validity of 1 to 120 months.")})
        else:
            validity_months = None
        clean_conditions = [(text.strip(), deadline) for text, deadline in conditions if text and text.strip()]
        if decision == Decision.ACCREDIT_WITH_CONDITIONS:
            if not clean_conditions:
                raise ValidationError({"conditions": _("Give at least one condition with its deadline.")})
            if any(deadline is None or deadline <= today for _text, deadline in clean_conditions):
                raise ValidationError({"conditions": _("Each condition needs a deadline in the future.")})
        locked.decision = decision
        locked.decision_rationale = rationale.strip()
        locked.validity_months = validity_months
        locked.decided_at = timezone.now()
        locked.decided_by = _user(actor)
        locked.appeal_deadline = (
            today + timedelta(days=APPEAL_DAYS) if decision in (Decision.DEFER, Decision.REFUSE) else None
        )
        locked.save(
            update_fields=[
                "decision",
                "decision_rationale",
                "validity_months",
                "decided_at",
                "decided_by",
                "appeal_deadline",
            ]
        )
        locked.conditions.all().delete()
        for text, deadline in clean_conditions if decision == Decision.ACCREDIT_WITH_CONDITIONS else []:
            Condition.objects.create(application=locked, text=text, deadline=deadline)
        result = workflow_transition(subject_state=locked, transition=decision, actor=actor, comment=rationale)
    application.refresh_from_db()
    return result


@transaction.atomic
def condition_respond(*, condition: Condition, response: str, actor: Any) -> Condition:
    locked = _lock(condition.application, states=(S.CONDITIONS,))
    if not (response or "").strip():
        raise ValidationError({"response": _("Say how the institution met the condition.")})
    condition = Condition.objects.select_for_update().get(pk=condition.pk)
    condition.response = response.strip()
    condition.responded_at = timezone.now()
    condition.status = ConditionStatus.RESPONDED
    condition.save(update_fields=["response", "responded_at", "status"])
    _touch(locked)
    _record(
        "condition_responded",
        locked,
        actor,
        {"condition": condition.pk, "late": timezone.localdate() > condition.deadline},
    )
    return condition


@transaction.atomic
def condition_judge(*, condition: Condition, fulfilled: bool, actor: Any) -> Condition:
    locked = _lock(condition.application, states=(S.CONDITIONS,))
    condition = Condition.objects.select_for_update().get(pk=condition.pk)
    if condition.status == ConditionStatus.OPEN and fulfilled:
        raise ValidationError(_("The institution has not responded to this condition yet."))
    condition.status = ConditionStatus.FULFILLED if fulfilled else ConditionStatus.NOT_FULFILLED
    condition.save(update_fields=["status"])
    _touch(locked)
    _record("condition_judged", locked, actor, {"condition": condition.pk, "status": condition.status})
    return condition


def appeal_lodge(*, application: Application, grounds: str, actor: Any) -> Appeal:
    """The institution appeals a deferral or refusal within the appeal period (ESG 2.7)."""
    if not (grounds or "").strip():
        raise ValidationError({"grounds": _("State the grounds of the appeal.")})
    with transaction.atomic():
        locked = _lock(application, states=(S.DEFERRED, S.REFUSED))
        if locked.appeal_deadline is None or timezone.localdate() > locked.appeal_deadline:
            raise ValidationError(_("The period for an appeal has ended."), code="appeal_late")
        appeal = Appeal.objects.create(application=locked, grounds=grounds.strip(), lodged_by=_user(actor))
        workflow_transition(subject_state=locked, transition="appeal", actor=actor, comment=grounds)
    application.refresh_from_db()
    return appeal


def appeal_decide(*, application: Application, upheld: bool, reasons: str, actor: Any) -> Application:
    with transaction.atomic():
        locked = _lock(application, states=(S.APPEAL,))
        appeal = locked.appeals.filter(outcome="").select_for_update().latest("lodged_at")
        appeal.outcome = "upheld" if upheld else "dismissed"
        appeal.outcome_reasons = reasons
        appeal.decided_at = timezone.now()
        appeal.save(update_fields=["outcome", "outcome_reasons", "decided_at"])
        if upheld:
            locked.decision = ""
            locked.appeal_deadline = None
            locked.save(update_fields=["decision", "appeal_deadline"])
        result = workflow_transition(
            subject_state=locked,
            transition="uphold_appeal" if upheld else "dismiss_appeal",
            actor=actor,
            comment=reasons,
        )
    application.refresh_from_db()
    return result


# --- publication and the register ----------------------------------------------------------------------------------


def _allocate_identifier(year: int) -> str:
    prefix = f"PS-MC-{year}-"
    return f"{prefix}{_next_reference(prefix, RegisterEntry, 'identifier'):06d}"


def register_entry_save(
    *,
    fields: Mapping[str, Any],
    valid_from: date,
    valid_until: date,
    route: str,
    actor: Any,
    entry: RegisterEntry | None = None,
) -> RegisterEntry:
    """Create or refresh a register entry from denormalised fields; index it for search; record the event."""
    values = dict(fields)
    if "search_text" not in values:
        values["search_text"] = entry_search_text(values)
    created = entry is None
    if entry is None:
        entry = RegisterEntry(
            identifier=_allocate_identifier(valid_from.year), first_registered=timezone.localdate(), **values
        )
    else:
        for name, value in values.items():
            setattr(entry, name, value)
    entry.valid_from = valid_from
    entry.valid_until = valid_until
    entry.route = route
    entry.status = _status_for(valid_until)
    entry.save()
    search.index_entries([(entry.pk, entry.search_text)])
    event_record(
        action="accreditation.register." + ("registered" if created else "updated"),
        subject=entry,
        actor=actor,
        organisation=entry.organisation,
        payload={
            "identifier": entry.identifier,
            "status": entry.status,
            "valid_from": valid_from.isoformat(),
            "valid_until": valid_until.isoformat(),
            "route": route,
        },
    )
    return entry


def _status_for(valid_until: date, today: date | None = None) -> str:
    today = today or timezone.localdate()
    if valid_until < today:
        return RegisterStatus.EXPIRED
    if valid_until <= today + timedelta(days=EXPIRY_NOTICE_DAYS):
        return RegisterStatus.EXPIRING
    return RegisterStatus.ACTIVE


def _publish_version(
    *,
    version: Any,
    valid_until: date,
    route: str,
    actor: Any,
    application: Application | None = None,
    self_accreditation: SelfAccreditation | None = None,
    with_conditions: bool = False,
) -> Accreditation:
    today = timezone.localdate()
    entry = RegisterEntry.objects.select_for_update().filter(micro_credential=version.micro_credential).first()
    entry = register_entry_save(
        fields=entry_fields_from_version(version),
        valid_from=today,
        valid_until=valid_until,
        route=route,
        actor=actor,
        entry=entry,
    )
    accreditation = Accreditation.objects.create(
        organisation=version.micro_credential.organisation,
        specification_version=version,
        entry=entry,
        application=application,
        self_accreditation=self_accreditation,
        route=route,
        with_conditions=with_conditions,
        valid_from=today,
        valid_until=valid_until,
        status=entry.status,
    )
    event_record(
        action="accreditation.accreditation.granted",
        subject=accreditation,
        actor=actor,
        organisation=accreditation.organisation,
        payload={"identifier": entry.identifier, "route": route, "valid_until": valid_until.isoformat()},
    )
    return accreditation


def application_on_publish(*, application: Application, actor: Any) -> None:
    """Effect of "publish": the accreditation and its register entry (created, or renewed for a new version)."""
    months = application.validity_months or 36
    accreditation = _publish_version(
        version=application.specification_version,
        valid_until=_months(timezone.localdate(), months),
        route=Route.PANEL,
        actor=actor,
        application=application,
        with_conditions=application.decision == Decision.ACCREDIT_WITH_CONDITIONS,
    )
    # Earlier accreditations of the same micro-credential are replaced by this one.
    for older in Accreditation.objects.filter(entry=accreditation.entry).exclude(pk=accreditation.pk):
        if older.status in (RegisterStatus.ACTIVE, RegisterStatus.EXPIRING):
            older.status = RegisterStatus.EXPIRED
            older.save(update_fields=["status"])


# --- monitoring ----------------------------------------------------------------------------------------------------


def _set_status(accreditation: Accreditation, status: str, actor: Any, reason: str, action: str) -> Accreditation:
    previous = accreditation.status
    accreditation.status = status
    accreditation.save(update_fields=["status"])
    entry = accreditation.entry
    current = entry.accreditations.order_by("-valid_from", "-id").first()
    if current is not None and current.pk == accreditation.pk:
        entry.status = status
        entry.valid_until = accreditation.valid_until
        entry.save(update_fields=["status", "valid_until", "updated_at"])
    payload = {"from": previous, "to": status, "reason": reason, "identifier": entry.identifier}
    event_record(
        action=f"accreditation.accreditation.{action}",
        subject=accreditation,
        actor=actor,
        organisation=accreditation.organisation,
        payload=payload,
    )
    event_record(
        action=f"accreditation.register.{action}",
        subject=entry,
        actor=actor,
        organisation=entry.organisation,
        payload=payload,
    )
    for user in _people(accreditation.organisation, [Role.INSTITUTIONAL_APPROVER, Role.INSTITUTION_ADMIN]):
        notify(
            user=user,
            subject=_("%(identifier)s: %(status)s")
            % {"identifier": entry.identifier, "status": entry.get_status_display()},
            body=reason,
            url=entry.get_absolute_url(),
        )
    return accreditation


def _locked_accreditation(accreditation: Accreditation) -> Accreditation:
    return Accreditation.objects.select_for_update().select_related("entry").get(pk=accreditation.pk)


@transaction.atomic
def accreditation_suspend(*, accreditation: Accreditation, reason: str, actor: Any) -> Accreditation:
    accreditation = _locked_accreditation(accreditation)
    if accreditation.status not in (RegisterStatus.ACTIVE, RegisterStatus.EXPIRING):
        raise ValidationError(_("Only a current accreditation can be suspended."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the accreditation is suspended.")})
    return _set_status(accreditation, RegisterStatus.SUSPENDED, actor, reason, "suspended")


@transaction.atomic
def accreditation_reinstate(*, accreditation: Accreditation, reason: str, actor: Any) -> Accreditation:
    accreditation = _locked_accreditation(accreditation)
    if accreditation.status != RegisterStatus.SUSPENDED:
        raise ValidationError(_("Only a suspended accreditation can be reinstated."))
    return _set_status(accreditation, _status_for(accreditation.valid_until), actor, reason, "reinstated")


@transaction.atomic
def accreditation_withdraw(*, accreditation: Accreditation, reason: str, actor: Any) -> Accreditation:
    accreditation = _locked_accreditation(accreditation)
    if accreditation.status == RegisterStatus.WITHDRAWN:
        raise ValidationError(_("This accreditation is already withdrawn."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the accreditation is withdrawn.")})
    return _set_status(accreditation, RegisterStatus.WITHDRAWN, actor, reason, "withdrawn")


@transaction.atomic
def accreditation_renew(*, accreditation: Accreditation, months: int, reason: str, actor: Any) -> Accreditation:
    """Extend a current or expired accreditation (e.g. after a monitoring review) by `months` from today."""
    accreditation = _locked_accreditation(accreditation)
    if accreditation.status in (RegisterStatus.SUSPENDED, RegisterStatus.WITHDRAWN):
        raise ValidationError(_("A suspended or withdrawn accreditation must be reinstated or re-applied for."))
    if not 1 <= months <= 120:
        raise ValidationError({"months": _("Give 1 to 120 months.")})
    start = max(timezone.localdate(), accreditation.valid_until)
    accreditation.valid_until = _months(start, months)
    accreditation.save(update_fields=["valid_until"])
    return _set_status(accreditation, _status_for(accreditation.valid_until), actor, reason, "renewed")


def accreditations_refresh(*, today: date | None = None) -> dict[str, int]:
    """Move current accreditations to "expiring" (with notice) or "expired" as their dates pass. Idempotent."""
    today = today or timezone.localdate()
    changed = {"expiring": 0, "expired": 0}
    for accreditation in Accreditation.objects.filter(
        status__in=[RegisterStatus.ACTIVE, RegisterStatus.EXPIRING]
    ).select_related("entry"):
        status = _status_for(accreditation.valid_until, today)
        if status == accreditation.status:
            continue
        with transaction.atomic():
            locked = _locked_accreditation(accreditation)
            if locked.status == status:
                continue
            if status == RegisterStatus.EXPIRING:
                reason = _("The accreditation ends on %(date)s; apply for renewal in good time.") % {
                    "date": locked.valid_until
                }
            else:
                reason = _("The accreditation ended on %(date)s.") % {"date": locked.valid_until}
            _set_status(locked, status, None, reason, "expiring" if status == RegisterStatus.EXPIRING else "expired")
            changed[status] += 1
    return changed


# --- self-accreditation (the provider route) -----------------------------------------------------------------------


@transaction.atomic
def self_accreditation_grant(
    *,
    organisation: Organisation,
    isced_codes: Sequence[str],
    max_eqf_level: int,
    valid_from: date,
    valid_until: date,
    actor: Any,
) -> SelfAccreditation:
    codes = [str(c).strip() for c in isced_codes if str(c).strip()]
    if not codes:
        raise ValidationError({"isced_codes": _("Give at least one ISCED-F field.")})
    if not 1 <= max_eqf_level <= 8:
        raise ValidationError({"max_eqf_level": _("The level must be 1 to 8.")})
    if valid_until <= valid_from:
        raise ValidationError({"valid_until": _("The end must come after the start.")})
    if not organisation.is_higher_education:
        raise ValidationError(_("Only higher-education institutions can self-accredit."))
    grant = SelfAccreditation.objects.create(
        organisation=organisation,
        isced_codes=codes,
        max_eqf_level=max_eqf_level,
        valid_from=valid_from,
        valid_until=valid_until,
        granted_by=_user(actor),
    )
    event_record(
        action="accreditation.self_accreditation.granted",
        subject=grant,
        actor=actor,
        organisation=organisation,
        payload={
            "isced_codes": codes,
            "max_eqf_level": max_eqf_level,
            "valid_from": valid_from.isoformat(),
            "valid_until": valid_until.isoformat(),
        },
    )
    return grant


def self_accreditation_check(*, version: Any, today: date | None = None) -> tuple[SelfAccreditation | None, list[str]]:
    """The grant that covers `version`, or the reasons none does."""
    today = today or timezone.localdate()
    organisation = version.micro_credential.organisation
    grants = list(
        SelfAccreditation.objects.filter(
            organisation=organisation, is_active=True, valid_from__lte=today, valid_until__gte=today
        )
    )
    if not grants:
        return None, [_("%(organisation)s holds no self-accreditation in force.") % {"organisation": organisation}]
    if version.status != "ready_for_accreditation":
        return None, [_("Only a version that internal QA marked “ready for accreditation” can be registered.")]
    reasons: list[str] = []
    for grant in grants:
        problems = []
        if not version.isced_code or not any(version.isced_code.startswith(code) for code in grant.isced_codes):
            problems.append(
                _("Field %(field)s is outside the fields of the self-accreditation (%(fields)s).")
                % {"field": version.isced_code or "—", "fields": ", ".join(grant.isced_codes)}
            )
        if version.eqf_level is None or version.eqf_level > grant.max_eqf_level:
            problems.append(
                _("EQF level %(level)s is above the limit of the self-accreditation (%(limit)s).")
                % {"level": version.eqf_level or "—", "limit": grant.max_eqf_level}
            )
        if not problems:
            return grant, []
        reasons.extend(problems)
    return None, list(dict.fromkeys(reasons))


@transaction.atomic
def self_accreditation_notify(*, version: Any, actor: Any) -> Accreditation:
    """Register a micro-credential by notification, within the institution's limits, without a panel."""
    grant, reasons = self_accreditation_check(version=version)
    if grant is None:
        raise ValidationError(reasons, code="outside_limits")
    months = version.validity_months or 36
    valid_until = min(_months(timezone.localdate(), months), grant.valid_until)
    accreditation = _publish_version(
        version=version, valid_until=valid_until, route=Route.SELF, actor=actor, self_accreditation=grant
    )
    event_record(
        action="accreditation.self_accreditation.notified",
        subject=grant,
        actor=actor,
        organisation=grant.organisation,
        payload={"identifier": accreditation.entry.identifier, "version": version.pk},
    )
    _notify_many(
        _aqac_people([Role.AQAC_OFFICER]),
        _("%(identifier)s registered by notification") % {"identifier": accreditation.entry.identifier},
        _("A self-accrediting institution registered a micro-credential; AQAC may review it in monitoring."),
        accreditation.entry.get_absolute_url(),
    )
    return accreditation


# --- the trust list's DIDs -----------------------------------------------------------------------------------------


@transaction.atomic
def issuer_did_add(*, organisation: Organisation, did: str, actor: Any) -> IssuerDid:
    did = did.strip()
    if not did.startswith("did:"):
        raise ValidationError({"did": _("A DID starts with “did:”.")})
    try:
        row, _created = IssuerDid.objects.get_or_create(organisation=organisation, did=did)
    except IntegrityError as error:
        raise ValidationError(_("This DID is already listed.")) from error
    event_record(
        action="accreditation.trust_list.did_added",
        subject=row,
        actor=actor,
        organisation=organisation,
        payload={"did": did},
    )
    return row


# --- reminders -----------------------------------------------------------------------------------------------------


def _remind_once(key: str) -> bool:
    """True the first time `key` is seen (and remembers it)."""
    _row, created = ReminderSent.objects.get_or_create(key=key[:200])
    return created


def reminders_run(*, today: date | None = None) -> dict[str, int]:
    """Send the reminders that are due (each once) and refresh accreditation statuses. Run periodically."""
    from django.urls import reverse

    today = today or timezone.localdate()
    sent = Counter[str]()
    with transaction.atomic():
        for condition in Condition.objects.filter(
            status=ConditionStatus.OPEN, application__state=S.CONDITIONS
        ).select_related("application__organisation"):
            days = (condition.deadline - today).days
            application = condition.application
            url = reverse("accreditation:application", kwargs={"pk": application.pk})
            # The nearest notice only (30, 7 or 1 day before): one reminder per notice, however often this runs.
            threshold = next((t for t in (1, 7, 30) if 0 <= days <= t), None)
            if threshold is not None and _remind_once(f"condition:{condition.pk}:{threshold}"):
                _notify_many(
                    _people(application.organisation, [Role.INSTITUTIONAL_APPROVER, Role.INSTITUTION_ADMIN]),
                    _("Condition due on %(date)s: %(ref)s")
                    % {"date": condition.deadline, "ref": application.reference},
                    condition.text,
                    url,
                )
                sent["condition_due"] += 1
            if days < 0 and _remind_once(f"condition:{condition.pk}:overdue"):
                _notify_many(
                    _aqac_people([Role.AQAC_OFFICER, Role.COMMISSION_MEMBER]),
                    _("A condition is overdue: %(ref)s") % {"ref": application.reference},
                    condition.text,
                    url,
                )
                sent["condition_overdue"] += 1
        for application in Application.objects.filter(state__in=[S.DEFERRED, S.REFUSED], appeal_deadline__isnull=False):
            days = (application.appeal_deadline - today).days if application.appeal_deadline else -1
            if 0 <= days <= 7 and _remind_once(f"appeal:{application.pk}:7"):
                _notify_many(
                    _people(application.organisation, [Role.INSTITUTIONAL_APPROVER, Role.INSTITUTION_ADMIN]),
                    _("The appeal period on %(ref)s ends on %(date)s")
                    % {"ref": application.reference, "date": application.appeal_deadline},
                    "",
                    reverse("accreditation:application", kwargs={"pk": application.pk}),
                )
                sent["appeal_deadline"] += 1
        for application in Application.objects.filter(state=S.EVALUATION, evaluation_due__isnull=False):
            days = (application.evaluation_due - today).days if application.evaluation_due else 99
            if days <= 7 and _remind_once(f"evaluation:{application.pk}:{application.evaluation_due}"):
                _notify_many(
                    [m.evaluator.user for m in application.panel.select_related("evaluator__user")],
                    _("Evaluation of %(ref)s is due on %(date)s")
                    % {"ref": application.reference, "date": application.evaluation_due},
                    "",
                    reverse("accreditation:application", kwargs={"pk": application.pk}),
                )
                sent["evaluation_due"] += 1
        for application in Application.objects.filter(state=S.SCREENING, screening_due__lt=today):
            if _remind_once(f"screening:{application.pk}:{application.screening_due}"):
                _notify_many(
                    _aqac_people([Role.AQAC_OFFICER]),
                    _("Screening of %(ref)s is overdue") % {"ref": application.reference},
                    "",
                    reverse("accreditation:application", kwargs={"pk": application.pk}),
                )
                sent["screening_overdue"] += 1
    changed = accreditations_refresh(today=today)
    return {**sent, **{f"accreditations_{k}": v for k, v in changed.items()}}
