"""Writes for the strategy app. Keyword-only, transactional; every change records a domain event in the same
transaction (wisam.core.events). Permission checks are the callers' (views, API) through wisam.core.policy."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any, cast

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wisam.core.changes import apply_changes
from wisam.core.events import event_record
from wisam.core.i18n import bilingual, translated
from wisam.institutions.models import Membership, Organisation, User
from wisam.strategy import scoring
from wisam.strategy.models import (
    Engagement,
    IndicatorRating,
    MaturityAssessment,
    MaturityDimension,
    MaturityIndicator,
    MaturityLevel,
    MaturityModel,
    OutcomeLink,
    RaciAssignment,
    Recommendation,
    RecommendationEvidence,
    Responsibility,
    RoadmapAction,
    Stakeholder,
    Strategy,
    StrategyVersion,
    TeamMember,
)
from wisam.strategy.vocab import (
    OPEN_ACTION_STATUSES,
    ActionStatus,
    AssessmentStatus,
    LifecycleStage,
    ModelStatus,
    Raci,
    TeamRole,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_MODEL_SLUG = "wisam-mc-maturity"

# ---------------------------------------------------------------------------------------------------------------
# The programme team and its RACI matrix


def _is_member(user: User, organisation: Organisation) -> bool:
    return Membership.objects.current().filter(user=user, organisation=organisation).exists()


@transaction.atomic
def team_member_add(
    *,
    organisation: Organisation,
    user: User,
    team_role: str,
    actor: Any,
    note: Mapping[str, str] | None = None,
) -> TeamMember:
    """Put one of the institution's people in a team role. A learner representative may be a learner instead."""
    if team_role not in TeamRole.values:
        raise ValidationError({"team_role": _("Unknown team role.")})
    learner_rep = team_role == TeamRole.LEARNER_REPRESENTATIVE and hasattr(user, "learner_profile")
    if not (_is_member(user, organisation) or learner_rep):
        raise ValidationError({"user": _("The team is built from the institution's own people.")})
    if TeamMember.objects.filter(organisation=organisation, user=user, team_role=team_role).exists():
        raise ValidationError({"team_role": _("This person already holds this team role.")})
    member = TeamMember.objects.create(organisation=organisation, user=user, team_role=team_role, note=dict(note or {}))
    event_record(
        action="strategy.team_member_added",
        subject=member,
        organisation=organisation,
        actor=actor,
        payload={"user": user.email, "team_role": team_role},
    )
    return member


@transaction.atomic
def team_member_remove(*, member: TeamMember, actor: Any) -> None:
    event_record(
        action="strategy.team_member_removed",
        subject=member,
        organisation=member.organisation,
        actor=actor,
        payload={"user": member.user.email, "team_role": member.team_role},
    )
    member.delete()


@transaction.atomic
def raci_set(*, member: TeamMember, stage: str, letter: str, actor: Any) -> RaciAssignment | None:
    """Set one cell of the matrix; an empty letter clears it."""
    if stage not in LifecycleStage.values:
        raise ValidationError({"stage": _("Unknown lifecycle stage.")})
    if letter and letter not in Raci.values:
        raise ValidationError({"letter": _("Use R, A, C or I.")})
    current = RaciAssignment.objects.filter(member=member, stage=stage).first()
    if (current.letter if current else "") == letter:
        return current
    if letter:
        cell, _created = RaciAssignment.objects.update_or_create(
            member=member, stage=stage, defaults={"letter": letter}
        )
    else:
        RaciAssignment.objects.filter(member=member, stage=stage).delete()
        cell = None
    event_record(
        action="strategy.raci_set",
        subject=member,
        organisation=member.organisation,
        actor=actor,
        payload={"stage": stage, "letter": letter, "was": current.letter if current else ""},
    )
    return cell


R, A, C, INF = Raci.RESPONSIBLE, Raci.ACCOUNTABLE, Raci.CONSULTED, Raci.INFORMED
# A starting point an institution adapts: who usually does what, per stage (the approver/strategic lead is
# accountable where the institution commits itself; the QA lead for quality stages; the registrar for issuance).
SUGGESTED_RACI: dict[str, dict[str, str]] = {
    TeamRole.STRATEGIC_LEAD: {
        "need_codesign": A,
        "design": INF,
        "internal_qa": A,
        "accreditation": A,
        "nqf_register": INF,
        "delivery": INF,
        "issuance": INF,
        "wallet": INF,
        "stacking": A,
        "feedback": A,
    },
    TeamRole.ACADEMIC_LEAD: {
        "need_codesign": R,
        "design": A,
        "internal_qa": C,
        "accreditation": R,
        "nqf_register": C,
        "delivery": A,
        "issuance": C,
        "wallet": INF,
        "stacking": R,
        "feedback": R,
    },
    TeamRole.QA_LEAD: {
        "need_codesign": C,
        "design": C,
        "internal_qa": R,
        "accreditation": R,
        "nqf_register": R,
        "delivery": C,
        "issuance": INF,
        "wallet": INF,
        "stacking": C,
        "feedback": R,
    },
    TeamRole.INSTRUCTIONAL_DESIGN: {"design": R, "delivery": R, "feedback": C, "need_codesign": C},
    TeamRole.CREDENTIALING_IT: {"issuance": R, "wallet": A, "nqf_register": C, "delivery": C},
    TeamRole.REGISTRAR: {"issuance": A, "wallet": R, "nqf_register": A, "stacking": R, "delivery": C},
    TeamRole.FINANCE: {"need_codesign": C, "accreditation": INF, "feedback": INF},
    TeamRole.EMPLOYER_LIAISON: {"need_codesign": R, "design": C, "feedback": C, "wallet": C},
    TeamRole.LEARNER_REPRESENTATIVE: {"need_codesign": C, "design": C, "feedback": C, "stacking": C},
}


@transaction.atomic
def raci_apply_suggested(*, organisation: Organisation, actor: Any) -> int:
    """Fill the empty cells from SUGGESTED_RACI; "A" only for the first person in a role. Returns cells set."""
    count = 0
    accountable_taken = set(
        RaciAssignment.objects.filter(member__organisation=organisation, letter=A).values_list("stage", flat=True)
    )
    filled = set(RaciAssignment.objects.filter(member__organisation=organisation).values_list("member_id", "stage"))
    for member in TeamMember.objects.filter(organisation=organisation).order_by("id"):
        for stage, letter in SUGGESTED_RACI.get(member.team_role, {}).items():
            if (member.pk, stage) in filled:
                continue
            chosen = letter
            if letter == A:
                if stage in accountable_taken:
                    chosen = C
                accountable_taken.add(stage)
            raci_set(member=member, stage=stage, letter=chosen, actor=actor)
            count += 1
    return count


# ---------------------------------------------------------------------------------------------------------------
# The strategy canvas


@transaction.atomic
def strategy_save(
    *, organisation: Organisation, data: Mapping[str, Any], actor: Any, change_note: str = ""
) -> StrategyVersion:
    """Save the canvas as a new version; versions are never edited. Refuses a save that changes nothing."""
    strategy, _created = Strategy.objects.select_for_update().get_or_create(organisation=organisation)
    current = strategy.current
    content = {
        name: data.get(name, getattr(current, name) if current else None) for name in StrategyVersion.CONTENT_FIELDS
    }
    for name, value in content.items():
        if value is None:
            content[name] = cast(models.Field, StrategyVersion._meta.get_field(name)).get_default()
    changed = [name for name, value in content.items() if current is None or getattr(current, name) != value]
    if current is not None and not changed:
        raise ValidationError(_("Nothing changed since version %(number)d.") % {"number": current.number})
    version = StrategyVersion(
        strategy=strategy,
        number=(current.number + 1) if current else 1,
        created_by=actor if getattr(actor, "pk", None) else None,
        change_note=change_note,
        **content,
    )
    version.full_clean()
    version.save()
    event_record(
        action="strategy.canvas_saved",
        subject=version,
        organisation=organisation,
        actor=actor,
        payload={"number": version.number, "changed": changed, "note": change_note},
    )
    return version


# ---------------------------------------------------------------------------------------------------------------
# Stakeholders and engagements

STAKEHOLDER_FIELDS = ("name", "kind", "represents", "influence", "interest", "contact", "notes")


@transaction.atomic
def stakeholder_create(*, organisation: Organisation, actor: Any, **fields: Any) -> Stakeholder:
    unknown = set(fields) - set(STAKEHOLDER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown stakeholder fields: {sorted(unknown)}")
    stakeholder = Stakeholder(organisation=organisation, **fields)
    stakeholder.full_clean()
    stakeholder.save()
    event_record(
        action="strategy.stakeholder_added",
        subject=stakeholder,
        organisation=organisation,
        actor=actor,
        payload={
            "name": stakeholder.name,
            "kind": stakeholder.kind,
            "influence": stakeholder.influence,
            "interest": stakeholder.interest,
        },
    )
    return stakeholder


@transaction.atomic
def stakeholder_update(*, stakeholder: Stakeholder, actor: Any, **fields: Any) -> Stakeholder:
    changed = apply_changes(stakeholder, fields, allowed=STAKEHOLDER_FIELDS, label="stakeholder")
    if changed:
        stakeholder.full_clean()
        stakeholder.save()
        event_record(
            action="strategy.stakeholder_updated",
            subject=stakeholder,
            organisation=stakeholder.organisation,
            actor=actor,
            payload={"changed": changed},
        )
    return stakeholder


@transaction.atomic
def responsibility_add(
    *, stakeholder: Stakeholder, stage: str, description: Mapping[str, str], actor: Any
) -> Responsibility:
    responsibility = Responsibility(stakeholder=stakeholder, stage=stage, description=dict(description))
    responsibility.full_clean()
    responsibility.save()
    event_record(
        action="strategy.responsibility_added",
        subject=stakeholder,
        organisation=stakeholder.organisation,
        actor=actor,
        payload={"stage": stage, "description": dict(description)},
    )
    return responsibility


@transaction.atomic
def responsibility_remove(*, responsibility: Responsibility, actor: Any) -> None:
    stakeholder = responsibility.stakeholder
    event_record(
        action="strategy.responsibility_removed",
        subject=stakeholder,
        organisation=stakeholder.organisation,
        actor=actor,
        payload={"stage": responsibility.stage, "description": responsibility.description},
    )
    responsibility.delete()


@transaction.atomic
def engagement_record(
    *,
    organisation: Organisation,
    kind: str,
    title: Mapping[str, str],
    held_on: date,
    stakeholders: Iterable[Stakeholder],
    actor: Any,
    stage: str = "",
    participants: int | None = None,
    outcomes: Mapping[str, str] | None = None,
) -> Engagement:
    chosen = list(stakeholders)
    if any(s.organisation_id != organisation.pk for s in chosen):
        raise ValidationError({"stakeholders": _("Choose stakeholders from this register.")})
    engagement = Engagement(
        organisation=organisation,
        kind=kind,
        title=dict(title),
        held_on=held_on,
        stage=stage,
        participants=participants,
        outcomes=dict(outcomes or {}),
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    engagement.full_clean()
    engagement.save()
    engagement.stakeholders.set(chosen)
    event_record(
        action="strategy.engagement_recorded",
        subject=engagement,
        organisation=organisation,
        actor=actor,
        payload={"kind": kind, "title": dict(title), "held_on": held_on, "stakeholders": [s.pk for s in chosen]},
    )
    return engagement


# What an engagement's outcome may point at; a model not installed (yet) is simply not offered.
LINKABLE: tuple[str, ...] = ("design.microcredential", "accreditation.guideline", "strategy.maturitymodel")


def linkable_model(label: str) -> type[models.Model] | None:
    if label not in LINKABLE:
        return None
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


@transaction.atomic
def outcome_link_add(
    *, engagement: Engagement, target: models.Model, actor: Any, note: Mapping[str, str] | None = None
) -> OutcomeLink:
    """Record that the engagement shaped `target` (an institution's own micro-credential, or national data)."""
    label = target._meta.label_lower
    if label not in LINKABLE:
        raise ValidationError(_("An outcome can link to a micro-credential, a guideline or a maturity model."))
    owner_id = getattr(target, "organisation_id", None)
    if owner_id is not None and owner_id != engagement.organisation_id:
        raise ValidationError(_("Link only to your own institution's micro-credentials."))
    link, created = OutcomeLink.objects.get_or_create(
        engagement=engagement,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        defaults={"label": _label_of(target), "note": dict(note or {})},
    )
    if created:
        event_record(
            action="strategy.outcome_linked",
            subject=engagement,
            organisation=engagement.organisation,
            actor=actor,
            payload={"target": label, "target_id": target.pk},
        )
    return link


def _label_of(target: models.Model) -> dict[str, str]:
    for attribute in ("title", "name"):
        value = getattr(target, attribute, None)
        if isinstance(value, dict) and value:
            return {k: str(v) for k, v in value.items()}
    code = getattr(target, "code", None)
    if code:
        # A micro-credential's title lives on its versions; the code is its stable name.
        versions = getattr(target, "versions", None)
        latest = versions.order_by("-number").first() if versions is not None else None
        title = getattr(latest, "title", None)
        if isinstance(title, dict) and title:
            return {k: f"{code} — {v}" for k, v in title.items()}
        return bilingual(str(code), str(code))
    return bilingual(str(target), str(target))


# ---------------------------------------------------------------------------------------------------------------
# Maturity models (versioned data)


def _descriptors(value: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    return {str(level): dict(text) for level, text in value.items()}


@transaction.atomic
def maturity_model_load(*, data: Mapping[str, Any] | None = None, path: Path | None = None) -> MaturityModel:
    """Load a model version from its JSON data file; a version already loaded is left as it is."""
    if data is None:
        path = path or DATA_DIR / "maturity-model-wisam-v1.json"
        data = json.loads(path.read_text(encoding="utf-8"))
    existing = MaturityModel.objects.filter(slug=data["slug"], version=data["version"]).first()
    if existing is not None:
        return existing
    model = MaturityModel.objects.create(
        slug=data["slug"],
        version=data["version"],
        title=data["title"],
        description=data.get("description", {}),
        sources=data.get("sources", []),
        status=data.get("status", ModelStatus.PUBLISHED),
        published_at=timezone.now() if data.get("status", ModelStatus.PUBLISHED) == ModelStatus.PUBLISHED else None,
    )
    for level in data["levels"]:
        MaturityLevel.objects.create(
            model=model, number=level["number"], name=level["name"], description=level.get("description", {})
        )
    for order, dim in enumerate(data["dimensions"], start=1):
        dimension = MaturityDimension.objects.create(
            model=model,
            key=dim["key"],
            order=order,
            name=dim["name"],
            description=dim.get("description", {}),
            descriptors=_descriptors(dim.get("levels", {})),
            owner_role=dim.get("owner_role", ""),
        )
        for position, ind in enumerate(dim["indicators"], start=1):
            MaturityIndicator.objects.create(
                dimension=dimension,
                key=ind["key"],
                order=position,
                statement=ind["statement"],
                evidence_hint=ind.get("evidence", {}),
            )
    if model.status == ModelStatus.PUBLISHED:
        MaturityModel.objects.filter(slug=model.slug, status=ModelStatus.PUBLISHED).exclude(pk=model.pk).update(
            status=ModelStatus.RETIRED
        )
    event_record(
        action="strategy.maturity_model_loaded",
        subject=model,
        payload={"slug": model.slug, "version": model.version, "dimensions": len(data["dimensions"])},
    )
    return model


@transaction.atomic
def maturity_model_new_version(*, model: MaturityModel, actor: Any) -> MaturityModel:
    """A draft copy of `model` with the next version number; the only kind of model that can be edited."""
    if MaturityModel.objects.filter(slug=model.slug, status=ModelStatus.DRAFT).exists():
        raise ValidationError(_("A draft of this model is already open; edit or publish it first."))
    latest = MaturityModel.objects.filter(slug=model.slug).order_by("-version").first()
    draft = MaturityModel.objects.create(
        slug=model.slug,
        version=(latest.version if latest else model.version) + 1,
        title=model.title,
        description=model.description,
        sources=model.sources,
        status=ModelStatus.DRAFT,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    for level in model.levels.all():
        MaturityLevel.objects.create(model=draft, number=level.number, name=level.name, description=level.description)
    for dimension in model.dimensions.prefetch_related("indicators"):
        copy = MaturityDimension.objects.create(
            model=draft,
            key=dimension.key,
            order=dimension.order,
            name=dimension.name,
            description=dimension.description,
            descriptors=dimension.descriptors,
            owner_role=dimension.owner_role,
        )
        for indicator in dimension.indicators.all():
            MaturityIndicator.objects.create(
                dimension=copy,
                key=indicator.key,
                order=indicator.order,
                statement=indicator.statement,
                evidence_hint=indicator.evidence_hint,
            )
    event_record(
        action="strategy.maturity_model_drafted",
        subject=draft,
        actor=actor,
        payload={"slug": draft.slug, "version": draft.version, "from_version": model.version},
    )
    return draft


def _require_draft(model: MaturityModel) -> None:
    if model.status != ModelStatus.DRAFT:
        raise ValidationError(_("A published model never changes; start a new version to edit it."))


@transaction.atomic
def maturity_dimension_update(
    *,
    dimension: MaturityDimension,
    actor: Any,
    name: Mapping[str, str],
    description: Mapping[str, str],
    descriptors: Mapping[str, Mapping[str, str]],
) -> MaturityDimension:
    _require_draft(dimension.model)
    dimension.name = dict(name)
    dimension.description = dict(description)
    dimension.descriptors = _descriptors(descriptors)
    dimension.full_clean()
    dimension.save()
    event_record(
        action="strategy.maturity_dimension_updated",
        subject=dimension.model,
        actor=actor,
        payload={"dimension": dimension.key, "name": dimension.name},
    )
    return dimension


@transaction.atomic
def maturity_indicator_save(
    *,
    dimension: MaturityDimension,
    actor: Any,
    statement: Mapping[str, str],
    evidence_hint: Mapping[str, str] | None = None,
    indicator: MaturityIndicator | None = None,
    key: str = "",
) -> MaturityIndicator:
    """Change an indicator of a draft model, or add one (with a new `key`)."""
    _require_draft(dimension.model)
    if indicator is None:
        order = (dimension.indicators.aggregate(models.Max("order"))["order__max"] or 0) + 1
        indicator = MaturityIndicator(dimension=dimension, key=key or f"{dimension.key}-{order}", order=order)
    indicator.statement = dict(statement)
    indicator.evidence_hint = dict(evidence_hint or {})
    indicator.full_clean()
    indicator.save()
    event_record(
        action="strategy.maturity_indicator_saved",
        subject=dimension.model,
        actor=actor,
        payload={"dimension": dimension.key, "indicator": indicator.key, "statement": indicator.statement},
    )
    return indicator


@transaction.atomic
def maturity_model_publish(
    *, model: MaturityModel, actor: Any, change_note: Mapping[str, str] | None = None
) -> MaturityModel:
    """Publish a draft: it becomes the version new self-assessments use; the previous one is retired."""
    _require_draft(model)
    from wisam.strategy.consultation import consultations_for

    if consultations_for(model).filter(status="open").exists():
        raise ValidationError(_("Close the consultation on this draft before publishing it."))
    levels = set(model.levels.values_list("number", flat=True))
    if levels != {1, 2, 3, 4, 5}:
        raise ValidationError(_("A maturity model needs the five levels 1 to 5."))
    empty = [translated(d.name) for d in model.dimensions.all() if not d.indicators.exists()]
    if empty:
        raise ValidationError(_("Every dimension needs an indicator: %(names)s.") % {"names": ", ".join(empty)})
    MaturityModel.objects.filter(slug=model.slug, status=ModelStatus.PUBLISHED).update(status=ModelStatus.RETIRED)
    model.status = ModelStatus.PUBLISHED
    model.published_at = timezone.now()
    model.change_note = dict(change_note or {})
    model.save(update_fields=["status", "published_at", "change_note"])
    event_record(
        action="strategy.maturity_model_published",
        subject=model,
        actor=actor,
        payload={"slug": model.slug, "version": model.version, "change_note": model.change_note},
    )
    return model


def current_model(slug: str = DEFAULT_MODEL_SLUG) -> MaturityModel | None:
    return MaturityModel.objects.filter(slug=slug, status=ModelStatus.PUBLISHED).order_by("-version").first()


# ---------------------------------------------------------------------------------------------------------------
# Self-assessments


@transaction.atomic
def assessment_start(
    *,
    organisation: Organisation,
    actor: Any,
    model: MaturityModel | None = None,
    assessed_on: date | None = None,
) -> MaturityAssessment:
    """Open a self-assessment on the current published model; at most one is in progress per institution."""
    model = model or current_model()
    if model is None or model.status != ModelStatus.PUBLISHED:
        raise ValidationError(_("There is no published maturity model to assess against."))
    if MaturityAssessment.objects.filter(organisation=organisation, status=AssessmentStatus.DRAFT).exists():
        raise ValidationError(_("A self-assessment is already in progress; finish it first."))
    assessment = MaturityAssessment.objects.create(
        organisation=organisation,
        model=model,
        assessed_on=assessed_on or timezone.localdate(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    IndicatorRating.objects.bulk_create(
        IndicatorRating(assessment=assessment, indicator=indicator)
        for indicator in MaturityIndicator.objects.filter(dimension__model=model)
    )
    event_record(
        action="strategy.assessment_started",
        subject=assessment,
        organisation=organisation,
        actor=actor,
        payload={"model": model.slug, "version": model.version, "assessed_on": assessment.assessed_on},
    )
    return assessment


@transaction.atomic
def assessment_rate(
    *,
    assessment: MaturityAssessment,
    ratings: Mapping[int, Mapping[str, Any]],
    actor: Any,
) -> list[int]:
    """Record ratings {indicator id: {"level", "evidence", "evidence_url"}}; returns the indicators changed."""
    assessment = MaturityAssessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != AssessmentStatus.DRAFT:
        raise ValidationError(_("This self-assessment was submitted; start a new one to change it."))
    existing = {r.indicator_id: r for r in assessment.ratings.all()}
    changed: list[int] = []
    for indicator_id, values in ratings.items():
        rating = existing.get(int(indicator_id))
        if rating is None:
            raise ValidationError(_("This indicator is not part of the assessment's model."))
        level = values.get("level")
        new = {
            "level": int(level) if level not in (None, "") else None,
            "evidence": str(values.get("evidence", rating.evidence) or "").strip(),
            "evidence_url": str(values.get("evidence_url", rating.evidence_url) or "").strip(),
        }
        if all(getattr(rating, name) == value for name, value in new.items()):
            continue
        for name, value in new.items():
            setattr(rating, name, value)
        rating.full_clean()
        rating.save()
        changed.append(rating.indicator_id)
    if changed:
        event_record(
            action="strategy.assessment_rated",
            subject=assessment,
            organisation=assessment.organisation,
            actor=actor,
            payload={"indicators": changed},
        )
    return changed


def assessment_scores(assessment: MaturityAssessment) -> dict[str, scoring.DimensionScore]:
    """The computed score of every dimension of the assessment's model, by dimension key."""
    by_dimension: dict[str, list[scoring.Rating]] = {}
    dimensions = MaturityDimension.objects.filter(model=assessment.model).order_by("order")
    for dimension in dimensions:
        by_dimension[dimension.key] = []
    for rating in assessment.ratings.select_related("indicator__dimension"):
        by_dimension[rating.indicator.dimension.key].append(scoring.Rating(rating.level, rating.has_evidence))
    return {key: scoring.dimension_score(ratings) for key, ratings in by_dimension.items()}


@transaction.atomic
def assessment_submit(*, assessment: MaturityAssessment, actor: Any) -> MaturityAssessment:
    """Freeze the levels; from now on they count in the anonymised national median."""
    assessment = MaturityAssessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != AssessmentStatus.DRAFT:
        raise ValidationError(_("This self-assessment was already submitted."))
    scores = assessment_scores(assessment)
    incomplete = [key for key, score in scores.items() if not score.complete]
    if incomplete:
        names = MaturityDimension.objects.filter(model=assessment.model, key__in=incomplete).order_by("order")
        raise ValidationError(
            _("Rate every indicator before submitting. Still open: %(names)s.")
            % {"names": ", ".join(translated(d.name) for d in names)}
        )
    assessment.results = {
        "levels": {key: score.level for key, score in scores.items()},
        "scores": {key: score.mean for key, score in scores.items()},
    }
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_by = actor if getattr(actor, "pk", None) else None
    assessment.submitted_at = timezone.now()
    assessment.save(update_fields=["results", "status", "submitted_by", "submitted_at"])
    event_record(
        action="strategy.assessment_submitted",
        subject=assessment,
        organisation=assessment.organisation,
        actor=actor,
        payload={"levels": assessment.results["levels"], "assessed_on": assessment.assessed_on},
    )
    return assessment


# ---------------------------------------------------------------------------------------------------------------
# The improvement roadmap


def _suggested_owner(organisation: Organisation, dimension: MaturityDimension) -> User | None:
    for role in (dimension.owner_role, TeamRole.STRATEGIC_LEAD):
        if not role:
            continue
        member = TeamMember.objects.filter(organisation=organisation, team_role=role).order_by("id").first()
        if member is not None:
            return member.user
    return None


@transaction.atomic
def roadmap_propose(*, assessment: MaturityAssessment, actor: Any, today: date | None = None) -> list[RoadmapAction]:
    """Propose one action per dimension below level 5: reach the next level, as the model describes it.

    The weakest dimensions come first (deadline in six months), the others within a year; the owner is the team
    member in the dimension's usual team role, or the strategic lead. Dimensions that already have an open action
    tied to them are skipped, so proposing twice adds nothing.
    """
    assessment = MaturityAssessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise ValidationError(_("Submit the self-assessment before proposing a roadmap from it."))
    today = today or timezone.localdate()
    levels: dict[str, int] = assessment.results.get("levels", {})
    if not levels:
        return []
    weakest = min(levels.values())
    open_keys = set(
        RoadmapAction.objects.filter(organisation=assessment.organisation, status__in=OPEN_ACTION_STATUSES).values_list(
            "dimension__key", flat=True
        )
    )
    low_indicators: dict[int, list[MaturityIndicator]] = {}
    for rating in assessment.ratings.select_related("indicator__dimension"):
        effective = scoring.effective_level(scoring.Rating(rating.level, rating.has_evidence)) or 0
        if effective <= levels.get(rating.indicator.dimension.key, 0):
            low_indicators.setdefault(rating.indicator.dimension_id, []).append(rating.indicator)
    lead = {"ar": "ابدأ بـ: ", "en": "Start with: "}
    joiner = {"ar": "؛ ", "en": "; "}
    reach = {"ar": "الوصول إلى المستوى %d", "en": "reach level %d"}
    created: list[RoadmapAction] = []
    for dimension in MaturityDimension.objects.filter(model=assessment.model).order_by("order"):
        level = levels.get(dimension.key)
        if level is None or level >= 5 or dimension.key in open_keys:
            continue
        target = level + 1
        descriptor = dimension.descriptor(target)
        focus = low_indicators.get(dimension.pk, [])
        title = {code: f"{translated(dimension.name, code)}: {reach[code] % target}" for code in ("ar", "en")}
        description = {}
        for code in ("ar", "en"):
            text = str(descriptor.get(code, ""))
            if focus:
                listed = joiner[code].join(translated(indicator.statement, code) for indicator in focus)
                text = f"{text}\n\n{lead[code]}{listed}" if text else f"{lead[code]}{listed}"
            description[code] = text
        action = RoadmapAction.objects.create(
            organisation=assessment.organisation,
            assessment=assessment,
            dimension=dimension,
            title=title,
            description=description,
            target_level=target,
            owner=_suggested_owner(assessment.organisation, dimension),
            due_on=today + timedelta(days=182 if level == weakest else 365),
            status=ActionStatus.PROPOSED,
        )
        created.append(action)
    if created:
        event_record(
            action="strategy.roadmap_proposed",
            subject=assessment,
            organisation=assessment.organisation,
            actor=actor,
            payload={"actions": [a.pk for a in created], "dimensions": [a.dimension.key for a in created]},
        )
    return created


ACTION_FIELDS = ("title", "description", "target_level", "owner", "due_on", "status")


@transaction.atomic
def roadmap_action_create(
    *, organisation: Organisation, dimension: MaturityDimension, title: Mapping[str, str], actor: Any, **fields: Any
) -> RoadmapAction:
    unknown = set(fields) - set(ACTION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown roadmap fields: {sorted(unknown)}")
    owner = fields.get("owner")
    if owner is not None and not _is_member(owner, organisation):
        raise ValidationError({"owner": _("The owner must be one of the institution's people.")})
    action = RoadmapAction(organisation=organisation, dimension=dimension, title=dict(title), **fields)
    action.status = fields.get("status") or ActionStatus.PLANNED
    action.full_clean()
    action.save()
    event_record(
        action="strategy.roadmap_action_added",
        subject=action,
        organisation=organisation,
        actor=actor,
        payload={"dimension": dimension.key, "title": action.title, "due_on": action.due_on},
    )
    return action


@transaction.atomic
def roadmap_action_update(*, action: RoadmapAction, actor: Any, **fields: Any) -> RoadmapAction:
    changed = apply_changes(action, fields, allowed=ACTION_FIELDS, label="roadmap")
    if "owner" in changed and action.owner is not None and not _is_member(action.owner, action.organisation):
        raise ValidationError({"owner": _("The owner must be one of the institution's people.")})
    if not changed:
        return action
    if "status" in changed:
        action.completed_on = timezone.localdate() if action.status == ActionStatus.DONE else None
    action.full_clean()
    action.save()
    event_record(
        action="strategy.roadmap_action_updated",
        subject=action,
        organisation=action.organisation,
        actor=actor,
        payload={"changed": changed},
    )
    return action


# ---------------------------------------------------------------------------------------------------------------
# National recommendations

RECOMMENDATION_FIELDS = ("title", "description", "expected_result", "owner", "status", "due_on")


@transaction.atomic
def recommendation_create(*, code: str, title: Mapping[str, str], actor: Any, **fields: Any) -> Recommendation:
    unknown = set(fields) - set(RECOMMENDATION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown recommendation fields: {sorted(unknown)}")
    recommendation = Recommendation(
        code=code, title=dict(title), created_by=actor if getattr(actor, "pk", None) else None, **fields
    )
    recommendation.full_clean()
    recommendation.save()
    event_record(
        action="strategy.recommendation_added",
        subject=recommendation,
        organisation=recommendation.owner,
        actor=actor,
        payload={"code": code, "title": recommendation.title},
    )
    return recommendation


@transaction.atomic
def recommendation_update(*, recommendation: Recommendation, actor: Any, **fields: Any) -> Recommendation:
    changed = apply_changes(recommendation, fields, allowed=RECOMMENDATION_FIELDS, label="recommendation")
    if changed:
        recommendation.full_clean()
        recommendation.save()
        event_record(
            action="strategy.recommendation_updated",
            subject=recommendation,
            organisation=recommendation.owner,
            actor=actor,
            payload={"changed": changed},
        )
    return recommendation


@transaction.atomic
def recommendation_evidence_add(
    *, recommendation: Recommendation, title: Mapping[str, str], url: str, actor: Any
) -> RecommendationEvidence:
    evidence = RecommendationEvidence(
        recommendation=recommendation,
        title=dict(title),
        url=url,
        added_by=actor if getattr(actor, "pk", None) else None,
    )
    evidence.full_clean()
    evidence.save()
    event_record(
        action="strategy.recommendation_evidence_added",
        subject=recommendation,
        organisation=recommendation.owner,
        actor=actor,
        payload={"title": evidence.title, "url": url},
    )
    return evidence


@transaction.atomic
def recommendations_seed(*, owner: Organisation | None = None, actor: Any = None) -> list[Recommendation]:
    """The webinar's five expected results as the first national recommendations (data/recommendations-*.json)."""
    data = json.loads((DATA_DIR / "recommendations-webinar-2025.json").read_text(encoding="utf-8"))
    seeded = []
    for item in data["recommendations"]:
        existing = Recommendation.objects.filter(code=item["code"]).first()
        if existing is not None:
            seeded.append(existing)
            continue
        seeded.append(
            recommendation_create(
                code=item["code"],
                title=item["title"],
                description=item.get("description", {}),
                expected_result=item.get("expected_result"),
                owner=owner,
                actor=actor,
            )
        )
    return seeded
