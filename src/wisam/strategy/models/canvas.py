"""The institutional micro-credential strategy: Brown, McGreal & Peters' (2023) key questions, versioned."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wisam.core.i18n import TranslatedField
from wisam.strategy.vocab import BusinessModel, CreditBearing, LeadershipStyle, StructureModel


class Strategy(models.Model):
    """An institution's strategy; its content lives in immutable versions (the last one is current)."""

    organisation = models.OneToOneField(
        "institutions.Organisation", on_delete=models.CASCADE, related_name="mc_strategy"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("micro-credential strategy")
        verbose_name_plural = _("micro-credential strategies")

    def __str__(self) -> str:
        return f"{self.organisation}"

    @property
    def current(self) -> StrategyVersion | None:
        return self.versions.order_by("-number").first()


# The canvas: (section, question, field names). Views and the version diff walk this; the ADR explains the source.
CANVAS_SECTIONS: tuple[tuple[str, Any, Any, tuple[str, ...]], ...] = (
    ("framing", _("Are micro-credentials right for us?"), _("The framing question."), ("rationale",)),
    (
        "positioning",
        _("1. How do we strategically position micro-credentials?"),
        _(
            "Drivers and attractors (a force-field analysis), where they fit, credit-bearing or not, stackable or not, size."
        ),
        ("drivers", "restraining_forces", "fit", "credit_bearing", "stackable", "size"),
    ),
    (
        "leadership",
        _("2. What type of institutional leadership is required?"),
        _("Laissez-faire, transactional or transformative; effective leaders listen, link, leverage and then lead."),
        ("leadership_style", "leadership"),
    ),
    (
        "structures",
        _("3. What internal structures are required?"),
        _(
            "The team (finance, VLE support, teaching and learning support, learner support …); a central or devolved unit."
        ),
        ("structure_model", "structures"),
    ),
    (
        "business_model",
        _("4. What fit-for-purpose business model?"),
        _(
            "After Presant (2020): sole institution, business unit, consortium, industry-led, professional body, NGO, MOOC, OPX."
        ),
        ("business_model", "business_case"),
    ),
    (
        "risks",
        _("5. How will we mitigate the risks?"),
        _("Plan the innovation over the Three Horizons: sustain the core, build emerging business, create options."),
        ("risks", "horizon_1", "horizon_2", "horizon_3"),
    ),
)


class StrategyVersion(models.Model):
    """One saved state of the strategy canvas. Never edited: a change is a new version with the next number."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    rationale = TranslatedField(_("Why micro-credentials, for us"), blank=True, multiline=True)
    drivers = TranslatedField(_("Drivers and attractors"), blank=True, multiline=True)
    restraining_forces = TranslatedField(_("Restraining forces"), blank=True, multiline=True)
    fit = TranslatedField(_("Where they fit in our offer"), blank=True, multiline=True)
    credit_bearing = models.CharField(_("Credit"), max_length=20, choices=CreditBearing.choices, blank=True)
    stackable = models.BooleanField(_("Stackable towards qualifications"), default=False)
    size = TranslatedField(_("Size (workload, ECTS)"), blank=True)
    leadership_style = models.CharField(
        _("Leadership style"), max_length=20, choices=LeadershipStyle.choices, blank=True
    )
    leadership = TranslatedField(_("Leadership: who leads and how"), blank=True, multiline=True)
    structure_model = models.CharField(_("Unit model"), max_length=20, choices=StructureModel.choices, blank=True)
    structures = TranslatedField(_("Internal structures and support services"), blank=True, multiline=True)
    business_model = models.CharField(_("Business model"), max_length=30, choices=BusinessModel.choices, blank=True)
    business_case = TranslatedField(_("Business case: costs, fees, funding"), blank=True, multiline=True)
    risks = TranslatedField(_("Main risks and mitigations"), blank=True, multiline=True)
    horizon_1 = TranslatedField(_("Horizon 1: sustain the core (0–1 year)"), blank=True, multiline=True)
    horizon_2 = TranslatedField(_("Horizon 2: build the emerging (1–3 years)"), blank=True, multiline=True)
    horizon_3 = TranslatedField(_("Horizon 3: create options for the future (3+ years)"), blank=True, multiline=True)
    change_note = models.CharField(_("What changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    CONTENT_FIELDS: ClassVar[tuple[str, ...]] = tuple(name for section in CANVAS_SECTIONS for name in section[3])

    class Meta:
        verbose_name = _("strategy version")
        verbose_name_plural = _("strategy versions")
        ordering: ClassVar[list[str]] = ["strategy", "-number"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["strategy", "number"], name="strategy_unique_version_number"),
        ]

    def __str__(self) -> str:
        return f"{self.strategy} v{self.number}"

    @property
    def organisation(self) -> Any:
        return self.strategy.organisation

    def content(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.CONTENT_FIELDS}
