"""Issuer keys, status lists, issued credentials, cohort batches and API tokens.

Only `wisam.credentials.services` writes these models. Secret key material is kept encrypted
(`wisam.core.secrets`); API tokens are kept as SHA-256 digests only.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wisam.core.i18n import TranslatedField, translated

STATUS_LIST_SIZE = 131_072


class IssuerKey(models.Model):
    """An Ed25519 signing key of an institution. Retired keys stay published so old credentials verify."""

    organisation = models.ForeignKey("institutions.Organisation", on_delete=models.PROTECT, related_name="issuer_keys")
    key_id = models.CharField(max_length=40, help_text="Fragment of the verification method, e.g. key-1.")
    public_key_multibase = models.CharField(max_length=64)
    secret_encrypted = models.TextField()
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("issuer key")
        verbose_name_plural = _("issuer keys")
        ordering: ClassVar[list[str]] = ["organisation_id", "created_at", "id"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["organisation", "key_id"], name="credentials_unique_key_id"),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(is_active=True),
                name="credentials_one_active_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation.slug}#{self.key_id}"


class StatusPurpose(models.TextChoices):
    REVOCATION = "revocation", _("Revocation")
    SUSPENSION = "suspension", _("Suspension")


class StatusList(models.Model):
    """One Bitstring Status List of an institution (131,072 entries); its signed credential is cached here."""

    organisation = models.ForeignKey("institutions.Organisation", on_delete=models.PROTECT, related_name="status_lists")
    purpose = models.CharField(max_length=20, choices=StatusPurpose.choices)
    number = models.PositiveIntegerField(default=1)
    size = models.PositiveIntegerField(default=STATUS_LIST_SIZE)
    bits = models.BinaryField()
    allocated = models.PositiveIntegerField(default=0)
    # Indexes are handed out as (multiplier * n + offset) mod size: a bijection, so no index is used twice, and a
    # secret random one per list, so neighbours in a cohort do not sit next to each other in the list (privacy).
    multiplier = models.PositiveIntegerField(default=1)
    offset = models.PositiveIntegerField(default=0)
    signed_credential = models.TextField(blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("status list")
        verbose_name_plural = _("status lists")
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["organisation", "purpose", "number"], name="credentials_unique_list"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation.slug}/{self.purpose}/{self.number}"


class CredentialState(models.TextChoices):
    ACTIVE = "active", _("Valid")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")


class IssuanceBatch(models.Model):
    """A cohort upload: validated rows, then issued one credential per transaction by a background task."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Waiting for confirmation")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Issuing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Stopped with errors")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("institutions.Organisation", on_delete=models.PROTECT, related_name="+")
    specification_version = models.ForeignKey("design.SpecificationVersion", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    filename = models.CharField(max_length=200, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    rows = models.JSONField(default=list)
    total = models.PositiveIntegerField(default=0)
    issued = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PREVIEW)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("issuance batch")
        verbose_name_plural = _("issuance batches")
        ordering: ClassVar[list[str]] = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename or self.pk} ({self.issued}/{self.total})"

    @property
    def done(self) -> int:
        return self.issued + self.skipped + self.failed

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 100


class IssuedCredential(models.Model):
    """A signed OpenBadgeCredential issued to one learner; the signed JSON is kept verbatim."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("institutions.Organisation", on_delete=models.PROTECT, related_name="+")
    specification_version = models.ForeignKey("design.SpecificationVersion", on_delete=models.PROTECT, related_name="+")
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="credentials"
    )
    learner_name = TranslatedField(_("learner's name"))
    learner_email = models.EmailField(_("learner's e-mail"))
    identity_hash = models.CharField(max_length=80)
    grade = models.CharField(_("grade"), max_length=40, blank=True)
    issued_at = models.DateTimeField()
    valid_until = models.DateTimeField(null=True, blank=True)
    document = models.TextField(help_text="The signed credential, exactly as issued.")
    key = models.ForeignKey(IssuerKey, on_delete=models.PROTECT, related_name="+")
    status_list_number = models.PositiveIntegerField(default=1)
    status_index = models.PositiveIntegerField()
    state = models.CharField(max_length=20, choices=CredentialState.choices, default=CredentialState.ACTIVE)
    state_reason = models.TextField(blank=True)
    state_changed_at = models.DateTimeField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=128)
    batch = models.ForeignKey(
        IssuanceBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="credentials"
    )
    claim_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    share_token = models.CharField(max_length=43, blank=True, db_index=True)
    share_enabled = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("issued credential")
        verbose_name_plural = _("issued credentials")
        ordering: ClassVar[list[str]] = ["-issued_at"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["organisation", "idempotency_key"], name="credentials_idempotent"),
            models.UniqueConstraint(
                fields=["organisation", "status_list_number", "status_index"], name="credentials_unique_status_index"
            ),
        ]

    def __str__(self) -> str:
        return f"{translated(self.learner_name)} — {self.specification_version}"

    @property
    def url(self) -> str:
        return f"{settings.SITE_URL}/credentials/c/{self.pk}"


class ApiToken(models.Model):
    """A bearer token for VC-API issuance on behalf of one institution; only its SHA-256 digest is stored."""

    organisation = models.ForeignKey("institutions.Organisation", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
