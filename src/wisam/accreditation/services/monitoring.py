"""Monitoring of accreditations: suspend, reinstate, withdraw, renew and refresh by date."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wisam.accreditation.history import start_of_day
from wisam.accreditation.models import (
    Accreditation,
    RegisterStatus,
)
from wisam.accreditation.services.common import _months
from wisam.accreditation.services.notifications import _people, notify
from wisam.accreditation.services.publication import _status_for
from wisam.accreditation.services.status_history import accreditation_status_record
from wisam.core.events import event_record
from wisam.core.i18n import as_translated, in_every_language, translated
from wisam.institutions.roles import Role


def _set_status(
    accreditation: Accreditation, status: str, actor: Any, reason: str | dict[str, str], action: str
) -> Accreditation:
    """Change the status; `reason` is a person's text as typed, or Wisam's own in every language."""
    previous = accreditation.status
    accreditation.status = status
    accreditation.save(update_fields=["status"])
    entry = accreditation.entry
    current = entry.accreditations.order_by("-valid_from", "-id").first()
    if current is not None and current.pk == accreditation.pk:
        entry.status = status
        entry.valid_until = accreditation.valid_until
        entry.save(update_fields=["status", "valid_until", "updated_at"])
    payload = {"from": previous, "to": status, "reason": as_translated(reason), "identifier": entry.identifier}
    event = event_record(
        action=f"accreditation.accreditation.{action}",
        subject=accreditation,
        actor=actor,
        organisation=accreditation.organisation,
        payload=payload,
    )
    accreditation_status_record(
        accreditation=accreditation, status=status, reason=reason, actor=actor, event=event, previous=previous
    )
    event_record(
        action=f"accreditation.register.{action}",
        subject=entry,
        actor=actor,
        organisation=entry.organisation,
        payload=payload,
    )
    for user in _people(accreditation.organisation, [Role.INSTITUTIONAL_APPROVER, Role.INSTITUTION_ADMIN]):
        with translation.override(getattr(user, "preferred_language", None) or settings.LANGUAGE_CODE):
            notify(  # in the recipient's language
                user=user,
                subject=_("%(identifier)s: %(status)s")
                % {"identifier": entry.identifier, "status": entry.get_status_display()},
                body=translated(as_translated(reason)),
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
    today = timezone.localdate()
    lapsed_on = accreditation.valid_until + timedelta(days=1)
    if lapsed_on < today:
        _record_lapse(accreditation, lapsed_on)
    start = max(today, accreditation.valid_until)
    accreditation.valid_until = _months(start, months)
    accreditation.save(update_fields=["valid_until"])
    return _set_status(accreditation, _status_for(accreditation.valid_until), actor, reason, "renewed")


def _record_lapse(accreditation: Accreditation, lapsed_on: date) -> None:
    """Before a renewal extends an accreditation that has already ended, make sure its history says it was expired
    from the day after its end until the renewal: the new end date must not make the gap look accredited. The daily
    refresh writes its row when it runs, later that day or after; this one counts from the first moment of the day."""
    moment = start_of_day(lapsed_on)
    if accreditation.status_changes.filter(status=RegisterStatus.EXPIRED, effective_at=moment).exists():
        return
    accreditation_status_record(
        accreditation=accreditation,
        status=RegisterStatus.EXPIRED,
        reason=_expiry_reason(accreditation.valid_until, expiring=False),
        actor=None,
        effective_at=moment,
        # Without a history yet, what came before the end was the (non-blocking) current accreditation.
        previous=RegisterStatus.ACTIVE,
    )


def _expiry_reason(end: date, *, expiring: bool) -> dict[str, str]:
    """Wisam's notice of an approaching or past end date, in every language."""
    if expiring:
        return in_every_language(
            lambda: _("The accreditation ends on %(date)s; apply for renewal in good time.") % {"date": end}
        )
    return in_every_language(lambda: _("The accreditation ended on %(date)s.") % {"date": end})


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
            reason = _expiry_reason(locked.valid_until, expiring=status == RegisterStatus.EXPIRING)
            _set_status(locked, status, None, reason, "expiring" if status == RegisterStatus.EXPIRING else "expired")
            changed[status] += 1
    return changed
