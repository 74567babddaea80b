"""The national recommendations tracker kept by the ministry (seeded with the webinar's five expected results)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wisam.core.i18n import TranslatedField, translated
from wisam.strategy.vocab import ExpectedResult, RecommendationStatus


class Recommendation(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    title = TranslatedField(_("recommendation"))
    description = TranslatedField(_("description"), blank=True, multiline=True)
    expected_result = models.PositiveSmallIntegerField(
        _("expected result served"), choices=ExpectedResult.choices, null=True, blank=True
    )
    owner = models.ForeignKey(
        "institutions.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RecommendationStatus.choices, default=RecommendationStatus.OPEN
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("national recommendation")
        verbose_name_plural = _("national recommendations")
        ordering: ClassVar[list[str]] = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {translated(self.title)}"


class RecommendationEvidence(models.Model):
    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="evidence")
    title = TranslatedField(_("title"))
    url = models.URLField(_("link"), max_length=500)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering: ClassVar[list[str]] = ["recommendation", "added_at"]

    def __str__(self) -> str:
        return translated(self.title)

    @property
    def organisation(self) -> Any:
        return None
