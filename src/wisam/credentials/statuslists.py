"""Bitstring Status Lists per institution: revocation and suspension lists, index allocation, the signed list.

Each credential gets one index `n` in list number `k`; bit `n` of the institution's revocation list `k` and bit `n`
of its suspension list `k` say whether it is revoked or suspended. The credential names the revocation entry in
`credentialStatus` (the OB 3.0 schema allows one object there); the suspension list sits at the sibling URL with
the same index (docs/credentials.md). Each list's signed `BitstringStatusListCredential` is re-signed in the
transaction that changes a bit and cached in the row, so serving it costs one query and verifiers see a change
at once.
"""

from __future__ import annotations

import json
import math
import secrets
from typing import Any

from django.conf import settings
from django.utils import timezone

from wisam.credentials.keys import (
    issuer_key_ensure,
    organisation_did,
    record_key_use,
    signing_key,
    verification_method,
)
from wisam.credentials.models import STATUS_LIST_SIZE, StatusList, StatusPurpose
from wisam.institutions.models import Organisation
from wisam.vc import StatusList as Bits
from wisam.vc import sign, status_list_credential, status_list_entry

LIST_TTL_MS = 300_000


def status_list_url(organisation: Organisation | str, purpose: str, number: int) -> str:
    slug = organisation if isinstance(organisation, str) else organisation.slug
    return f"{settings.SITE_URL}/credentials/status/{slug}/{purpose}/{number}"


def parse_status_list_url(url: str) -> tuple[str, str, int] | None:
    prefix = f"{settings.SITE_URL}/credentials/status/"
    if not url.startswith(prefix):
        return None
    parts = url[len(prefix) :].split("/")
    if len(parts) != 3 or parts[1] not in StatusPurpose.values or not parts[2].isdigit():
        return None
    return parts[0], parts[1], int(parts[2])


def _random_multiplier(size: int) -> int:
    while True:
        candidate = secrets.randbelow(size - 1) + 1
        if math.gcd(candidate, size) == 1:
            return candidate


def _sign_list(row: StatusList, actor: Any = None) -> None:
    """Re-sign the list credential with the institution's active key (inside the caller's transaction)."""
    organisation = row.organisation
    key_row = issuer_key_ensure(organisation=organisation, actor=actor)
    bits = Bits(row.size, _bits=bytearray(bytes(row.bits)))
    now = timezone.now()
    unsigned = status_list_credential(
        status_list_url(organisation, row.purpose, row.number),
        organisation_did(organisation),
        bits,
        row.purpose,  # type: ignore[arg-type]
        valid_from=now,
        ttl_ms=LIST_TTL_MS,
    )
    signed = sign(unsigned, signing_key(key_row), verification_method(key_row), created=now)
    row.signed_credential = json.dumps(signed, ensure_ascii=False, separators=(",", ":"))
    row.signed_at = now
    row.save(update_fields=["signed_credential", "signed_at", "bits", "allocated", "updated_at"])
    record_key_use(row=key_row, purpose="status_list", subject_id=unsigned["id"], actor=actor)


def status_list_ensure(*, organisation: Organisation, purpose: str, number: int, actor: Any = None) -> StatusList:
    """The institution's list (created and signed on first use). Call inside a transaction."""
    row = (
        StatusList.objects.select_for_update().filter(organisation=organisation, purpose=purpose, number=number).first()
    )
    if row is not None:
        return row
    row = StatusList.objects.create(
        organisation=organisation,
        purpose=purpose,
        number=number,
        size=STATUS_LIST_SIZE,
        bits=bytes(STATUS_LIST_SIZE // 8),
        multiplier=_random_multiplier(STATUS_LIST_SIZE),
        offset=secrets.randbelow(STATUS_LIST_SIZE),
    )
    _sign_list(row, actor)
    return row


def status_index_allocate(*, organisation: Organisation, actor: Any = None) -> tuple[int, int]:
    """A fresh (list number, index) for a new credential; locks the list row until the caller's transaction ends."""
    number = (
        StatusList.objects.filter(organisation=organisation, purpose=StatusPurpose.REVOCATION)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
        or 1
    )
    row = status_list_ensure(organisation=organisation, purpose=StatusPurpose.REVOCATION, number=number, actor=actor)
    if row.allocated >= row.size:
        number += 1
        row = status_list_ensure(
            organisation=organisation, purpose=StatusPurpose.REVOCATION, number=number, actor=actor
        )
    index = (row.multiplier * row.allocated + row.offset) % row.size
    StatusList.objects.filter(pk=row.pk).update(allocated=row.allocated + 1)
    status_list_ensure(organisation=organisation, purpose=StatusPurpose.SUSPENSION, number=number, actor=actor)
    return number, index


def status_entries(organisation: Organisation, number: int, index: int) -> list[dict[str, Any]]:
    """What goes in the credential's credentialStatus: the revocation entry."""
    return [status_list_entry(status_list_url(organisation, StatusPurpose.REVOCATION, number), index, "revocation")]


def status_bit_set(
    *, organisation: Organisation, purpose: str, number: int, index: int, value: bool, actor: Any
) -> None:
    """Set or clear one bit and re-sign the list (inside the caller's transaction)."""
    row = status_list_ensure(organisation=organisation, purpose=purpose, number=number, actor=actor)
    bits = Bits(row.size, _bits=bytearray(bytes(row.bits)))
    bits.set(index, 1 if value else 0)
    row.bits = bits.to_bytes()
    _sign_list(row, actor)


def status_list_signed(*, slug: str, purpose: str, number: int) -> str | None:
    """The cached signed list credential (JSON text), or None."""
    row = (
        StatusList.objects.filter(organisation__slug=slug, purpose=purpose, number=number)
        .only("signed_credential")
        .first()
    )
    return row.signed_credential if row and row.signed_credential else None
