"""The trust list's issuer DIDs."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from wisam.accreditation.models import (
    IssuerDid,
)
from wisam.core.events import event_record
from wisam.institutions.models import Organisation


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
