"""Micro-credential specifications: a stable identity (`MicroCredential`) and its versions on the 10 building blocks.

A `SpecificationVersion` carries every EU Annex I element of the offer (reference/domain.md §1.2) and the rest of
the building blocks (data/building_blocks.json); repeated things are child models (outcomes, activities,
assessments, KPIs) so that alignment matrices and version comparisons are possible. Only `wisam.design.services`
writes these models; the quality workflow moves a version's status through `specification_version_set_status`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wisam.core.i18n import TranslatedField, translated


class VersionStatus(models.TextChoices):
    """Where a version stands; the quality workflow (and later accreditation) drives the transitions."""

    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In internal review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved by the institution")
    READY_FOR_ACCREDITATION = "ready_for_accreditation", _("Ready for accreditation")


# A version may be edited only in these states; everything else is frozen (submitted, approved, ...).
EDITABLE_STATUSES = frozenset({VersionStatus.DRAFT, VersionStatus.CHANGES_REQUESTED})
# AQAC sees a version once the institution has submitted it for accreditation.
AQAC_VISIBLE_STATUSES = frozenset({VersionStatus.READY_FOR_ACCREDITATION})


class ParticipationMode(models.TextChoices):
    """Form of participation (Annex I, mandatory 10); ELM `mode` (learning-assessment scheme)."""

    ONLINE = "online", _("Online")
    ONSITE = "onsite", _("On site")
    BLENDED = "blended", _("Blended")


class LearningSetting(models.TextChoices):
    FORMAL = "formal", _("Formal learning")
    NON_FORMAL = "non_formal", _("Non-formal learning")


class Supervision(models.TextChoices):
    """Supervision and identity verification during assessment: the three values of Annex I (optional 2)."""

    UNSUPERVISED_NO_ID = "unsupervised_no_id", _("Unsupervised, with no identity verification")
    SUPERVISED_NO_ID = "supervised_no_id", _("Supervised, with no identity verification")
    SUPERVISED_WITH_ID = "supervised_with_id", _("Supervised online or on site, with identity verification")


class Stackability(models.TextChoices):
    """Integration/stackability options (Annex I, optional 4)."""

    STANDALONE = "standalone", _("Stand-alone, independent micro-credential")
    INTEGRATED = "integrated", _("Integrated, stackable towards another credential")


class GradingScheme(models.TextChoices):
    PASS_FAIL = "pass_fail", _("Pass / fail")
    PERCENTAGE = "percentage", _("Percentage (0–100)")
    LETTER = "letter", _("Letter grades")
    DESCRIPTIVE = "descriptive", _("Descriptive levels (e.g. competent / not yet competent)")


class CredentialFormat(models.TextChoices):
    EUROPASS_ELM = "elm", _("European Digital Credential (Europass, ELM v3)")
    OPEN_BADGE = "ob3", _("Open Badge 3.0")
    BOTH = "elm_ob3", _("Both: European Digital Credential and Open Badge 3.0")
    PAPER = "paper", _("Paper certificate with a verification code")


class AssessmentMethod(models.TextChoices):
    WRITTEN_EXAM = "written_exam", _("Written examination")
    QUIZ = "quiz", _("Online quiz")
    PROJECT = "project", _("Project")
    PORTFOLIO = "portfolio", _("Portfolio")
    PRACTICAL = "practical", _("Practical demonstration / skills test")
    OBSERVATION = "observation", _("Workplace or simulated observation")
    CASE_STUDY = "case_study", _("Case study")
    PRESENTATION = "presentation", _("Presentation")
    ORAL = "oral", _("Oral examination")
    RPL = "rpl", _("Recognition of prior learning")


class AssessmentPurpose(models.TextChoices):
    SUMMATIVE = "summative", _("Summative (counts towards the award)")
    FORMATIVE = "formative", _("Formative (feedback only)")


class ActivityKind(models.TextChoices):
    LECTURE = "lecture", _("Lecture or seminar")
    WORKSHOP = "workshop", _("Workshop / lab")
    SELF_STUDY = "self_study", _("Guided self-study")
    PROJECT = "project", _("Project work")
    PLACEMENT = "placement", _("Work-based learning / placement")
    SIMULATION = "simulation", _("Simulation")
    FIELD = "field", _("Field visit")
    ONLINE = "online", _("Online module")


class MicroCredential(models.Model):
    """The stable identity of a micro-credential across its versions, owned by one institution."""

    organisation = models.ForeignKey(
        "institutions.Organisation", on_delete=models.PROTECT, related_name="micro_credentials"
    )
    unit = models.ForeignKey(
        "institutions.OrganisationUnit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="micro_credentials",
    )
    code = models.SlugField(
        _("code"), max_length=40, help_text=_("Short code, unique within the institution, e.g. DATA-PY-01.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("micro-credential")
        verbose_name_plural = _("micro-credentials")
        ordering: ClassVar[list[str]] = ["organisation__slug", "code"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["organisation", "code"], name="design_unique_code_per_organisation"),
        ]

    def __str__(self) -> str:
        latest = self.versions.order_by("-number").first()
        return translated(latest.title) if latest and latest.title else self.code


class SpecificationVersion(models.Model):
    """One version of a micro-credential's specification; frozen unless its status is editable.

    Field groups follow the 10 building blocks; `block_fields()` in `wisam.design.blocks` lists them.
    """

    micro_credential = models.ForeignKey(MicroCredential, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=40, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    created_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="successors"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)

    # 1. Need and relevance
    need = TranslatedField(_("labour-market or societal need"), blank=True, multiline=True)
    need_evidence = TranslatedField(_("evidence of the need"), blank=True, multiline=True)
    target_group = TranslatedField(_("target group"), blank=True, multiline=True)
    co_design_partners = TranslatedField(
        _("co-design partners"),
        blank=True,
        multiline=True,
        help_text=_("Employers and others who helped design it, and their input (details are kept by quality)."),
    )

    # 2. Learning outcomes: the LearningOutcome child model.
    # 3. Level and volume
    eqf_level = models.PositiveSmallIntegerField(
        _("EQF level"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    nqf_level = models.PositiveSmallIntegerField(
        _("Palestinian NQF level"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    isced_code = models.CharField(
        _("ISCED-F field"), max_length=8, blank=True, help_text=_("ISCED-F 2013 code, e.g. 0613.")
    )
    notional_hours = models.PositiveIntegerField(
        _("notional workload (hours)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(2000)],
    )
    ects = models.DecimalField(
        _("ECTS credits"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(120)],
    )
    credit_hours = models.DecimalField(
        _("credit hours"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
    )

    # 4. Learning design (activities: the LearningActivity child model)
    participation_mode = models.CharField(
        _("form of participation"), max_length=20, choices=ParticipationMode.choices, blank=True
    )
    learning_setting = models.CharField(
        _("learning setting"), max_length=20, choices=LearningSetting.choices, blank=True
    )
    duration_weeks = models.PositiveSmallIntegerField(
        _("duration (weeks)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(104)]
    )
    languages = models.JSONField(
        _("languages of instruction"), default=list, blank=True, help_text=_("ISO 639-1 codes, e.g. ar, en.")
    )

    # 5. Assessment (assessments: the Assessment child model)
    assessment_type = TranslatedField(_("type of assessment"), blank=True, multiline=True)
    grading_scheme = models.CharField(_("grading"), max_length=20, choices=GradingScheme.choices, blank=True)
    grading_description = TranslatedField(_("grading rules"), blank=True, multiline=True)
    supervision = models.CharField(
        _("supervision and identity verification"), max_length=30, choices=Supervision.choices, blank=True
    )

    # 6. Quality assurance
    qa_type = TranslatedField(_("type of quality assurance"), blank=True, multiline=True)
    external_qa_body = TranslatedField(_("external QA body"), blank=True)
    review_cycle_months = models.PositiveSmallIntegerField(
        _("review cycle (months)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    feedback_instruments = TranslatedField(_("feedback instruments"), blank=True, multiline=True)

    # 7. Stackability and pathways
    stackability = models.CharField(
        _("integration / stackability"), max_length=20, choices=Stackability.choices, blank=True
    )
    stackable_towards = TranslatedField(_("stackable towards"), blank=True, multiline=True)
    prerequisites = TranslatedField(_("prerequisites"), blank=True, multiline=True)

    # 8. Recognition and credentialing
    title = TranslatedField(_("title"), blank=True)
    awarding_body = TranslatedField(_("awarding body"), blank=True)
    awarding_country = models.CharField(_("country of the awarding body"), max_length=2, blank=True, default="PS")
    credential_format = models.CharField(
        _("credential format"), max_length=20, choices=CredentialFormat.choices, blank=True
    )
    validity_months = models.PositiveSmallIntegerField(_("validity (months; empty = no expiry)"), null=True, blank=True)
    further_information = TranslatedField(_("further information"), blank=True, multiline=True)

    # 9. Access and learner support
    entry_requirements = TranslatedField(_("entry requirements"), blank=True, multiline=True)
    inclusion_support = TranslatedField(_("inclusion and learner support"), blank=True, multiline=True)
    guidance = TranslatedField(_("information and guidance"), blank=True, multiline=True)
    fee_amount = models.DecimalField(
        _("fee"), max_digits=9, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    fee_currency = models.CharField(_("currency"), max_length=3, blank=True, default="ILS")
    fee_notes = TranslatedField(_("fees: waivers and notes"), blank=True, multiline=True)

    # 10. Evaluation and improvement (KPIs: the Kpi child model)
    next_review_date = models.DateField(_("next review date"), null=True, blank=True)
    change_log = TranslatedField(_("change log"), blank=True, multiline=True)

    class Meta:
        verbose_name = _("specification version")
        verbose_name_plural = _("specification versions")
        ordering: ClassVar[list[str]] = ["micro_credential_id", "-number"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["micro_credential", "number"], name="design_unique_version_number"),
        ]

    def __str__(self) -> str:
        return f"{translated(self.title) or self.micro_credential.code} v{self.number}"

    @property
    def organisation(self) -> Any:
        return self.micro_credential.organisation

    @property
    def is_frozen(self) -> bool:
        return self.status not in EDITABLE_STATUSES


class OrderedChild(models.Model):
    """A repeated element of a version, kept in the designer's order."""

    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering: ClassVar[list[str]] = ["order", "id"]


class LearningOutcome(OrderedChild):
    """What the learner can do on completion: action verb + object + context (domain.md §9)."""

    version = models.ForeignKey(SpecificationVersion, on_delete=models.CASCADE, related_name="outcomes")
    text = TranslatedField(_("learning outcome"), blank=True, multiline=True)
    bloom_level = models.PositiveSmallIntegerField(
        _("Bloom level"), null=True, blank=True, help_text=_("Derived from the action verb by the linter.")
    )
    skills = models.JSONField(
        _("ESCO skills"),
        default=list,
        blank=True,
        help_text=_("ESCO skill URIs this outcome evidences."),
    )

    class Meta(OrderedChild.Meta):
        verbose_name = _("learning outcome")
        verbose_name_plural = _("learning outcomes")

    def __str__(self) -> str:
        return translated(self.text)[:80]


class LearningActivity(OrderedChild):
    version = models.ForeignKey(SpecificationVersion, on_delete=models.CASCADE, related_name="activities")
    title = TranslatedField(_("activity"), blank=True)
    description = TranslatedField(_("description"), blank=True, multiline=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices, blank=True)
    hours = models.PositiveSmallIntegerField(_("hours"), null=True, blank=True)
    outcomes = models.ManyToManyField(LearningOutcome, blank=True, related_name="activities")

    class Meta(OrderedChild.Meta):
        verbose_name = _("learning activity")
        verbose_name_plural = _("learning activities")

    def __str__(self) -> str:
        return translated(self.title)


class Assessment(OrderedChild):
    version = models.ForeignKey(SpecificationVersion, on_delete=models.CASCADE, related_name="assessments")
    title = TranslatedField(_("assessment"), blank=True)
    method = models.CharField(_("method"), max_length=20, choices=AssessmentMethod.choices, blank=True)
    purpose = models.CharField(
        _("purpose"), max_length=20, choices=AssessmentPurpose.choices, default=AssessmentPurpose.SUMMATIVE
    )
    weighting = models.PositiveSmallIntegerField(
        _("weighting (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    criteria = TranslatedField(_("criteria / rubric"), blank=True, multiline=True)
    outcomes = models.ManyToManyField(LearningOutcome, blank=True, related_name="assessments")

    class Meta(OrderedChild.Meta):
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return translated(self.title)


class Kpi(OrderedChild):
    version = models.ForeignKey(SpecificationVersion, on_delete=models.CASCADE, related_name="kpis")
    name = TranslatedField(_("indicator"), blank=True)
    target = TranslatedField(_("target"), blank=True)
    instrument = TranslatedField(_("how it is measured"), blank=True)

    class Meta(OrderedChild.Meta):
        verbose_name = _("key performance indicator")
        verbose_name_plural = _("key performance indicators")

    def __str__(self) -> str:
        return translated(self.name)
