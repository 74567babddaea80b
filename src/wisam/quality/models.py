"""Internal QA: checklists as versioned data, reviews of specification versions, judgements, comments, co-design.

Only `wisam.quality.services` writes these models. A `Review` is the internal-QA workflow state of one
specification version (wisam.core.workflow); its transitions are defined in `wisam.quality.workflow`.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wisam.core.i18n import TranslatedField, translated
from wisam.core.workflow import WorkflowState
from wisam.quality.workflow import REVIEW_WORKFLOW, ReviewState


class Checklist(models.Model):
    """One version of a QA checklist (e.g. the EU principles of Annex II, v1), loaded from data/*.json.

    A loaded version never changes: reviews point at the exact items they were judged against. A changed checklist is
    published as a new version; `is_current` marks the latest version of each key.
    """

    key = models.SlugField(_("key"), max_length=60)
    version = models.PositiveIntegerField(_("version"))
    title = TranslatedField(_("title"))
    description = TranslatedField(_("description"), blank=True, multiline=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    is_default = models.BooleanField(_("applied to every new review"), default=False)
    is_current = models.BooleanField(_("current version"), default=True)
    content_hash = models.CharField(max_length=64, editable=False)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("QA checklist")
        verbose_name_plural = _("QA checklists")
        ordering: ClassVar[list[str]] = ["key", "-version"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["key", "version"], name="quality_unique_checklist_version"),
        ]

    def __str__(self) -> str:
        return f"{translated(self.title)} (v{self.version})"


class ChecklistItem(models.Model):
    """A question of a checklist, with guidance; `linter_codes` are the lint findings that let Wisam pre-fill it."""

    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("code"), max_length=30)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    section = TranslatedField(_("section"), blank=True)
    text = TranslatedField(_("question"), multiline=True)
    guidance = TranslatedField(_("guidance"), blank=True, multiline=True)
    linter_codes = models.JSONField(_("linter finding codes"), default=list, blank=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering: ClassVar[list[str]] = ["checklist_id", "order", "id"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["checklist", "code"], name="quality_unique_item_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {translated(self.text)[:60]}"

    @property
    def can_prefill(self) -> bool:
        return bool(self.linter_codes)


class Review(WorkflowState):
    """The internal QA of one specification version: where it stands, the checklists applied and the judgements.

    A version has at most one active review (a conditional unique constraint); the review leaves "active" when the
    version is ready for accreditation. `organisation` is the owning institution, copied from the version so that
    the permission policy can filter on it.
    """

    WORKFLOW = REVIEW_WORKFLOW

    version = models.ForeignKey("design.SpecificationVersion", on_delete=models.PROTECT, related_name="reviews")
    organisation = models.ForeignKey("institutions.Organisation", on_delete=models.PROTECT, related_name="+")
    checklists = models.ManyToManyField(Checklist, related_name="reviews", blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("internal review")
        verbose_name_plural = _("internal reviews")
        ordering: ClassVar[list[str]] = ["-state_changed_at", "-id"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["version"], condition=Q(is_active=True), name="quality_one_active_review_per_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} — {self.state_label}"

    @property
    def is_in_review(self) -> bool:
        return self.state in (ReviewState.INTERNAL_REVIEW, ReviewState.AWAITING_APPROVAL)

    def event_payload(self) -> dict[str, Any]:
        return {"version_id": self.version_id, "micro_credential_id": self.version.micro_credential_id}


class Judgement(models.TextChoices):
    MET = "met", _("Met")
    PARTIALLY_MET = "partially_met", _("Partially met")
    NOT_MET = "not_met", _("Not met")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class JudgementSource(models.TextChoices):
    NONE = "", _("Not judged yet")
    LINTER = "linter", _("Pre-filled from the quality linter")
    OFFICER = "officer", _("Judged by the QA officer")


EVIDENCE_EXTENSIONS: dict[str, str] = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".txt": "text/plain",
}
EVIDENCE_MAX_BYTES = 5 * 1024 * 1024


def evidence_upload_to(instance: ItemAssessment, filename: str) -> str:
    """A safe stored name: the review's folder and a random name; the original name is kept only for display."""
    suffix = PurePosixPath(filename).suffix.lower()
    if suffix not in EVIDENCE_EXTENSIONS:
        suffix = ".bin"
    return f"quality/evidence/review-{instance.review_id}/{uuid.uuid4().hex}{suffix}"


class ItemAssessment(models.Model):
    """The QA officer's judgement of one checklist item in one review, with evidence and a comment."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="assessments")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="assessments")
    judgement = models.CharField(_("judgement"), max_length=20, choices=Judgement.choices, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=JudgementSource.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True, max_length=4000)
    evidence_file = models.FileField(_("evidence file"), upload_to=evidence_upload_to, blank=True, max_length=200)
    evidence_name = models.CharField(_("evidence file name"), max_length=200, blank=True)
    evidence_url = models.URLField(_("evidence link"), blank=True, max_length=500)
    # What the linter found for this item's codes: [{"code", "severity", "message": {"ar", "en"}}].
    linter_findings = models.JSONField(default=list, blank=True)
    linter_suggestion = models.CharField(max_length=20, choices=Judgement.choices, blank=True)
    judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    judged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("checklist item judgement")
        verbose_name_plural = _("checklist item judgements")
        ordering: ClassVar[list[str]] = ["item__checklist__key", "item__order", "item_id"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["review", "item"], name="quality_one_judgement_per_item"),
        ]

    def __str__(self) -> str:
        return f"{self.item.code}: {self.get_judgement_display() or '—'}"

    @property
    def organisation(self) -> Any:
        return self.review.organisation


class Comment(models.Model):
    """A comment in a review's discussion, optionally about one checklist item, optionally replying to another."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="comments")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, null=True, blank=True, related_name="comments")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"), max_length=4000)
    state = models.CharField(_("state when written"), max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering: ClassVar[list[str]] = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:60]}"

    @property
    def organisation(self) -> Any:
        return self.review.organisation


class PartnerKind(models.TextChoices):
    EMPLOYER = "employer", _("Employer")
    PROFESSIONAL_BODY = "professional_body", _("Professional body")
    LEARNERS = "learners", _("Learners' representatives")
    OTHER = "other", _("Other")


class CoDesignPartner(models.Model):
    """Someone who helped design a micro-credential, and what they contributed (building block 1)."""

    micro_credential = models.ForeignKey(
        "design.MicroCredential", on_delete=models.CASCADE, related_name="codesign_partners"
    )
    kind = models.CharField(_("kind of partner"), max_length=20, choices=PartnerKind.choices)
    partner_organisation = models.ForeignKey(
        "institutions.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="codesign_contributions",
        verbose_name=_("registered organisation"),
    )
    name = TranslatedField(_("name"), blank=True)
    contribution = TranslatedField(_("what they contributed"), multiline=True)
    contributed_on = models.DateField(_("date of the contribution"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("co-design partner")
        verbose_name_plural = _("co-design partners")
        ordering: ClassVar[list[str]] = ["micro_credential_id", "contributed_on", "id"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.partner_organisation_id and not translated(self.name):
            return translated(self.partner_organisation.name)  # type: ignore[union-attr]
        return translated(self.name)

    @property
    def organisation(self) -> Any:
        """The institution that owns the micro-credential (for the permission policy)."""
        return self.micro_credential.organisation


class Endorsement(models.Model):
    """An employer's or professional body's public support for a micro-credential, given by their representative."""

    micro_credential = models.ForeignKey(
        "design.MicroCredential", on_delete=models.CASCADE, related_name="endorsements"
    )
    version = models.ForeignKey(
        "design.SpecificationVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="endorsements"
    )
    organisation = models.ForeignKey(
        "institutions.Organisation", on_delete=models.PROTECT, related_name="endorsements_given"
    )
    endorsed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    statement = models.TextField(_("statement"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["micro_credential", "organisation"],
                condition=Q(withdrawn_at__isnull=True),
                name="quality_one_endorsement_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.micro_credential}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


# ------------------------------------------------------------------------------------------ the feedback loop


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")


# Passed and failed are "completed"; withdrawn ended without completing; enrolled is still in progress.


class Enrolment(models.Model):
    """A learner taking a micro-credential at its provider, recorded by the registrar, and how it ended."""

    organisation = models.ForeignKey("institutions.Organisation", on_delete=models.PROTECT, related_name="+")
    micro_credential = models.ForeignKey("design.MicroCredential", on_delete=models.CASCADE, related_name="enrolments")
    specification_version = models.ForeignKey(
        "design.SpecificationVersion", on_delete=models.PROTECT, related_name="enrolments"
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="enrolments"
    )
    learner_email = models.EmailField(_("learner's e-mail"))
    status = models.CharField(
        _("status"), max_length=20, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ENROLLED
    )
    enrolled_on = models.DateField(_("enrolled on"))
    finished_on = models.DateField(_("finished on"), null=True, blank=True)
    credential = models.ForeignKey(
        "credentials.IssuedCredential", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering: ClassVar[list[str]] = ["-enrolled_on", "-id"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["micro_credential", "learner_email", "enrolled_on"], name="quality_one_enrolment_per_start"
            ),
        ]
        indexes: ClassVar[list[Any]] = [models.Index(fields=["micro_credential", "enrolled_on"])]

    def __str__(self) -> str:
        return f"{self.learner_email} — {self.micro_credential} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == EnrolmentStatus.ENROLLED


class SurveyAudience(models.TextChoices):
    LEARNER = "learner", _("Learners")
    EMPLOYER = "employer", _("Employers")


class SurveyInstrument(models.Model):
    """One version of a questionnaire, loaded from data/surveys/*.json; a loaded version never changes.

    `questions` is a list of {"id", "type": likert5 | choice | text, "label": {ar, en}, "overall": bool,
    "required": bool, "options": [{"value", "label"}]}. Responses point at the version they answered, so a new
    version never changes what was answered before.
    """

    code = models.SlugField(_("code"), max_length=60)
    version = models.PositiveIntegerField(_("version"))
    audience = models.CharField(_("audience"), max_length=20, choices=SurveyAudience.choices)
    title = TranslatedField(_("title"))
    description = TranslatedField(_("description"), blank=True, multiline=True)
    source = models.CharField(_("source"), max_length=500, blank=True)
    questions = models.JSONField(_("questions"), default=list)
    published = models.BooleanField(_("published"), default=True)
    content_hash = models.CharField(max_length=64, editable=False)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("survey instrument")
        verbose_name_plural = _("survey instruments")
        ordering: ClassVar[list[str]] = ["code", "-version"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["code", "version"], name="quality_unique_instrument_version"),
        ]

    def __str__(self) -> str:
        return f"{translated(self.title)} (v{self.version})"

    @property
    def overall_ids(self) -> list[str]:
        return [q["id"] for q in self.questions if q.get("overall")]


class SurveyResponse(models.Model):
    """One anonymous answer to an instrument about a micro-credential: the respondent is NOT stored here.

    Who answered is kept apart in `SurveyReceipt` (to refuse a second answer), and only its date; pages show
    individual answers only when at least five responses exist for the instrument and year.
    """

    instrument = models.ForeignKey(SurveyInstrument, on_delete=models.PROTECT, related_name="responses")
    organisation = models.ForeignKey("institutions.Organisation", on_delete=models.PROTECT, related_name="+")
    micro_credential = models.ForeignKey(
        "design.MicroCredential", on_delete=models.CASCADE, related_name="survey_responses"
    )
    audience = models.CharField(_("audience"), max_length=20, choices=SurveyAudience.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    submitted_at = models.DateTimeField(_("submitted"))
    overall = models.FloatField(_("overall score (1–5)"), null=True, blank=True)
    answers = models.JSONField(_("answers"), default=dict)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        # Not ordered by time on purpose: lists must not line up with receipts.
        ordering: ClassVar[list[str]] = ["micro_credential_id", "audience", "year"]
        indexes: ClassVar[list[Any]] = [models.Index(fields=["micro_credential", "audience", "year"])]

    def __str__(self) -> str:
        return f"{self.instrument.code} — {self.micro_credential_id} ({self.year})"


class SurveyReceipt(models.Model):
    """That someone answered (learner: per credential; employer: per organisation, micro-credential and year).

    Kept apart from the response so that the answer cannot be traced to the person.
    """

    audience = models.CharField(_("audience"), max_length=20, choices=SurveyAudience.choices)
    instrument = models.ForeignKey(SurveyInstrument, on_delete=models.PROTECT, related_name="receipts")
    micro_credential = models.ForeignKey("design.MicroCredential", on_delete=models.CASCADE, related_name="+")
    respondent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    credential = models.ForeignKey(
        "credentials.IssuedCredential", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    respondent_organisation = models.ForeignKey(
        "institutions.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    answered_on = models.DateField(_("answered on"))

    class Meta:
        verbose_name = _("survey receipt")
        verbose_name_plural = _("survey receipts")
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["credential"], condition=Q(credential__isnull=False), name="quality_one_answer_per_credential"
            ),
            models.UniqueConstraint(
                fields=["respondent_organisation", "micro_credential", "year"],
                condition=Q(audience="employer"),
                name="quality_one_employer_answer_per_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.audience} {self.micro_credential_id} {self.year}"


class AnnualReviewDecision(models.TextChoices):
    KEEP = "keep", _("Keep as it is")
    REVISE = "revise", _("Revise")
    RETIRE = "retire", _("Retire")


class AnnualReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    COMPLETED = "completed", _("Completed")


class AnnualReview(models.Model):
    """A micro-credential's yearly look back: its KPIs and feedback, the decision, and the changes carried forward.

    Two states (draft → completed) and one step, so a plain status field; completing it freezes the KPI and
    feedback snapshot and records a domain event.
    """

    organisation = models.ForeignKey("institutions.Organisation", on_delete=models.PROTECT, related_name="+")
    micro_credential = models.ForeignKey(
        "design.MicroCredential", on_delete=models.CASCADE, related_name="annual_reviews"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=20, choices=AnnualReviewStatus.choices, default=AnnualReviewStatus.DRAFT
    )
    kpi_snapshot = models.JSONField(_("KPIs when completed"), default=dict, blank=True)
    feedback_summary = models.JSONField(_("feedback summary when completed"), default=dict, blank=True)
    decision = models.CharField(_("decision"), max_length=20, choices=AnnualReviewDecision.choices, blank=True)
    decision_notes = models.TextField(_("reasons and actions"), blank=True, max_length=4000)
    change_summary = TranslatedField(_("what changes in the next edition"), blank=True, multiline=True)
    new_version = models.ForeignKey(
        "design.SpecificationVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("annual review")
        verbose_name_plural = _("annual reviews")
        ordering: ClassVar[list[str]] = ["-year", "micro_credential_id"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["micro_credential", "year"], name="quality_one_annual_review_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.micro_credential} — {self.year}"

    @property
    def is_completed(self) -> bool:
        return self.status == AnnualReviewStatus.COMPLETED
