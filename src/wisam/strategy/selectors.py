"""Reads for the strategy app: the team page, the canvas, registers, maturity profiles, median and roadmap."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from django.db import models
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wisam.core.i18n import translated
from wisam.institutions.models import Membership, Organisation, User
from wisam.institutions.roles import HIGHER_EDUCATION_KINDS, OrganisationKind
from wisam.strategy import gaps, scoring
from wisam.strategy.models import (
    Engagement,
    MaturityAssessment,
    MaturityDimension,
    MaturityIndicator,
    MaturityModel,
    RaciAssignment,
    Recommendation,
    RoadmapAction,
    Stakeholder,
    StrategyVersion,
    TeamMember,
)
from wisam.strategy.models.canvas import CANVAS_SECTIONS
from wisam.strategy.vocab import OPEN_ACTION_STATUSES, AssessmentStatus, LifecycleStage, ModelStatus, TeamRole

# -- Team ------------------------------------------------------------------------------------------------------


@dataclass
class TeamRow:
    member: TeamMember
    cells: list[tuple[str, str, str]]  # (stage, stage label, letter or "") per lifecycle stage, in order
    is_current: bool


@dataclass
class TeamPage:
    rows: list[TeamRow]
    stages: list[tuple[str, str]]
    findings: list[gaps.Finding]
    stage_findings: dict[str, list[gaps.Finding]] = field(default_factory=dict)

    @property
    def gap_count(self) -> int:
        return sum(1 for f in self.findings if f.severity == "gap")


def team_members(organisation: Organisation) -> QuerySet[TeamMember]:
    return TeamMember.objects.filter(organisation=organisation).select_related("user").order_by("team_role", "id")


def _current_member_ids(organisation: Organisation, members: Sequence[TeamMember]) -> set[int]:
    current_users = set(
        Membership.objects.current().filter(organisation=organisation).values_list("user_id", flat=True)
    )
    return {m.pk for m in members if m.user_id in current_users or hasattr(m.user, "learner_profile")}


def team_snapshot(organisation: Organisation) -> gaps.TeamSnapshot:
    members = list(team_members(organisation))
    current = _current_member_ids(organisation, members)
    raci = {
        (cell.member_id, cell.stage): cell.letter
        for cell in RaciAssignment.objects.filter(member__organisation=organisation)
    }
    return gaps.TeamSnapshot(
        members=[gaps.Member(m.pk, m.user_id, str(m.user), m.team_role, m.pk in current) for m in members],
        raci=raci,
    )


def team_page(organisation: Organisation) -> TeamPage:
    order = {role: index for index, role in enumerate(TeamRole.values)}
    members = sorted(team_members(organisation), key=lambda m: (order.get(m.team_role, 99), m.pk))
    snapshot = team_snapshot(organisation)
    current = {m.id for m in snapshot.members if m.is_current}
    stages = [(value, str(label)) for value, label in LifecycleStage.choices]
    rows = [
        TeamRow(
            member=m,
            cells=[(stage, label, snapshot.raci.get((m.pk, stage), "")) for stage, label in stages],
            is_current=m.pk in current,
        )
        for m in members
    ]
    findings = gaps.team_findings(snapshot)
    by_stage: dict[str, list[gaps.Finding]] = {}
    for finding in findings:
        if finding.stage:
            by_stage.setdefault(finding.stage, []).append(finding)
    return TeamPage(rows=rows, stages=stages, findings=findings, stage_findings=by_stage)


def team_candidates(organisation: Organisation) -> QuerySet[User]:
    """The people who may join the team: those who currently hold a role in the institution."""
    users = Membership.objects.current().filter(organisation=organisation).values_list("user_id", flat=True)
    return User.objects.filter(pk__in=users, is_active=True).order_by("email")


# -- Canvas ----------------------------------------------------------------------------------------------------


def strategy_versions(organisation: Organisation) -> QuerySet[StrategyVersion]:
    return StrategyVersion.objects.filter(strategy__organisation=organisation).select_related("created_by")


@dataclass
class CanvasAnswer:
    name: str
    label: str
    value: Any
    display: str
    changed: bool = False


@dataclass
class CanvasSection:
    key: str
    title: str
    prompt: str
    answers: list[CanvasAnswer]


def canvas_sections(version: StrategyVersion | None, previous: StrategyVersion | None = None) -> list[CanvasSection]:
    sections = []
    for key, title, prompt, names in CANVAS_SECTIONS:
        answers = []
        for name in names:
            model_field = cast(models.Field, StrategyVersion._meta.get_field(name))
            value = getattr(version, name) if version else None
            if getattr(model_field, "choices", None):
                display = str(getattr(version, f"get_{name}_display")()) if version and value else ""
            elif isinstance(value, bool):
                display = str(_("Yes") if value else _("No"))
            else:
                display = translated(value) if value else ""
            changed = bool(version and previous and getattr(previous, name) != value)
            answers.append(CanvasAnswer(name, str(model_field.verbose_name), value, display, changed))
        sections.append(CanvasSection(key, str(title), str(prompt), answers))
    return sections


# -- Stakeholders ----------------------------------------------------------------------------------------------


def register(organisation: Organisation) -> QuerySet[Stakeholder]:
    return (
        Stakeholder.objects.filter(organisation=organisation)
        .select_related("represents")
        .prefetch_related("responsibilities")
        .order_by("-influence", "-interest", "id")
    )


def national_registers() -> QuerySet[Organisation]:
    return Organisation.objects.filter(kind=OrganisationKind.MINISTRY, is_active=True).order_by("slug")


def engagements(organisation: Organisation) -> QuerySet[Engagement]:
    return (
        Engagement.objects.filter(organisation=organisation)
        .prefetch_related("stakeholders", "links__target_type")
        .order_by("-held_on", "-id")
    )


def responsibilities_by_stage(
    stakeholders: Sequence[Stakeholder],
) -> list[tuple[str, str, list[tuple[Stakeholder, str]]]]:
    """Lifecycle stage → who is responsible for what there (the "who does what" view of the register)."""
    rows = []
    for stage, label in LifecycleStage.choices:
        entries = [
            (s, translated(r.description)) for s in stakeholders for r in s.responsibilities.all() if r.stage == stage
        ]
        rows.append((stage, str(label), entries))
    return rows


# -- Maturity --------------------------------------------------------------------------------------------------


def model_versions() -> QuerySet[MaturityModel]:
    return MaturityModel.objects.order_by("slug", "-version")


def model_structure(model: MaturityModel) -> list[MaturityDimension]:
    return list(
        MaturityDimension.objects.filter(model=model)
        .prefetch_related(Prefetch("indicators", queryset=MaturityIndicator.objects.order_by("order")))
        .order_by("order")
    )


def assessments(organisation: Organisation) -> QuerySet[MaturityAssessment]:
    return (
        MaturityAssessment.objects.filter(organisation=organisation)
        .select_related("model")
        .order_by("-assessed_on", "-id")
    )


def submitted_assessments(organisation: Organisation) -> list[MaturityAssessment]:
    return list(assessments(organisation).filter(status=AssessmentStatus.SUBMITTED))


def latest_levels_by_organisation(slug: str) -> dict[int, dict[str, int | None]]:
    """Each institution's latest submitted levels on any version of model `slug` (keys are dimension keys)."""
    latest: dict[int, dict[str, int | None]] = {}
    for assessment in (
        MaturityAssessment.objects.filter(
            status=AssessmentStatus.SUBMITTED,
            model__slug=slug,
            organisation__kind__in=HIGHER_EDUCATION_KINDS,
        )
        .order_by("organisation_id", "-assessed_on", "-id")
        .only("organisation_id", "results")
    ):
        latest.setdefault(assessment.organisation_id, dict(assessment.results.get("levels", {})))
    return latest


def national_median_for(organisation: Organisation, slug: str) -> dict[str, float] | None:
    return scoring.national_median(latest_levels_by_organisation(slug), exclude=organisation.pk)


@dataclass
class ProfileRow:
    key: str
    name: str
    current: float | None
    previous: float | None
    median: float | None


@dataclass
class MaturityProfile:
    current: MaturityAssessment | None
    previous: MaturityAssessment | None
    median: dict[str, float] | None
    rows: list[ProfileRow]
    overall: int | None

    @property
    def median_hidden(self) -> bool:
        return self.median is None


def maturity_profile(organisation: Organisation) -> MaturityProfile:
    submitted = submitted_assessments(organisation)
    current = submitted[0] if submitted else None
    previous = submitted[1] if len(submitted) > 1 else None
    if current is None:
        return MaturityProfile(None, None, None, [], None)
    median = national_median_for(organisation, current.model.slug)
    levels = current.results.get("levels", {})
    before = previous.results.get("levels", {}) if previous else {}
    rows = [
        ProfileRow(
            key=d.key,
            name=translated(d.name),
            current=levels.get(d.key),
            previous=before.get(d.key),
            median=(median or {}).get(d.key),
        )
        for d in MaturityDimension.objects.filter(model=current.model).order_by("order")
    ]
    return MaturityProfile(current, previous, median, rows, scoring.overall_level(levels.values()))


@dataclass
class RatingRow:
    rating: Any
    indicator: MaturityIndicator


@dataclass
class DimensionBlock:
    dimension: MaturityDimension
    ratings: list[RatingRow]
    score: scoring.DimensionScore


def assessment_blocks(assessment: MaturityAssessment) -> list[DimensionBlock]:
    from wisam.strategy.services import assessment_scores

    scores = assessment_scores(assessment)
    ratings = {r.indicator_id: r for r in assessment.ratings.all()}
    blocks = []
    for dimension in model_structure(assessment.model):
        rows = [RatingRow(ratings[i.pk], i) for i in dimension.indicators.all() if i.pk in ratings]
        blocks.append(DimensionBlock(dimension, rows, scores[dimension.key]))
    return blocks


# -- Roadmap ---------------------------------------------------------------------------------------------------


@dataclass
class TimelineGroup:
    label: str
    start: date | None
    actions: list[RoadmapAction]


def roadmap_actions(organisation: Organisation) -> QuerySet[RoadmapAction]:
    return (
        RoadmapAction.objects.filter(organisation=organisation)
        .select_related("owner", "dimension")
        .order_by("due_on", "id")
    )


def roadmap_timeline(organisation: Organisation, *, today: date | None = None) -> list[TimelineGroup]:
    """The actions grouped by the quarter they are due in; overdue open actions first, undated ones last."""
    today = today or timezone.localdate()
    overdue, undated = [], []
    quarters: dict[tuple[int, int], list[RoadmapAction]] = {}
    for action in roadmap_actions(organisation):
        action.is_overdue = bool(action.due_on and action.due_on < today and action.status in OPEN_ACTION_STATUSES)  # type: ignore[attr-defined]
        if action.is_overdue:  # type: ignore[attr-defined]
            overdue.append(action)
        elif action.due_on is None:
            undated.append(action)
        else:
            quarters.setdefault((action.due_on.year, (action.due_on.month - 1) // 3 + 1), []).append(action)
    groups = []
    if overdue:
        groups.append(TimelineGroup(str(_("Overdue")), None, overdue))
    for (year, quarter), actions in sorted(quarters.items()):
        groups.append(
            TimelineGroup(
                _("Q%(quarter)d %(year)d") % {"quarter": quarter, "year": year},
                date(year, 3 * quarter - 2, 1),
                actions,
            )
        )
    if undated:
        groups.append(TimelineGroup(str(_("No deadline yet")), None, undated))
    return groups


# -- Recommendations -------------------------------------------------------------------------------------------


def recommendations() -> QuerySet[Recommendation]:
    return Recommendation.objects.select_related("owner").prefetch_related("evidence").order_by("code")


def published_models() -> QuerySet[MaturityModel]:
    return MaturityModel.objects.filter(status=ModelStatus.PUBLISHED)
