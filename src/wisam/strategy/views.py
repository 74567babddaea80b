"""Strategy pages: overview, team, canvas, stakeholders, maturity, roadmap, models and recommendations.

Thin: each view asks the policy, reads through selectors, writes through services and renders.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wisam.core.i18n import translated
from wisam.core.policy import can, require, scope
from wisam.institutions.models import Organisation
from wisam.institutions.roles import HIGHER_EDUCATION_KINDS
from wisam.strategy import charts, consultation, selectors, services
from wisam.strategy.forms import (
    ActionStatusForm,
    CanvasForm,
    ConsultationAnswerForm,
    ConsultationCloseForm,
    ConsultationCommentForm,
    ConsultationOpenForm,
    DimensionForm,
    EngagementForm,
    EvidenceForm,
    IndicatorForm,
    ModelPublishForm,
    OutcomeLinkForm,
    RecommendationForm,
    ResponsibilityForm,
    RoadmapActionForm,
    StakeholderForm,
    TeamMemberForm,
)
from wisam.strategy.models import (
    Consultation,
    ConsultationComment,
    Engagement,
    MaturityAssessment,
    MaturityDimension,
    MaturityIndicator,
    MaturityModel,
    Recommendation,
    Responsibility,
    RoadmapAction,
    Stakeholder,
    TeamMember,
)
from wisam.strategy.vocab import Raci


def _organisation(request: HttpRequest, slug: str, action: str) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    require(request.user, action, organisation)
    return organisation


def _refused(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _try(request: HttpRequest, call: Callable[[], Any], success: str | None) -> bool:
    try:
        call()
    except ValidationError as error:
        _refused(request, error)
        return False
    if success:
        messages.success(request, success)
    return True


@login_required
def index(request: HttpRequest) -> HttpResponse:
    organisations = scope(
        request.user, "strategy.view", Organisation.objects.filter(kind__in=HIGHER_EDUCATION_KINDS)
    ).order_by("slug")
    if organisations.count() == 1 and not can(request.user, "recommendation.view", Recommendation()):
        return redirect("strategy:overview", slug=organisations.get().slug)
    national = [org for org in selectors.national_registers() if can(request.user, "strategy.view_register", org)]
    return render(
        request,
        "strategy/index.html",
        {
            "organisations": organisations,
            "national": national,
            "show_recommendations": can(request.user, "recommendation.view", Recommendation()),
        },
    )


@login_required
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, "strategy.view")
    team = selectors.team_page(organisation)
    profile = selectors.maturity_profile(organisation)
    actions = list(selectors.roadmap_actions(organisation))
    return render(
        request,
        "strategy/overview.html",
        {
            "organisation": organisation,
            "team": team,
            "strategy_version": selectors.strategy_versions(organisation).first(),
            "stakeholder_count": selectors.register(organisation).count(),
            "profile": profile,
            "open_actions": sum(1 for a in actions if a.status not in ("done", "dropped")),
            "done_actions": sum(1 for a in actions if a.status == "done"),
        },
    )


# -- Team ------------------------------------------------------------------------------------------------------


@login_required
def team(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, "strategy.view")
    manage = can(request.user, "strategy.manage_team", organisation)
    return render(
        request,
        "strategy/team.html",
        {
            "organisation": organisation,
            "page": selectors.team_page(organisation),
            "manage": manage,
            "form": TeamMemberForm(candidates=selectors.team_candidates(organisation)) if manage else None,
            "letters": Raci.choices,
        },
    )


@login_required
@require_POST
def team_add(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, "strategy.manage_team")
    form = TeamMemberForm(request.POST, candidates=selectors.team_candidates(organisation))
    if form.is_valid():
        _try(
            request,
            lambda: services.team_member_add(
                organisation=organisation,
                user=form.cleaned_data["user"],
                team_role=form.cleaned_data["team_role"],
                actor=request.user,
            ),
            _("Added to the team."),
        )
    else:
        messages.error(request, _("Choose a person and a team role."))
    return redirect("strategy:team", slug=slug)


@login_required
@require_POST
def team_remove(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    organisation = _organisation(request, slug, "strategy.manage_team")
    member = get_object_or_404(TeamMember, pk=member_id, organisation=organisation)
    services.team_member_remove(member=member, actor=request.user)
    messages.success(request, _("Removed from the team."))
    return redirect("strategy:team", slug=slug)


@login_required
@require_POST
def team_raci(request: HttpRequest, slug: str) -> HttpResponse:
    """Save the whole matrix at once: one select per cell, named raci-<member>-<stage>."""
    organisation = _organisation(request, slug, "strategy.manage_team")
    members = {m.pk: m for m in TeamMember.objects.filter(organisation=organisation)}
    changed = 0
    try:
        for name in request.POST:
            if not name.startswith("raci-"):
                continue
            letter = request.POST.get(name, "")
            _prefix, member_id, stage = name.split("-", 2)
            member = members.get(int(member_id))
            if member is None:
                continue
            before = member.raci.filter(stage=stage).values_list("letter", flat=True).first() or ""
            if before != letter:
                services.raci_set(member=member, stage=stage, letter=letter, actor=request.user)
                changed += 1
    except (ValueError, ValidationError) as error:
        messages.error(request, "; ".join(getattr(error, "messages", [str(error)])))
        return redirect("strategy:team", slug=slug)
    messages.success(request, _("RACI matrix saved (%(count)d changes).") % {"count": changed})
    return redirect("strategy:team", slug=slug)


@login_required
@require_POST
def team_suggest(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, "strategy.manage_team")
    count = services.raci_apply_suggested(organisation=organisation, actor=request.user)
    messages.success(request, _("%(count)d empty cells filled from the suggested matrix.") % {"count": count})
    return redirect("strategy:team", slug=slug)


# -- Canvas ----------------------------------------------------------------------------------------------------


@login_required
def canvas(request: HttpRequest, slug: str, number: int | None = None) -> HttpResponse:
    organisation = _organisation(request, slug, "strategy.view")
    versions = list(selectors.strategy_versions(organisation))
    version = versions[0] if versions and number is None else next((v for v in versions if v.number == number), None)
    if number is not None and version is None:
        raise Http404
    previous = next((v for v in versions if version and v.number == version.number - 1), None)
    return render(
        request,
        "strategy/canvas.html",
        {
            "organisation": organisation,
            "version": version,
            "versions": versions,
            "sections": selectors.canvas_sections(version, previous),
            "is_latest": bool(version and versions and version.number == versions[0].number),
            "edit": can(request.user, "strategy.edit_canvas", organisation),
        },
    )


@login_required
def canvas_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, "strategy.edit_canvas")
    current = selectors.strategy_versions(organisation).first()
    form = CanvasForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields if name != "change_note"}
        try:
            version = services.strategy_save(
                organisation=organisation, data=data, actor=request.user, change_note=form.cleaned_data["change_note"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved as version %(number)d.") % {"number": version.number})
            return redirect("strategy:canvas", slug=slug)
    return render(
        request,
        "strategy/canvas_edit.html",
        {"organisation": organisation, "form": form, "current": current, "sections": selectors.canvas_sections(None)},
        status=422 if form.errors else 200,
    )


# -- Stakeholders ----------------------------------------------------------------------------------------------


@login_required
def stakeholders(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, "strategy.view_register")
    keep = can(request.user, "strategy.keep_register", organisation)
    form = StakeholderForm(request.POST or None) if keep else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.stakeholder_create(organisation=organisation, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Stakeholder added."))
                return redirect("strategy:stakeholders", slug=slug)
    entries = list(selectors.register(organisation))
    points = [
        charts.GridPoint(
            number, translated(s.name), s.influence, s.interest, reverse("strategy:stakeholder", args=[s.pk])
        )
        for number, s in enumerate(entries, start=1)
    ]
    rows = [(number, s, charts.quadrant(s.influence, s.interest)) for number, s in enumerate(entries, start=1)]
    return render(
        request,
        "strategy/stakeholders.html",
        {
            "organisation": organisation,
            "is_national": organisation.kind == "ministry",
            "rows": rows,
            "grid": charts.stakeholder_grid_svg(points, rtl=get_language_bidi()),
            "by_stage": selectors.responsibilities_by_stage(entries),
            "engagements": selectors.engagements(organisation)[:50],
            "form": form,
            "keep": keep,
        },
        status=422 if form is not None and form.errors else 200,
    )


@login_required
def stakeholder(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(Stakeholder.objects.select_related("organisation"), pk=pk)
    require(request.user, "stakeholder.view", entry)
    change = can(request.user, "stakeholder.change", entry)
    form = StakeholderForm(instance=entry) if change else None
    responsibility_form = ResponsibilityForm() if change else None
    if request.method == "POST":
        require(request.user, "stakeholder.change", entry)
        if "stage" in request.POST:
            responsibility_form = ResponsibilityForm(request.POST)
            if responsibility_form.is_valid():
                services.responsibility_add(stakeholder=entry, actor=request.user, **responsibility_form.cleaned_data)
                messages.success(request, _("Responsibility added."))
                return redirect("strategy:stakeholder", pk=pk)
        else:
            form = StakeholderForm(request.POST, instance=Stakeholder.objects.get(pk=pk))
            if form.is_valid():
                services.stakeholder_update(stakeholder=entry, actor=request.user, **form.cleaned_data)
                messages.success(request, _("Stakeholder saved."))
                return redirect("strategy:stakeholder", pk=pk)
    return render(
        request,
        "strategy/stakeholder.html",
        {
            "organisation": entry.organisation,
            "entry": entry,
            "quadrant": charts.quadrant(entry.influence, entry.interest),
            "responsibilities": entry.responsibilities.all(),
            "engagements": entry.engagements.order_by("-held_on"),
            "form": form,
            "responsibility_form": responsibility_form,
            "change": change,
        },
    )


@login_required
@require_POST
def responsibility_remove(request: HttpRequest, pk: int) -> HttpResponse:
    responsibility = get_object_or_404(Responsibility.objects.select_related("stakeholder"), pk=pk)
    require(request.user, "stakeholder.change", responsibility.stakeholder)
    services.responsibility_remove(responsibility=responsibility, actor=request.user)
    return redirect("strategy:stakeholder", pk=responsibility.stakeholder_id)


@login_required
def engagement_new(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, "strategy.keep_register")
    form = EngagementForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        engagement = services.engagement_record(organisation=organisation, actor=request.user, **data)
        messages.success(request, _("Engagement recorded."))
        return redirect("strategy:engagement", pk=engagement.pk)
    return render(
        request,
        "strategy/engagement_new.html",
        {"organisation": organisation, "form": form},
        status=422 if form.errors else 200,
    )


def _link_targets(organisation: Organisation) -> list[tuple[str, str]]:
    targets: list[tuple[str, str]] = []
    for label in services.LINKABLE:
        model = services.linkable_model(label)
        if model is None:
            continue
        queryset = model._default_manager.all()
        if any(f.name == "organisation" for f in model._meta.fields):
            queryset = queryset.filter(organisation=organisation)
        for obj in queryset[:200]:
            targets.append((f"{label}:{obj.pk}", f"{model._meta.verbose_name}: {obj}"))
    return targets


@login_required
def engagement(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Engagement.objects.select_related("organisation"), pk=pk)
    require(request.user, "engagement.view", item)
    change = can(request.user, "engagement.change", item)
    form = OutcomeLinkForm(targets=_link_targets(item.organisation)) if change else None
    if request.method == "POST":
        require(request.user, "engagement.change", item)
        form = OutcomeLinkForm(request.POST, targets=_link_targets(item.organisation))
        if form.is_valid():
            label, _sep, target_id = form.cleaned_data["target"].rpartition(":")
            model = services.linkable_model(label)
            if model is None:
                raise Http404
            target = get_object_or_404(model, pk=target_id)
            if _try(
                request,
                lambda: services.outcome_link_add(
                    engagement=item, target=target, actor=request.user, note=form.cleaned_data["note"]
                ),
                _("Outcome linked."),
            ):
                return redirect("strategy:engagement", pk=pk)
    return render(
        request,
        "strategy/engagement.html",
        {"organisation": item.organisation, "item": item, "links": item.links.all(), "form": form},
    )


# -- Maturity --------------------------------------------------------------------------------------------------


def _radar(profile: selectors.MaturityProfile) -> Any:
    if profile.current is None:
        return None
    axes = [(row.key, row.name) for row in profile.rows]
    series = [charts.Series("current", _("This assessment"), {r.key: r.current for r in profile.rows})]
    if profile.previous is not None:
        series.append(charts.Series("previous", _("Previous assessment"), {r.key: r.previous for r in profile.rows}))
    if profile.median is not None:
        series.append(charts.Series("median", _("National median"), {r.key: r.median for r in profile.rows}))
    return charts.radar_svg(axes, series, rtl=get_language_bidi())


@login_required
def maturity(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, "strategy.view")
    profile = selectors.maturity_profile(organisation)
    all_assessments = list(selectors.assessments(organisation))
    return render(
        request,
        "strategy/maturity.html",
        {
            "organisation": organisation,
            "profile": profile,
            "radar": _radar(profile),
            "assessments": all_assessments,
            "draft": next((a for a in all_assessments if a.is_draft), None),
            "can_start": can(request.user, "strategy.self_assess", organisation),
            "can_propose": can(request.user, "strategy.manage_roadmap", organisation),
            "model": services.current_model(),
        },
    )


@login_required
@require_POST
def assessment_start(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, "strategy.self_assess")
    try:
        assessment = services.assessment_start(organisation=organisation, actor=request.user)
    except ValidationError as error:
        _refused(request, error)
        return redirect("strategy:maturity", slug=slug)
    return redirect("strategy:assessment", pk=assessment.pk)


@login_required
def assessment(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(MaturityAssessment.objects.select_related("organisation", "model"), pk=pk)
    require(request.user, "assessment.view", item)
    if request.method == "POST":
        require(request.user, "assessment.rate", item)
        ratings = {}
        for indicator_id in item.ratings.values_list("indicator_id", flat=True):
            if f"level-{indicator_id}" in request.POST or f"evidence-{indicator_id}" in request.POST:
                ratings[indicator_id] = {
                    "level": request.POST.get(f"level-{indicator_id}") or None,
                    "evidence": request.POST.get(f"evidence-{indicator_id}", ""),
                    "evidence_url": request.POST.get(f"url-{indicator_id}", ""),
                }
        submitting = "submit" in request.POST and can(request.user, "assessment.submit", item)
        if _try(
            request,
            lambda: services.assessment_rate(assessment=item, ratings=ratings, actor=request.user),
            None if submitting else _("Ratings saved."),
        ):
            if submitting:
                return assessment_submit(request, pk)
            return redirect("strategy:assessment", pk=pk)
    return render(
        request,
        "strategy/assessment.html",
        {
            "organisation": item.organisation,
            "item": item,
            "blocks": selectors.assessment_blocks(item),
            "levels": item.model.levels.order_by("number"),
            "rate": can(request.user, "assessment.rate", item),
            "submit": can(request.user, "assessment.submit", item),
            "propose": not item.is_draft and can(request.user, "strategy.manage_roadmap", item.organisation),
        },
    )


@login_required
@require_POST
def assessment_submit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(MaturityAssessment, pk=pk)
    require(request.user, "assessment.submit", item)
    if _try(
        request,
        lambda: services.assessment_submit(assessment=item, actor=request.user),
        _("Self-assessment submitted; its levels are now frozen."),
    ):
        return redirect("strategy:maturity", slug=item.organisation.slug)
    return redirect("strategy:assessment", pk=pk)


@login_required
@require_POST
def roadmap_propose(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(MaturityAssessment.objects.select_related("organisation"), pk=pk)
    require(request.user, "strategy.manage_roadmap", item.organisation)
    try:
        created = services.roadmap_propose(assessment=item, actor=request.user)
    except ValidationError as error:
        _refused(request, error)
        return redirect("strategy:assessment", pk=pk)
    messages.success(request, _("%(count)d actions proposed from the gaps.") % {"count": len(created)})
    return redirect("strategy:roadmap", slug=item.organisation.slug)


@login_required
def roadmap(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, "strategy.view")
    manage = can(request.user, "strategy.manage_roadmap", organisation)
    model = services.current_model()
    dimensions = MaturityDimension.objects.filter(model=model) if model else MaturityDimension.objects.none()
    form = (
        RoadmapActionForm(
            request.POST or None, candidates=selectors.team_candidates(organisation), dimensions=dimensions
        )
        if manage
        else None
    )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.roadmap_action_create(
                    organisation=organisation,
                    dimension=data.pop("dimension"),
                    title=data.pop("title"),
                    actor=request.user,
                    **data,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Action added to the roadmap."))
                return redirect("strategy:roadmap", slug=slug)
    return render(
        request,
        "strategy/roadmap.html",
        {
            "organisation": organisation,
            "groups": selectors.roadmap_timeline(organisation),
            "form": form,
            "manage": manage,
        },
        status=422 if form is not None and form.errors else 200,
    )


@login_required
def roadmap_action(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(RoadmapAction.objects.select_related("organisation", "dimension", "owner"), pk=pk)
    require(request.user, "strategy.view", action.organisation)
    manage = can(request.user, "strategy.manage_roadmap", action.organisation)
    may_update = can(request.user, "roadmap.update", action)
    form: Any = None
    if manage:
        dimensions = MaturityDimension.objects.filter(Q(pk=action.dimension_id) | Q(model__status="published"))
        form = RoadmapActionForm(
            request.POST or None,
            instance=RoadmapAction.objects.get(pk=pk),
            candidates=selectors.team_candidates(action.organisation),
            dimensions=dimensions,
        )
    elif may_update:
        form = ActionStatusForm(request.POST or None, instance=RoadmapAction.objects.get(pk=pk))
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields if name != "dimension"}
            try:
                services.roadmap_action_update(action=action, actor=request.user, **fields)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Action saved."))
                return redirect("strategy:roadmap", slug=action.organisation.slug)
    return render(
        request,
        "strategy/roadmap_action.html",
        {"organisation": action.organisation, "action": action, "form": form},
        status=422 if form is not None and form.errors else 200,
    )


# -- Maturity models -------------------------------------------------------------------------------------------


@login_required
def models_list(request: HttpRequest) -> HttpResponse:
    visible = scope(request.user, "maturity_model.view", selectors.model_versions())
    return render(
        request,
        "strategy/models.html",
        {"models": visible, "manage": can(request.user, "maturity_model.add")},
    )


def model_detail(request: HttpRequest, pk: int) -> HttpResponse:
    model = get_object_or_404(MaturityModel, pk=pk)
    if not can(request.user, "maturity_model.view", model):
        raise Http404
    manage = can(request.user, "maturity_model.manage", model)
    return render(
        request,
        "strategy/model.html",
        {
            "model": model,
            "levels": model.levels.order_by("number"),
            "dimensions": selectors.model_structure(model),
            "manage": manage,
            "publish_form": ModelPublishForm() if manage and model.is_draft else None,
            "consultations": consultation.consultations_for(model),
        },
    )


@login_required
@require_POST
def model_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    model = get_object_or_404(MaturityModel, pk=pk)
    require(request.user, "maturity_model.manage", model)
    try:
        draft = services.maturity_model_new_version(model=model, actor=request.user)
    except ValidationError as error:
        _refused(request, error)
        return redirect("strategy:model", pk=pk)
    return redirect("strategy:model", pk=draft.pk)


@login_required
@require_POST
def model_publish(request: HttpRequest, pk: int) -> HttpResponse:
    model = get_object_or_404(MaturityModel, pk=pk)
    require(request.user, "maturity_model.manage", model)
    form = ModelPublishForm(request.POST)
    if form.is_valid():
        _try(
            request,
            lambda: services.maturity_model_publish(
                model=model, actor=request.user, change_note=form.cleaned_data["change_note"]
            ),
            _("Published; new self-assessments use this version."),
        )
    else:
        messages.error(request, _("Say what changed and why, in both languages."))
    return redirect("strategy:model", pk=pk)


@login_required
def dimension_edit(request: HttpRequest, pk: int) -> HttpResponse:
    dimension = get_object_or_404(MaturityDimension.objects.select_related("model"), pk=pk)
    require(request.user, "maturity_model.manage", dimension.model)
    form = DimensionForm(request.POST or None, dimension=dimension)
    if request.method == "POST" and form.is_valid():
        try:
            services.maturity_dimension_update(
                dimension=dimension,
                actor=request.user,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                descriptors=form.descriptors(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("strategy:model", pk=dimension.model_id)
    return render(
        request,
        "strategy/model_edit.html",
        {"model": dimension.model, "form": form, "heading": translated(dimension.name)},
        status=422 if form.errors else 200,
    )


@login_required
def indicator_edit(request: HttpRequest, pk: int | None = None, dimension_id: int | None = None) -> HttpResponse:
    indicator = get_object_or_404(MaturityIndicator, pk=pk) if pk else None
    dimension = indicator.dimension if indicator else get_object_or_404(MaturityDimension, pk=dimension_id)
    require(request.user, "maturity_model.manage", dimension.model)
    initial = {"statement": indicator.statement, "evidence_hint": indicator.evidence_hint} if indicator else None
    form = IndicatorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.maturity_indicator_save(
                dimension=dimension, indicator=indicator, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("strategy:model", pk=dimension.model_id)
    return render(
        request,
        "strategy/model_edit.html",
        {"model": dimension.model, "form": form, "heading": translated(dimension.name)},
        status=422 if form.errors else 200,
    )


# -- Recommendations -------------------------------------------------------------------------------------------


@login_required
def recommendations(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "recommendation.view", Recommendation()):
        raise PermissionDenied
    manage = can(request.user, "recommendation.add")
    form = RecommendationForm(request.POST or None) if manage else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = dict(form.cleaned_data)
            services.recommendation_create(code=data.pop("code"), title=data.pop("title"), actor=request.user, **data)
            messages.success(request, _("Recommendation recorded."))
            return redirect("strategy:recommendations")
    return render(
        request,
        "strategy/recommendations.html",
        {"items": selectors.recommendations(), "form": form},
        status=422 if form is not None and form.errors else 200,
    )


@login_required
def recommendation(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Recommendation, pk=pk)
    require(request.user, "recommendation.view", item)
    manage = can(request.user, "recommendation.manage", item)
    form = RecommendationForm(instance=Recommendation.objects.get(pk=pk)) if manage else None
    evidence_form = EvidenceForm() if manage else None
    if request.method == "POST":
        require(request.user, "recommendation.manage", item)
        if "url" in request.POST:
            evidence_form = EvidenceForm(request.POST)
            if evidence_form.is_valid():
                services.recommendation_evidence_add(
                    recommendation=item, actor=request.user, **evidence_form.cleaned_data
                )
                messages.success(request, _("Evidence added."))
                return redirect("strategy:recommendation", pk=pk)
        else:
            form = RecommendationForm(request.POST, instance=Recommendation.objects.get(pk=pk))
            if form.is_valid():
                fields = {k: v for k, v in form.cleaned_data.items() if k != "code"}
                services.recommendation_update(recommendation=item, actor=request.user, **fields)
                messages.success(request, _("Recommendation saved."))
                return redirect("strategy:recommendation", pk=pk)
    return render(
        request,
        "strategy/recommendation.html",
        {"item": item, "form": form, "evidence_form": evidence_form},
    )


# -- Consultations ---------------------------------------------------------------------------------------------


def _consultable_drafts() -> list[tuple[str, str]]:
    choices = []
    for label in consultation.CONSULTABLE:
        model = services.linkable_model(label) if label in services.LINKABLE else None
        if model is None:
            continue
        for obj in model._default_manager.filter(status="draft"):
            choices.append((f"{label}:{obj.pk}", f"{model._meta.verbose_name}: {obj}"))
    return choices


@login_required
def consultations(request: HttpRequest) -> HttpResponse:
    visible = scope(request.user, "consultation.view", Consultation.objects.all()).prefetch_related("comments")
    may_open = can(request.user, "consultation.open")
    form = ConsultationOpenForm(request.POST or None, targets=_consultable_drafts()) if may_open else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            label, _sep, target_id = form.cleaned_data["target"].rpartition(":")
            model = services.linkable_model(label)
            if model is None:
                raise Http404
            target = get_object_or_404(model, pk=target_id)
            try:
                opened = consultation.consultation_open(
                    target=target,
                    title=form.cleaned_data["title"],
                    closes_on=form.cleaned_data["closes_on"],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("strategy:consultation", pk=opened.pk)
    return render(
        request,
        "strategy/consultations.html",
        {"items": visible, "form": form},
        status=422 if form is not None and form.errors else 200,
    )


@login_required
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Consultation, pk=pk)
    require(request.user, "consultation.view", item)
    entries = consultation.items(item.target) if item.target is not None else []
    choices = [(key, f"{key} — {translated(text)[:90]}") for key, text, _group in entries]
    comment_form = ConsultationCommentForm(choices=choices) if can(request.user, "consultation.comment", item) else None
    respond = can(request.user, "consultation.respond", item)
    close_form = ConsultationCloseForm() if respond and item.is_open else None
    if request.method == "POST":
        action = request.POST.get("do", "comment")
        if action == "comment":
            require(request.user, "consultation.comment", item)
            comment_form = ConsultationCommentForm(request.POST, choices=choices)
            if comment_form.is_valid() and _try(
                request,
                lambda: consultation.consultation_comment(
                    consultation=item, actor=request.user, **comment_form.cleaned_data
                ),
                _("Comment recorded."),
            ):
                return redirect("strategy:consultation", pk=pk)
        elif action == "answer":
            require(request.user, "consultation.respond", item)
            comment = get_object_or_404(ConsultationComment, pk=request.POST.get("comment"), consultation=item)
            answer = ConsultationAnswerForm(request.POST)
            if not answer.is_valid():
                messages.error(request, _("Write the answer and choose an outcome."))
            elif _try(
                request,
                lambda: consultation.consultation_respond(comment=comment, actor=request.user, **answer.cleaned_data),
                _("Answer recorded."),
            ):
                return redirect("strategy:consultation", pk=pk)
        elif action == "close":
            require(request.user, "consultation.respond", item)
            close_form = ConsultationCloseForm(request.POST)
            if close_form.is_valid() and _try(
                request,
                lambda: consultation.consultation_close(
                    consultation=item, summary=close_form.cleaned_data["summary"], actor=request.user
                ),
                _("Consultation closed."),
            ):
                return redirect("strategy:consultation", pk=pk)
    by_item: dict[str, list[ConsultationComment]] = {}
    for comment in item.comments.select_related("author", "organisation", "responded_by"):
        by_item.setdefault(comment.item_key, []).append(comment)
    groups: list[tuple[str, list[tuple[str, Any, list[ConsultationComment]]]]] = []
    for key, text, group in entries:
        if not groups or groups[-1][0] != group:
            groups.append((group, []))
        groups[-1][1].append((key, text, by_item.get(key, [])))
    return render(
        request,
        "strategy/consultation.html",
        {
            "item": item,
            "groups": groups,
            "comment_form": comment_form,
            "answer_form": ConsultationAnswerForm() if respond else None,
            "close_form": close_form,
            "respond": respond,
        },
    )
