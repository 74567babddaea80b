"""The credentials demo: signed credentials for the demo learners, one revoked, one suspended, one expired.

Needs micro-credentials accredited (or self-accredited) in the accreditation demo; without any, it issues nothing
and says so in `context["credentials"]`. Idempotent: credentials are keyed by learner and version.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from wisam.credentials.compose import Learner
from wisam.credentials.models import CredentialState
from wisam.credentials.services import (
    IssuanceRefused,
    credential_issue,
    credential_revoke,
    credential_suspend,
    idempotency_key_for,
)
from wisam.institutions.models import User
from wisam.institutions.roles import Role


def _accredited_versions() -> list[Any]:
    from wisam.accreditation.models import Accreditation, RegisterStatus

    today = timezone.localdate()
    rows = (
        Accreditation.objects.filter(valid_from__lte=today, valid_until__gte=today, specification_version__isnull=False)
        .exclude(status__in=[RegisterStatus.WITHDRAWN, RegisterStatus.SUSPENDED])
        .select_related("specification_version__micro_credential__organisation")
        .order_by("id")
    )
    return [
        row
        for row in rows
        if row.specification_version is not None
        and row.specification_version.micro_credential.organisation_id == row.organisation_id
    ]


def _past_accreditation() -> Any:
    """An accreditation whose period has ended: a credential issued during it has expired since."""
    from wisam.accreditation.models import Accreditation, RegisterStatus

    today = timezone.localdate()
    for row in (
        Accreditation.objects.filter(valid_until__lt=today - timedelta(days=1), specification_version__isnull=False)
        .exclude(status__in=[RegisterStatus.WITHDRAWN, RegisterStatus.SUSPENDED])
        .select_related("specification_version__micro_credential", "organisation")
        .order_by("id")
    ):
        version = row.specification_version
        same_owner = version is not None and version.micro_credential.organisation_id == row.organisation_id
        if same_owner and row.valid_until > row.valid_from + timedelta(days=2):
            return row
    return None


def load(context: dict[str, Any]) -> None:
    from wisam.institutions.demo import LEARNERS

    accreditations = _accredited_versions()
    if not accreditations:
        context["credentials"] = {"issued": 0, "note": "no accredited micro-credential in the demo yet"}
        return
    issued = []
    now = timezone.now()
    for n, learner in enumerate(LEARNERS):
        accreditation = accreditations[n % len(accreditations)]
        expired = n == 2
        past = _past_accreditation() if expired else None
        if past is not None:
            accreditation = past
        version = accreditation.specification_version
        organisation = accreditation.organisation
        registrar = User.objects.filter(
            memberships__organisation=organisation, memberships__role=Role.REGISTRAR
        ).first()
        when = None
        valid_until = None
        if past is not None:
            # Issued while that accreditation ran, valid until it ended: expired now.
            when = timezone.make_aware(datetime.combine(past.valid_from + timedelta(days=1), time(9)))
            valid_until = timezone.make_aware(datetime.combine(past.valid_until, time(17)))
        elif expired:
            start = max(
                timezone.make_aware(datetime.combine(accreditation.valid_from, time(9))), now - timedelta(days=60)
            )
            if start + timedelta(days=1) < now:
                when, valid_until = start, start + timedelta(days=1)
        try:
            outcome = credential_issue(
                organisation=organisation,
                version=version,
                learner=Learner(
                    email=learner.email,
                    name={"ar": learner.ar, "en": learner.en},
                    grade=("85" if version.grading_scheme == "percentage" else ""),
                ),
                actor=registrar,
                idempotency_key=idempotency_key_for(version=version, email=learner.email),
                now=when,
                valid_until=valid_until,
                notify=False,
            )
        except IssuanceRefused:
            continue
        credential = outcome.credential
        if n == 0 and credential.state == CredentialState.ACTIVE:
            credential_revoke(
                credential=credential, actor=registrar, reason="Demo: the assessment record was found to be wrong."
            )
        if n == 1 and credential.state == CredentialState.ACTIVE:
            credential_suspend(
                credential=credential, actor=registrar, reason="Demo: suspended while an appeal is examined."
            )
        issued.append(str(credential.pk))
    before = _issued_before_suspension()
    if before is not None:
        issued.append(str(before.pk))
    context["credentials"] = {"issued": len(issued), "ids": issued}


def _issued_before_suspension() -> Any:
    """A credential issued while an accreditation AQAC has since suspended was in force: it still verifies as
    accredited on the date of issue, and the verification page notes the suspension."""
    from wisam.accreditation.models import Accreditation, RegisterStatus
    from wisam.institutions.demo import LEARNERS

    accreditation = (
        Accreditation.objects.filter(status=RegisterStatus.SUSPENDED, specification_version__isnull=False)
        .select_related("organisation", "specification_version")
        .order_by("id")
        .first()
    )
    if accreditation is None or accreditation.valid_from >= timezone.localdate() - timedelta(days=30):
        return None
    learner = LEARNERS[-1]
    version = accreditation.specification_version
    if version is None:
        return None
    when = timezone.make_aware(datetime.combine(accreditation.valid_from + timedelta(days=30), time(10)))
    try:
        return credential_issue(
            organisation=accreditation.organisation,
            version=version,
            learner=Learner(email=learner.email, name={"ar": learner.ar, "en": learner.en}),
            actor=User.objects.filter(
                memberships__organisation=accreditation.organisation, memberships__role=Role.REGISTRAR
            ).first(),
            idempotency_key=idempotency_key_for(version=version, email=learner.email),
            now=when,
            notify=False,
        ).credential
    except IssuanceRefused:
        return None
