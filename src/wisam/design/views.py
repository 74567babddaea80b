"""The block-by-block designer (server-rendered, htmx autosave) and the printable pages; views stay thin.

With htmx, a change in a block posts that block; the answer is out-of-band fragments only (save status, each
field's errors, the findings of every block, the error summary), so what the designer typed is never replaced.
Without JavaScript the same forms post normally and the page is shown again with the errors.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from wisam.core.policy import can, require, scope
from wisam.design import exports, services, vocab
from wisam.design.blocks import block as get_block
from wisam.design.blocks import blocks, eu_elements
from wisam.design.forms import ITEM_BLOCKS, ITEM_LISTS, CreateForm, block_form, item_form
from wisam.design.linter import lint_specification
from wisam.design.linter.core import SEVERITY_LABELS
from wisam.design.linter.verbs import level_name
from wisam.design.models import SpecificationVersion
from wisam.design.selectors import (
    alignment_matrix,
    specification_versions_compare,
    specification_versions_latest_visible,
)
from wisam.institutions.models import Organisation


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _version(request: HttpRequest, pk: int, action: str = "specification.view") -> SpecificationVersion:
    visible = scope(
        request.user,
        "specification.view",
        SpecificationVersion.objects.select_related("micro_credential__organisation", "micro_credential__unit"),
    )
    version = get_object_or_404(visible, pk=pk)
    require(request.user, action, version)
    return version


def _item(request: HttpRequest, kind: str, pk: int) -> Any:
    if kind not in services.ITEM_MODELS:
        raise Http404
    model = services.ITEM_MODELS[kind]
    item: Any = get_object_or_404(model._default_manager.select_related("version"), pk=pk)
    _version(request, item.version_id, "specification.edit")
    return item


def _add_service_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def _findings_by_target(report: Any) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = {}
    for finding in report.findings:
        if finding.target:
            grouped.setdefault(finding.target, []).append(finding)
    return grouped


def _designer_context(
    request: HttpRequest, version: SpecificationVersion, bound: dict[str, Any] | None = None
) -> dict[str, Any]:
    bound = bound or {}
    editable = can(request.user, "specification.edit", version)
    report = lint_specification(version)
    outcomes = list(version.outcomes.all())
    skills = vocab.skills_by_uri([uri for o in outcomes for uri in o.skills])
    by_target = _findings_by_target(report)
    sections = []
    for block in blocks():
        items: dict[str, list[Any]] = {}
        for kind, list_name in ITEM_LISTS.items():
            if list_name in block.fields:
                children = outcomes if kind == "outcome" else list(getattr(version, list_name).all())
                items[kind] = [
                    {
                        "object": child,
                        "form": bound.get(f"{kind}-{child.pk}") or item_form(kind, child),
                        "findings": by_target.get(f"{kind}:{child.pk}", []),
                        "skills": [skills[uri] for uri in getattr(child, "skills", [])],
                        "bloom": level_name(getattr(child, "bloom_level", None)),
                        "position": n,
                    }
                    for n, child in enumerate(children, start=1)
                ]
        sections.append(
            {
                "block": block,
                "form": bound.get(block.id) or block_form(block, version),
                "report": report.for_block(block.id),
                "items": items,
                "elements": [eu_elements()[e] for e in block.eu_elements],
            }
        )
    return {
        "version": version,
        "micro_credential": version.micro_credential,
        "editable": editable,
        "can_version": can(request.user, "specification.version", version),
        "report": report,
        "sections": sections,
        "matrix": alignment_matrix(version),
        "severity_labels": SEVERITY_LABELS,
        "other_versions": version.micro_credential.versions.exclude(pk=version.pk).order_by("-number"),
        "bound_errors": [form for form in bound.values() if form.errors],
    }


# --- list and create ---------------------------------------------------------------------------------------------


@login_required
@require_GET
def specification_list(request: HttpRequest) -> HttpResponse:
    creatable = scope(request.user, "specification.create", Organisation.objects.all())
    return render(
        request,
        "design/list.html",
        {
            "versions": specification_versions_latest_visible(user=request.user),
            "can_create": creatable.exists(),
        },
    )


@login_required
def specification_create(request: HttpRequest) -> HttpResponse:
    organisations = scope(request.user, "specification.create", Organisation.objects.all())
    if not organisations.exists():
        raise PermissionDenied("specification.create")
    form = CreateForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        require(request.user, "specification.create", organisation)
        try:
            version = services.micro_credential_create(
                organisation=organisation,
                code=form.cleaned_data["code"],
                title=form.cleaned_data["title"],
                actor=request.user,
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return redirect("design:designer", pk=version.pk)
    return render(request, "design/create.html", {"form": form})


# --- the designer ------------------------------------------------------------------------------------------------


@login_required
@require_GET
def designer(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk)
    return render(request, "design/designer.html", _designer_context(request, version))


def _autosave_response(request: HttpRequest, version: SpecificationVersion, forms: list[Any]) -> HttpResponse:
    """The out-of-band fragments after a save: status, field errors, every block's findings, the error summary."""
    version = SpecificationVersion.objects.select_related("micro_credential__organisation").get(pk=version.pk)
    context = _designer_context(request, version)
    failed = any(form.errors for form in forms)
    context.update(saved_forms=forms, failed=failed, saved_at=timezone.localtime())
    response = render(request, "design/_autosave.html", context, status=422 if failed else 200)
    # htmx ignores 4xx bodies by default; the status stays honest for other clients and tests, htmx is told to swap.
    response["HX-Reswap"] = "none"
    return response


@login_required
@require_POST
def block_save(request: HttpRequest, pk: int, block_id: str) -> HttpResponse:
    version = _version(request, pk, "specification.edit")
    try:
        block = get_block(block_id)
    except KeyError:
        raise Http404 from None
    form = block_form(block, version, data=request.POST)
    values = form.valid_values()
    if values:
        try:
            services.specification_version_update(version=version, actor=request.user, fields=values)
        except ValidationError as error:
            _add_service_errors(form, error)
    if _is_htmx(request):
        return _autosave_response(request, version, [form])
    if form.errors:
        context = _designer_context(request, version, bound={block.id: form})
        return render(request, "design/designer.html", context, status=422)
    return redirect(reverse("design:designer", args=[pk]) + f"#block-{block.id}")


@login_required
@require_POST
def item_add(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    version = _version(request, pk, "specification.edit")
    if kind not in services.ITEM_MODELS:
        raise Http404
    services.specification_item_add(version=version, kind=kind, actor=request.user, fields={})
    return _back_to_block(request, version, kind)


def _back_to_block(
    request: HttpRequest, version: SpecificationVersion, kind: str, skill_error: tuple[int, str] | None = None
) -> HttpResponse:
    url = reverse("design:designer", args=[version.pk]) + f"#block-{ITEM_BLOCKS[kind]}"
    if _is_htmx(request):
        # Adding or removing an item changes matrices and numbering elsewhere: reload the block's section.
        context = _designer_context(request, SpecificationVersion.objects.get(pk=version.pk))
        section = next(s for s in context["sections"] if s["block"].id == ITEM_BLOCKS[kind])
        context["section"] = section
        context["skill_error"] = skill_error
        return render(request, "design/_section_response.html", context)
    return redirect(url)


@login_required
@require_POST
def item_save(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    item = _item(request, kind, pk)
    form = item_form(kind, item, data=request.POST)
    values = form.valid_values()
    if values:
        try:
            services.specification_item_update(item=item, actor=request.user, fields=values)
        except ValidationError as error:
            _add_service_errors(form, error)
    version = item.version
    if _is_htmx(request):
        return _autosave_response(request, version, [form])
    if form.errors:
        context = _designer_context(request, version, bound={f"{kind}-{item.pk}": form})
        return render(request, "design/designer.html", context, status=422)
    return redirect(reverse("design:designer", args=[version.pk]) + f"#{kind}-{item.pk}")


@login_required
@require_POST
def item_remove(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    item = _item(request, kind, pk)
    version = item.version
    services.specification_item_remove(item=item, actor=request.user)
    return _back_to_block(request, version, kind)


@login_required
@require_GET
def skill_search(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = _item(request, "outcome", pk)
    query = request.GET.get("q", "")
    results = [s for s in vocab.search_skills(query) if s.uri not in outcome.skills]
    return render(request, "design/_skill_results.html", {"outcome": outcome, "results": results, "query": query})


@login_required
@require_POST
def skill_change(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = _item(request, "outcome", pk)
    uri = request.POST.get("uri", "").strip()
    skills = [s for s in outcome.skills if s != uri]
    if request.POST.get("action") != "remove" and uri:
        skills.append(uri)
    problem = ""
    try:
        services.specification_item_update(item=outcome, actor=request.user, fields={"skills": skills})
    except ValidationError as error:
        problem = " ".join(error.messages)
    if _is_htmx(request):
        return _back_to_block(request, outcome.version, "outcome", skill_error=(outcome.pk, problem))
    return redirect(reverse("design:designer", args=[outcome.version_id]) + f"#outcome-{outcome.pk}")


@login_required
@require_POST
def version_next(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk, "specification.version")
    try:
        new = services.specification_version_create_next(version=version, actor=request.user)
    except ValidationError as error:
        context = _designer_context(request, version)
        context["version_error"] = " ".join(error.messages)
        return render(request, "design/designer.html", context, status=422)
    return redirect("design:designer", pk=new.pk)


# --- reports, comparison, exports --------------------------------------------------------------------------------


@login_required
@require_GET
def quality_report(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk, "specification.lint")
    return render(
        request,
        "design/report.html",
        {
            "version": version,
            "report": lint_specification(version),
            "severity_labels": SEVERITY_LABELS,
            "generated_at": timezone.localtime(),
        },
    )


@login_required
@require_GET
def specification_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk, "specification.export")
    outcomes = list(version.outcomes.all())
    skills = vocab.skills_by_uri([uri for o in outcomes for uri in o.skills])
    return render(
        request,
        "design/sheet.html",
        {
            "version": version,
            "outcomes": [{"object": o, "skills": [skills[u] for u in o.skills]} for o in outcomes],
            "matrix": alignment_matrix(version),
            "rows": _sheet_rows(version),
            "activities": list(version.activities.all()),
            "assessments": list(version.assessments.all()),
            "kpis": list(version.kpis.all()),
        },
    )


def _sheet_rows(version: SpecificationVersion) -> list[dict[str, Any]]:
    """Per block, each filled field as (label, Arabic, English) or (label, value) for the bilingual sheet."""
    sections = []
    for block in blocks():
        rows = []
        for name in block.scalar_fields:
            field: Any = SpecificationVersion._meta.get_field(name)
            value = getattr(version, name)
            if value in (None, "", [], {}):
                continue
            if isinstance(value, dict):
                if not any(value.values()):
                    continue
                rows.append({"label": field.verbose_name, "ar": value.get("ar", ""), "en": value.get("en", "")})
                continue
            display = getattr(version, f"get_{name}_display", None)
            text = display() if callable(display) else (", ".join(value) if isinstance(value, list) else value)
            rows.append({"label": field.verbose_name, "value": text})
        sections.append({"block": block, "rows": rows})
    return sections


@login_required
@require_GET
def compare(request: HttpRequest, pk: int, other: int) -> HttpResponse:
    a, b = _version(request, pk), _version(request, other)
    if a.micro_credential_id != b.micro_credential_id:
        raise Http404
    comparison = specification_versions_compare(a, b)
    return render(
        request,
        "design/compare.html",
        {"a": a, "b": b, "comparison": comparison},
    )


def _json_download(document: dict[str, Any], filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(json.dumps(document, ensure_ascii=False, indent=2), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def export_elm(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk, "specification.export")
    code = version.micro_credential.code
    return _json_download(exports.elm_specification(version), f"{code}-v{version.number}.jsonld", "application/ld+json")


@login_required
@require_GET
def export_ob3(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk, "specification.export")
    code = version.micro_credential.code
    return _json_download(exports.ob3_achievement(version), f"{code}-v{version.number}-ob3.json", "application/json")


@login_required
@require_GET
def lint_json(request: HttpRequest, pk: int) -> JsonResponse:
    return JsonResponse(lint_specification(_version(request, pk, "specification.lint")).as_dict())
