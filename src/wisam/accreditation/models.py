"""Accreditation by AQAC: guidelines as versioned data, applications, panels, decisions, the register, the trust list.

Only `wisam.accreditation.services` writes these models. An `Application` is a workflow state (wisam.core.workflow,
ADR 0008) whose transitions are declared in `wisam.accreditation.workflow`; its history is the event log.
`RegisterEntry` denormalises everything the public register shows, so that search never joins across apps.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wisam.accreditation.workflow import APPLICATION_WORKFLOW, ApplicationState
from wisam.core.i18n import TranslatedField, translated
from wisam.core.workflow import WorkflowState

# --- guidelines ----------------------------------------------------------------------------------------------------


class GuidelineStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_FORCE = "in_force", _("In force")
    SUPERSEDED = "superseded", _("Superseded")


class Score(models.TextChoices):
    """The scale every criterion is judged on."""

    MET = "met", _("Met")
    PARTIALLY_MET = "partially_met", _("Partially met")
    NOT_MET = "not_met", _("Not met")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class Guideline(models.Model):
    """One version of the national accreditation guideline. A loaded version never changes; one is in force."""

    key = models.SlugField(_("key"), max_length=60)
    version = models.PositiveIntegerField(_("version"))
    title = TranslatedField(_("title"))
    description = TranslatedField(_("description"), blank=True, multiline=True)
    sources = models.JSONField(_("sources"), default=list, blank=True)
    scale = models.JSONField(_("scale"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=GuidelineStatus.choices, default="draft")
    content_hash = models.CharField(max_length=64, editable=False)
    loaded_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("in force since"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("accreditation guideline")
        verbose_name_plural = _("accreditation guidelines")
        ordering: ClassVar[list[str]] = ["key", "-version"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["key", "version"], name="accreditation_unique_guideline_version"),
            models.UniqueConstraint(
                fields=["key"], condition=Q(status="in_force"), name="accreditation_one_guideline_in_force"
            ),
        ]

    def __str__(self) -> str:
        return f"{translated(self.title)} (v{self.version})"


class GuidelineStandard(models.Model):
    guideline = models.ForeignKey(Guideline, on_delete=models.CASCADE, related_name="standards")
    code = models.CharField(_("code"), max_length=20)
    order = models.PositiveSmallIntegerField(default=0)
    title = TranslatedField(_("standard"))
    description = TranslatedField(_("description"), blank=True, multiline=True)
    references = models.JSONField(_("references"), default=list, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["guideline_id", "order", "id"]

    def __str__(self) -> str:
        return f"{self.code} {translated(self.title)}"


class GuidelineCriterion(models.Model):
    """A criterion of a standard: what is judged, how (guidance), on what evidence; linter codes pre-fill it."""

    standard = models.ForeignKey(GuidelineStandard, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("code"), max_length=20)
    order = models.PositiveSmallIntegerField(default=0)
    text = TranslatedField(_("criterion"), multiline=True)
    guidance = TranslatedField(_("guidance"), blank=True, multiline=True)
    evidence = TranslatedField(_("expected evidence"), blank=True, multiline=True)
    linter_codes = models.JSONField(_("linter finding codes"), default=list, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["standard__order", "order", "id"]

    def __str__(self) -> str:
        return f"{self.code} {translated(self.text)[:60]}"


# --- evaluators ----------------------------------------------------------------------------------------------------


class Evaluator(models.Model):
    """A person in AQAC's registry of evaluators, with expertise (ISCED-F fields, EQF levels)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="aqac_evaluator")
    isced_codes = models.JSONField(_("ISCED-F fields of expertise"), default=list, blank=True)
    levels = models.JSONField(_("EQF levels of expertise"), default=list, blank=True)
    biography = TranslatedField(_("expertise"), blank=True, multiline=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evaluator")
        verbose_name_plural = _("evaluators")
        ordering: ClassVar[list[str]] = ["user__email"]

    def __str__(self) -> str:
        return str(self.user)


class Conflict(models.Model):
    """A conflict of interest an evaluator declared with an organisation."""

    evaluator = models.ForeignKey(Evaluator, on_delete=models.CASCADE, related_name="conflicts")
    organisation = models.ForeignKey("institutions.Organisation", on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("reason"), blank=True)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["evaluator", "organisation"], name="accreditation_unique_conflict"),
        ]

    def __str__(self) -> str:
        return f"{self.evaluator} ↔ {self.organisation}"


# --- applications --------------------------------------------------------------------------------------------------


class Decision(models.TextChoices):
    ACCREDIT = "accredit", _("Accredit")
    ACCREDIT_WITH_CONDITIONS = "accredit_with_conditions", _("Accredit with conditions")
    DEFER = "defer", _("Defer for changes")
    REFUSE = "refuse", _("Refuse")


class Application(WorkflowState):
    """An institution's application to accredit one frozen specification version; its AQAC workflow state."""

    WORKFLOW = APPLICATION_WORKFLOW

    reference = models.CharField(_("reference"), max_length=30, unique=True)
    organisation = models.ForeignKey("institutions.Organisation", on_delete=models.PROTECT, related_name="+")
    specification_version = models.ForeignKey(
        "design.SpecificationVersion", on_delete=models.PROTECT, related_name="accreditation_applications"
    )
    guideline = models.ForeignKey(Guideline, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    screening_due = models.DateField(_("screening due"), null=True, blank=True)
    evaluation_due = models.DateField(_("evaluation due"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=30, choices=Decision.choices, blank=True)
    decision_rationale = models.TextField(_("reasons for the decision"), blank=True)
    validity_months = models.PositiveSmallIntegerField(_("validity (months)"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    appeal_deadline = models.DateField(_("appeal deadline"), null=True, blank=True)
    # Bumped by every write through the services: a form posted with an older value is refused as stale.
    lock_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("accreditation application")
        verbose_name_plural = _("accreditation applications")
        ordering: ClassVar[list[str]] = ["-id"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["specification_version"],
                condition=Q(is_active=True),
                name="accreditation_one_active_application_per_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {translated(self.specification_version.title)}"

    def event_payload(self) -> dict[str, Any]:
        return {"reference": self.reference, "specification_version": self.specification_version_id}

    @property
    def title(self) -> dict[str, str]:
        return dict(self.specification_version.title)

    @property
    def is_open_for_documents(self) -> bool:
        return self.state in (ApplicationState.DRAFT, ApplicationState.RETURNED)


class DocumentKind(models.TextChoices):
    COVER_LETTER = "cover_letter", _("Cover letter signed by the institution")
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment against the national guideline")
    APPROVAL = "approval", _("Institutional approval (council minutes)")
    ASSESSMENT_SAMPLES = "assessment_samples", _("Assessment instruments and rubrics")
    STAFF = "staff", _("Teaching staff and their qualifications")
    OTHER = "other", _("Other supporting document")


REQUIRED_DOCUMENTS = (DocumentKind.COVER_LETTER, DocumentKind.SELF_ASSESSMENT, DocumentKind.APPROVAL)


def document_upload_to(instance: ApplicationDocument, filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"accreditation/{instance.application.reference}/{uuid.uuid4().hex}{suffix}"


class ApplicationDocument(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to=document_upload_to)
    original_name = models.CharField(max_length=200)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["kind", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"


class PanelRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    MEMBER = "member", _("Member")


class PanelMember(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="panel")
    evaluator = models.ForeignKey(Evaluator, on_delete=models.PROTECT, related_name="panels")
    role = models.CharField(_("role"), max_length=10, choices=PanelRole.choices, default=PanelRole.MEMBER)
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["role", "id"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["application", "evaluator"], name="accreditation_unique_panel_member"),
        ]

    def __str__(self) -> str:
        return f"{self.evaluator} ({self.get_role_display()})"


class CriterionScore(models.Model):
    """One evaluator's score of one criterion, with the justification; `prefilled` when the linter proposed it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    evaluator = models.ForeignKey(Evaluator, on_delete=models.PROTECT, related_name="scores")
    criterion = models.ForeignKey(GuidelineCriterion, on_delete=models.PROTECT, related_name="+")
    score = models.CharField(_("score"), max_length=20, choices=Score.choices, blank=True)
    justification = models.TextField(_("justification"), blank=True)
    prefilled = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["criterion__standard__order", "criterion__order"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["application", "evaluator", "criterion"], name="accreditation_unique_score"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.score or '—'}"


class VisitKind(models.TextChoices):
    SITE = "site", _("Site visit")
    VIRTUAL = "virtual", _("Virtual visit")


class Visit(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="visits")
    kind = models.CharField(_("kind"), max_length=10, choices=VisitKind.choices)
    date = models.DateField(_("date"))
    participants = models.TextField(_("participants"), blank=True)
    findings = models.TextField(_("findings"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"


class PanelReport(models.Model):
    """The panel's consolidated report: one score per criterion and a recommendation to the commission."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="report")
    consolidated = models.JSONField(default=dict)  # {criterion code: score}
    summary = models.TextField(_("summary"))
    recommendation = models.CharField(_("recommendation"), max_length=30, choices=Decision.choices)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    written_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.application.reference}: {self.get_recommendation_display()}"


class ConditionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESPONDED = "responded", _("Response received")
    FULFILLED = "fulfilled", _("Fulfilled")
    NOT_FULFILLED = "not_fulfilled", _("Not fulfilled")


class Condition(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="conditions")
    text = models.TextField(_("condition"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=20, choices=ConditionStatus.choices, default="open")
    response = models.TextField(_("institution's response"), blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["deadline", "id"]

    def __str__(self) -> str:
        return f"{self.text[:60]} (until {self.deadline})"


class Appeal(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="appeals")
    grounds = models.TextField(_("grounds of the appeal"))
    lodged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    lodged_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=20, blank=True)  # "upheld" or "dismissed"
    outcome_reasons = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.application.reference}: {self.outcome or 'pending'}"


# --- accreditations, self-accreditation and the register -------------------------------------------------------------


class RegisterStatus(models.TextChoices):
    ACTIVE = "active", _("Accredited")
    EXPIRING = "expiring", _("Accredited, expiring soon")
    EXPIRED = "expired", _("Expired")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")


CURRENT_STATUSES = frozenset({RegisterStatus.ACTIVE, RegisterStatus.EXPIRING})


class Route(models.TextChoices):
    PANEL = "panel", _("Accredited by AQAC after panel evaluation")
    SELF = "self", _("Registered by a self-accrediting institution")


class SelfAccreditation(models.Model):
    """AQAC's accreditation of an institution to self-accredit micro-credentials within limits, for a period."""

    organisation = models.ForeignKey("institutions.Organisation", on_delete=models.PROTECT, related_name="+")
    isced_codes = models.JSONField(_("ISCED-F fields (prefixes)"), default=list)
    max_eqf_level = models.PositiveSmallIntegerField(_("up to EQF level"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    is_active = models.BooleanField(default=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-valid_until"]

    def __str__(self) -> str:
        return f"{self.organisation}: {', '.join(self.isced_codes)} ≤ EQF {self.max_eqf_level}"


class Accreditation(models.Model):
    """One accreditation of a micro-credential (a decision's result, or a self-accreditation notification)."""

    organisation = models.ForeignKey("institutions.Organisation", on_delete=models.PROTECT, related_name="+")
    specification_version = models.ForeignKey(
        "design.SpecificationVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entry = models.ForeignKey("RegisterEntry", on_delete=models.CASCADE, related_name="accreditations")
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, null=True, blank=True, related_name="accreditation"
    )
    self_accreditation = models.ForeignKey(
        SelfAccreditation, on_delete=models.PROTECT, null=True, blank=True, related_name="accreditations"
    )
    route = models.CharField(max_length=10, choices=Route.choices, default=Route.PANEL)
    with_conditions = models.BooleanField(default=False)
    valid_from = models.DateField()
    valid_until = models.DateField()
    status = models.CharField(max_length=20, choices=RegisterStatus.choices, default=RegisterStatus.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-valid_from", "-id"]

    def __str__(self) -> str:
        return f"{self.entry.identifier} {self.valid_from}–{self.valid_until} ({self.status})"


BLOCKING_STATUSES = frozenset({RegisterStatus.SUSPENDED, RegisterStatus.WITHDRAWN})


class AccreditationStatusChange(models.Model):
    """One status an accreditation took and the moment it took effect, so its status on any past date is known.

    Written by the services in the same transaction as the change (and its domain event); never edited. The first
    row of an accreditation is its grant; an accreditation with no rows (data loaded by hand) is read by its current
    status.
    """

    accreditation = models.ForeignKey(Accreditation, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(_("status"), max_length=20, choices=RegisterStatus.choices)
    effective_at = models.DateTimeField(_("in force from"))
    # Wisam's own reasons (granted, expiring, expired, replaced) in every language; a person's as typed.
    reason = TranslatedField(_("reason"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The domain event that recorded the change (none for rows back-filled without one).
    event = models.ForeignKey(
        "core.DomainEvent", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", db_constraint=False
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("accreditation status change")
        verbose_name_plural = _("accreditation status changes")
        ordering: ClassVar[list[str]] = ["effective_at", "id"]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["accreditation", "effective_at"], name="accr_status_change_at"),
        ]

    def __str__(self) -> str:
        return f"{self.accreditation_id} {self.status} from {self.effective_at:%Y-%m-%d %H:%M}"


class RegisterEntry(models.Model):
    """A micro-credential in the national register (NQF registration): what the public sees, denormalised."""

    identifier = models.CharField(_("identifier"), max_length=30, unique=True)
    organisation = models.ForeignKey("institutions.Organisation", on_delete=models.PROTECT, related_name="+")
    micro_credential = models.ForeignKey(
        "design.MicroCredential", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    specification_version = models.ForeignKey(
        "design.SpecificationVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = TranslatedField(_("title"))
    institution_name = TranslatedField(_("institution"))
    institution_slug = models.SlugField(max_length=60, db_index=True)
    nqf_level = models.PositiveSmallIntegerField(_("NQF level"), null=True, blank=True, db_index=True)
    eqf_level = models.PositiveSmallIntegerField(_("EQF level"), null=True, blank=True, db_index=True)
    ects = models.DecimalField(_("ECTS"), max_digits=5, decimal_places=1, null=True, blank=True, db_index=True)
    credit_hours = models.DecimalField(_("credit hours"), max_digits=5, decimal_places=1, null=True, blank=True)
    notional_hours = models.PositiveIntegerField(_("notional hours"), null=True, blank=True)
    isced_code = models.CharField(_("ISCED-F field"), max_length=8, blank=True, db_index=True)
    mode = models.CharField(_("form of participation"), max_length=20, blank=True, db_index=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    # ",ar,en," so that one language is found with a plain LIKE on every database.
    languages_key = models.CharField(max_length=60, blank=True)
    stackability = models.CharField(max_length=20, blank=True)
    stackable_towards = TranslatedField(_("stackable towards"), blank=True)
    stackable_towards_key = models.CharField(max_length=300, blank=True)  # normalised, for the filter
    elements = models.JSONField(_("Annex I elements"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RegisterStatus.choices, default=RegisterStatus.ACTIVE
    )  # not indexed on purpose: most entries are current, and an index on it misleads the planner
    route = models.CharField(max_length=10, choices=Route.choices, default=Route.PANEL)
    first_registered = models.DateField(_("registered"))
    valid_from = models.DateField(_("accredited from"))
    valid_until = models.DateField(_("accredited until"), db_index=True)
    # Arabic and English text, normalised (wisam.accreditation.search.normalise): what full-text search indexes.
    search_text = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("register entry")
        verbose_name_plural = _("register entries")
        ordering: ClassVar[list[str]] = ["-id"]

    def __str__(self) -> str:
        return f"{self.identifier} {translated(self.title)}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("accreditation:entry", kwargs={"identifier": self.identifier})

    @property
    def is_current(self) -> bool:
        return self.status in CURRENT_STATUSES


class IssuerDid(models.Model):
    """A DID an accredited institution signs credentials with (filled by the credentials app later)."""

    organisation = models.ForeignKey("institutions.Organisation", on_delete=models.CASCADE, related_name="+")
    did = models.CharField(max_length=300)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["organisation", "did"], name="accreditation_unique_issuer_did"),
        ]

    def __str__(self) -> str:
        return self.did


class SigningKey(models.Model):
    """AQAC's Ed25519 key for the trust list; the seed is stored encrypted (wisam.core.secrets), never in clear."""

    public_key_multibase = models.CharField(max_length=100, unique=True)
    encrypted_seed = models.TextField()
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.public_key_multibase


# --- notifications and reminders -------------------------------------------------------------------------------------


class Notification(models.Model):
    """An in-app message to one person (also sent by e-mail). Generic: any app may call `notify`."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-created_at", "-id"]
        indexes: ClassVar[list[Any]] = [models.Index(fields=["user", "read_at"], name="accr_notification_unread")]

    def __str__(self) -> str:
        return self.subject


class ReminderSent(models.Model):
    """A reminder already sent, so that the periodic run never sends the same one twice."""

    key = models.CharField(max_length=200, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key
