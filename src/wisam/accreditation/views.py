"""Pages of accreditation: the AQAC workflow, the evaluator registry, monitoring, the inbox, the public register.

Views are thin: parse input, ask the policy, call a service or selector, render. Every refusal is shown as a message.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wisam.accreditation import selectors, services
from wisam.accreditation.models import (
    Accreditation,
    Application,
    Condition,
    Decision,
    DocumentKind,
    Evaluator,
    Guideline,
    GuidelineCriterion,
    Notification,
    PanelMember,
    PanelRole,
    RegisterEntry,
    RegisterStatus,
    Score,
    SelfAccreditation,
    VisitKind,
)
from wisam.accreditation.opendata import entry_jsonld, register_jsonld
from wisam.accreditation.register import LANGUAGE_NAMES, MODE_NAMES, isced_label
from wisam.core.i18n import translated
from wisam.core.policy import can, has_role_anywhere, require, scope
from wisam.core.workflow import TransitionRefused, workflow_options
from wisam.institutions.models import Organisation
from wisam.institutions.roles import Role


def _render(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(request, f"accreditation/{template}", context, status=status)


def _errors(error: ValidationError | TransitionRefused) -> list[str]:
    if isinstance(error, TransitionRefused):
        return [error.message]
    return [str(m) for m in error.messages]


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


# --- dashboard and applications --------------------------------------------------------------------------------------


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    organisations = [
        o
        for o in Organisation.objects.filter(memberships__user=user.pk).distinct()
        if can(user, "application.create", o)
    ]
    ready = []
    if organisations:
        from wisam.design.models import SpecificationVersion

        ready = list(
            SpecificationVersion.objects.filter(
                status="ready_for_accreditation", micro_credential__organisation__in=organisations
            )
            .exclude(accreditation_applications__is_active=True)
            .select_related("micro_credential__organisation")
        )
    return _render(
        request,
        "dashboard.html",
        {
            "queues": selectors.application_queues(user=user),
            "ready_versions": ready,
            "unread": Notification.objects.filter(user=user.pk, read_at__isnull=True).count(),
            "is_officer": has_role_anywhere(user, [Role.AQAC_OFFICER]),
            "is_aqac": has_role_anywhere(user, [Role.AQAC_OFFICER, Role.COMMISSION_MEMBER]),
            # The same test as the evaluators page, so the link is shown only to those it would let in.
            "show_evaluators": can(user, "evaluator.manage") or selectors.evaluator_of(user) is not None,
        },
    )


@login_required
@require_POST
def application_create_view(request: HttpRequest) -> HttpResponseBase:
    from wisam.design.models import SpecificationVersion

    version = get_object_or_404(
        SpecificationVersion.objects.select_related("micro_credential__organisation"),
        pk=_int(request.POST.get("version")),
    )
    require(request.user, "application.create", version.micro_credential.organisation)
    try:
        application = services.application_create(version=version, actor=request.user)
    except ValidationError as error:
        for text in _errors(error):
            messages.error(request, text)
        return redirect("accreditation:dashboard")
    messages.success(
        request, _("Application %(ref)s opened: attach the documents, then submit.") % {"ref": application.reference}
    )
    return redirect("accreditation:application", pk=application.pk)


def _application(request: HttpRequest, pk: int) -> Application:
    application = get_object_or_404(
        Application.objects.select_related(
            "organisation", "guideline", "specification_version__micro_credential__organisation"
        ),
        pk=pk,
    )
    require(request.user, "application.view", application)
    return application


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    user = request.user
    evaluator = selectors.evaluator_of(user)
    my_scores: dict[int, Any] = {}
    if evaluator is not None:
        my_scores = {s.criterion_id: s for s in application.scores.filter(evaluator=evaluator)}
    standards = []
    if application.guideline is not None:
        for standard in application.guideline.standards.prefetch_related("criteria"):
            standards.append((standard, [(c, my_scores.get(c.pk)) for c in standard.criteria.all()]))
    context = {
        "application": application,
        "version": application.specification_version,
        "options": workflow_options(subject_state=application, actor=user),
        "documents": application.documents.all(),
        "missing": selectors.application_missing_documents(application=application),
        "document_kinds": DocumentKind.choices,
        "panel": application.panel.select_related("evaluator__user"),
        "suggestions": selectors.evaluators_suggest(application=application)
        if can(user, "application.screen", application) and application.state == "panel"
        else [],
        "standards": standards,
        "scores": Score.choices,
        "visit_kinds": VisitKind.choices,
        "decisions": Decision.choices,
        "panel_roles": PanelRole.choices,
        "all_scores": application.scores.select_related("criterion", "evaluator__user").exclude(score=""),
        "report": getattr(application, "report", None),
        "visits": application.visits.all(),
        "conditions": application.conditions.all(),
        "appeals": application.appeals.all(),
        "history": selectors.application_history(application=application),
        "unscored": selectors.application_unscored(application=application)
        if application.state == "evaluation"
        else {},
        "can_submit": can(user, "application.submit", application),
        "can_screen": can(user, "application.screen", application),
        "can_evaluate": can(user, "application.evaluate", application) and evaluator is not None,
        "can_report": can(user, "application.report", application),
        "can_decide": can(user, "application.decide", application),
        "evaluator": evaluator,
        "today": timezone.localdate(),
    }
    return _render(request, "application.html", context)


def _step(request: HttpRequest, application: Application) -> None:
    transition = request.POST.get("transition", "")
    services.application_transition(
        application=application,
        transition=transition,
        actor=request.user,
        comment=request.POST.get("comment", ""),
        expected_lock_version=_int(request.POST.get("lock_version")),
    )
    messages.success(
        request,
        _("Done: the application is now “%(state)s”.")
        % {"state": Application.objects.get(pk=application.pk).state_label},
    )


def _upload(request: HttpRequest, application: Application) -> None:
    require(request.user, "application.submit", application)
    upload = request.FILES.get("file")
    if upload is None:
        raise ValidationError(_("Choose a file."))
    services.application_document_add(
        application=application,
        kind=request.POST.get("kind", ""),
        upload=upload,
        actor=request.user,
        expected_lock_version=_int(request.POST.get("lock_version")),
    )
    messages.success(request, _("Document attached."))


def _assign(request: HttpRequest, application: Application) -> None:
    require(request.user, "application.screen", application)
    evaluator = get_object_or_404(Evaluator, pk=_int(request.POST.get("evaluator")))
    services.panel_assign(
        application=application, evaluator=evaluator, role=request.POST.get("role", "member"), actor=request.user
    )
    messages.success(request, _("%(name)s is on the panel.") % {"name": evaluator.user})


def _unassign(request: HttpRequest, application: Application) -> None:
    require(request.user, "application.screen", application)
    member = get_object_or_404(PanelMember, pk=_int(request.POST.get("member")), application=application)
    services.panel_remove(member=member, actor=request.user)


def _score(request: HttpRequest, application: Application) -> None:
    require(request.user, "application.evaluate", application)
    evaluator = selectors.evaluator_of(request.user)
    if evaluator is None:
        raise PermissionDenied
    scores = {}
    criteria = GuidelineCriterion.objects.filter(standard__guideline_id=application.guideline_id or 0)
    for criterion in criteria.select_related("standard"):
        score = request.POST.get(f"score-{criterion.pk}")
        justification = request.POST.get(f"justification-{criterion.pk}", "")
        if score is None or (not score and not justification):
            continue
        scores[criterion] = (score, justification)
    # All or nothing: one invalid score saves none, and the form shows each error by its criterion.
    saved = (
        len(services.scores_record(application=application, evaluator=evaluator, scores=scores, actor=request.user))
        if scores
        else 0
    )
    messages.success(request, _("%(count)d score(s) saved.") % {"count": saved})


def _visit(request: HttpRequest, application: Application) -> None:
    require(request.user, "application.report", application)
    on = _date(request.POST.get("date"))
    if on is None:
        raise ValidationError(_("Give the date of the visit."))
    services.visit_record(
        application=application,
        kind=request.POST.get("kind", "site"),
        on=on,
        participants=request.POST.get("participants", ""),
        findings=request.POST.get("findings", ""),
        actor=request.user,
    )
    messages.success(request, _("Visit recorded."))


def _report(request: HttpRequest, application: Application) -> None:
    require(request.user, "application.report", application)
    services.report_write(
        application=application,
        summary=request.POST.get("summary", ""),
        recommendation=request.POST.get("recommendation", ""),
        actor=request.user,
    )
    messages.success(request, _("Panel report saved."))


def _decide(request: HttpRequest, application: Application) -> None:
    require(request.user, "application.decide", application)
    conditions = []
    for text, deadline in zip(request.POST.getlist("condition"), request.POST.getlist("deadline"), strict=False):
        if text.strip():
            conditions.append((text, _date(deadline)))
    services.application_decide(
        application=application,
        decision=request.POST.get("decision", ""),
        rationale=request.POST.get("rationale", ""),
        validity_months=_int(request.POST.get("validity_months")),
        conditions=conditions,  # type: ignore[arg-type]
        actor=request.user,
        expected_lock_version=_int(request.POST.get("lock_version")),
    )
    messages.success(request, _("Decision recorded."))


def _respond(request: HttpRequest, application: Application) -> None:
    require(request.user, "application.submit", application)
    condition = get_object_or_404(Condition, pk=_int(request.POST.get("condition")), application=application)
    services.condition_respond(condition=condition, response=request.POST.get("response", ""), actor=request.user)
    messages.success(request, _("Response sent to AQAC."))


def _judge(request: HttpRequest, application: Application) -> None:
    require(request.user, "application.decide", application)
    condition = get_object_or_404(Condition, pk=_int(request.POST.get("condition")), application=application)
    services.condition_judge(condition=condition, fulfilled=request.POST.get("fulfilled") == "1", actor=request.user)


def _appeal(request: HttpRequest, application: Application) -> None:
    require(request.user, "application.submit", application)
    services.appeal_lodge(application=application, grounds=request.POST.get("grounds", ""), actor=request.user)
    messages.success(request, _("Appeal lodged."))


def _appeal_decide(request: HttpRequest, application: Application) -> None:
    require(request.user, "application.decide", application)
    services.appeal_decide(
        application=application,
        upheld=request.POST.get("upheld") == "1",
        reasons=request.POST.get("reasons", ""),
        actor=request.user,
    )


_ACTIONS: dict[str, Callable[[HttpRequest, Application], None]] = {
    "step": _step,
    "upload": _upload,
    "assign": _assign,
    "unassign": _unassign,
    "score": _score,
    "visit": _visit,
    "report": _report,
    "decide": _decide,
    "respond": _respond,
    "judge": _judge,
    "appeal": _appeal,
    "appeal_decide": _appeal_decide,
}


@login_required
@require_POST
def application_action(request: HttpRequest, pk: int, action: str) -> HttpResponseBase:
    application = _application(request, pk)
    handler = _ACTIONS.get(action)
    if handler is None:
        raise PermissionDenied
    try:
        handler(request, application)
    except (ValidationError, TransitionRefused) as error:
        for text in _errors(error):
            messages.error(request, text)
    return redirect(reverse("accreditation:application", kwargs={"pk": pk}) + f"#{action}")


# --- guidelines, evaluators, self-accreditation, monitoring, inbox ------------------------------------------------


def guidelines(request: HttpRequest) -> HttpResponseBase:
    if request.method == "POST":
        require(request.user, "guideline.publish")
        try:
            if "publish" in request.POST:
                guideline = get_object_or_404(Guideline, pk=_int(request.POST.get("publish")))
                services.guideline_publish(guideline=guideline, actor=request.user)
                messages.success(request, _("%(g)s is now in force.") % {"g": guideline})
            else:
                upload = request.FILES.get("file")
                if upload is None:
                    raise ValidationError(_("Choose a JSON file."))
                try:
                    data = json.loads(upload.read().decode("utf-8"))
                except (UnicodeDecodeError, json.JSONDecodeError) as error:
                    raise ValidationError(_("The file is not valid JSON.")) from error
                data.pop("status", None)
                guideline, _created = services.guideline_load(data=data, actor=request.user)
                messages.success(
                    request, _("%(g)s loaded as a draft; publish it to bring it into force.") % {"g": guideline}
                )
        except ValidationError as error:
            for text in _errors(error):
                messages.error(request, text)
        return redirect("accreditation:guidelines")
    return _render(
        request,
        "guidelines.html",
        {
            "guidelines": Guideline.objects.all(),
            "in_force": services.guideline_in_force(),
            "can_publish": can(request.user, "guideline.publish"),
        },
    )


def guideline_detail(request: HttpRequest, pk: int) -> HttpResponse:
    guideline = get_object_or_404(Guideline, pk=pk)
    require(request.user, "guideline.view", guideline)
    return _render(
        request,
        "guideline.html",
        {"guideline": guideline, "standards": guideline.standards.prefetch_related("criteria")},
    )


@login_required
def evaluators(request: HttpRequest) -> HttpResponseBase:
    user = request.user
    me = selectors.evaluator_of(user)
    if request.method == "POST":
        try:
            if "conflict" in request.POST:
                evaluator = get_object_or_404(Evaluator, pk=_int(request.POST.get("evaluator")))
                require(user, "evaluator.declare_conflict", evaluator)
                organisation = get_object_or_404(Organisation, slug=request.POST.get("organisation", ""))
                services.conflict_declare(
                    evaluator=evaluator, organisation=organisation, reason=request.POST.get("reason", ""), actor=user
                )
                messages.success(request, _("Conflict of interest recorded."))
            else:
                require(user, "evaluator.manage")
                from wisam.institutions.models import User

                person = get_object_or_404(User, email=request.POST.get("email", "").strip().lower())
                services.evaluator_register(
                    user=person,
                    isced_codes=[c for c in request.POST.get("isced_codes", "").replace(",", " ").split() if c],
                    levels=[int(v) for v in request.POST.get("levels", "").replace(",", " ").split() if v.isdigit()],
                    actor=user,
                )
                messages.success(request, _("Registry updated."))
        except ValidationError as error:
            for text in _errors(error):
                messages.error(request, text)
        return redirect("accreditation:evaluators")
    if not (can(user, "evaluator.manage") or me is not None):
        raise PermissionDenied
    rows = Evaluator.objects.select_related("user").prefetch_related("conflicts__organisation")
    return _render(
        request,
        "evaluators.html",
        {
            "evaluators": rows if can(user, "evaluator.manage") else rows.filter(pk=me.pk if me else 0),
            "can_manage": can(user, "evaluator.manage"),
            "organisations": Organisation.objects.filter(is_active=True),
        },
    )


@login_required
def self_accreditation(request: HttpRequest) -> HttpResponseBase:
    user = request.user
    if request.method == "POST":
        try:
            organisation = get_object_or_404(Organisation, slug=request.POST.get("organisation", ""))
            if "grant" in request.POST:
                require(user, "self_accreditation.grant", organisation)
                start, end = _date(request.POST.get("valid_from")), _date(request.POST.get("valid_until"))
                if start is None or end is None:
                    raise ValidationError(_("Give the period."))
                services.self_accreditation_grant(
                    organisation=organisation,
                    isced_codes=request.POST.get("isced_codes", "").replace(",", " ").split(),
                    max_eqf_level=_int(request.POST.get("max_eqf_level")) or 0,
                    valid_from=start,
                    valid_until=end,
                    actor=user,
                )
                messages.success(request, _("Self-accreditation granted."))
            else:
                from wisam.design.models import SpecificationVersion

                require(user, "self_accreditation.notify", organisation)
                version = get_object_or_404(
                    SpecificationVersion,
                    pk=_int(request.POST.get("version")),
                    micro_credential__organisation=organisation,
                )
                accreditation = services.self_accreditation_notify(version=version, actor=user)
                messages.success(request, _("Registered as %(id)s.") % {"id": accreditation.entry.identifier})
        except ValidationError as error:
            for text in _errors(error):
                messages.error(request, text)
        return redirect("accreditation:self_accreditation")
    from wisam.design.models import SpecificationVersion

    own = [
        o
        for o in Organisation.objects.filter(memberships__user=user.pk).distinct()
        if can(user, "self_accreditation.notify", o)
    ]
    return _render(
        request,
        "self_accreditation.html",
        {
            "grants": SelfAccreditation.objects.select_related("organisation"),
            "can_grant": has_role_anywhere(user, [Role.COMMISSION_MEMBER]) or user.is_superuser,
            "institutions": Organisation.objects.filter(kind__startswith="university")
            | Organisation.objects.filter(kind="community_college"),
            "own": own,
            "versions": SpecificationVersion.objects.filter(
                status="ready_for_accreditation", micro_credential__organisation__in=own
            ).select_related("micro_credential__organisation"),
        },
    )


@login_required
def monitoring(request: HttpRequest) -> HttpResponseBase:
    user = request.user
    if request.method == "POST":
        accreditation = get_object_or_404(Accreditation, pk=_int(request.POST.get("accreditation")))
        require(user, "accreditation.monitor", accreditation)
        reason = request.POST.get("reason", "")
        action = request.POST.get("action", "")
        try:
            if action == "suspend":
                services.accreditation_suspend(accreditation=accreditation, reason=reason, actor=user)
            elif action == "reinstate":
                services.accreditation_reinstate(accreditation=accreditation, reason=reason, actor=user)
            elif action == "withdraw":
                services.accreditation_withdraw(accreditation=accreditation, reason=reason, actor=user)
            elif action == "renew":
                services.accreditation_renew(
                    accreditation=accreditation, months=_int(request.POST.get("months")) or 0, reason=reason, actor=user
                )
            messages.success(request, _("Done."))
        except ValidationError as error:
            for text in _errors(error):
                messages.error(request, text)
        return redirect("accreditation:monitoring")
    rows = selectors.accreditations_visible(user=user).order_by("valid_until")
    return _render(
        request,
        "monitoring.html",
        {"accreditations": rows, "can_monitor": has_role_anywhere(user, [Role.AQAC_OFFICER, Role.COMMISSION_MEMBER])},
    )


@login_required
def inbox(request: HttpRequest) -> HttpResponseBase:
    rows = scope(request.user, "notification.view", Notification.objects.all())
    if request.method == "POST":
        for notification in rows.filter(read_at__isnull=True):
            services.notification_mark_read(notification=notification)
        return redirect("accreditation:inbox")
    return _render(request, "inbox.html", {"notifications": rows[:200]})


# --- the public register -------------------------------------------------------------------------------------------


def _filters_context() -> dict[str, Any]:
    return {
        "institutions": selectors.register_institutions(),
        "modes": [(k, {"ar": v[0], "en": v[1]}) for k, v in MODE_NAMES.items()],
        "languages": [(k, {"ar": v[0], "en": v[1]}) for k, v in LANGUAGE_NAMES.items()],
        "fields": [(code, isced_label(code)) for code in ("01", "02", "03", "04", "05", "06", "07", "08", "09", "10")],
        "statuses": RegisterStatus.choices,
        "levels": range(1, 9),
    }


def register_search(request: HttpRequest) -> HttpResponse:
    require(request.user, "register.view")
    query = selectors.RegisterQuery.from_params(request.GET)
    page = selectors.register_search(query)
    params = query.as_params()
    from urllib.parse import urlencode

    return _render(
        request,
        "register.html",
        {"query": query, "page": page, "querystring": urlencode(params), **_filters_context()},
    )


def register_entry(request: HttpRequest, identifier: str) -> HttpResponse:
    entry = get_object_or_404(RegisterEntry, identifier=identifier)
    require(request.user, "register.view", entry)
    return _render(
        request,
        "entry.html",
        {
            "entry": entry,
            "field_label": isced_label(entry.isced_code),
            "mode_label": MODE_NAMES.get(entry.mode),
            "language_labels": [LANGUAGE_NAMES.get(code, (code, code)) for code in entry.languages],
            "history": selectors.register_entry_history(entry=entry),
            "status_changes": selectors.register_entry_status_changes(entry=entry),
            "accreditations": entry.accreditations.all(),
        },
    )


CSV_COLUMNS = (
    "identifier",
    "title_ar",
    "title_en",
    "institution",
    "institution_ar",
    "institution_en",
    "nqf_level",
    "eqf_level",
    "ects",
    "credit_hours",
    "isced_code",
    "mode",
    "languages",
    "stackability",
    "status",
    "valid_from",
    "valid_until",
    "url",
)


class _Echo:
    def write(self, value: str) -> str:
        return value


def register_csv(request: HttpRequest) -> StreamingHttpResponse:
    require(request.user, "register.view")
    query = selectors.RegisterQuery.from_params(request.GET)
    if not request.GET.get("status"):
        query.status = "all"
    from django.conf import settings

    writer = csv.writer(_Echo())

    def rows() -> Any:
        yield "\ufeff" + writer.writerow(CSV_COLUMNS)
        for e in selectors.register_entries(query).iterator(chunk_size=2000):
            yield writer.writerow(
                (
                    e.identifier,
                    e.title.get("ar", ""),
                    e.title.get("en", ""),
                    e.institution_slug,
                    e.institution_name.get("ar", ""),
                    e.institution_name.get("en", ""),
                    e.nqf_level or "",
                    e.eqf_level or "",
                    e.ects if e.ects is not None else "",
                    e.credit_hours if e.credit_hours is not None else "",
                    e.isced_code,
                    e.mode,
                    " ".join(e.languages),
                    e.stackability,
                    e.status,
                    e.valid_from.isoformat(),
                    e.valid_until.isoformat(),
                    f"{settings.SITE_URL}{e.get_absolute_url()}",
                )
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="wisam-register.csv"'
    return response


def register_jsonld_view(request: HttpRequest) -> JsonResponse:
    require(request.user, "register.view")
    query = selectors.RegisterQuery.from_params(request.GET)
    query.page_size = selectors.MAX_PAGE_SIZE if not request.GET.get("page_size") else query.page_size
    page = selectors.register_search(query)
    response = JsonResponse(
        register_jsonld(list(page.object_list), page=page), json_dumps_params={"ensure_ascii": False}
    )
    response["Content-Type"] = "application/ld+json; charset=utf-8"
    return response


def entry_jsonld_view(request: HttpRequest, identifier: str) -> JsonResponse:
    entry = get_object_or_404(RegisterEntry, identifier=identifier)
    require(request.user, "register.view", entry)
    response = JsonResponse(entry_jsonld(entry), json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/ld+json; charset=utf-8"
    return response


def trust_list(request: HttpRequest) -> JsonResponse:
    require(request.user, "trust_list.view")
    from wisam.accreditation.trustlist import trust_list_signed

    return JsonResponse(trust_list_signed(), json_dumps_params={"ensure_ascii": False})


def trust_list_did(request: HttpRequest) -> JsonResponse:
    require(request.user, "trust_list.view")
    from wisam.accreditation.trustlist import trust_list_did_document

    return JsonResponse(trust_list_did_document())


__all__ = ["translated"]
