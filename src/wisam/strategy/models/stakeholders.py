"""Stakeholder registers (one per institution; the ministries' registers form the national one) and engagements."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wisam.core.i18n import TranslatedField, translated
from wisam.strategy.vocab import EngagementKind, LifecycleStage, StakeholderType

SCALE = [MinValueValidator(1), MaxValueValidator(5)]


class Stakeholder(models.Model):
    """An entry of a register. `organisation` keeps the register; a ministry's register is the national one."""

    organisation = models.ForeignKey("institutions.Organisation", on_delete=models.CASCADE, related_name="stakeholders")
    name = TranslatedField(_("name"))
    kind = models.CharField(_("type"), max_length=30, choices=StakeholderType.choices)
    represents = models.ForeignKey(
        "institutions.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation in Wisam"),
        help_text=_("When the stakeholder is an organisation registered in Wisam."),
    )
    influence = models.PositiveSmallIntegerField(_("influence (1–5)"), validators=SCALE, default=3)
    interest = models.PositiveSmallIntegerField(_("interest (1–5)"), validators=SCALE, default=3)
    contact = models.CharField(_("contact person"), max_length=200, blank=True)
    notes = TranslatedField(_("notes"), blank=True, multiline=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering: ClassVar[list[str]] = ["organisation", "-influence", "-interest", "id"]

    def __str__(self) -> str:
        return translated(self.name)

    @property
    def is_national(self) -> bool:
        from wisam.institutions.roles import OrganisationKind

        return self.organisation.kind == OrganisationKind.MINISTRY


class Responsibility(models.Model):
    """What a stakeholder is responsible for in one lifecycle stage."""

    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="responsibilities")
    stage = models.CharField(_("stage"), max_length=30, choices=LifecycleStage.choices)
    description = TranslatedField(_("responsibility"), multiline=True)

    class Meta:
        verbose_name = _("stakeholder responsibility")
        verbose_name_plural = _("stakeholder responsibilities")
        ordering: ClassVar[list[str]] = ["stakeholder", "stage", "id"]

    def __str__(self) -> str:
        return f"{self.stakeholder}: {self.stage}"

    @property
    def organisation(self) -> Any:
        return self.stakeholder.organisation


class Engagement(models.Model):
    """A co-design workshop, consultation or focus group with stakeholders, and what came out of it."""

    organisation = models.ForeignKey(
        "institutions.Organisation", on_delete=models.CASCADE, related_name="stakeholder_engagements"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=EngagementKind.choices)
    title = TranslatedField(_("title"))
    held_on = models.DateField(_("held on"))
    stage = models.CharField(_("lifecycle stage"), max_length=30, choices=LifecycleStage.choices, blank=True)
    stakeholders = models.ManyToManyField(Stakeholder, related_name="engagements", verbose_name=_("stakeholders"))
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    outcomes = TranslatedField(_("outcomes"), blank=True, multiline=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering: ClassVar[list[str]] = ["organisation", "-held_on", "-id"]

    def __str__(self) -> str:
        return translated(self.title)


class OutcomeLink(models.Model):
    """An engagement's outcome shaped this object: a micro-credential, a guideline version, a maturity model.

    Generic (content type + id) so that the strategy app does not depend on the apps it points into; which models
    may be linked is the `LINKABLE` list in wisam.strategy.services.
    """

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="links")
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    label = TranslatedField(_("label"), blank=True)
    note = TranslatedField(_("how it shaped it"), blank=True)

    class Meta:
        verbose_name = _("outcome link")
        verbose_name_plural = _("outcome links")
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["engagement", "target_type", "target_id"], name="strategy_unique_outcome_link"
            ),
        ]
        indexes: ClassVar[list[Any]] = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.engagement} → {translated(self.label) or self.target_id}"

    @property
    def organisation(self) -> Any:
        return self.engagement.organisation
