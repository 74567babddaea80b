"""Qualification frameworks, credit systems, ISCED-F fields, languages, ESCO skills and ELM vocabularies.

Every row that comes from a shipped data file carries `data_version` (the file's version) and `data_fingerprint`
(a hash of the shipped values as loaded). When the row's current values no longer match its fingerprint, somebody
edited it in the admin, and the loader leaves it alone (see docs/frameworks.md, "Versioning policy").
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from wisam.core.i18n import TranslatedField, translated
from wisam.frameworks.text import search_key

ESCO_SKILL_URI_PREFIX = "http://data.europa.eu/esco/skill/"
EQF_LEVEL_URI = "http://data.europa.eu/snb/eqf/{code}"
ISCED_F_URI = "http://data.europa.eu/snb/isced-f/{code}"
LANGUAGE_URI = "http://publications.europa.eu/resource/authority/language/{code}"


class DataRelease(models.Model):
    """One load of one shipped data file: which version, which bytes (sha256), when, and what it changed."""

    name = models.CharField(_("data set"), max_length=80, db_index=True)
    version = models.CharField(_("version"), max_length=40)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    source = models.TextField(_("source"), blank=True)
    license = models.TextField(_("licence"), blank=True)
    file_name = models.CharField(_("file"), max_length=200)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        verbose_name = _("data release")
        verbose_name_plural = _("data releases")
        ordering: ClassVar[list[str]] = ["name", "-loaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} {self.version} ({self.sha256[:12]})"


class Curated(models.Model):
    """Fields shared by every row a data file can ship."""

    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive rows stay for the records that use them but are not offered.")
    )
    data_version = models.CharField(
        _("data version"), max_length=40, blank=True, help_text=_("Version of the data file this row came from.")
    )
    data_fingerprint = models.CharField(
        _("data fingerprint"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("Hash of the shipped values; empty for rows created by hand."),
    )

    class Meta:
        abstract = True


class FrameworkStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class QualificationFramework(Curated):
    """A qualifications framework (EQF, the Palestinian NQF, the Arab Qualifications Framework) in one version."""

    code = models.CharField(_("code"), max_length=40, help_text=_("e.g. EQF, PS-NQF, AQF"))
    version = models.CharField(_("version"), max_length=40)
    name = TranslatedField(_("name"))
    short_name = TranslatedField(_("short name"), blank=True)
    description = TranslatedField(_("description"), multiline=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=FrameworkStatus.choices, default=FrameworkStatus.DRAFT
    )
    is_default = models.BooleanField(
        _("national default"), default=False, help_text=_("The framework micro-credentials are levelled against.")
    )
    uri = models.URLField(_("URI"), max_length=300, blank=True)
    scheme_uri = models.URLField(_("concept scheme URI"), max_length=300, blank=True)
    source = models.TextField(_("source"), blank=True)
    owner = models.CharField(_("owner"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("qualification framework")
        verbose_name_plural = _("qualification frameworks")
        ordering: ClassVar[list[str]] = ["-is_default", "code", "-version"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["code", "version"], name="frameworks_framework_code_version"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.version}"


class FrameworkLevel(Curated):
    """A level of a framework with its descriptors (knowledge, skills, responsibility and autonomy)."""

    framework = models.ForeignKey(QualificationFramework, on_delete=models.CASCADE, related_name="levels")
    code = models.CharField(_("code"), max_length=20)
    ordinal = models.PositiveSmallIntegerField(_("ordinal"))
    name = TranslatedField(_("name"))
    knowledge = TranslatedField(_("knowledge"), multiline=True, blank=True)
    skills = TranslatedField(_("skills"), multiline=True, blank=True)
    competence = TranslatedField(_("responsibility and autonomy (competence)"), multiline=True, blank=True)
    typical_qualifications = TranslatedField(_("typical qualifications"), blank=True)
    uri = models.URLField(_("URI"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("framework level")
        verbose_name_plural = _("framework levels")
        ordering: ClassVar[list[str]] = ["framework", "ordinal"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["framework", "code"], name="frameworks_level_framework_code"),
        ]

    def __str__(self) -> str:
        return f"{self.framework.code} {self.code}"

    @property
    def number(self) -> int:
        """The level as a number (what the design app and the ELM export need)."""
        return int(self.ordinal)


class MappingRelation(models.TextChoices):
    EQUIVALENT = "equivalent", _("Equivalent")
    BROADER = "broader", _("Broader (target covers more)")
    NARROWER = "narrower", _("Narrower (target covers less)")
    PARTIAL = "partial", _("Partial overlap")


class LevelMapping(Curated):
    """A level of one framework placed against a level of another, with the reasons."""

    source = models.ForeignKey(FrameworkLevel, on_delete=models.CASCADE, related_name="mappings_out")
    target = models.ForeignKey(FrameworkLevel, on_delete=models.CASCADE, related_name="mappings_in")
    relation = models.CharField(
        _("relation"), max_length=12, choices=MappingRelation.choices, default=MappingRelation.EQUIVALENT
    )
    basis = TranslatedField(_("basis"), multiline=True, blank=True)
    notes = TranslatedField(_("notes"), multiline=True, blank=True)

    class Meta:
        verbose_name = _("level mapping")
        verbose_name_plural = _("level mappings")
        ordering: ClassVar[list[str]] = ["source__framework__code", "source__ordinal", "target__framework__code"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["source", "target"], name="frameworks_mapping_source_target"),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"


class CreditSystem(Curated):
    """A credit system and how many notional learning hours one credit stands for."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = TranslatedField(_("name"))
    description = TranslatedField(_("description"), multiline=True, blank=True)
    uri = models.URLField(_("URI"), max_length=300, blank=True)
    aliases = models.JSONField(_("aliases"), default=list, blank=True, help_text=_("Other codes accepted in lookups."))
    hours_per_credit_min = models.DecimalField(_("hours per credit (min)"), max_digits=8, decimal_places=2)
    hours_per_credit_max = models.DecimalField(_("hours per credit (max)"), max_digits=8, decimal_places=2)
    hours_per_credit_default = models.DecimalField(_("hours per credit (used)"), max_digits=8, decimal_places=2)

    class Meta:
        verbose_name = _("credit system")
        verbose_name_plural = _("credit systems")
        ordering: ClassVar[list[str]] = ["code"]

    def __str__(self) -> str:
        return self.code

    def answers_to(self, code: str) -> bool:
        wanted = code.strip().casefold()
        return wanted == self.code.casefold() or wanted in {str(alias).casefold() for alias in self.aliases or []}


class CreditConversion(Curated):
    """The rule `credits in target = credits in source × factor`, kept as data with its reasoning."""

    from_system = models.ForeignKey(CreditSystem, on_delete=models.CASCADE, related_name="conversions_out")
    to_system = models.ForeignKey(CreditSystem, on_delete=models.CASCADE, related_name="conversions_in")
    factor = models.DecimalField(_("factor"), max_digits=12, decimal_places=6)
    from_hours = models.DecimalField(
        _("notional hours per source credit"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    to_hours = models.DecimalField(
        _("notional hours per target credit"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    basis = TranslatedField(_("basis"), multiline=True, blank=True)

    class Meta:
        verbose_name = _("credit conversion")
        verbose_name_plural = _("credit conversions")
        ordering: ClassVar[list[str]] = ["from_system__code", "to_system__code"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["from_system", "to_system"], name="frameworks_conversion_pair"),
        ]

    def __str__(self) -> str:
        return f"1 {self.from_system} = {self.factor.normalize()} {self.to_system}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.factor is not None and self.factor <= Decimal(0):
            raise ValidationError({"factor": _("The factor must be greater than zero.")})


class IscedLevel(models.TextChoices):
    BROAD = "broad", _("Broad field")
    NARROW = "narrow", _("Narrow field")
    DETAILED = "detailed", _("Detailed field")


class IscedField(Curated):
    """An ISCED-F 2013 field of education and training (broad: 2 digits, narrow: 3, detailed: 4)."""

    code = models.CharField(_("code"), max_length=4, unique=True)
    level = models.CharField(_("level"), max_length=10, choices=IscedLevel.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    name = TranslatedField(_("name"))

    class Meta:
        verbose_name = _("ISCED-F field")
        verbose_name_plural = _("ISCED-F fields")
        ordering: ClassVar[list[str]] = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {translated(self.name, 'en')}"

    @property
    def uri(self) -> str:
        return ISCED_F_URI.format(code=self.code)


class Language(Curated):
    """A language learning can happen in, with its EU authority-table URI (used by ELM)."""

    code = models.CharField(_("ISO 639-1 code"), max_length=3, unique=True)
    authority_code = models.CharField(_("EU authority code"), max_length=3, help_text=_("e.g. ARA"))
    name = TranslatedField(_("name"))
    native_name = models.CharField(_("native name"), max_length=80, blank=True)
    is_rtl = models.BooleanField(_("right to left"), default=False)
    ordinal = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering: ClassVar[list[str]] = ["ordinal", "code"]

    def __str__(self) -> str:
        return self.code

    @property
    def uri(self) -> str:
        return LANGUAGE_URI.format(code=self.authority_code)


class SkillType(models.TextChoices):
    SKILL = "skill/competence", _("Skill/competence")
    KNOWLEDGE = "knowledge", _("Knowledge")
    LANGUAGE = "language", _("Language skill or knowledge")
    TRANSVERSAL = "transversal", _("Transversal skill or competence")


class ReuseLevel(models.TextChoices):
    TRANSVERSAL = "transversal", _("Transversal")
    CROSS_SECTOR = "cross-sector", _("Cross-sector")
    SECTOR_SPECIFIC = "sector-specific", _("Sector-specific")
    OCCUPATION_SPECIFIC = "occupation-specific", _("Occupation-specific")


class Sector(models.TextChoices):
    ICT = "ict", _("Information and communication technology")
    BUSINESS = "business", _("Business and administration")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    ENGINEERING = "engineering", _("Engineering")
    TOURISM = "tourism", _("Tourism and hospitality")


class EscoSkill(Curated):
    """A skill or knowledge concept from ESCO, with its URI, labels in Arabic and English, type and reuse level."""

    uri = models.URLField(_("ESCO URI"), max_length=200, unique=True)
    label = TranslatedField(_("preferred label"))
    alt_labels = models.JSONField(_("alternative labels"), default=dict, blank=True, help_text=_('{"en": [...]}'))
    description = TranslatedField(_("description"), multiline=True, blank=True)
    skill_type = models.CharField(_("skill type"), max_length=20, choices=SkillType.choices)
    reuse_level = models.CharField(_("reuse level"), max_length=20, choices=ReuseLevel.choices)
    collections = models.JSONField(_("ESCO collections"), default=list, blank=True)
    sectors = models.JSONField(_("sectors"), default=list, blank=True)
    isced_fields = models.ManyToManyField(IscedField, blank=True, related_name="skills", verbose_name=_("ISCED-F"))
    label_sources = models.JSONField(
        _("label provenance"),
        default=dict,
        blank=True,
        help_text=_('e.g. {"en": "esco-1.2", "ar": "wisam-translation"}'),
    )
    esco_version = models.CharField(_("ESCO version"), max_length=20, blank=True)
    search_ar = models.TextField(editable=False, blank=True)
    search_en = models.TextField(editable=False, blank=True)

    class Meta:
        verbose_name = _("ESCO skill")
        verbose_name_plural = _("ESCO skills")
        ordering: ClassVar[list[str]] = ["uri"]

    def __str__(self) -> str:
        return translated(self.label, "en") or self.uri

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_search_keys()
        super().save(*args, **kwargs)

    def refresh_search_keys(self) -> None:
        # Kept in columns so search is a plain `contains` on any database; labels change rarely.
        label = self.label if isinstance(self.label, dict) else {}
        alternatives = self.alt_labels if isinstance(self.alt_labels, dict) else {}
        for language in ("ar", "en"):
            parts = [label.get(language, ""), *list(alternatives.get(language, []) or [])]
            setattr(self, f"search_{language}", " | ".join(search_key(part) for part in parts if part))


class Vocabulary(Curated):
    """A controlled vocabulary (an ELM/EU concept scheme such as learning setting or type of assessment)."""

    code = models.CharField(_("code"), max_length=60, unique=True)
    scheme_uri = models.URLField(_("concept scheme URI"), max_length=300, blank=True)
    name = TranslatedField(_("name"))
    description = TranslatedField(_("description"), multiline=True, blank=True)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("vocabulary")
        verbose_name_plural = _("vocabularies")
        ordering: ClassVar[list[str]] = ["code"]

    def __str__(self) -> str:
        return self.code


class VocabularyConcept(Curated):
    """A concept of a vocabulary; `uri` is the EU concept URI, empty for a concept Wisam adds locally."""

    vocabulary = models.ForeignKey(Vocabulary, on_delete=models.CASCADE, related_name="concepts")
    code = models.CharField(_("code"), max_length=60)
    uri = models.URLField(_("concept URI"), max_length=300, blank=True)
    uri_verified = models.BooleanField(
        _("URI verified"),
        default=True,
        help_text=_("False where the URI follows the scheme's pattern but was not seen."),
    )
    label = TranslatedField(_("label"))
    definition = TranslatedField(_("definition"), multiline=True, blank=True)
    notation = models.CharField(_("notation"), max_length=60, blank=True)
    ordinal = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("vocabulary concept")
        verbose_name_plural = _("vocabulary concepts")
        ordering: ClassVar[list[str]] = ["vocabulary", "ordinal", "code"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["vocabulary", "code"], name="frameworks_concept_vocabulary_code"),
        ]

    def __str__(self) -> str:
        return f"{self.vocabulary.code}:{self.code}"
