"""Publication: the accreditation and its entry in the national register."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from wisam.accreditation import search
from wisam.accreditation.models import (
    Accreditation,
    Application,
    Decision,
    RegisterEntry,
    RegisterStatus,
    Route,
    SelfAccreditation,
)
from wisam.accreditation.register import entry_fields_from_version, entry_search_text
from wisam.accreditation.services.common import _months, _next_reference
from wisam.accreditation.services.status_history import accreditation_status_record
from wisam.core.events import event_record
from wisam.core.i18n import in_every_language

EXPIRY_NOTICE_DAYS = 90


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
    event = event_record(
        action="accreditation.accreditation.granted",
        subject=accreditation,
        actor=actor,
        organisation=accreditation.organisation,
        payload={"identifier": entry.identifier, "route": route, "valid_until": valid_until.isoformat()},
    )
    accreditation_status_record(
        accreditation=accreditation,
        status=accreditation.status,
        reason=in_every_language(
            lambda: (
                _("Accredited after a panel evaluation.") if route == Route.PANEL else _("Registered by notification.")
            )
        ),
        actor=actor,
        event=event,
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
            previous = older.status
            older.status = RegisterStatus.EXPIRED
            older.save(update_fields=["status"])
            reason = in_every_language(
                lambda: (
                    _("Replaced by the accreditation of a newer version (%(application)s).")
                    % {"application": application.reference}
                )
            )
            event = event_record(
                action="accreditation.accreditation.replaced",
                subject=older,
                actor=actor,
                organisation=older.organisation,
                payload={"from": previous, "to": older.status, "reason": reason, "by": accreditation.pk},
            )
            accreditation_status_record(
                accreditation=older, status=older.status, reason=reason, actor=actor, event=event, previous=previous
            )
