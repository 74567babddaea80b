"""Writes for pathways and recognition. Keyword-only, transactional; every change records a domain event in the same
transaction (wisam.core.events); workflow moves go through wisam.core.workflow, which records its own events.
Permission checks are the callers' (views, API) through wisam.core.policy, except where a rule depends on data
(who may evaluate whom, who decided first), which is checked here.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import PurePosixPath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wisam.core.events import event_record
from wisam.core.i18n import translated
from wisam.core.workflow import workflow_start, workflow_transition
from wisam.credentials.models import CredentialState, IssuedCredential
from wisam.design.models import MicroCredential
from wisam.institutions.models import Organisation, User
from wisam.institutions.roles import Role
from wisam.pathways.models import (
    AppealOutcome,
    Difference,
    ExternalCredential,
    Outcome,
    Pathway,
    PathwayChoice,
    PathwayKind,
    PathwayRecognition,
    PathwayVersion,
    Purpose,
    RecognitionEvidence,
    RecognitionItem,
    RecognitionRequest,
    RequestKind,
    StackedAward,
    TargetKind,
)
from wisam.pathways.workflow import RequestState, VersionState

MAX_UPLOAD_BYTES = 512 * 1024
# Evidence of prior learning: extension → the file's first bytes, checked so that a renamed file is refused.
EVIDENCE_TYPES: dict[str, bytes] = {
    ".pdf": b"%PDF-",
    ".png": b"\x89PNG\r\n\x1a\n",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
}
EVIDENCE_MAX_BYTES = 5 * 1024 * 1024
EVIDENCE_MAX_FILES = 5


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _notify(users: Iterable[Any], *, subject: Callable[[], str], url: str) -> None:
    """Tell each user in the in-app inbox, the subject written in their own language (`subject` is called with that
    language active)."""
    from wisam.accreditation.services import notify

    for user in users:
        with translation.override(getattr(user, "preferred_language", "") or "ar"):
            notify(user=user, subject=subject(), body="", url=url)


def _people(organisation: Organisation, *roles: str) -> list[User]:
    from wisam.institutions.models import Membership

    return [
        m.user
        for m in Membership.objects.current()
        .filter(organisation=organisation, role__in=roles)
        .select_related("user")
        .order_by("user__email")
    ]


# ---------------------------------------------------------------------------------------------------------------
# Rules


def pathway_rules_problems(rules: Any, *, home_provider: str = "") -> list[str]:
    """The engine's problems with `rules`, in the active language, each naming its place ("rules[2].k: ...")."""
    from wisam.pathways.engine import PathwayError, parse_pathway

    if not isinstance(rules, Mapping):
        return [_("The rules must be a JSON object with a “rules” list.")]
    try:
        parse_pathway(rules, home_provider=home_provider or "home")
    except PathwayError as error:
        language = (translation.get_language() or "ar")[:2]
        return [f"{p.path}: {p.message.get(language) or p.message.get('en', '')}" for p in error.problems]
    return []


def _clean_rules(rules: Any, pathway: Pathway) -> dict[str, Any]:
    if isinstance(rules, str):
        try:
            rules = json.loads(rules or "{}")
        except json.JSONDecodeError as error:
            raise ValidationError(
                {
                    "rules": _("The rules are not valid JSON (line %(line)d, column %(column)d): %(message)s.")
                    % {"line": error.lineno, "column": error.colno, "message": error.msg}
                }
            ) from error
    if not isinstance(rules, Mapping):
        raise ValidationError({"rules": _("The rules must be a JSON object with a “rules” list.")})
    data = dict(rules)
    data["kind"] = pathway.kind
    data.setdefault("rules", [])
    # A draft may be empty while it is being written; submitting needs at least one rule (a workflow guard).
    problems = pathway_rules_problems(data, home_provider=pathway.organisation.slug) if data["rules"] else []
    if problems:
        raise ValidationError({"rules": problems})
    return data


# ---------------------------------------------------------------------------------------------------------------
# Pathways and versions


@transaction.atomic
def pathway_create(
    *,
    organisation: Organisation,
    code: str,
    title: Mapping[str, str],
    kind: str,
    target_kind: str,
    actor: Any,
    description: Mapping[str, str] | None = None,
    target_micro_credential: MicroCredential | None = None,
    target_programme: Mapping[str, str] | None = None,
    rules: Mapping[str, Any] | None = None,
) -> PathwayVersion:
    """A new pathway with its first (draft) version; returns the version."""
    if kind not in PathwayKind.values:
        raise ValidationError({"kind": _("Choose rigid, elective or open.")})
    if target_kind not in TargetKind.values:
        raise ValidationError({"target_kind": _("Choose what the learner gets at the end.")})
    if target_kind == TargetKind.MICRO_CREDENTIAL and target_micro_credential is None:
        raise ValidationError({"target_micro_credential": _("Choose the larger credential the pathway leads to.")})
    if target_micro_credential is not None and target_micro_credential.organisation_id != organisation.pk:
        raise ValidationError(
            {"target_micro_credential": _("The larger credential must be one of your institution's.")}
        )
    if target_kind == TargetKind.DEGREE_CREDIT and not any((target_programme or {}).values()):
        raise ValidationError({"target_programme": _("Name the degree programme the credit counts towards.")})
    if Pathway.objects.filter(organisation=organisation, code=code).exists():
        raise ValidationError({"code": _("Your institution already has a pathway with this code; choose another.")})
    pathway = Pathway(
        organisation=organisation,
        code=code,
        title=dict(title),
        description=dict(description or {}),
        kind=kind,
        target_kind=target_kind,
        target_micro_credential=target_micro_credential if target_kind == TargetKind.MICRO_CREDENTIAL else None,
        target_programme=dict(target_programme or {}),
        created_by=_user(actor),
    )
    pathway.full_clean()
    pathway.save()
    event_record(
        action="pathway.created",
        subject=pathway,
        organisation=organisation,
        actor=actor,
        payload={"code": code, "kind": kind, "target_kind": target_kind},
    )
    data = _clean_rules(rules or {"rules": []}, pathway)
    return workflow_start(
        model=PathwayVersion,
        actor=actor,
        pathway=pathway,
        organisation=organisation,
        number=1,
        rules=data,
        created_by=_user(actor),
    )


@transaction.atomic
def pathway_version_update(
    *, version: PathwayVersion, rules: Any, actor: Any, change_note: str | None = None
) -> PathwayVersion:
    """Replace a draft's rules (validated by the engine; every problem names its field)."""
    version = PathwayVersion.objects.select_for_update().select_related("pathway__organisation").get(pk=version.pk)
    if version.state != VersionState.DRAFT:
        raise ValidationError(_("Only a draft can be changed; start a new version."))
    data = _clean_rules(rules, version.pathway)
    changed = data != version.rules
    version.rules = data
    if change_note is not None:
        version.change_note = change_note[:2000]
    version.save(update_fields=["rules", "change_note"])
    if changed:
        event_record(
            action="pathway_version.rules_changed",
            subject=version,
            organisation=version.organisation,
            actor=actor,
            payload={"number": version.number, "rules": len(data.get("rules", []))},
        )
    return version


@transaction.atomic
def pathway_version_create_next(*, pathway: Pathway, actor: Any) -> PathwayVersion:
    """A new draft from the latest version's rules (at most one draft at a time)."""
    existing = pathway.versions.filter(state__in=[VersionState.DRAFT, VersionState.IN_REVIEW, VersionState.RECOMMENDED])
    if existing.exists():
        raise ValidationError(
            _("Version %(number)d is still being prepared; finish it first.")
            % {
                "number": existing.first().number  # type: ignore[union-attr]
            }
        )
    latest = pathway.versions.order_by("-number").first()
    return workflow_start(
        model=PathwayVersion,
        actor=actor,
        pathway=pathway,
        organisation=pathway.organisation,
        number=(latest.number + 1) if latest else 1,
        rules=dict(latest.rules) if latest else {"kind": pathway.kind, "rules": []},
        created_by=_user(actor),
    )


@transaction.atomic
def pathway_version_transition(
    *, version: PathwayVersion, transition: str, actor: Any, comment: str = ""
) -> PathwayVersion:
    """Move a version along its workflow; publishing first retires the version published before."""
    if transition == "publish":
        for previous in PathwayVersion.objects.filter(pathway_id=version.pathway_id, state=VersionState.PUBLISHED):
            workflow_transition(
                subject_state=previous,
                transition="retire",
                actor=actor,
                comment=_("Replaced by version %(number)d.") % {"number": version.number},
            )
    return workflow_transition(subject_state=version, transition=transition, actor=actor, comment=comment)


@transaction.atomic
def pathway_recognition_record(
    *, version: PathwayVersion, decided_on: date, reference: str, actor: Any, note: Mapping[str, str] | None = None
) -> PathwayRecognition:
    """AQAC records its recognition of a published pathway version."""
    if version.state != VersionState.PUBLISHED:
        raise ValidationError(_("Only a published pathway version can be recognised."))
    reference = (reference or "").strip()
    if not reference:
        raise ValidationError({"reference": _("Give AQAC's reference for the decision.")})
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": _("The decision date cannot be in the future.")})
    recognition = PathwayRecognition.objects.create(
        version=version,
        decided_on=decided_on,
        reference=reference[:60],
        note=dict(note or {}),
        recorded_by=_user(actor),
    )
    event_record(
        action="pathway_version.recognised_by_aqac",
        subject=version,
        organisation=version.organisation,
        actor=actor,
        payload={"reference": recognition.reference, "decided_on": decided_on, "recognition_id": recognition.pk},
    )
    return recognition


@transaction.atomic
def pathway_follow(*, pathway: Pathway, learner: User) -> PathwayChoice:
    choice, created = PathwayChoice.objects.get_or_create(learner=learner, pathway=pathway)
    if created:
        event_record(
            action="pathway.followed", subject=pathway, organisation=pathway.organisation, actor=learner, payload={}
        )
    return choice


@transaction.atomic
def pathway_unfollow(*, pathway: Pathway, learner: User) -> None:
    deleted, _rows = PathwayChoice.objects.filter(learner=learner, pathway=pathway).delete()
    if deleted:
        event_record(
            action="pathway.unfollowed", subject=pathway, organisation=pathway.organisation, actor=learner, payload={}
        )


# ---------------------------------------------------------------------------------------------------------------
# External credentials


def _text_of(value: Any) -> dict[str, str]:
    """An OB/VC name or description as {"ar", "en"} (a plain string fills both; language maps are kept)."""
    if isinstance(value, str):
        return {"en": value[:300], "ar": value[:300]}
    if isinstance(value, Mapping):
        return {k: str(v)[:300] for k, v in value.items() if k in ("ar", "en") and isinstance(v, str)}
    if isinstance(value, list):
        out: dict[str, str] = {}
        for item in value:
            if isinstance(item, Mapping) and item.get("@language") in ("ar", "en"):
                out[str(item["@language"])] = str(item.get("@value", ""))[:300]
        return out
    return {}


def _facts(document: Mapping[str, Any]) -> dict[str, Any]:
    """What the credential says about itself that a record needs: title, issuer, date, credits, level, field."""
    subject = document.get("credentialSubject") or {}
    if isinstance(subject, list):
        subject = subject[0] if subject else {}
    achievement = subject.get("achievement") or {}
    issuer = document.get("issuer") or {}
    facts: dict[str, Any] = {
        "credential_id": str(document.get("id", ""))[:300],
        "title": _text_of(achievement.get("name") or document.get("name") or ""),
        "issuer_id": str(issuer.get("id") if isinstance(issuer, Mapping) else issuer)[:500],
        "issuer_name": str(issuer.get("name", "") if isinstance(issuer, Mapping) else "")[:300],
        "credits_ects": None,
        "eqf_level": None,
        "isced_code": "",
        "outcomes": [],
    }
    when = str(document.get("awardedDate") or document.get("validFrom") or document.get("issuanceDate") or "")
    try:
        facts["issued_on"] = datetime.fromisoformat(when.replace("Z", "+00:00")).date() if when else None
    except ValueError:
        facts["issued_on"] = None
    credits = subject.get("creditsEarned", achievement.get("creditsAvailable"))
    if isinstance(credits, int | float) and not isinstance(credits, bool) and 0 <= credits <= 240:
        facts["credits_ects"] = Decimal(str(credits)).quantize(Decimal("0.01"))
    for alignment in achievement.get("alignment") or []:
        if not isinstance(alignment, Mapping):
            continue
        name = str(alignment.get("targetName", ""))
        framework = str(alignment.get("targetFramework", ""))
        code = str(alignment.get("targetCode", ""))
        if "EQF" in framework.upper() or name.upper().startswith("EQF"):
            digits = "".join(ch for ch in (code or name) if ch.isdigit())
            if digits and 1 <= int(digits) <= 8:
                facts["eqf_level"] = int(digits)
        if "ISCED" in framework.upper() and code.isdigit() and len(code) <= 4:
            facts["isced_code"] = code
    description = achievement.get("description")
    if isinstance(description, str):
        facts["outcomes"] = [line.strip("-• ").strip() for line in description.splitlines() if line.strip()][:20]
    return facts


@transaction.atomic
def external_credential_upload(*, learner: User, data: bytes, actor: Any = None) -> ExternalCredential:
    """Verify an uploaded credential and keep it in the learner's record, or refuse it saying why.

    Refused: too large, not a well-formed VC / OB 3.0 credential, a broken signature, or revoked/suspended. An
    issuer missing from the national trust list is accepted but shown as such (the receiving institution decides).
    """
    from wisam.credentials.verification import credential_verify

    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError({"file": _("The file is larger than 512 KB; a credential file is much smaller.")})
    report = credential_verify(data)
    checks = {line.check: line for line in report.lines}
    fmt, signature, status = checks.get("format"), checks.get("signature"), checks.get("status")
    if fmt is None or not fmt.ok:
        raise ValidationError(
            {
                "file": _("This is not a valid Open Badges 3.0 / verifiable credential file: %(detail)s")
                % {"detail": (fmt.detail if fmt else "")[:200]}
            }
        )
    if signature is None or not signature.ok:
        raise ValidationError(
            {"file": _("The digital signature does not match: the file was changed or not signed by its issuer.")}
        )
    status_ok = status is None or status.ok or status.code in ("status.unknown", "skipped")
    if status is not None and status.code in ("status.revoked", "status.suspended"):
        raise ValidationError({"file": status.text()})
    digest = hashlib.sha256(data).hexdigest()
    existing = ExternalCredential.objects.filter(learner=learner, document_sha256=digest).first()
    if existing is not None:
        return existing
    document = report.credential or json.loads(data)
    facts = _facts(document)
    issuer_line = checks.get("issuer")
    external = ExternalCredential(
        learner=learner,
        document=data.decode("utf-8", "replace"),
        document_sha256=digest,
        credential_id=facts["credential_id"],
        title=facts["title"],
        issuer_name=(translated(report.issuer_name) if report.issuer_name else facts["issuer_name"])[:300],
        issuer_id=facts["issuer_id"],
        issuer_trusted=bool(issuer_line and issuer_line.ok),
        issued_on=facts["issued_on"],
        signature_valid=True,
        status_ok=status_ok,
        verification=report.as_json(),
        outcomes=facts["outcomes"],
        credits_ects=facts["credits_ects"],
        eqf_level=facts["eqf_level"],
        isced_code=facts["isced_code"],
    )
    external.save()
    event_record(
        action="external_credential.uploaded",
        subject=external,
        actor=actor or learner,
        payload={
            "sha256": digest,
            "issuer": external.issuer_id,
            "trusted": external.issuer_trusted,
            "verified": report.verified,
        },
    )
    return external


@transaction.atomic
def external_credential_declare(
    *,
    credential: ExternalCredential,
    actor: Any,
    credits_ects: Decimal | str | None = None,
    eqf_level: int | None = None,
    isced_code: str = "",
) -> ExternalCredential:
    """The learner fills in what the credential does not say; such values are marked as the learner's word."""
    credential = ExternalCredential.objects.select_for_update().get(pk=credential.pk)
    errors: dict[str, str] = {}
    changed: list[str] = []
    if credits_ects not in (None, ""):
        if credential.credits_ects is not None and not credential.credits_declared:
            errors["credits_ects"] = _("The credential states its credits; they cannot be changed.")
        else:
            try:
                value = Decimal(str(credits_ects)).quantize(Decimal("0.01"))
            except InvalidOperation:
                value = Decimal(-1)
            if not Decimal(0) < value <= Decimal(240):
                errors["credits_ects"] = _("Give the ECTS credits as a number between 0 and 240, e.g. 5 or 7.5.")
            else:
                credential.credits_ects, credential.credits_declared = value, True
                changed.append("credits_ects")
    if eqf_level not in (None, ""):
        if credential.eqf_level is not None and not credential.level_declared:
            errors["eqf_level"] = _("The credential states its level; it cannot be changed.")
        elif not 1 <= int(eqf_level) <= 8:
            errors["eqf_level"] = _("The EQF level is a whole number from 1 to 8.")
        else:
            credential.eqf_level, credential.level_declared = int(eqf_level), True
            changed.append("eqf_level")
    if isced_code:
        if credential.isced_code and not credential.field_declared:
            errors["isced_code"] = _("The credential states its field; it cannot be changed.")
        elif not (isced_code.isdigit() and 2 <= len(isced_code) <= 4):
            errors["isced_code"] = _("Give an ISCED-F code of 2 to 4 digits, e.g. 0613.")
        else:
            credential.isced_code, credential.field_declared = isced_code, True
            changed.append("isced_code")
    if errors:
        raise ValidationError(errors)
    if changed:
        credential.save()
        event_record(
            action="external_credential.declared",
            subject=credential,
            actor=actor,
            payload={name: str(getattr(credential, name)) for name in changed},
        )
    return credential


# ---------------------------------------------------------------------------------------------------------------
# Recognition requests


def _url(request: RecognitionRequest) -> str:
    return reverse("pathways:request", args=[request.pk])


def _check_evidence(upload: UploadedFile) -> str:
    """The SHA-256 of an evidence file of an allowed type and size whose content matches its type; else a
    ValidationError naming the file and saying how to fix it."""
    name = PurePosixPath(upload.name or "").name or "?"
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in EVIDENCE_TYPES:
        raise ValidationError({"evidence": _("“%(name)s”: evidence must be a PDF, PNG or JPEG file.") % {"name": name}})
    if not upload.size:
        raise ValidationError({"evidence": _("“%(name)s” is empty.") % {"name": name}})
    if upload.size > EVIDENCE_MAX_BYTES:
        raise ValidationError(
            {
                "evidence": _("“%(name)s” is larger than %(mb)d MB; make it smaller (e.g. scan at a lower resolution).")
                % {"name": name, "mb": EVIDENCE_MAX_BYTES // 2**20}
            }
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(EVIDENCE_TYPES[suffix]):
        raise ValidationError(
            {
                "evidence": _("The content of “%(name)s” does not match its type (%(suffix)s).")
                % {"name": name, "suffix": suffix}
            }
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _clean_prior_learning(
    *,
    organisation: Organisation,
    pathway_version: PathwayVersion | None,
    description: Mapping[str, str] | None,
    started_on: date | None,
    ended_on: date | None,
    claimed: Sequence[MicroCredential],
    evidence: Sequence[UploadedFile],
) -> tuple[dict[str, str], list[str]]:
    """Validate a prior-learning claim; every problem at once, each under its field."""
    errors: dict[str, Any] = {}
    text = {k: (v or "").strip()[:4000] for k, v in (description or {}).items() if k in ("ar", "en")}
    if not any(text.values()):
        errors["description"] = _(
            "Describe what you learnt and how (in Arabic and/or English): the tasks, the setting, what you can now do."
        )
    today = timezone.localdate()
    if started_on is None:
        errors["started_on"] = _("Give the date your learning started.")
    elif started_on > today:
        errors["started_on"] = _("The start date cannot be in the future.")
    if ended_on is not None:
        if ended_on > today:
            errors["ended_on"] = _("The end date cannot be in the future; leave it empty if you are still learning.")
        elif started_on is not None and ended_on < started_on:
            errors["ended_on"] = _("The end date must be on or after the start date.")
    if not claimed:
        errors["claimed"] = _("Choose the micro-credential(s) your learning matches.")
    else:
        from wisam.pathways.selectors import claimable_micro_credentials, version_micro_credentials

        own = set(MicroCredential.objects.filter(organisation=organisation).values_list("pk", flat=True))
        named = {mc.pk for mc in version_micro_credentials(pathway_version)} if pathway_version else set()
        if named:
            if any(mc.pk not in named for mc in claimed):
                errors["claimed"] = _("Choose micro-credentials of the pathway the request is for.")
        elif pathway_version is not None:
            # An open pathway names none: any published micro-credential (or one of the institution's) may match.
            published = {mc.pk for mc, _spec in claimable_micro_credentials(version=None)}
            if any(mc.pk not in published | own for mc in claimed):
                errors["claimed"] = _("Choose published micro-credentials.")
        elif any(mc.pk not in own for mc in claimed):
            errors["claimed"] = _("For credit, choose micro-credentials of the institution you are asking.")
    if not evidence:
        errors["evidence"] = _(
            "Add at least one evidence file (PDF, PNG or JPEG): a certificate, a letter, a portfolio."
        )
    elif len(evidence) > EVIDENCE_MAX_FILES:
        errors["evidence"] = _("Submit at most %(n)d evidence files.") % {"n": EVIDENCE_MAX_FILES}
    digests: list[str] = []
    if "evidence" not in errors:
        try:
            digests = [_check_evidence(upload) for upload in evidence]
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return text, digests


@transaction.atomic
def recognition_request_create(
    *,
    learner: User,
    organisation: Organisation,
    actor: Any,
    issued: Iterable[IssuedCredential] = (),
    external: Iterable[ExternalCredential] = (),
    pathway_version: PathwayVersion | None = None,
    message: str = "",
    kind: str = RequestKind.CREDENTIALS,
    description: Mapping[str, str] | None = None,
    started_on: date | None = None,
    ended_on: date | None = None,
    claimed: Iterable[MicroCredential] = (),
    evidence: Iterable[UploadedFile] = (),
) -> RecognitionRequest:
    """A learner asks a receiving institution (towards one of its pathways, or for credit) to recognise credentials
    (`issued` from the wallet, verified `external` uploads) or, with `kind="prior_learning"`, prior non-formal /
    informal learning: `description`, the period, the `claimed` micro-credentials and `evidence` files."""
    issued, external = list(issued), list(external)
    claimed, evidence = list(claimed), list(evidence)
    if kind not in RequestKind.values:
        raise ValidationError({"kind": _("Choose credentials or prior learning.")})
    prior = kind == RequestKind.PRIOR_LEARNING
    if not prior and not issued and not external:
        raise ValidationError({"credentials": _("Choose at least one credential to submit.")})
    if prior and (issued or external):
        raise ValidationError(
            {
                "credentials": _(
                    "A prior-learning request carries evidence files; submit credentials in a separate request."
                )
            }
        )
    if any(c.learner_id != learner.pk for c in issued) or any(c.learner_id != learner.pk for c in external):
        raise ValidationError({"credentials": _("You can only submit your own credentials.")})
    if any(c.state != CredentialState.ACTIVE for c in issued):
        raise ValidationError({"credentials": _("A revoked or suspended credential cannot be submitted.")})
    if any(not c.verified for c in external):
        raise ValidationError({"credentials": _("An uploaded credential that did not verify cannot be submitted.")})
    if pathway_version is not None:
        if pathway_version.organisation_id != organisation.pk:
            raise ValidationError({"pathway": _("Choose a pathway of the institution you are asking.")})
        if pathway_version.state != VersionState.PUBLISHED:
            raise ValidationError({"pathway": _("Choose a published pathway.")})
    text: dict[str, str] = {}
    digests: list[str] = []
    if prior:
        text, digests = _clean_prior_learning(
            organisation=organisation,
            pathway_version=pathway_version,
            description=description,
            started_on=started_on,
            ended_on=ended_on,
            claimed=claimed,
            evidence=evidence,
        )
    request = workflow_start(
        model=RecognitionRequest,
        actor=actor,
        learner=learner,
        organisation=organisation,
        purpose=Purpose.PATHWAY if pathway_version else Purpose.CREDIT,
        pathway_version=pathway_version,
        message=(message or "")[:4000],
        kind=kind,
        learning_description=text,
        learning_started_on=started_on if prior else None,
        learning_ended_on=ended_on if prior else None,
    )
    if prior:
        request.claimed.set(claimed)
        for upload, digest in zip(evidence, digests, strict=True):
            stored = RecognitionEvidence(
                request=request,
                original_name=(PurePosixPath(upload.name or "evidence").name or "evidence")[:200],
                size=upload.size or 0,
                sha256=digest,
            )
            stored.file.save(upload.name or "evidence", upload, save=False)
            stored.save()
        event_record(
            action="recognition_request.prior_learning_submitted",
            subject=request,
            organisation=organisation,
            actor=actor,
            payload={
                "claimed": [mc.pk for mc in claimed],
                "started_on": started_on,
                "ended_on": ended_on,
                "evidence": [{"name": e.original_name, "sha256": e.sha256} for e in request.evidence.all()],
            },
        )
    else:
        for credential in issued:
            RecognitionItem.objects.create(request=request, issued_credential=credential)
        for uploaded in external:
            RecognitionItem.objects.create(request=request, external_credential=uploaded)
        event_record(
            action="recognition_request.credentials_submitted",
            subject=request,
            organisation=organisation,
            actor=actor,
            payload={"issued": [str(c.pk) for c in issued], "external": [c.pk for c in external]},
        )
    _notify(
        _people(organisation, Role.RECOGNITION_OFFICER),
        subject=lambda: _("New recognition request #%(number)d") % {"number": request.pk},
        url=_url(request),
    )
    return request


def _tell_learner(request: RecognitionRequest, subject: Callable[[], str]) -> None:
    _notify([request.learner], subject=subject, url=_url(request))


@transaction.atomic
def recognition_request_take(*, request: RecognitionRequest, actor: Any) -> RecognitionRequest:
    request = workflow_transition(subject_state=request, transition="take", actor=actor)
    _tell_learner(
        request, lambda: _("Your recognition request #%(number)d is being reviewed.") % {"number": request.pk}
    )
    return request


def _clean_decision(
    *,
    request: RecognitionRequest,
    outcome: str,
    credits_granted: Decimal | str | None,
    recognised_as: MicroCredential | None,
    differences: Sequence[str],
    justification: Mapping[str, str],
) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    if outcome not in Outcome.values:
        errors["outcome"] = _("Choose full recognition, partial recognition or refusal.")
    differences = [d for d in differences if d]
    unknown = [d for d in differences if d not in Difference.values]
    if unknown:
        errors["differences"] = _("Unknown kind of difference: %(names)s.") % {"names": ", ".join(unknown)}
    text = {k: (v or "").strip() for k, v in (justification or {}).items() if k in ("ar", "en")}
    credits: Decimal | None = None
    if outcome in (Outcome.PARTIAL, Outcome.REFUSED):
        # Lisbon Recognition Convention: recognition is granted unless a substantial difference is shown, and the
        # burden of showing it lies with the institution.
        if not differences:
            errors["differences"] = _(
                "A partial or refused decision must name the substantial differences it rests on "
                "(learning outcomes, level, workload, quality assurance, assessment or currency)."
            )
        if not any(text.values()):
            errors["justification"] = _(
                "Explain the substantial differences: what the credential lacks compared with the micro-credential "
                "it would replace, so the learner can understand the decision and appeal it."
            )
    if outcome == Outcome.PARTIAL:
        try:
            credits = (
                Decimal(str(credits_granted)).quantize(Decimal("0.01")) if credits_granted not in (None, "") else None
            )
        except InvalidOperation:
            credits = None
        if credits is None or credits <= 0:
            errors["credits_granted"] = _("A partial recognition grants some credits: give the ECTS credits, e.g. 2.5.")
        elif credits > 240:
            errors["credits_granted"] = _("Give the ECTS credits granted as a number up to 240.")
    if request.is_prior_learning and outcome in (Outcome.FULL, Outcome.PARTIAL):
        # Prior learning has no credential of its own to count: what it is recognised as gives its level and field.
        if recognised_as is None:
            errors["recognised_as"] = _("Choose the micro-credential the prior learning is recognised as.")
        elif request.pathway_version is None and recognised_as.pk not in {mc.pk for mc in request.claimed.all()}:
            errors["recognised_as"] = _("Choose one of the micro-credentials the learner claimed.")
    if recognised_as is not None and request.pathway_version is not None and outcome != Outcome.REFUSED:
        from wisam.pathways.selectors import version_micro_credentials

        allowed = {mc.pk for mc in version_micro_credentials(request.pathway_version)}
        if request.is_prior_learning:
            allowed |= set(request.claimed.values_list("pk", flat=True))
        if recognised_as.pk not in allowed:
            errors["recognised_as"] = _("Choose a micro-credential of the pathway the request is for.")
    if errors:
        raise ValidationError(errors)
    return {
        "outcome": outcome,
        "credits_granted": credits,
        "recognised_as": recognised_as if outcome != Outcome.REFUSED else None,
        "differences": differences,
        "justification": text,
    }


def _decision_snapshot(request: RecognitionRequest) -> dict[str, Any]:
    return {
        "outcome": request.outcome,
        "credits_granted": str(request.credits_granted) if request.credits_granted is not None else None,
        "recognised_as": request.recognised_as_id,
        "differences": list(request.differences),
        "justification": dict(request.justification),
        "decided_by": request.decided_by_id,
        "decided_at": request.decided_at.isoformat() if request.decided_at else None,
    }


@transaction.atomic
def recognition_request_decide(
    *,
    request: RecognitionRequest,
    outcome: str,
    actor: Any,
    credits_granted: Decimal | str | None = None,
    recognised_as: MicroCredential | None = None,
    differences: Sequence[str] = (),
    justification: Mapping[str, str] | None = None,
) -> RecognitionRequest:
    """The recognition officer decides; a partial or refused decision must name substantial differences."""
    from wisam.core.policy import require

    locked = RecognitionRequest.objects.select_for_update().get(pk=request.pk)
    if locked.state != RequestState.UNDER_REVIEW:
        raise ValidationError(_("Start the review before deciding."))
    require(actor, "recognition_request.review", locked)
    decision = _clean_decision(
        request=locked,
        outcome=outcome,
        credits_granted=credits_granted,
        recognised_as=recognised_as,
        differences=differences,
        justification=justification or {},
    )
    for name, value in decision.items():
        setattr(locked, name, value)
    locked.decided_by = _user(actor)
    locked.decided_at = timezone.now()
    locked.save()
    event_record(
        action="recognition_request.decision_recorded",
        subject=locked,
        organisation=locked.organisation,
        actor=actor,
        payload=_decision_snapshot(locked),
    )
    request = workflow_transition(subject_state=locked, transition="decide", actor=actor)
    _tell_learner(
        request,
        lambda: (
            _("Decision on your recognition request #%(number)d: %(outcome)s")
            % {"number": request.pk, "outcome": request.get_outcome_display()}
        ),
    )
    return request


@transaction.atomic
def recognition_request_appeal(*, request: RecognitionRequest, reasons: str, actor: Any) -> RecognitionRequest:
    """The learner appeals the decision, once, giving reasons; the institution's approvers are told."""
    reasons = (reasons or "").strip()
    if not reasons:
        raise ValidationError({"reasons": _("Say why you appeal: what the decision overlooked or got wrong.")})
    if request.appealed_at is not None:
        raise ValidationError(_("A decision can be appealed only once."))
    request = workflow_transition(subject_state=request, transition="appeal", actor=actor, comment=reasons)
    request.appeal_reasons = reasons[:4000]
    request.appealed_at = timezone.now()
    request.save(update_fields=["appeal_reasons", "appealed_at"])
    _notify(
        _people(request.organisation, Role.INSTITUTIONAL_APPROVER),
        subject=lambda: _("Appeal against recognition decision #%(number)d") % {"number": request.pk},
        url=_url(request),
    )
    return request


@transaction.atomic
def recognition_request_accept(*, request: RecognitionRequest, actor: Any) -> RecognitionRequest:
    return workflow_transition(subject_state=request, transition="accept", actor=actor)


@transaction.atomic
def recognition_request_withdraw(*, request: RecognitionRequest, actor: Any) -> RecognitionRequest:
    return workflow_transition(subject_state=request, transition="withdraw", actor=actor)


@transaction.atomic
def recognition_request_decide_appeal(
    *,
    request: RecognitionRequest,
    upheld: bool,
    actor: Any,
    reasons: str = "",
    outcome: str = "",
    credits_granted: Decimal | str | None = None,
    recognised_as: MicroCredential | None = None,
    differences: Sequence[str] = (),
    justification: Mapping[str, str] | None = None,
) -> RecognitionRequest:
    """The approver decides the appeal: dismissed (the decision stands) or upheld with a new decision."""
    locked = RecognitionRequest.objects.select_for_update().get(pk=request.pk)
    reasons = (reasons or "").strip()
    if not reasons:
        raise ValidationError({"reasons": _("Give the reasons for the appeal decision; the learner will read them.")})
    new: dict[str, Any] | None = None
    if upheld:
        new = _clean_decision(
            request=locked,
            outcome=outcome,
            credits_granted=credits_granted,
            recognised_as=recognised_as,
            differences=differences,
            justification=justification or {},
        )
        if new["outcome"] == locked.outcome and new["credits_granted"] == locked.credits_granted:
            raise ValidationError({"outcome": _("An upheld appeal changes the decision; choose the new decision.")})
    locked = workflow_transition(subject_state=locked, transition="decide_appeal", actor=actor, comment=reasons)
    locked.first_decision = _decision_snapshot(locked)
    if new is not None:
        for name, value in new.items():
            setattr(locked, name, value)
    locked.appeal_outcome = AppealOutcome.UPHELD if upheld else AppealOutcome.DISMISSED
    locked.appeal_decided_by = _user(actor)
    locked.appeal_decided_at = timezone.now()
    locked.save()
    event_record(
        action="recognition_request.appeal_recorded",
        subject=locked,
        organisation=locked.organisation,
        actor=actor,
        payload={"appeal": locked.appeal_outcome, "reasons": reasons, "decision": _decision_snapshot(locked)},
    )
    _tell_learner(
        locked,
        lambda: (
            _("Your appeal on request #%(number)d was decided: %(outcome)s")
            % {"number": locked.pk, "outcome": locked.get_appeal_outcome_display()}
        ),
    )
    return locked


# ---------------------------------------------------------------------------------------------------------------
# Stacked credentials


class AwardRefused(ValidationError):
    """The stacked credential cannot be issued (pathway not satisfied, no accredited target, ...)."""


@transaction.atomic
def stacked_award_issue(*, version: PathwayVersion, learner: User, actor: Any, notify: bool = True) -> StackedAward:
    """Issue the pathway's larger credential to a learner whose record satisfies it, naming its parts.

    The credential is a normal Wisam OpenBadgeCredential of the target micro-credential's accredited specification
    version (so it verifies like any other); its achievement lists the parts in `related`, and the ELM export
    lists them in `hasPart`. Issuing twice returns the award already made.
    """
    from wisam.credentials.compose import Learner, credential_achievement, with_parts
    from wisam.credentials.services import IssuanceRefused, credential_issue, idempotency_key_for, issuance_check
    from wisam.pathways import records, selectors

    existing = StackedAward.objects.filter(pathway_version=version, learner=learner).first()
    if existing is not None:
        return existing
    pathway = version.pathway
    if version.state != VersionState.PUBLISHED:
        raise AwardRefused(_("Only a published pathway version can award its credential."))
    if pathway.target_kind != TargetKind.MICRO_CREDENTIAL or pathway.target_micro_credential is None:
        raise AwardRefused(_("This pathway leads to credit towards a programme, not to a credential Wisam issues."))
    target = selectors.target_specification(pathway)
    if target is None:
        raise AwardRefused(_("The larger credential has no accredited specification version; it cannot be issued yet."))
    result = records.evaluate_learner(version=version, learner=learner, with_plan=False)
    if not result.evaluation.satisfied:
        raise AwardRefused(_("The learner's record does not satisfy the pathway yet."))
    now = timezone.now().replace(microsecond=0)
    try:
        fact = issuance_check(organisation=pathway.organisation, version=target, when=now)
    except IssuanceRefused as refused:
        raise AwardRefused(refused.message) from refused
    parts = records.parts_of(result)
    achievement = with_parts(credential_achievement(target, pathway.organisation, fact), parts)
    name = learner.full_name if isinstance(getattr(learner, "full_name", None), dict) else {}
    try:
        outcome = credential_issue(
            organisation=pathway.organisation,
            version=target,
            learner=Learner(
                email=learner.email, name={"ar": name.get("ar", ""), "en": name.get("en", "") or learner.email}
            ),
            actor=actor,
            idempotency_key=idempotency_key_for(version=target, email=learner.email, extra=f"pathway-v{version.pk}"),
            achievement=achievement,
            accreditation=fact,
            now=now,
            notify=notify,
        )
    except IssuanceRefused as refused:
        raise AwardRefused(refused.message) from refused
    award = StackedAward.objects.create(
        organisation=pathway.organisation,
        pathway_version=version,
        learner=learner,
        credential=outcome.credential,
        parts=parts,
        issued_by=_user(actor),
    )
    event_record(
        action="pathway.stacked_credential_issued",
        subject=version,
        organisation=pathway.organisation,
        actor=actor,
        payload={
            "credential": str(outcome.credential.pk),
            "learner": learner.pk,
            "parts": [p["earned"] for p in parts],
        },
    )
    # In the learner's language, not the registrar's.
    _notify(
        [learner],
        subject=lambda: _("You have been awarded “%(title)s”") % {"title": translated(target.title)},
        url=reverse("credentials:wallet"),
    )
    return award
