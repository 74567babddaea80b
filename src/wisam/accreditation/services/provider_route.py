"""The provider route: self-accreditation grants and registration of micro-credentials by notification."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wisam.accreditation.models import (
    Accreditation,
    Route,
    SelfAccreditation,
)
from wisam.accreditation.services.common import _months, _user
from wisam.accreditation.services.notifications import _aqac_people, _notify_many
from wisam.accreditation.services.publication import _publish_version
from wisam.core.events import event_record
from wisam.institutions.models import Organisation
from wisam.institutions.roles import Role


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
