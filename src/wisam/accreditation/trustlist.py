"""The trust list: a public, machine-readable list of accredited issuers, signed by AQAC's key.

Shape: a W3C Verifiable Credential 2.0 whose `credentialSubject.issuers` lists, per institution, its DIDs, the
micro-credentials it may issue and the periods (and, for self-accrediting institutions, the limits). It is signed
with a Data Integrity proof, cryptosuite `eddsa-jcs-2022` (RFC 8785 JSON canonicalisation + Ed25519), by
`wisam.vc.sign`; the verification method is AQAC's did:key, published at /accreditation/trust-list/did.json.

AQAC's key is an Ed25519 seed stored only encrypted (`wisam.core.secrets.encrypt_secret`, context
"accreditation.trust_list"); it is created on first use.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from wisam.accreditation.models import (
    Accreditation,
    IssuerDid,
    RegisterStatus,
    SelfAccreditation,
    SigningKey,
)
from wisam.core.events import event_record
from wisam.core.secrets import decrypt_secret, encrypt_secret
from wisam.vc import Ed25519Key, did_key_document, sign, verify

KEY_CONTEXT = "accreditation.trust_list"
VC_V2 = "https://www.w3.org/ns/credentials/v2"


@transaction.atomic
def signing_key() -> Ed25519Key:
    """AQAC's trust-list key (created on first use); the seed is decrypted only in memory."""
    row = SigningKey.objects.select_for_update().filter(is_active=True).order_by("-id").first()
    if row is None:
        key = Ed25519Key.generate()
        row = SigningKey.objects.create(
            public_key_multibase=key.public_key_multibase,
            encrypted_seed=encrypt_secret(key.seed, context=KEY_CONTEXT),
        )
        event_record(
            action="accreditation.trust_list.key_created",
            subject=row,
            payload={"public_key_multibase": key.public_key_multibase},
        )
        return key
    return Ed25519Key.from_seed(decrypt_secret(row.encrypted_seed, context=KEY_CONTEXT))


def aqac_did(key: Ed25519Key) -> str:
    return str(key.did_key)


def trust_list_unsigned(*, now: datetime | None = None) -> dict[str, Any]:
    """The trust list's content: every institution with a current or past accreditation, and its periods."""
    now = now or timezone.now()
    issuers: dict[int, dict[str, Any]] = {}

    def issuer(organisation: Any) -> dict[str, Any]:
        return issuers.setdefault(
            organisation.pk,
            {
                "id": f"{settings.SITE_URL}/organisations/{organisation.slug}/",
                "slug": organisation.slug,
                "name": {k: v for k, v in dict(organisation.name).items() if v},
                "country": organisation.country,
                "dids": [],
                "microCredentials": [],
                "selfAccreditation": [],
            },
        )

    for accreditation in Accreditation.objects.select_related("organisation", "entry").order_by(
        "organisation__slug", "entry__identifier", "valid_from"
    ):
        entry = accreditation.entry
        issuer(accreditation.organisation)["microCredentials"].append(
            {
                "identifier": entry.identifier,
                "url": f"{settings.SITE_URL}{entry.get_absolute_url()}",
                "title": {k: v for k, v in dict(entry.title).items() if v},
                "route": accreditation.route,
                "validFrom": accreditation.valid_from.isoformat(),
                "validUntil": accreditation.valid_until.isoformat(),
                "status": accreditation.status,
                "mayIssue": accreditation.status in (RegisterStatus.ACTIVE, RegisterStatus.EXPIRING),
            }
        )
    for grant in SelfAccreditation.objects.select_related("organisation").order_by("organisation__slug", "valid_from"):
        issuer(grant.organisation)["selfAccreditation"].append(
            {
                "isced": list(grant.isced_codes),
                "maxEqfLevel": grant.max_eqf_level,
                "validFrom": grant.valid_from.isoformat(),
                "validUntil": grant.valid_until.isoformat(),
                "active": grant.is_active,
            }
        )
    for row in IssuerDid.objects.select_related("organisation").order_by("organisation__slug", "did"):
        if row.organisation_id in issuers:
            issuers[row.organisation_id]["dids"].append(row.did)
    return {
        "id": f"{settings.SITE_URL}/accreditation/trust-list.json",
        "type": "WisamTrustList",
        "generated": now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "issuers": sorted(issuers.values(), key=lambda i: i["slug"]),
    }


def trust_list_signed(*, now: datetime | None = None) -> dict[str, Any]:
    """The trust list as a VC signed with an eddsa-jcs-2022 Data Integrity proof by AQAC's key."""
    key = signing_key()
    did = aqac_did(key)
    content = trust_list_unsigned(now=now)
    document = {
        "@context": [VC_V2],
        "id": content["id"],
        "type": ["VerifiableCredential", "WisamTrustList"],
        "issuer": {"id": did, "name": "AQAC"},
        "validFrom": content["generated"],
        "credentialSubject": {"id": f"{settings.SITE_URL}/accreditation/register/", "issuers": content["issuers"]},
    }
    verification_method = f"{did}#{key.public_key_multibase}"
    return sign(
        document,
        key,
        verification_method,
        cryptosuite="eddsa-jcs-2022",
        created=content["generated"],
        check_terms=False,
    )


def trust_list_did_document() -> dict[str, Any]:
    return did_key_document(signing_key())


def trust_list_verify(document: dict[str, Any]) -> bool:
    """Check the proof (used by tests and by verifiers running Wisam's code)."""
    from wisam.vc import StaticResolver

    key = signing_key()
    resolver = StaticResolver({aqac_did(key): did_key_document(key)})
    return bool(verify(document, resolver, check_terms=False).verified)
