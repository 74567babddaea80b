"""Consultations on drafts (services and reads): AQAC or the ministry opens a draft guideline or maturity model for
comments; stakeholders comment per criterion or indicator; AQAC or the ministry answers each comment; closing the
consultation records what changed and why, which the next published version shows."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wisam.core.events import event_record
from wisam.core.policy import roles_by_organisation
from wisam.institutions.models import Organisation
from wisam.strategy.models import Consultation, ConsultationComment, MaturityIndicator, MaturityModel
from wisam.strategy.models.consultation import CommentOutcome, ConsultationStatus

CONSULTABLE = ("accreditation.guideline", "strategy.maturitymodel")


def items(target: models.Model) -> list[tuple[str, dict[str, str], str]]:
    """(key, text, group) of every item one can comment on: a guideline's criteria, a model's indicators."""
    label = target._meta.label_lower
    if label == "strategy.maturitymodel":
        return [
            (i.key, dict(i.statement), str(i.dimension))
            for i in MaturityIndicator.objects.filter(dimension__model_id=target.pk)
            .select_related("dimension")
            .order_by("dimension__order", "order")
        ]
    if label == "accreditation.guideline":
        found: list[tuple[str, dict[str, str], str]] = []
        for standard in target.standards.order_by("order", "id"):  # type: ignore[attr-defined]
            for criterion in standard.criteria.order_by("order", "id"):
                found.append((criterion.code, dict(criterion.text), f"{standard.code} {standard}"))
        return found
    return []


def _is_draft(target: models.Model) -> bool:
    return getattr(target, "status", None) == "draft"


@transaction.atomic
def consultation_open(
    *, target: models.Model, title: Mapping[str, str], actor: Any, closes_on: date | None = None
) -> Consultation:
    if target._meta.label_lower not in CONSULTABLE:
        raise ValidationError(_("Only a draft guideline or a draft maturity model can be opened for consultation."))
    if not _is_draft(target):
        raise ValidationError(_("Only a draft can be opened for consultation."))
    content_type = ContentType.objects.get_for_model(target)
    if Consultation.objects.filter(
        target_type=content_type, target_id=target.pk, status=ConsultationStatus.OPEN
    ).exists():
        raise ValidationError(_("This draft is already open for consultation."))
    consultation = Consultation.objects.create(
        target_type=content_type,
        target_id=target.pk,
        title=dict(title),
        closes_on=closes_on,
        opened_by=actor if getattr(actor, "pk", None) else None,
    )
    event_record(
        action="strategy.consultation_opened",
        subject=consultation,
        actor=actor,
        payload={"target": target._meta.label_lower, "target_id": target.pk, "closes_on": closes_on},
    )
    return consultation


@transaction.atomic
def consultation_comment(
    *, consultation: Consultation, item_key: str, text: str, actor: Any, today: date | None = None
) -> ConsultationComment:
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    today = today or timezone.localdate()
    if not consultation.is_open or (consultation.closes_on and today > consultation.closes_on):
        raise ValidationError(_("This consultation is closed."))
    target = consultation.target
    known = {key: text for key, text, _group in (items(target) if target is not None else [])}
    if item_key not in known:
        raise ValidationError({"item_key": _("Choose a criterion or indicator of this draft.")})
    if not text.strip():
        raise ValidationError({"text": _("Write your comment.")})
    organisations = list(roles_by_organisation(actor))
    comment = ConsultationComment.objects.create(
        consultation=consultation,
        item_key=item_key,
        item_label=known[item_key],
        author=actor,
        organisation=Organisation.objects.filter(pk__in=organisations).order_by("pk").first(),
        text=text.strip(),
    )
    event_record(
        action="strategy.consultation_commented",
        subject=consultation,
        organisation=comment.organisation,
        actor=actor,
        payload={"comment": comment.pk, "item": item_key},
    )
    return comment


@transaction.atomic
def consultation_respond(
    *, comment: ConsultationComment, response: str, outcome: str, actor: Any
) -> ConsultationComment:
    # The closing summary reports the answers: once published, they must not change under it.
    if not Consultation.objects.select_for_update().get(pk=comment.consultation_id).is_open:
        raise ValidationError(_("The consultation is closed: its answers can no longer change."))
    if outcome not in CommentOutcome.values:
        raise ValidationError({"outcome": _("Say what happens to the comment.")})
    if not response.strip():
        raise ValidationError({"response": _("Write the answer.")})
    comment.response = response.strip()
    comment.outcome = outcome
    comment.responded_by = actor
    comment.responded_at = timezone.now()
    comment.save(update_fields=["response", "outcome", "responded_by", "responded_at"])
    event_record(
        action="strategy.consultation_answered",
        subject=comment.consultation,
        actor=actor,
        payload={"comment": comment.pk, "outcome": outcome},
    )
    return comment


@transaction.atomic
def consultation_close(*, consultation: Consultation, summary: Mapping[str, str], actor: Any) -> Consultation:
    """Close it: every comment must have an answer; `summary` says what changed and why."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not consultation.is_open:
        raise ValidationError(_("This consultation is already closed."))
    unanswered = consultation.comments.filter(outcome="").count()
    if unanswered:
        raise ValidationError(_("Answer every comment before closing (%(count)d left).") % {"count": unanswered})
    if not any(text.strip() for text in summary.values()):
        raise ValidationError({"summary": _("Say what changed and why.")})
    consultation.status = ConsultationStatus.CLOSED
    consultation.summary = dict(summary)
    consultation.closed_at = timezone.now()
    consultation.save(update_fields=["status", "summary", "closed_at"])
    event_record(
        action="strategy.consultation_closed",
        subject=consultation,
        actor=actor,
        payload={"summary": consultation.summary, "comments": consultation.comments.count()},
    )
    return consultation


def consultations_for(target: models.Model) -> QuerySet[Consultation]:
    return Consultation.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    ).prefetch_related("comments")


def consultation_report(target: MaturityModel | models.Model) -> list[Consultation]:
    """The closed consultations on the draft a published version came from: "what changed and why"."""
    return list(consultations_for(target).filter(status=ConsultationStatus.CLOSED))
