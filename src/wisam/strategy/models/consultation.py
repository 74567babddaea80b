"""Consultations on a draft: the national accreditation guideline or a maturity model, commented item by item."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from wisam.core.i18n import TranslatedField, translated


class ConsultationStatus(models.TextChoices):
    OPEN = "open", _("Open for comments")
    CLOSED = "closed", _("Closed")


class CommentOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted: the text changes")
    PARTLY = "partly", _("Partly accepted")
    NOTED = "noted", _("Noted, no change")
    REJECTED = "rejected", _("Not accepted")


class Consultation(models.Model):
    """A draft opened for comments. `target` is an `accreditation.Guideline` or a `strategy.MaturityModel` draft;
    its items are the guideline's criteria or the model's indicators (wisam.strategy.consultation.items)."""

    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    title = TranslatedField(_("title"))
    status = models.CharField(
        _("status"), max_length=20, choices=ConsultationStatus.choices, default=ConsultationStatus.OPEN
    )
    closes_on = models.DateField(_("comments until"), null=True, blank=True)
    summary = TranslatedField(_("what changed and why"), blank=True, multiline=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering: ClassVar[list[str]] = ["-opened_at"]
        indexes: ClassVar[list[Any]] = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return translated(self.title)

    @property
    def is_open(self) -> bool:
        return self.status == ConsultationStatus.OPEN


class ConsultationComment(models.Model):
    """A stakeholder's comment on one item, and the answer of AQAC or the ministry."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="comments")
    item_key = models.CharField(_("item"), max_length=80)
    item_label = TranslatedField(_("item text"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "institutions.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)
    response = models.TextField(_("answer"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=CommentOutcome.choices, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("consultation comment")
        verbose_name_plural = _("consultation comments")
        ordering: ClassVar[list[str]] = ["consultation", "item_key", "created_at"]

    def __str__(self) -> str:
        return f"{self.item_key}: {self.text[:40]}"
