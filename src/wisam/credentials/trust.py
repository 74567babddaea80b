"""What the credentials app needs from accreditation: the trust list's issuers and accreditation at a date.

A small interface so issuance and verification do not depend on how the accreditation app stores things. It reads
the accreditation app's models (register entries, accreditations, issuer DIDs); swap the bodies for that app's
selectors once it publishes them. Nothing here trusts what a credential says about itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch
from django.utils import timezone

from wisam.core.i18n import translated
from wisam.institutions.models import Organisation


@dataclass(frozen=True)
class TrustedIssuer:
    did: str
    organisation: Organisation
    name: dict[str, str]
    source: str  # "trust_list": AQAC's list; "registry": Wisam's own did:web of an institution with accreditations

    def display(self, language: str | None = None) -> str:
        return translated(self.name, language)


@dataclass(frozen=True)
class AccreditationFact:
    route: str  # "panel" or "self"
    register_identifier: str
    register_url: str
    valid_from: date
    valid_until: date
    title: dict[str, str]


def _as_date(value: datetime | date) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _entry_url(entry: Any) -> str:
    try:
        return f"{settings.SITE_URL}{entry.get_absolute_url()}"
    except NoReverseMatch:  # the register's pages are not mounted (yet)
        return f"{settings.SITE_URL}/accreditation/register/{entry.identifier}/"


def accreditation_at(*, version: Any, organisation: Organisation, when: datetime | date) -> AccreditationFact | None:
    """The accreditation (panel or self) that lets `organisation` award `version` on `when`, or None."""
    from wisam.accreditation.models import Accreditation, RegisterStatus

    day = _as_date(when)
    candidates = (
        Accreditation.objects.filter(organisation=organisation, valid_from__lte=day, valid_until__gte=day)
        .exclude(status__in=[RegisterStatus.WITHDRAWN, RegisterStatus.SUSPENDED])
        .select_related("entry")
    )
    for accreditation in candidates:
        entry = accreditation.entry
        same_version = accreditation.specification_version_id == version.pk
        same_credential = (
            accreditation.specification_version_id is None and entry.micro_credential_id == version.micro_credential_id
        ) or entry.specification_version_id == version.pk
        if not (same_version or same_credential):
            continue
        if entry.status in (RegisterStatus.WITHDRAWN, RegisterStatus.SUSPENDED):
            continue
        return AccreditationFact(
            route=accreditation.route,
            register_identifier=entry.identifier,
            register_url=_entry_url(entry),
            valid_from=accreditation.valid_from,
            valid_until=accreditation.valid_until,
            title=dict(entry.title or {}),
        )
    return None


def issuer_for_did(did: str) -> TrustedIssuer | None:
    """The issuer named by the trust list for `did` (never by the credential), or None if it is not trusted."""
    from wisam.accreditation.models import Accreditation, IssuerDid
    from wisam.credentials.keys import slug_from_did

    listed = IssuerDid.objects.filter(did=did).select_related("organisation").first()
    if listed is not None:
        return TrustedIssuer(did, listed.organisation, dict(listed.organisation.name), "trust_list")
    slug = slug_from_did(did)
    own = Organisation.objects.filter(slug=slug, is_active=True).first() if slug else None
    if own is not None and Accreditation.objects.filter(organisation=own).exists():
        return TrustedIssuer(did, own, dict(own.name), "registry")
    return None
