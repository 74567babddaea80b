"""Writes for credentials: issue, revoke, suspend, reinstate, claim, share, API tokens, cohort batches.

Every state change runs in one transaction with its domain event (and an `issuer_key.used` event for each
signature). Issuing is idempotent: a credential is keyed by (institution, idempotency key), so a re-run of the same
upload or API call returns what was issued before and signs nothing new. Permissions are checked by the callers
(views, API, commands) through `wisam.core.policy`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wisam.core.events import event_record
from wisam.core.i18n import translated
from wisam.credentials import trust
from wisam.credentials.compose import Learner, compose_credential, credential_achievement
from wisam.credentials.keys import (
    issuer_key_ensure,
    organisation_did,
    record_key_use,
    signing_key,
    verification_method,
)
from wisam.credentials.models import (
    ApiToken,
    CredentialState,
    IssuanceBatch,
    IssuedCredential,
    StatusPurpose,
)
from wisam.credentials.statuslists import status_bit_set, status_entries, status_index_allocate
from wisam.design.models import SpecificationVersion
from wisam.institutions.models import Organisation, User
from wisam.vc import VcError, sign, validate_credential, validate_ob_schema

logger = logging.getLogger(__name__)


class IssuanceRefused(Exception):
    """Issuing is not allowed (not accredited, wrong institution) or the credential would be invalid."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class IssueOutcome:
    credential: IssuedCredential
    created: bool
    claim_token: str = ""


def idempotency_key_for(*, version: SpecificationVersion, email: str, extra: str = "") -> str:
    """The default key: one credential per learner (e-mail) per specification version."""
    basis = f"v{version.pk}|{email.strip().lower()}|{extra}"
    return "auto:" + hashlib.sha256(basis.encode()).hexdigest()


def _add_months(moment: datetime, months: int) -> datetime:
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    day = min(moment.day, 28)
    return moment.replace(year=year, month=month, day=day)


def issuance_check(
    *, organisation: Organisation, version: SpecificationVersion, when: datetime
) -> trust.AccreditationFact:
    """Refuse unless `version` is the institution's and accredited (or self-accredited) for it on `when`."""
    if version.micro_credential.organisation_id != organisation.pk:
        raise IssuanceRefused("not_own", _("This micro-credential belongs to another institution."))
    fact = trust.accreditation_at(version=version, organisation=organisation, when=when)
    if fact is None:
        raise IssuanceRefused(
            "not_accredited",
            _("This micro-credential is not accredited (or self-accredited) for your institution on this date."),
        )
    return fact


def _claim_url(token: str) -> str:
    return f"{settings.SITE_URL}/credentials/claim/{token}/"


def _notify(credential_id: uuid.UUID, token: str) -> None:
    credential = IssuedCredential.objects.select_related("specification_version", "organisation").get(pk=credential_id)
    language = credential.learner.preferred_language if credential.learner else "ar"
    with translation.override(language):
        title = (
            translated(credential.specification_version.title) or credential.specification_version.micro_credential.code
        )
        subject = _("Your micro-credential: %(title)s") % {"title": title}
        body = _(
            "%(issuer)s has issued you the micro-credential “%(title)s”.\n\n"
            "Add it to your Wisam wallet with this link (keep it private):\n%(url)s\n\n"
            "From the wallet you can download it as a signed file or a PDF certificate, and share it."
        ) % {"issuer": translated(credential.organisation.name), "title": title, "url": _claim_url(token)}
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [credential.learner_email])
    except Exception:  # mail trouble must not undo an issued credential; the wallet still shows it
        logger.exception("Could not e-mail the claim link for credential %s", credential_id)


_CHECKED_SHAPES: set[str] = set()
_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _shape(value: Any) -> Any:
    """The JSON-LD-relevant skeleton of a document: keys, types and contexts, and whether strings are absolute IRIs.

    Whether a document has undefined terms or relative IRIs depends only on this skeleton, so the (costly) safe-mode
    expansion runs once per skeleton and process; the rest of a cohort, which differs only in names, grades and ids,
    is signed without repeating it. RDFC canonicalization and the signature itself are never skipped.
    """
    if isinstance(value, dict):
        return {k: (v if k in ("@context", "type") else _shape(v)) for k, v in sorted(value.items())}
    if isinstance(value, list):
        return [_shape(item) for item in value]
    if isinstance(value, str):
        return "iri" if _ABSOLUTE.match(value) else "text"
    return type(value).__name__


def _sign(document: dict[str, Any], key_row: Any, created: datetime) -> dict[str, Any]:
    shape = hashlib.sha256(json.dumps(_shape(document), sort_keys=True).encode()).hexdigest()
    checked = shape in _CHECKED_SHAPES
    signed = sign(
        document, signing_key(key_row), verification_method(key_row), created=created, check_terms=not checked
    )
    _CHECKED_SHAPES.add(shape)
    return signed


def credential_issue(
    *,
    organisation: Organisation,
    version: SpecificationVersion,
    learner: Learner,
    actor: Any = None,
    idempotency_key: str | None = None,
    batch: IssuanceBatch | None = None,
    now: datetime | None = None,
    achievement: dict[str, Any] | None = None,
    accreditation: trust.AccreditationFact | None = None,
    notify: bool = True,
    valid_until: datetime | None = None,
) -> IssueOutcome:
    """Issue one signed OpenBadgeCredential, or return the one already issued under the same idempotency key."""
    key = idempotency_key or idempotency_key_for(version=version, email=learner.email)
    existing = IssuedCredential.objects.filter(organisation=organisation, idempotency_key=key).first()
    if existing is not None:
        return IssueOutcome(existing, created=False)
    now = now or timezone.now()
    now = now.replace(microsecond=0)
    fact = accreditation or issuance_check(organisation=organisation, version=version, when=now)
    if not learner.email or "@" not in learner.email:
        raise IssuanceRefused("email", _("The learner's e-mail address is missing or not valid."))
    if not (learner.name.get("ar") or learner.name.get("en")):
        raise IssuanceRefused("name", _("The learner's name is missing."))
    if valid_until is None and version.validity_months:
        valid_until = _add_months(now, version.validity_months)
    try:
        with transaction.atomic():
            key_row = issuer_key_ensure(organisation=organisation, actor=actor)
            number, index = status_index_allocate(organisation=organisation, actor=actor)
            credential_uuid = uuid.uuid4()
            salt = secrets.token_hex(8)
            document = compose_credential(
                credential_id=f"urn:uuid:{credential_uuid}",
                version=version,
                organisation=organisation,
                issuer_did=organisation_did(organisation),
                learner=learner,
                salt=salt,
                issued_at=now,
                valid_until=valid_until,
                accreditation=fact,
                status_entries=status_entries(organisation, number, index),
                achievement=achievement,
            )
            problems = validate_credential(document) + validate_ob_schema(document)
            if problems:
                raise IssuanceRefused(
                    "schema",
                    _("The credential would not be valid: %(problems)s") % {"problems": "; ".join(problems[:3])},
                )
            try:
                signed = _sign(document, key_row, now)
            except VcError as error:
                raise IssuanceRefused(
                    error.code, _("The credential cannot be signed: %(reason)s") % {"reason": error.message}
                ) from error
            token = secrets.token_urlsafe(24)
            holder = User.objects.filter(email__iexact=learner.email.strip()).first()
            credential = IssuedCredential.objects.create(
                id=credential_uuid,
                organisation=organisation,
                specification_version=version,
                learner=holder,
                learner_name={k: v for k, v in learner.name.items() if v},
                learner_email=learner.email.strip().lower(),
                identity_hash=document["credentialSubject"]["identifier"][0]["identityHash"],
                grade=learner.grade,
                issued_at=now,
                valid_until=valid_until,
                document=json.dumps(signed, ensure_ascii=False, separators=(",", ":")),
                key=key_row,
                status_list_number=number,
                status_index=index,
                idempotency_key=key,
                batch=batch,
                claim_token_hash=hashlib.sha256(token.encode()).hexdigest(),
                share_token=secrets.token_urlsafe(32),
            )
            event_record(
                action="credential.issued",
                subject=credential,
                organisation=organisation,
                actor=actor,
                payload={
                    "specification_version": version.pk,
                    "identity_hash": credential.identity_hash,
                    "status": [number, index],
                    "key_id": key_row.key_id,
                    "batch": str(batch.pk) if batch else None,
                    "register": fact.register_identifier,
                },
            )
            record_key_use(row=key_row, purpose="credential", subject_id=str(credential.pk), actor=actor)
            if notify:
                transaction.on_commit(lambda: _notify(credential.pk, token))
    except IntegrityError:
        # Another worker issued under the same key in the meantime: return theirs.
        existing = IssuedCredential.objects.filter(organisation=organisation, idempotency_key=key).first()
        if existing is None:
            raise
        return IssueOutcome(existing, created=False)
    return IssueOutcome(credential, created=True, claim_token=token)


def achievement_for(
    *, organisation: Organisation, version: SpecificationVersion, when: datetime
) -> tuple[dict[str, Any], trust.AccreditationFact]:
    """Check once and compose the achievement once, for a whole cohort."""
    fact = issuance_check(organisation=organisation, version=version, when=when)
    return credential_achievement(version, organisation, fact), fact


def _change_state(
    *, credential: IssuedCredential, actor: Any, reason: str, action: str, target: str, allowed_from: set[str]
) -> IssuedCredential:
    with transaction.atomic():
        credential = IssuedCredential.objects.select_for_update().get(pk=credential.pk)
        if credential.state not in allowed_from:
            raise ValidationError(
                _("This credential is %(state)s; that cannot be done now.") % {"state": credential.get_state_display()}
            )
        if action == "credential.revoked":
            status_bit_set(
                organisation=credential.organisation,
                purpose=StatusPurpose.REVOCATION,
                number=credential.status_list_number,
                index=credential.status_index,
                value=True,
                actor=actor,
            )
            if credential.state == CredentialState.SUSPENDED:
                status_bit_set(
                    organisation=credential.organisation,
                    purpose=StatusPurpose.SUSPENSION,
                    number=credential.status_list_number,
                    index=credential.status_index,
                    value=False,
                    actor=actor,
                )
        else:
            status_bit_set(
                organisation=credential.organisation,
                purpose=StatusPurpose.SUSPENSION,
                number=credential.status_list_number,
                index=credential.status_index,
                value=target == CredentialState.SUSPENDED,
                actor=actor,
            )
        previous = credential.state
        credential.state = target
        credential.state_reason = reason
        credential.state_changed_at = timezone.now()
        credential.save(update_fields=["state", "state_reason", "state_changed_at"])
        event_record(
            action=action,
            subject=credential,
            organisation=credential.organisation,
            actor=actor,
            payload={"reason": reason, "from": previous, "to": target},
        )
    return credential


def _need_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Please give the reason; the learner and the audit trail will see it.")})
    return reason[:1000]


def credential_revoke(*, credential: IssuedCredential, actor: Any, reason: str) -> IssuedCredential:
    """Revoke for good (the revocation bit is never cleared)."""
    return _change_state(
        credential=credential,
        actor=actor,
        reason=_need_reason(reason),
        action="credential.revoked",
        target=CredentialState.REVOKED,
        allowed_from={CredentialState.ACTIVE, CredentialState.SUSPENDED},
    )


def credential_suspend(*, credential: IssuedCredential, actor: Any, reason: str) -> IssuedCredential:
    return _change_state(
        credential=credential,
        actor=actor,
        reason=_need_reason(reason),
        action="credential.suspended",
        target=CredentialState.SUSPENDED,
        allowed_from={CredentialState.ACTIVE},
    )


def credential_reinstate(*, credential: IssuedCredential, actor: Any, reason: str = "") -> IssuedCredential:
    return _change_state(
        credential=credential,
        actor=actor,
        reason=(reason or "").strip()[:1000],
        action="credential.reinstated",
        target=CredentialState.ACTIVE,
        allowed_from={CredentialState.SUSPENDED},
    )


def credential_claim(*, token: str, user: User) -> IssuedCredential | None:
    """Attach the credential whose claim link this is to `user`'s wallet; None if the link is unknown."""
    digest = hashlib.sha256(token.encode()).hexdigest()
    with transaction.atomic():
        credential = IssuedCredential.objects.select_for_update().filter(claim_token_hash=digest).first()
        if credential is None:
            return None
        if credential.learner_id and credential.learner_id != user.pk:
            return None
        if credential.learner_id != user.pk or credential.claimed_at is None:
            credential.learner = user
            credential.claimed_at = timezone.now()
            credential.save(update_fields=["learner", "claimed_at"])
            event_record(
                action="credential.claimed",
                subject=credential,
                organisation=credential.organisation,
                actor=user,
                payload={},
            )
    return credential


def credential_share_set(*, credential: IssuedCredential, actor: Any, enabled: bool) -> IssuedCredential:
    """Switch the public share link on or off (a new link each time it is switched on)."""
    with transaction.atomic():
        credential = IssuedCredential.objects.select_for_update().get(pk=credential.pk)
        if credential.share_enabled != enabled:
            credential.share_enabled = enabled
            if enabled:
                credential.share_token = secrets.token_urlsafe(32)
            credential.save(update_fields=["share_enabled", "share_token"])
            event_record(
                action="credential.share_enabled" if enabled else "credential.share_disabled",
                subject=credential,
                organisation=credential.organisation,
                actor=actor,
                payload={},
            )
    return credential


def api_token_create(*, organisation: Organisation, name: str, actor: Any) -> tuple[ApiToken, str]:
    """A new token; the clear value is returned once and never stored."""
    clear = "wsm_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            organisation=organisation,
            name=name[:80] or "API",
            prefix=clear[:10],
            token_hash=hashlib.sha256(clear.encode()).hexdigest(),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        event_record(
            action="api_token.created",
            subject=token,
            organisation=organisation,
            actor=actor,
            payload={"name": token.name, "prefix": token.prefix},
        )
    return token, clear


def api_token_revoke(*, token: ApiToken, actor: Any) -> ApiToken:
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        event_record(
            action="api_token.revoked",
            subject=token,
            organisation=token.organisation,
            actor=actor,
            payload={"prefix": token.prefix},
        )
    return token


def api_token_authenticate(clear: str) -> ApiToken | None:
    if not clear or len(clear) > 200:
        return None
    token = (
        ApiToken.objects.select_related("organisation")
        .filter(token_hash=hashlib.sha256(clear.encode()).hexdigest(), revoked_at__isnull=True)
        .first()
    )
    if token is not None:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


def batch_create(
    *,
    organisation: Organisation,
    version: SpecificationVersion,
    rows: list[dict[str, Any]],
    filename: str,
    file_sha256: str,
    actor: Any,
) -> IssuanceBatch:
    """Record a validated cohort, waiting for the issuer to confirm the preview."""
    with transaction.atomic():
        batch = IssuanceBatch.objects.create(
            organisation=organisation,
            specification_version=version,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            filename=filename[:200],
            file_sha256=file_sha256,
            rows=rows,
            total=len(rows),
        )
        event_record(
            action="issuance_batch.created",
            subject=batch,
            organisation=organisation,
            actor=actor,
            payload={"rows": len(rows), "file_sha256": file_sha256, "version": version.pk},
        )
    return batch


def batch_row_key(batch: IssuanceBatch, row: dict[str, Any]) -> str:
    """Rows are keyed by learner and version, so the same learner in a re-uploaded file is not issued twice."""
    return idempotency_key_for(version=batch.specification_version, email=str(row["email"]))


def batch_run(*, batch_id: uuid.UUID | str, actor: Any = None, progress: Any = None) -> IssuanceBatch:
    """Issue every row still missing, each in its own transaction; safe to re-run after a crash."""
    batch = IssuanceBatch.objects.select_related("organisation", "specification_version").get(pk=batch_id)
    if batch.status == IssuanceBatch.Status.DONE:
        return batch
    IssuanceBatch.objects.filter(pk=batch.pk).update(status=IssuanceBatch.Status.RUNNING)
    when = timezone.now()
    try:
        achievement, fact = achievement_for(
            organisation=batch.organisation, version=batch.specification_version, when=when
        )
    except IssuanceRefused as refused:
        IssuanceBatch.objects.filter(pk=batch.pk).update(
            status=IssuanceBatch.Status.FAILED,
            errors=[{"row": 0, "message": refused.message}],
            finished_at=timezone.now(),
        )
        batch.refresh_from_db()
        return batch
    issued = skipped = failed = 0
    errors: list[dict[str, Any]] = []
    for position, row in enumerate(batch.rows, start=1):
        learner = Learner(
            email=str(row["email"]),
            name={"ar": str(row.get("name_ar", "")), "en": str(row.get("name_en", ""))},
            grade=str(row.get("grade", "")),
            evidence_url=str(row.get("evidence_url", "")),
        )
        try:
            outcome = credential_issue(
                organisation=batch.organisation,
                version=batch.specification_version,
                learner=learner,
                actor=actor,
                idempotency_key=batch_row_key(batch, row),
                batch=batch,
                achievement=achievement,
                accreditation=fact,
            )
        except IssuanceRefused as refused:
            failed += 1
            errors.append({"row": row.get("_row", position), "message": refused.message})
        else:
            if outcome.created:
                issued += 1
            else:
                skipped += 1
        IssuanceBatch.objects.filter(pk=batch.pk).update(issued=issued, skipped=skipped, failed=failed, errors=errors)
        if progress is not None:
            progress(position, batch.total)
    status = IssuanceBatch.Status.DONE if not failed else IssuanceBatch.Status.FAILED
    with transaction.atomic():
        IssuanceBatch.objects.filter(pk=batch.pk).update(status=status, finished_at=timezone.now())
        batch.refresh_from_db()
        event_record(
            action="issuance_batch.finished",
            subject=batch,
            organisation=batch.organisation,
            actor=actor,
            payload={"issued": issued, "skipped": skipped, "failed": failed},
        )
    return batch
