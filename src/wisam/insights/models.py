"""Employer skill needs, and the snapshots the national dashboards aggregate (taught skills, linter findings).

`SkillNeed` is recorded by employers' representatives. `TaughtSkill` and `LintFinding` are derived rows, rebuilt by
`wisam.insights.services` from the register and the design linter, so that every dashboard figure is one GROUP BY in
the database instead of a walk over JSON lists or a linter run per page view.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wisam.frameworks.models import Sector
from wisam.institutions.models import Region


class Horizon(models.TextChoices):
    """When the employer needs the people."""

    NOW = "0_12", _("Within 12 months")
    MEDIUM = "12_36", _("In 12 to 36 months")
    LONG = "36_plus", _("In more than 36 months")


class SkillNeed(models.Model):
    """An employer's need for people with some ESCO skills, in a sector and region, within a time horizon."""

    organisation = models.ForeignKey(
        "institutions.Organisation", on_delete=models.PROTECT, related_name="skill_needs", verbose_name=_("employer")
    )
    skills = models.ManyToManyField("frameworks.EscoSkill", related_name="+", verbose_name=_("ESCO skills"))
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    region = models.CharField(_("region"), max_length=30, choices=Region.choices)
    people = models.PositiveIntegerField(
        _("number of people"), validators=[MinValueValidator(1), MaxValueValidator(100_000)]
    )
    horizon = models.CharField(_("time horizon"), max_length=10, choices=Horizon.choices, default=Horizon.NOW)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("skill need")
        verbose_name_plural = _("skill needs")
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.people} ({self.get_sector_display()}, {self.get_region_display()})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class TaughtSkill(models.Model):
    """One ESCO skill taught by one register entry (through its version's learning outcomes); derived data."""

    entry = models.ForeignKey("accreditation.RegisterEntry", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey("institutions.Organisation", on_delete=models.CASCADE, related_name="+")
    skill_uri = models.CharField(max_length=200)
    region = models.CharField(max_length=30, blank=True)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["entry", "skill_uri"], name="insights_unique_taught_skill"),
        ]
        indexes: ClassVar[list[Any]] = [models.Index(fields=["skill_uri"], name="insights_taught_skill_uri")]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.skill_uri}"


class LintFinding(models.Model):
    """One finding of the design linter on the latest version of a micro-credential; derived data."""

    version = models.ForeignKey("design.SpecificationVersion", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey("institutions.Organisation", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=60)
    severity = models.CharField(max_length=20)
    block = models.CharField(max_length=40, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["organisation", "code", "severity"], name="insights_lint_org_code"),
        ]

    def __str__(self) -> str:
        return f"{self.version_id} {self.code} ({self.severity})"
