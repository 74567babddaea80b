"""Pathway pages: the list, a pathway and its versions, the rule editor, a learner's progress with plan and roadmap,
external credentials, recognition requests (side-by-side comparison, decision, appeal) and stacked awards.

Thin: each view asks the policy, reads through selectors and records, writes through services and renders.
"""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wisam.core.i18n import translated
from wisam.core.policy import can, require, scope
from wisam.core.workflow import TransitionRefused, workflow_history, workflow_options
from wisam.credentials.models import IssuedCredential
from wisam.design.models import MicroCredential
from wisam.institutions.models import Organisation, User
from wisam.institutions.roles import HIGHER_EDUCATION_KINDS
from wisam.pathways import records, selectors, services
from wisam.pathways.forms import (
    RULE_TYPES,
    AppealDecisionForm,
    AppealForm,
    AqacRecognitionForm,
    DecisionForm,
    DeclareForm,
    PathwayForm,
    PriorLearningForm,
    RequestForm,
    RuleForm,
    RuleFormSet,
    RulesJsonForm,
    TargetCreditsForm,
    TransitionForm,
    UploadForm,
)
from wisam.pathways.models import (
    Difference,
    ExternalCredential,
    Pathway,
    PathwayChoice,
    PathwayVersion,
    RecognitionEvidence,
    RecognitionRequest,
    RequestKind,
    StackedAward,
)
from wisam.pathways.roadmap import render_roadmap
from wisam.pathways.workflow import RequestState, VersionState


def _language() -> str:
    return (get_language() or "ar")[:2]


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _refused(request: HttpRequest, error: TransitionRefused | ValidationError) -> None:
    """Tell the user why a step was refused; a step the policy forbids is a 403."""
    if isinstance(error, TransitionRefused):
        if error.code == "forbidden":
            raise PermissionDenied(error.message) from error
        messages.error(request, error.message)
    else:
        _errors(request, error)


def _try(request: HttpRequest, call: Callable[[], Any], success: str) -> bool:
    try:
        call()
    except (TransitionRefused, ValidationError) as error:
        _refused(request, error)
        return False
    messages.success(request, success)
    return True


def forms_errors(existing: Any, problems: list[str]) -> Any:
    """The formset's own errors followed by the engine's problems (each names the rule and field)."""
    from django.forms.utils import ErrorList

    return ErrorList([*existing, *problems])


def _form_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


# ---------------------------------------------------------------------------------------------------------------
# Pathways


def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    published = list(selectors.pathways_published())
    own = [p for p in selectors.pathways_visible(user=user) if p not in published] if user.is_authenticated else []
    creatable = (
        scope(user, "pathway.create", Organisation.objects.filter(kind__in=HIGHER_EDUCATION_KINDS)).order_by("slug")
        if user.is_authenticated
        else Organisation.objects.none()
    )
    followed = {p.pk for p in selectors.pathways_followed(learner=user)} if user.is_authenticated else set()
    return render(
        request,
        "pathways/index.html",
        {"published": published, "own": own, "creatable": creatable, "followed": followed},
    )


@login_required
def pathway_new(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    require(request.user, "pathway.create", organisation)
    targets = [(mc.pk, f"{mc.code} — {mc}") for mc in MicroCredential.objects.filter(organisation=organisation)]
    form = PathwayForm(request.POST or None, targets=targets)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = (
            MicroCredential.objects.filter(organisation=organisation, pk=data["target_micro_credential"]).first()
            if data.get("target_micro_credential")
            else None
        )
        try:
            version = services.pathway_create(
                organisation=organisation,
                code=data["code"],
                title=data["title"],
                description=data["description"],
                kind=data["kind"],
                target_kind=data["target_kind"],
                target_micro_credential=target,
                target_programme=data["target_programme"],
                actor=request.user,
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Pathway created. Now write its rules."))
            return redirect("pathways:rules", pk=version.pk)
    return render(request, "pathways/pathway_new.html", {"organisation": organisation, "form": form})


def pathway_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pathway = get_object_or_404(Pathway.objects.select_related("organisation", "target_micro_credential"), pk=pk)
    require(request.user, "pathway.view", pathway)
    versions = list(selectors.pathway_versions(pathway=pathway, user=request.user))
    published = pathway.published_version
    user = request.user
    following = user.is_authenticated and PathwayChoice.objects.filter(learner=user, pathway=pathway).exists()
    return render(
        request,
        "pathways/pathway.html",
        {
            "pathway": pathway,
            "versions": versions,
            "published": published,
            "recognitions": published.recognitions.all() if published else [],
            "can_follow": can(user, "pathway.follow", pathway),
            "following": following,
            "can_new_version": can(user, "pathway.new_version", pathway),
            "readable": _readable_rules(published) if published else [],
        },
    )


def _titles_for(version: PathwayVersion) -> dict[str, str]:
    language = _language()
    titles = {}
    mcs = selectors.version_micro_credentials(version)
    latest = selectors.latest_versions(mcs)
    for mc in mcs:
        spec = latest.get(mc.pk)
        titles[selectors.mc_key(mc.pk)] = (translated(spec.title, language) if spec else "") or mc.code
    return titles


def _readable_rules(version: PathwayVersion) -> list[dict[str, Any]]:
    """The rules with micro-credential keys replaced by titles, for people to read."""
    titles = _titles_for(version)
    label = {value: str(name) for value, name in RULE_TYPES}
    names: dict[str, str] = {
        "items": _("Micro-credentials"),
        "in_order": _("In this order"),
        "k": _("How many groups (k)"),
        "credits": _("Credits"),
        "min_credits": _("Minimum credits"),
        "unit": _("Unit"),
        "eqf_level": _("EQF level (at least)"),
        "min_eqf_level": _("EQF level (at least)"),
        "isced": _("ISCED-F fields"),
        "providers": _("Providers"),
        "years": _("Years"),
        "grade": _("Minimum grade (0–100)"),
        "item": _("Micro-credential"),
        "requires": _("Requires first"),
        "shares": _("Credentials counted here may also count elsewhere"),
    }
    rows = []
    for rule in (version.rules or {}).get("rules", []):
        details: list[tuple[str, str]] = []
        for name, value in rule.items():
            if name in ("id", "type"):
                continue
            if name == "groups":
                for group in value:
                    joined = ", ".join(titles.get(k, k) for k in group.get("items", []))
                    details.append((translated(group.get("label")) or _("Group"), joined))
            elif isinstance(value, list):
                details.append((names.get(name, name), ", ".join(titles.get(str(v), str(v)) for v in value) or "—"))
            elif isinstance(value, bool):
                details.append((names.get(name, name), _("Yes") if value else _("No")))
            else:
                details.append((names.get(name, name), titles.get(str(value), str(value))))
        rows.append({"id": rule.get("id"), "type": label.get(rule.get("type"), rule.get("type")), "details": details})
    return rows


def _version(request: HttpRequest, pk: int, action: str = "pathway_version.view") -> PathwayVersion:
    version = get_object_or_404(
        PathwayVersion.objects.select_related("pathway__organisation", "pathway__target_micro_credential"), pk=pk
    )
    require(request.user, action, version)
    return version


def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk)
    user = request.user
    awardable: list[tuple[User, bool]] = []
    if can(user, "pathway_version.award", version):
        awardable = _awardable(version)
    return render(
        request,
        "pathways/version.html",
        {
            "version": version,
            "pathway": version.pathway,
            "readable": _readable_rules(version),
            "rules_json": json.dumps(version.rules, ensure_ascii=False, indent=2),
            "options": workflow_options(subject_state=version, actor=user) if user.is_authenticated else [],
            "states": version.workflow.states,
            "history": _history(version),
            "recognitions": version.recognitions.all(),
            "can_edit": can(user, "pathway_version.edit", version),
            "aqac_form": AqacRecognitionForm() if can(user, "pathway_version.recognise", version) else None,
            "awardable": awardable,
            # Who received the award is not public: only the institution's staff (and the learner) see it.
            "awards": [
                # The credential itself opens only for those who may see issued credentials (registrar, QA, admin).
                (award, can(user, "credential.view_issued", award.credential))
                for award in scope(user, "stacked_award.view", version.awards.select_related("learner", "credential"))
            ],
        },
    )


def _awardable(version: PathwayVersion) -> list[tuple[User, bool]]:
    """Learners who follow the pathway or asked the institution for recognition towards it, and whether their
    record satisfies it now (the registrar issues only to those)."""
    learners = {c.learner for c in PathwayChoice.objects.filter(pathway=version.pathway).select_related("learner")} | {
        r.learner
        for r in RecognitionRequest.objects.filter(pathway_version__pathway=version.pathway).select_related("learner")
    }
    awarded = set(version.awards.values_list("learner_id", flat=True))
    rows = []
    for learner in sorted(learners, key=lambda u: u.email):
        if learner.pk in awarded:
            continue
        result = records.evaluate_learner(version=version, learner=learner, with_plan=False)
        rows.append((learner, result.evaluation.satisfied))
    return rows


@login_required
def rules_edit(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk)
    require(request.user, "pathway_version.edit", version)
    organisation = version.pathway.organisation
    choices = [
        (selectors.mc_key(mc.pk), f"{translated(spec.title) or mc.code} ({mc.organisation.slug})")
        for mc, spec in selectors.choosable_micro_credentials(organisation=organisation)
    ]
    known = {value for value, _label in choices}
    extra = [(k, k) for k in selectors.rule_keys(version.rules) if k not in known]
    choices += extra
    rules = list((version.rules or {}).get("rules", []))
    target_initial = {"target_credits": (version.rules or {}).get("target_credits_ects")}
    if request.method == "POST" and "import" in request.POST:
        json_form = RulesJsonForm(request.POST)
        formset = RuleFormSet(initial=[RuleForm.initial_for(r) for r in rules], choices=choices, prefix="rule")
        target_form = TargetCreditsForm(initial=target_initial)
        if json_form.is_valid():
            try:
                services.pathway_version_update(
                    version=version, rules=json_form.cleaned_data["rules"], actor=request.user
                )
            except ValidationError as error:
                _form_errors(json_form, error)
            else:
                messages.success(request, _("Rules imported."))
                return redirect("pathways:rules", pk=version.pk)
    elif request.method == "POST":
        formset = RuleFormSet(request.POST, choices=choices, prefix="rule")
        target_form = TargetCreditsForm(request.POST)
        json_form = RulesJsonForm(initial={"rules": json.dumps(version.rules, ensure_ascii=False, indent=2)})
        if formset.is_valid() and target_form.is_valid():
            new_rules = [
                form.to_rule(n)
                for n, form in enumerate(formset.forms)
                if form.has_changed() or form.initial
                if not form.cleaned_data.get("DELETE") and form.cleaned_data.get("type")
            ]
            data: dict[str, Any] = {"kind": version.pathway.kind, "rules": new_rules}
            target = target_form.cleaned_data.get("target_credits")
            if target is not None:
                data["target_credits_ects"] = int(target) if target == int(target) else float(target)
            if "add" in request.POST:
                # Keep what was typed, add an empty row: the rows are saved with "Save the rules".
                post = request.POST.copy()
                total = int(post.get("rule-TOTAL_FORMS", "0"))
                post["rule-TOTAL_FORMS"] = str(total + 1)
                formset = RuleFormSet(post, choices=choices, prefix="rule")
                formset.is_valid()
            else:
                try:
                    services.pathway_version_update(version=version, rules=data, actor=request.user)
                except ValidationError as error:
                    problems = error.message_dict.get("rules", error.messages)
                    formset._non_form_errors = forms_errors(formset.non_form_errors(), problems)
                else:
                    messages.success(request, _("Rules saved."))
                    return redirect("pathways:rules", pk=version.pk)
    else:
        initial = [RuleForm.initial_for(r) for r in rules]
        formset = RuleFormSet(initial=initial, choices=choices, prefix="rule")
        if not rules or "add" in request.GET:
            formset = RuleFormSet(initial=[*initial, {"type": "required"}], choices=choices, prefix="rule")
        target_form = TargetCreditsForm(initial=target_initial)
        json_form = RulesJsonForm(initial={"rules": json.dumps(version.rules, ensure_ascii=False, indent=2)})
    return render(
        request,
        "pathways/rules.html",
        {
            "version": version,
            "pathway": version.pathway,
            "formset": formset,
            "json_form": json_form,
            "target_form": target_form,
        },
    )


@login_required
@require_POST
def version_transition(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk)
    form = TransitionForm(request.POST)
    if form.is_valid():
        _try(
            request,
            lambda: services.pathway_version_transition(
                version=version,
                transition=form.cleaned_data["transition"],
                actor=request.user,
                comment=form.cleaned_data["comment"],
            ),
            _("Done."),
        )
    return redirect("pathways:version", pk=version.pk)


@login_required
@require_POST
def version_next(request: HttpRequest, pk: int) -> HttpResponse:
    pathway = get_object_or_404(Pathway, pk=pk)
    require(request.user, "pathway.new_version", pathway)
    try:
        version = services.pathway_version_create_next(pathway=pathway, actor=request.user)
    except ValidationError as error:
        _errors(request, error)
        return redirect("pathways:pathway", pk=pathway.pk)
    return redirect("pathways:rules", pk=version.pk)


@login_required
@require_POST
def version_recognise(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk, "pathway_version.recognise")
    form = AqacRecognitionForm(request.POST)
    if form.is_valid():
        _try(
            request,
            lambda: services.pathway_recognition_record(
                version=version,
                decided_on=form.cleaned_data["decided_on"],
                reference=form.cleaned_data["reference"],
                note=form.cleaned_data["note"],
                actor=request.user,
            ),
            _("AQAC's recognition is recorded."),
        )
    else:
        for field, problems in form.errors.items():
            for problem in problems:
                messages.error(request, f"{form.fields[field].label if field in form.fields else ''}: {problem}")
    return redirect("pathways:version", pk=version.pk)


@login_required
@require_POST
def version_award(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk, "pathway_version.award")
    learner = get_object_or_404(User, pk=request.POST.get("learner") or 0)
    _try(
        request,
        lambda: services.stacked_award_issue(version=version, learner=learner, actor=request.user),
        _("The stacked credential is issued."),
    )
    return redirect("pathways:version", pk=version.pk)


@login_required
@require_POST
def follow(request: HttpRequest, pk: int) -> HttpResponse:
    pathway = get_object_or_404(Pathway, pk=pk)
    if request.POST.get("stop"):
        services.pathway_unfollow(pathway=pathway, learner=request.user)  # type: ignore[arg-type]
        return redirect("pathways:mine")
    require(request.user, "pathway.follow", pathway)
    services.pathway_follow(pathway=pathway, learner=request.user)  # type: ignore[arg-type]
    return redirect("pathways:progress", pk=pathway.pk)


# ---------------------------------------------------------------------------------------------------------------
# Learners


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    user = request.user
    rows = []
    for pathway in selectors.pathways_followed(learner=user):
        version = pathway.published_version
        result = records.evaluate_learner(version=version, learner=user, with_plan=False) if version else None
        rows.append({"pathway": pathway, "version": version, "result": result})
    return render(
        request,
        "pathways/mine.html",
        {
            "rows": rows,
            "external": selectors.external_credentials_of(learner=user),
            "requests": selectors.requests_of_learner(learner=user),
            "awards": selectors.awards_of(learner=user),
            "can_upload": can(user, "external_credential.upload"),
            "can_ask": can(user, "recognition_request.create"),
        },
    )


def _plan_steps(plan: Any, language: str) -> list[dict[str, Any]]:
    """The plan's steps with the provider named by its institution's name (the engine knows only its code)."""
    if plan is None:
        return []
    slugs = {step.provider for step in plan.steps}
    names = {o.slug: translated(o.name, language) for o in Organisation.objects.filter(slug__in=slugs)}
    return [{"step": step, "provider": names.get(step.provider, step.provider)} for step in plan.steps]


def _rule_names(version: PathwayVersion) -> dict[str, str]:
    """What to call each rule on a learner's page: its own label if it has one, else what kind of rule it is."""
    kinds = {value: str(name) for value, name in RULE_TYPES}
    names = {"@target": _("Credits of the whole pathway (ECTS)")}
    for rule in (version.rules or {}).get("rules", []):
        label = translated(rule.get("label")) if isinstance(rule.get("label"), dict) else ""
        names[str(rule.get("id"))] = label or kinds.get(str(rule.get("type")), str(rule.get("id")))
    return names


@login_required
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """A learner's progress on a pathway: per rule, the explanation, the plan and the roadmap.

    Evaluators of the owning institution may open it for a learner who follows the pathway or asked for recognition
    towards it (?learner=<id>).
    """
    pathway = get_object_or_404(Pathway.objects.select_related("organisation"), pk=pk)
    require(request.user, "pathway.view", pathway)
    version = pathway.published_version
    if version is None:
        raise Http404
    learner: Any = request.user
    if request.GET.get("learner"):
        learner = get_object_or_404(User, pk=request.GET["learner"])
        if learner.pk != request.user.pk:
            require(request.user, "pathway.evaluate_learners", pathway.organisation)
            if not selectors.learner_related_to(pathway=pathway, learner=learner):
                raise PermissionDenied
    objective = "fees" if request.GET.get("objective") == "fees" else "credits"
    result = records.evaluate_learner(version=version, learner=learner, objective=objective)
    language = _language()
    svg = render_roadmap(
        pathway=result.pathway,
        evaluation=result.evaluation,
        plan=result.plan,
        titles=result.titles,
        language=language,
        levels=result.levels,
    )
    rule_names = _rule_names(version)
    rules = []
    for rule in result.evaluation.rules:
        have, need = rule.progress
        rules.append(
            {
                "result": rule,
                "name": rule_names.get(rule.rule_id, rule.rule_id),
                "explanation": translated(rule.explanation, language),
                "missing": translated(rule.missing, language) if rule.missing else "",
                "have": have,
                "need": need,
                "counted": [translated(result.titles.get(i), language) or i for i in rule.counted],
            }
        )
    reasons = {item: translated(text, language) for item, text in result.evaluation.reasons.items()}
    award = StackedAward.objects.filter(learner=learner, pathway_version__pathway=pathway).first()
    return render(
        request,
        "pathways/progress.html",
        {
            "pathway": pathway,
            "version": version,
            "learner": learner,
            "result": result,
            "rules": rules,
            "record": [
                {
                    "item": item,
                    "counts": [rule_names.get(r, r) for r in result.evaluation.assignments.get(item.earned.id, [])],
                    "reason": reasons.get(item.earned.id, ""),
                }
                for item in result.record
            ],
            "reasons": reasons,
            "missing": [translated(m, language) for m in result.evaluation.missing],
            "summary": translated(result.evaluation.summary, language),
            "plan": result.plan,
            "plan_steps": _plan_steps(result.plan, language),
            "plan_explanation": translated(result.plan.explanation, language) if result.plan else "",
            "objective": objective,
            "roadmap": mark_safe(svg),  # noqa: S308 — drawn by wisam.pathways.roadmap, which escapes every text
            "following": PathwayChoice.objects.filter(learner=learner, pathway=pathway).exists(),
            "award": award,
            "award_viewable": award is not None and can(request.user, "credential.view_issued", award.credential),
        },
    )


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    require(request.user, "external_credential.upload")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read(services.MAX_UPLOAD_BYTES + 1)
        try:
            external = services.external_credential_upload(learner=request.user, data=data)  # type: ignore[arg-type]
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The credential is verified and added to your record."))
            return redirect("pathways:external", pk=external.pk)
    return render(request, "pathways/upload.html", {"form": form})


@login_required
def external_detail(request: HttpRequest, pk: int) -> HttpResponse:
    external = get_object_or_404(ExternalCredential, pk=pk)
    require(request.user, "external_credential.view", external)
    form = DeclareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.external_credential_declare(credential=external, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Saved. These values are shown as declared by you."))
            return redirect("pathways:external", pk=external.pk)
    return render(
        request,
        "pathways/external.html",
        {"external": external, "form": form, "checks": (external.verification or {}).get("checks", [])},
    )


# ---------------------------------------------------------------------------------------------------------------
# Recognition requests


@login_required
def requests_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "pathways/requests.html",
        {
            "own": selectors.requests_of_learner(learner=user),
            "to_handle": selectors.requests_to_handle(user=user),
            "can_create": can(user, "recognition_request.create"),
        },
    )


@login_required
def request_new(request: HttpRequest) -> HttpResponse:
    require(request.user, "recognition_request.create")
    user: Any = request.user
    language = _language()
    organisations = [
        (o.pk, translated(o.name, language))
        for o in Organisation.objects.filter(kind__in=HIGHER_EDUCATION_KINDS, is_active=True).order_by("slug")
    ]
    versions = [
        (v.pk, f"{translated(v.pathway.title, language)} — {translated(v.organisation.name, language)}")
        for v in PathwayVersion.objects.filter(state=VersionState.PUBLISHED).select_related("pathway", "organisation")
    ]
    wallet = [
        (
            str(c.pk),
            f"{translated(c.specification_version.title, language)} — {translated(c.organisation.name, language)}",
        )
        for c in selectors.wallet_credentials(learner=user)
    ]
    external = [
        (e.pk, f"{translated(e.title, language) or e.credential_id} — {e.issuer_name}")
        for e in selectors.external_credentials_of(learner=user)
        if e.verified
    ]
    initial = {}
    if request.GET.get("pathway"):
        chosen = PathwayVersion.objects.filter(pk=request.GET["pathway"]).first()
        if chosen is not None:
            initial = {"pathway_version": chosen.pk, "organisation": chosen.organisation_id}
    form = RequestForm(
        request.POST or None,
        initial=initial,
        organisations=organisations,
        versions=versions,
        issued=wallet,
        external=external,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = get_object_or_404(Organisation, pk=data["organisation"])
        version = PathwayVersion.objects.filter(pk=data["pathway_version"]).first() if data["pathway_version"] else None
        try:
            created = services.recognition_request_create(
                learner=user,
                organisation=organisation,
                pathway_version=version,
                issued=IssuedCredential.objects.filter(pk__in=data["issued"], learner=user),
                external=ExternalCredential.objects.filter(pk__in=data["external"], learner=user),
                message=data["message"],
                actor=user,
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Your request is submitted; you will be told of the decision."))
            return redirect("pathways:request", pk=created.pk)
    return render(request, "pathways/request_new.html", {"form": form})


@login_required
def request_prior_learning_new(request: HttpRequest) -> HttpResponse:
    """Ask for recognition of prior (non-formal, informal or work-based) learning, with evidence files."""
    require(request.user, "recognition_request.create")
    user: Any = request.user
    language = _language()
    organisations = [
        (o.pk, translated(o.name, language))
        for o in Organisation.objects.filter(kind__in=HIGHER_EDUCATION_KINDS, is_active=True).order_by("slug")
    ]
    published = PathwayVersion.objects.filter(state=VersionState.PUBLISHED).select_related("pathway", "organisation")
    versions = [
        (v.pk, f"{translated(v.pathway.title, language)} — {translated(v.organisation.name, language)}")
        for v in published
    ]
    chosen = None
    pathway_id = request.POST.get("pathway_version") or request.GET.get("pathway_version") or request.GET.get("pathway")
    if pathway_id and str(pathway_id).isdigit():
        chosen = published.filter(pk=pathway_id).first()
    claimable = [
        (mc.pk, f"{translated(spec.title, language) or mc.code} — {translated(mc.organisation.name, language)}")
        for mc, spec in selectors.claimable_micro_credentials(version=chosen)
    ]
    initial = {"pathway_version": chosen.pk, "organisation": chosen.organisation_id} if chosen else {}
    form = PriorLearningForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        organisations=organisations,
        versions=versions,
        claimable=claimable,
    )
    # Choosing a pathway asks for the page again (htmx) and swaps in its institution and micro-credentials only.
    form.fields["pathway_version"].widget.attrs.update(
        {
            "hx-get": reverse("pathways:request_prior_learning"),
            "hx-trigger": "change",
            "hx-target": "#claimed-field",
            "hx-select": "#claimed-field",
            "hx-select-oob": "#organisation-field",
            "hx-swap": "outerHTML",
        }
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = get_object_or_404(Organisation, pk=data["organisation"])
        version = published.filter(pk=data["pathway_version"]).first() if data["pathway_version"] else None
        try:
            created = services.recognition_request_create(
                learner=user,
                organisation=organisation,
                pathway_version=version,
                kind=RequestKind.PRIOR_LEARNING,
                description=data["description"],
                started_on=data["started_on"],
                ended_on=data["ended_on"],
                claimed=list(MicroCredential.objects.filter(pk__in=data["claimed"])),
                evidence=data["evidence"],
                message=data["message"],
                actor=user,
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Your request is submitted; you will be told of the decision."))
            return redirect("pathways:request", pk=created.pk)
    return render(request, "pathways/request_prior_learning.html", {"form": form, "chosen": chosen})


@login_required
def request_evidence(request: HttpRequest, pk: int, evidence_id: int) -> FileResponse:
    """Evidence is served only to those who may see the request, always as a download (never rendered inline)."""
    item = _request(request, pk)
    evidence = get_object_or_404(RecognitionEvidence, pk=evidence_id, request=item)
    content_type = mimetypes.guess_type(evidence.original_name)[0] or "application/octet-stream"
    response = FileResponse(
        evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _request(request: HttpRequest, pk: int) -> RecognitionRequest:
    item = get_object_or_404(
        RecognitionRequest.objects.select_related(
            "organisation", "learner", "pathway_version__pathway", "recognised_as", "decided_by", "appeal_decided_by"
        ),
        pk=pk,
    )
    require(request.user, "recognition_request.view", item)
    return item


def _decision_targets(item: RecognitionRequest) -> list[tuple[int, str]]:
    language = _language()
    mcs = selectors.version_micro_credentials(item.pathway_version) if item.pathway_version is not None else []
    if item.is_prior_learning:  # what the learner claimed first, then the pathway's other micro-credentials
        claimed = list(item.claimed.order_by("code"))
        mcs = [*claimed, *(mc for mc in mcs if mc not in claimed)]
    latest = selectors.latest_versions(mcs)
    return [(mc.pk, translated(latest[mc.pk].title, language) if mc.pk in latest else mc.code) for mc in mcs]


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _request(request, pk)
    return _render_request(request, item)


def _history(subject: Any) -> list[dict[str, Any]]:
    """The workflow's events, each named by its transition's label in the reader's language."""
    workflow = subject.workflow
    rows = []
    for event in workflow_history(subject):
        name = str(event.payload.get("transition", ""))
        try:
            label = str(workflow.transition(name).label) if name else _("Started")
        except KeyError:
            label = name
        rows.append({"event": event, "label": label, "comment": event.payload.get("comment", "")})
    return rows


def _render_request(request: HttpRequest, item: RecognitionRequest, **forms: Any) -> HttpResponse:
    user = request.user
    language = _language()
    submitted, targets = selectors.comparison(request=item, language=language)
    decision_form = forms.get("decision_form")
    if (
        decision_form is None
        and item.state == RequestState.UNDER_REVIEW
        and can(user, "recognition_request.review", item)
    ):
        decision_form = DecisionForm(targets=_decision_targets(item))
    appeal_form = forms.get("appeal_form")
    if (
        appeal_form is None
        and item.state == RequestState.DECIDED
        and item.appealed_at is None
        and can(user, "recognition_request.appeal", item)
    ):
        appeal_form = AppealForm()
    appeal_decision_form = forms.get("appeal_decision_form")
    if (
        appeal_decision_form is None
        and item.state == RequestState.APPEALED
        and can(user, "recognition_request.decide_appeal", item)
    ):
        appeal_decision_form = AppealDecisionForm(targets=_decision_targets(item))
    simple = [o for o in workflow_options(subject_state=item, actor=user) if o.name in ("take", "accept", "withdraw")]
    return render(
        request,
        "pathways/request.html",
        {
            "item": item,
            "submitted": submitted,
            "targets": targets,
            "language": language,
            "decision_form": decision_form,
            "appeal_form": appeal_form,
            "appeal_decision_form": appeal_decision_form,
            "simple_options": simple,
            "states": item.workflow.states,
            "history": _history(item),
            "differences": [str(Difference(d).label) for d in item.differences if d in Difference.values],
            "is_learner": item.learner_id == user.pk,
        },
        status=400 if any(f is not None and f.is_bound and f.errors for f in forms.values()) else 200,
    )


def _decision(data: dict[str, Any]) -> dict[str, Any]:
    """A decision form's cleaned data as the decision services take it (first decision or upheld appeal)."""
    recognised_as = data["recognised_as"]
    return {
        "outcome": data["outcome"],
        "credits_granted": data["credits_granted"],
        "recognised_as": MicroCredential.objects.filter(pk=recognised_as).first() if recognised_as else None,
        "differences": data["differences"],
        "justification": data["justification"],
    }


# The steps of a recognition request that take a decision form: the action, the form and its name on the page.
_DECISION_STEPS: dict[str, tuple[str, type[DecisionForm], str]] = {
    "decide": ("recognition_request.review", DecisionForm, "decision_form"),
    "decide_appeal": ("recognition_request.decide_appeal", AppealDecisionForm, "appeal_decision_form"),
}


@login_required
@require_POST
def request_act(request: HttpRequest, pk: int) -> HttpResponse:
    item = _request(request, pk)
    user = request.user
    step = request.POST.get("step", "")
    try:
        if step in ("take", "accept", "withdraw"):
            call = {
                "take": services.recognition_request_take,
                "accept": services.recognition_request_accept,
                "withdraw": services.recognition_request_withdraw,
            }[step]
            call(request=item, actor=user)
        elif step in _DECISION_STEPS:
            action, form_class, form_name = _DECISION_STEPS[step]
            require(user, action, item)
            form = form_class(request.POST, targets=_decision_targets(item))
            if not form.is_valid():
                return _render_request(request, item, **{form_name: form})
            data = form.cleaned_data
            try:
                if step == "decide":
                    services.recognition_request_decide(request=item, actor=user, **_decision(data))
                else:
                    services.recognition_request_decide_appeal(
                        request=item,
                        upheld=data["upheld"] == "upheld",
                        reasons=data["reasons"],
                        actor=user,
                        **_decision(data),
                    )
            except ValidationError as error:
                _form_errors(form, error)
                return _render_request(request, item, **{form_name: form})
        elif step == "appeal":
            require(user, "recognition_request.appeal", item)
            appeal = AppealForm(request.POST)
            if not appeal.is_valid():
                return _render_request(request, item, appeal_form=appeal)
            services.recognition_request_appeal(request=item, reasons=appeal.cleaned_data["reasons"], actor=user)
        else:
            raise Http404
    except (TransitionRefused, ValidationError) as error:
        _refused(request, error)
    else:
        messages.success(request, _("Done."))
    return redirect("pathways:request", pk=item.pk)
