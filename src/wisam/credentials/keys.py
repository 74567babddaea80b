"""Institutions' signing keys and DIDs: did:web per institution, keys encrypted at rest, rotation, local resolution.

An institution's DID is ``did:web:<host of WISAM_SITE_URL, port %3A-encoded>:institutions:<slug>``; its document is
served at ``/institutions/<slug>/did.json`` and lists every key the institution ever had (retired ones included, so
credentials signed before a rotation still verify). The verifier resolves Wisam's own did:web from the database
(never over the network) and did:key by computation; anything else is unresolvable.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from wisam.core.events import event_record
from wisam.core.secrets import decrypt_secret, encrypt_secret
from wisam.credentials.models import IssuerKey
from wisam.institutions.models import Organisation
from wisam.vc import Ed25519Key, resolve_did_key

DID_CONTEXTS = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]
_SECRET_CONTEXT = "credentials.issuer_key:{organisation}:{key_id}"  # noqa: S105 - a purpose label, not a secret


def did_host() -> str:
    """The did:web host part for WISAM_SITE_URL: the port separator is percent-encoded (did:web spec)."""
    parts = urlsplit(settings.SITE_URL)
    host = parts.hostname or "localhost"
    return f"{host}%3A{parts.port}" if parts.port else host


def organisation_did(organisation: Organisation) -> str:
    return f"did:web:{did_host()}:institutions:{quote(organisation.slug)}"


def did_document_path(slug: str) -> str:
    return f"/institutions/{slug}/did.json"


def slug_from_did(did: str) -> str | None:
    """The institution slug of one of Wisam's own DIDs, or None if the DID is not ours."""
    prefix = f"did:web:{did_host()}:institutions:"
    if not did.startswith(prefix):
        return None
    slug = did[len(prefix) :]
    return slug if slug and ":" not in slug and "%" not in slug else None


def _secret_context(organisation_id: int, key_id: str) -> str:
    return _SECRET_CONTEXT.format(organisation=organisation_id, key_id=key_id)


def _new_key(organisation: Organisation, number: int, actor: Any, action: str) -> IssuerKey:
    key = Ed25519Key.generate()
    key_id = f"key-{number}"
    row = IssuerKey.objects.create(
        organisation=organisation,
        key_id=key_id,
        public_key_multibase=key.public_key_multibase,
        secret_encrypted=encrypt_secret(key.seed, context=_secret_context(organisation.pk, key_id)),
    )
    event_record(
        action=action,
        subject=row,
        organisation=organisation,
        actor=actor,
        payload={"key_id": key_id, "public_key_multibase": key.public_key_multibase},
    )
    return row


@transaction.atomic
def issuer_key_ensure(*, organisation: Organisation, actor: Any = None) -> IssuerKey:
    """The institution's active signing key, created on first use."""
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    active = IssuerKey.objects.filter(organisation=organisation, is_active=True).first()
    if active is not None:
        return active
    number = IssuerKey.objects.filter(organisation=organisation).count() + 1
    row = _new_key(organisation, number, actor, "issuer_key.created")
    _list_in_trust_list(organisation, actor)
    return row


def _list_in_trust_list(organisation: Organisation, actor: Any) -> None:
    """Give AQAC's trust list the institution's DID (it stays the same across key rotations)."""
    from wisam.accreditation.selectors import issuer_did_listed
    from wisam.accreditation.services import issuer_did_add

    did = organisation_did(organisation)
    if not issuer_did_listed(organisation=organisation, did=did):
        issuer_did_add(organisation=organisation, did=did, actor=actor)


@transaction.atomic
def issuer_key_rotate(*, organisation: Organisation, actor: Any) -> IssuerKey:
    """Retire the active key (it stays published for verification) and make a new one."""
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    now = timezone.now()
    for old in IssuerKey.objects.filter(organisation=organisation, is_active=True):
        old.is_active = False
        old.retired_at = now
        old.save(update_fields=["is_active", "retired_at"])
        event_record(
            action="issuer_key.retired",
            subject=old,
            organisation=organisation,
            actor=actor,
            payload={"key_id": old.key_id},
        )
    number = IssuerKey.objects.filter(organisation=organisation).count() + 1
    return _new_key(organisation, number, actor, "issuer_key.rotated")


def signing_key(row: IssuerKey) -> Ed25519Key:
    """Decrypt the key for one signature; callers record `issuer_key.used` in their transaction."""
    seed = decrypt_secret(row.secret_encrypted, context=_secret_context(row.organisation_id, row.key_id))
    return Ed25519Key.from_seed(seed)


def verification_method(row: IssuerKey) -> str:
    return f"{organisation_did(row.organisation)}#{row.key_id}"


def record_key_use(*, row: IssuerKey, purpose: str, subject_id: str, actor: Any = None) -> None:
    event_record(
        action="issuer_key.used",
        subject=row,
        organisation=row.organisation,
        actor=actor,
        payload={"key_id": row.key_id, "purpose": purpose, "signed": subject_id},
    )


def did_document(organisation: Organisation) -> dict[str, Any] | None:
    """The institution's DID document (every key, active first), or None if it has no key yet."""
    rows = sorted(
        IssuerKey.objects.filter(organisation=organisation),
        key=lambda row: (not row.is_active, -row.created_at.timestamp()),
    )
    if not rows:
        return None
    did = organisation_did(organisation)
    methods = [
        {
            "id": f"{did}#{row.key_id}",
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": row.public_key_multibase,
        }
        for row in rows
    ]
    ids = [m["id"] for m in methods]
    return {
        "@context": DID_CONTEXTS,
        "id": did,
        "verificationMethod": methods,
        "authentication": ids[:1],
        "assertionMethod": ids,
    }


class WisamResolver:
    """Resolves did:key locally and Wisam's own did:web from the database; nothing is fetched."""

    def __init__(self) -> None:
        self._cache: dict[str, Mapping[str, Any] | None] = {}

    def resolve(self, identifier: str) -> Mapping[str, Any] | None:
        if identifier in self._cache:
            return self._cache[identifier]
        document: Mapping[str, Any] | None = None
        if identifier.startswith("did:key:"):
            try:
                document = resolve_did_key(identifier)
            except Exception:  # an unresolvable did:key is reported by the library as vm_unresolved
                document = None
        else:
            slug = slug_from_did(identifier.split("#", 1)[0])
            organisation = Organisation.objects.filter(slug=slug).first() if slug else None
            document = did_document(organisation) if organisation else None
        self._cache[identifier] = document
        return document
