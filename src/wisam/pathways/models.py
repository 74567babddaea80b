"""Pathways, their versions (rules as data), learners' choices and external credentials, recognition requests and
stacked awards.

Only `wisam.pathways.services` writes these models. A `PathwayVersion` carries its own place in the review and
publication workflow and a `RecognitionRequest` its place in the recognition workflow (wisam.core.workflow; the
definitions are in `wisam.pathways.workflow`). Rules are stored as JSON in the engine's format (docs/pathways.md)
and parsed by `wisam.pathways.engine` whenever they are saved or used.
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
from wisam.pathways.workflow import COUNTING_STATES, REQUEST_WORKFLOW, VERSION_WORKFLOW, VersionState


class PathwayKind(models.TextChoices):
    """The three ETF learning-pathway types (reference/domain.md §6)."""

    RIGID = "rigid", _("Rigid: a fixed sequence")
    ELECTIVE = "elective", _("Elective: choose from lists")
    OPEN = "open", _("Open: any micro-credential meeting criteria")


class TargetKind(models.TextChoices):
    MICRO_CREDENTIAL = "micro_credential", _("A larger credential designed in Wisam")
    DEGREE_CREDIT = "degree_credit", _("Credit towards a degree programme")


class Pathway(models.Model):
    """The stable identity of a pathway of one institution, towards a larger credential; its rules are versioned."""

    organisation = models.ForeignKey("institutions.Organisation", on_delete=models.PROTECT, related_name="pathways")
    code = models.SlugField(_("code"), max_length=40, help_text=_("Short code, unique within the institution."))
    title = TranslatedField(_("title"))
    description = TranslatedField(_("description"), blank=True, multiline=True)
    kind = models.CharField(_("type of pathway"), max_length=20, choices=PathwayKind.choices)
    target_kind = models.CharField(_("what the learner gets"), max_length=20, choices=TargetKind.choices)
    target_micro_credential = models.ForeignKey(
        "design.MicroCredential",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pathways_towards",
        verbose_name=_("larger credential (designed in Wisam)"),
    )
    target_programme = TranslatedField(_("degree programme"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pathway")
        verbose_name_plural = _("pathways")
        ordering: ClassVar[list[str]] = ["organisation__slug", "code"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["organisation", "code"], name="pathways_unique_code_per_organisation"),
        ]

    def __str__(self) -> str:
        return translated(self.title) or self.code

    @property
    def published_version(self) -> PathwayVersion | None:
        return self.versions.filter(state=VersionState.PUBLISHED).order_by("-number").first()


class PathwayVersion(WorkflowState):
    """One version of a pathway's rules; editable only as a draft. Its workflow state is its status."""

    WORKFLOW = VERSION_WORKFLOW

    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="versions")
    organisation = models.ForeignKey("institutions.Organisation", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(_("version"))
    rules = models.JSONField(_("rules"), default=dict, blank=True)
    change_note = models.TextField(_("what changed"), blank=True, max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("pathway version")
        verbose_name_plural = _("pathway versions")
        ordering: ClassVar[list[str]] = ["pathway_id", "-number"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["pathway", "number"], name="pathways_unique_version_number"),
            models.UniqueConstraint(
                fields=["pathway"], condition=Q(state=VersionState.PUBLISHED), name="pathways_one_published_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pathway} v{self.number}"

    def event_subject(self) -> models.Model:
        return self

    def event_payload(self) -> dict[str, Any]:
        return {"pathway_id": self.pathway_id, "number": self.number}


class PathwayRecognition(models.Model):
    """AQAC's recognition of a published pathway version (decision date, reference, note)."""

    version = models.ForeignKey(PathwayVersion, on_delete=models.CASCADE, related_name="recognitions")
    decided_on = models.DateField(_("decision date"))
    reference = models.CharField(_("reference"), max_length=60)
    note = TranslatedField(_("note"), blank=True, multiline=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("AQAC recognition of a pathway")
        verbose_name_plural = _("AQAC recognitions of pathways")
        ordering: ClassVar[list[str]] = ["-decided_on", "-id"]

    def __str__(self) -> str:
        return f"{self.reference} — {self.version}"

    @property
    def organisation(self) -> Any:
        return self.version.organisation


class PathwayChoice(models.Model):
    """A learner follows a pathway: it appears on their pathways page."""

    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pathway_choices")
    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="choices")
    chosen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("followed pathway")
        verbose_name_plural = _("followed pathways")
        ordering: ClassVar[list[str]] = ["-chosen_at"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["learner", "pathway"], name="pathways_one_choice_per_pathway"),
        ]

    def __str__(self) -> str:
        return f"{self.learner} → {self.pathway}"


class ExternalCredential(models.Model):
    """A credential a learner uploaded (VC / Open Badges 3.0 JSON), verified on upload.

    What the credential does not say (credits, level, field) the learner may declare; such values are flagged
    `*_declared` and shown as the learner's word, never as the issuer's.
    """

    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_credentials")
    document = models.TextField(help_text="The uploaded credential, exactly as received.")
    document_sha256 = models.CharField(max_length=64)
    credential_id = models.CharField(_("credential identifier"), max_length=300, blank=True)
    title = TranslatedField(_("title"), blank=True)
    issuer_name = models.CharField(_("issuer"), max_length=300, blank=True)
    issuer_id = models.CharField(_("issuer identifier"), max_length=500, blank=True)
    issuer_trusted = models.BooleanField(_("issuer in the national trust list"), default=False)
    issued_on = models.DateField(_("date of issue"), null=True, blank=True)
    signature_valid = models.BooleanField(_("signature intact"), default=False)
    status_ok = models.BooleanField(_("not revoked or suspended"), default=False)
    verification = models.JSONField(_("verification report"), default=dict, blank=True)
    outcomes = models.JSONField(_("learning outcomes stated"), default=list, blank=True)
    credits_ects = models.DecimalField(_("ECTS credits"), max_digits=5, decimal_places=2, null=True, blank=True)
    credits_declared = models.BooleanField(_("credits declared by the learner"), default=False)
    eqf_level = models.PositiveSmallIntegerField(_("EQF level"), null=True, blank=True)
    level_declared = models.BooleanField(_("level declared by the learner"), default=False)
    isced_code = models.CharField(_("ISCED-F field"), max_length=8, blank=True)
    field_declared = models.BooleanField(_("field declared by the learner"), default=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("external credential")
        verbose_name_plural = _("external credentials")
        ordering: ClassVar[list[str]] = ["-uploaded_at"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["learner", "document_sha256"], name="pathways_one_upload_per_document"),
        ]

    def __str__(self) -> str:
        return translated(self.title) or self.credential_id or f"#{self.pk}"

    @property
    def verified(self) -> bool:
        """Usable in a record: intact signature and not revoked (the issuer's trust is shown separately)."""
        return self.signature_valid and self.status_ok


class Outcome(models.TextChoices):
    FULL = "full", _("Full recognition")
    PARTIAL = "partial", _("Partial recognition")
    REFUSED = "refused", _("Refused")


class Purpose(models.TextChoices):
    PATHWAY = "pathway", _("Towards a pathway")
    CREDIT = "credit", _("For credit")


class Difference(models.TextChoices):
    """The kinds of substantial difference (Lisbon Recognition Convention) a partial or refused decision names."""

    OUTCOMES = "outcomes", _("Learning outcomes")
    LEVEL = "level", _("Level")
    WORKLOAD = "workload", _("Workload (credits)")
    QUALITY = "quality", _("Quality assurance of the provider")
    ASSESSMENT = "assessment", _("Assessment")
    CURRENCY = "currency", _("Currency (how long ago it was earned)")


class AppealOutcome(models.TextChoices):
    UPHELD = "upheld", _("Appeal upheld: the decision is changed")
    DISMISSED = "dismissed", _("Appeal dismissed: the decision stands")


class RequestKind(models.TextChoices):
    """What a request asks to recognise: credentials (Wisam or uploaded), or prior non-formal / informal learning."""

    CREDENTIALS = "credentials", _("Credentials")
    PRIOR_LEARNING = "prior_learning", _("Prior learning (non-formal, informal or work-based)")


class RecognitionRequest(WorkflowState):
    """A learner asks a receiving institution to recognise credentials or prior learning (towards a pathway, or for
    credit). A prior-learning request carries the claim: what was learnt and how, the period, the micro-credentials
    it is claimed to match, and evidence files (`RecognitionEvidence`)."""

    WORKFLOW = REQUEST_WORKFLOW

    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="recognition_requests")
    organisation = models.ForeignKey(
        "institutions.Organisation", on_delete=models.PROTECT, related_name="recognition_requests"
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices, default=Purpose.PATHWAY)
    pathway_version = models.ForeignKey(
        PathwayVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="recognition_requests"
    )
    message = models.TextField(_("message to the institution"), blank=True, max_length=4000)
    kind = models.CharField(
        _("what is to be recognised"), max_length=20, choices=RequestKind.choices, default=RequestKind.CREDENTIALS
    )
    # The claim of a prior-learning request.
    learning_description = TranslatedField(_("what you learnt and how"), blank=True, multiline=True)
    learning_started_on = models.DateField(_("learning started"), null=True, blank=True)
    learning_ended_on = models.DateField(_("learning ended"), null=True, blank=True)
    claimed = models.ManyToManyField(
        "design.MicroCredential", blank=True, related_name="+", verbose_name=_("micro-credentials claimed")
    )
    # The decision in force (after an upheld appeal, the appeal's decision).
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome.choices, blank=True)
    recognised_as = models.ForeignKey(
        "design.MicroCredential",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recognised as"),
    )
    credits_granted = models.DecimalField(
        _("credits granted (ECTS)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    differences = models.JSONField(_("substantial differences"), default=list, blank=True)
    justification = TranslatedField(_("justification"), blank=True, multiline=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    first_decision = models.JSONField(_("first decision"), default=dict, blank=True)
    appeal_reasons = models.TextField(_("reasons for the appeal"), blank=True, max_length=4000)
    appealed_at = models.DateTimeField(_("appealed"), null=True, blank=True)
    appeal_outcome = models.CharField(_("appeal"), max_length=20, choices=AppealOutcome.choices, blank=True)
    appeal_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    appeal_decided_at = models.DateTimeField(_("appeal decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("recognition request")
        verbose_name_plural = _("recognition requests")
        ordering: ClassVar[list[str]] = ["-state_changed_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.learner} → {self.organisation}"

    @property
    def counts(self) -> bool:
        """Whether the decision enters the learner's record (full or partial, once decided)."""
        return self.outcome in (Outcome.FULL, Outcome.PARTIAL) and self.state in (*COUNTING_STATES,)

    @property
    def is_prior_learning(self) -> bool:
        return self.kind == RequestKind.PRIOR_LEARNING

    def event_payload(self) -> dict[str, Any]:
        return {"learner_id": self.learner_id, "pathway_version_id": self.pathway_version_id, "kind": self.kind}


def evidence_upload_to(instance: RecognitionEvidence, filename: str) -> str:
    """A safe stored name: the request's folder and a random name; the original name is kept only for display."""
    suffix = PurePosixPath(filename).suffix.lower()
    if suffix not in (".pdf", ".png", ".jpg", ".jpeg"):
        suffix = ".bin"
    return f"pathways/prior-learning/request-{instance.request_id}/{uuid.uuid4().hex}{suffix}"


class RecognitionEvidence(models.Model):
    """A file a learner submitted as evidence of prior learning (PDF, PNG or JPEG; checked on upload)."""

    request = models.ForeignKey(RecognitionRequest, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence of prior learning")
        verbose_name_plural = _("evidence of prior learning")
        ordering: ClassVar[list[str]] = ["id"]

    def __str__(self) -> str:
        return self.original_name


class RecognitionItem(models.Model):
    """One credential submitted with a request: issued by Wisam (from the wallet) or uploaded (external)."""

    request = models.ForeignKey(RecognitionRequest, on_delete=models.CASCADE, related_name="items")
    issued_credential = models.ForeignKey(
        "credentials.IssuedCredential", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    external_credential = models.ForeignKey(
        ExternalCredential, on_delete=models.PROTECT, null=True, blank=True, related_name="recognition_items"
    )

    class Meta:
        verbose_name = _("submitted credential")
        verbose_name_plural = _("submitted credentials")
        ordering: ClassVar[list[str]] = ["id"]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(
                condition=Q(issued_credential__isnull=False, external_credential__isnull=True)
                | Q(issued_credential__isnull=True, external_credential__isnull=False),
                name="pathways_item_one_credential",
            ),
        ]

    def __str__(self) -> str:
        return str(self.issued_credential or self.external_credential)


class StackedAward(models.Model):
    """The larger credential issued when a learner completed a pathway, and the parts it was stacked from."""

    organisation = models.ForeignKey("institutions.Organisation", on_delete=models.PROTECT, related_name="+")
    pathway_version = models.ForeignKey(PathwayVersion, on_delete=models.PROTECT, related_name="awards")
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="stacked_awards")
    credential = models.OneToOneField(
        "credentials.IssuedCredential", on_delete=models.PROTECT, related_name="stacked_award"
    )
    # [{"earned": "cred:<uuid>", "achievement": "<achievement id>", "title": {...}, "source": "wisam"}, ...]
    parts = models.JSONField(_("parts"), default=list)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("stacked credential")
        verbose_name_plural = _("stacked credentials")
        ordering: ClassVar[list[str]] = ["-created_at"]
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(fields=["pathway_version", "learner"], name="pathways_one_award_per_learner"),
        ]

    def __str__(self) -> str:
        return f"{self.learner} — {self.pathway_version}"
