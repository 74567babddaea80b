"""Maturity models as versioned data, institutions' self-assessments against them, and improvement roadmaps."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wisam.core.i18n import TranslatedField, translated
from wisam.strategy.vocab import ActionStatus, AssessmentStatus, ModelStatus

LEVEL = [MinValueValidator(1), MaxValueValidator(5)]


class MaturityModel(models.Model):
    """One version of a maturity model (dimensions × levels × indicators). Published versions never change;
    the ministry or AQAC edits a draft copy and publishes it as the next version."""

    slug = models.SlugField(_("key"), max_length=60)
    version = models.PositiveIntegerField(_("version"))
    title = TranslatedField(_("title"))
    description = TranslatedField(_("description"), blank=True, multiline=True)
    status = models.CharField(_("status"), max_length=20, choices=ModelStatus.choices, default=ModelStatus.DRAFT)
    sources = models.JSONField(_("sources"), default=list, blank=True)
    change_note = TranslatedField(_("what changed"), blank=True, multiline=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("maturity model")
        verbose_name_plural = _("maturity models")
        ordering: ClassVar[list[str]] = ["slug", "-version"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["slug", "version"], name="strategy_unique_model_version"),
        ]

    def __str__(self) -> str:
        return f"{translated(self.title)} (v{self.version})"

    @property
    def is_draft(self) -> bool:
        return self.status == ModelStatus.DRAFT


class MaturityLevel(models.Model):
    model = models.ForeignKey(MaturityModel, on_delete=models.CASCADE, related_name="levels")
    number = models.PositiveSmallIntegerField(_("level"), validators=LEVEL)
    name = TranslatedField(_("name"))
    description = TranslatedField(_("description"), blank=True, multiline=True)

    class Meta:
        verbose_name = _("maturity level")
        verbose_name_plural = _("maturity levels")
        ordering: ClassVar[list[str]] = ["model", "number"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["model", "number"], name="strategy_unique_level"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {translated(self.name)}"


class MaturityDimension(models.Model):
    """A dimension; `descriptors` maps "1".."5" to what the institution looks like at that level."""

    model = models.ForeignKey(MaturityModel, on_delete=models.CASCADE, related_name="dimensions")
    key = models.SlugField(_("key"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = TranslatedField(_("name"))
    description = TranslatedField(_("description"), blank=True, multiline=True)
    descriptors = models.JSONField(_("level descriptors"), default=dict, blank=True)
    owner_role = models.CharField(_("usual owner (team role)"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("maturity dimension")
        verbose_name_plural = _("maturity dimensions")
        ordering: ClassVar[list[str]] = ["model", "order", "id"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["model", "key"], name="strategy_unique_dimension"),
        ]

    def __str__(self) -> str:
        return translated(self.name)

    def descriptor(self, level: int) -> Any:
        return self.descriptors.get(str(level), {})


class MaturityIndicator(models.Model):
    dimension = models.ForeignKey(MaturityDimension, on_delete=models.CASCADE, related_name="indicators")
    key = models.SlugField(_("key"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    statement = TranslatedField(_("indicator"), multiline=True)
    evidence_hint = TranslatedField(_("evidence to look for"), blank=True, multiline=True)

    class Meta:
        verbose_name = _("maturity indicator")
        verbose_name_plural = _("maturity indicators")
        ordering: ClassVar[list[str]] = ["dimension", "order", "id"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["dimension", "key"], name="strategy_unique_indicator"),
        ]

    def __str__(self) -> str:
        return translated(self.statement)


class MaturityAssessment(models.Model):
    """An institution's self-assessment against one model version. `results` is frozen at submission:
    {"levels": {dimension key: level}, "scores": {dimension key: mean}} (see wisam.strategy.scoring)."""

    organisation = models.ForeignKey(
        "institutions.Organisation", on_delete=models.CASCADE, related_name="maturity_assessments"
    )
    model = models.ForeignKey(MaturityModel, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(
        _("status"), max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    assessed_on = models.DateField(_("date of the assessment"))
    results = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("maturity self-assessment")
        verbose_name_plural = _("maturity self-assessments")
        ordering: ClassVar[list[str]] = ["organisation", "-assessed_on", "-id"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status="draft"),
                name="strategy_one_draft_assessment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.assessed_on:%Y-%m-%d}"

    @property
    def is_draft(self) -> bool:
        return self.status == AssessmentStatus.DRAFT


class IndicatorRating(models.Model):
    assessment = models.ForeignKey(MaturityAssessment, on_delete=models.CASCADE, related_name="ratings")
    indicator = models.ForeignKey(MaturityIndicator, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("level reached"), validators=LEVEL, null=True, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("indicator rating")
        verbose_name_plural = _("indicator ratings")
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["assessment", "indicator"], name="strategy_unique_rating"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.level}"

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence.strip() or self.evidence_url.strip())


class RoadmapAction(models.Model):
    """An improvement action tied to a dimension; proposed from an assessment's gaps, then owned and tracked."""

    organisation = models.ForeignKey(
        "institutions.Organisation", on_delete=models.CASCADE, related_name="roadmap_actions"
    )
    assessment = models.ForeignKey(
        MaturityAssessment, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    dimension = models.ForeignKey(
        MaturityDimension, on_delete=models.PROTECT, related_name="+", verbose_name=_("dimension")
    )
    title = TranslatedField(_("action"))
    description = TranslatedField(_("details"), blank=True, multiline=True)
    target_level = models.PositiveSmallIntegerField(_("target level"), validators=LEVEL, null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="roadmap_actions",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PROPOSED)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("roadmap action")
        verbose_name_plural = _("roadmap actions")
        ordering: ClassVar[list[str]] = ["organisation", "due_on", "id"]

    def __str__(self) -> str:
        return translated(self.title)
