"""Reads for credentials: what a registrar may issue and has issued, a learner's wallet, API tokens."""

from __future__ import annotations

import contextlib
import re
import uuid
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from wisam.core import policy
from wisam.core.i18n import CONTENT_LANGUAGES
from wisam.credentials import trust
from wisam.credentials.models import ApiToken, IssuanceBatch, IssuedCredential
from wisam.design.models import SpecificationVersion
from wisam.institutions.models import Organisation


def issuable_versions(*, organisation: Organisation, when: Any = None) -> list[SpecificationVersion]:
    """The institution's specification versions accredited (or self-accredited) for it today."""
    when = when or timezone.now()
    versions = SpecificationVersion.objects.filter(micro_credential__organisation=organisation).select_related(
        "micro_credential"
    )
    return [v for v in versions if trust.accreditation_at(version=v, organisation=organisation, when=when)]


def version_by_reference(*, organisation: Organisation, reference: str) -> SpecificationVersion | None:
    """`CODE` (latest issuable version) or `CODE/v3`, within the institution."""
    match = re.fullmatch(r"(?P<code>[\w.-]+)(?:/v(?P<number>\d+))?", reference.strip())
    if not match:
        return None
    versions = SpecificationVersion.objects.filter(
        micro_credential__organisation=organisation, micro_credential__code=match["code"]
    ).order_by("-number")
    if match["number"]:
        return versions.filter(number=int(match["number"])).first()
    now = timezone.now()
    return next((v for v in versions if trust.accreditation_at(version=v, organisation=organisation, when=now)), None)


def issued_for(*, user: Any, organisation: Organisation | None = None) -> QuerySet[IssuedCredential]:
    queryset = IssuedCredential.objects.select_related("specification_version", "organisation")
    if organisation is not None:
        queryset = queryset.filter(organisation=organisation)
    return policy.scope(user, "credential.view_issued", queryset)


def issued_search(
    *, user: Any, organisation: Organisation, query: str = "", state: str = "", version_id: int | None = None
) -> QuerySet[IssuedCredential]:
    """An institution's issued credentials, newest first, narrowed by the registrar's search: part of the learner's
    e-mail or name, or the credential's identifier; its state; its micro-credential version."""
    queryset = issued_for(user=user, organisation=organisation)
    query = query.strip()
    if query:
        matches = Q(learner_email__icontains=query)
        for code in CONTENT_LANGUAGES:  # the name's text in each language, not the stored JSON (escaped)
            matches |= Q(**{f"learner_name__{code}__icontains": query})
        with contextlib.suppress(ValueError):  # not an identifier: search by e-mail and name only
            matches |= Q(pk=uuid.UUID(query.removeprefix("urn:uuid:")))
        queryset = queryset.filter(matches)
    if state:
        queryset = queryset.filter(state=state)
    if version_id is not None:
        queryset = queryset.filter(specification_version_id=version_id)
    return queryset.order_by("-issued_at", "-pk")


def wallet_for(*, user: Any) -> QuerySet[IssuedCredential]:
    return policy.scope(
        user, "credential.hold", IssuedCredential.objects.select_related("specification_version", "organisation")
    ).order_by("-issued_at")


def api_tokens(*, organisation: Organisation) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(organisation=organisation, revoked_at__isnull=True).order_by("-created_at")


def batch_already_issued(*, batch: IssuanceBatch) -> int:
    """How many rows of the batch already hold this credential (a re-upload issues them nothing)."""
    from wisam.credentials.services import batch_row_key

    keys = [batch_row_key(batch, row) for row in batch.rows]
    found = 0
    for start in range(0, len(keys), 500):
        found += IssuedCredential.objects.filter(
            organisation=batch.organisation, idempotency_key__in=keys[start : start + 500]
        ).count()
    return found
