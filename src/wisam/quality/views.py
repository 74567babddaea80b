"""Internal QA pages: my queue, the review of a version (checklist, linter, transitions, discussion, history),
co-design partners and employer endorsements. Thin: they ask the policy, call services and render."""

from __future__ import annotations

import mimetypes
from pathlib import PurePosixPath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.shortcuts import render as django_render
from django.template.loader import select_template
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wisam.core.policy import can, require
from wisam.core.workflow import TransitionRefused, workflow_options
from wisam.design.models import MicroCredential, SpecificationVersion
from wisam.quality import linting
from wisam.quality.forms import (
    AssessmentForm,
    CommentForm,
    EndorsementForm,
    PartnerForm,
    TransitionForm,
    add_service_errors,
)
from wisam.quality.models import ChecklistItem, CoDesignPartner, Comment, Endorsement, ItemAssessment, Review
from wisam.quality.selectors import (
    codesign_partners,
    endorsable_micro_credentials,
    endorsements_by,
    endorsements_for,
    review_checklist_sections,
    review_for_version,
    review_queues,
    review_threads,
    version_timeline,
)
from wisam.quality.services import (
    assessment_record,
    codesign_partner_add,
    codesign_partner_remove,
    comment_add,
    employer_organisations,
    endorsement_create,
    endorsement_withdraw,
    review_submit,
    review_transition,
)
from wisam.quality.templatetags.quality_tags import item_anchor
from wisam.quality.workflow import REVIEW_WORKFLOW, ReviewState


def render(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    """Render with the web shell's layout (web/base.html), or a plain one where the shell is not installed."""
    context.setdefault("base_template", select_template(["web/base.html", "quality/standalone.html"]))
    return django_render(request, template, context, status=status)


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """What waits for me: versions to review, to approve, to revise; and, for employers, what they may endorse."""
    queues = [q for q in review_queues(user=request.user) if q.reviews or _holds_queue_role(request.user, q.key)]
    employer = bool(employer_organisations(request.user))
    return render(
        request,
        "quality/queue.html",
        {
            "queues": queues,
            "employer": employer,
            "endorsable": list(endorsable_micro_credentials(user=request.user)[:50]) if employer else [],
        },
    )


def _holds_queue_role(user: Any, key: str) -> bool:
    from wisam.core.policy import has_role_anywhere
    from wisam.institutions.roles import Role

    role = {"assess": Role.QA_OFFICER, "approve": Role.INSTITUTIONAL_APPROVER, "revise": Role.MC_DESIGNER}[key]
    return has_role_anywhere(user, [role])


def _review_or_blank(version: SpecificationVersion) -> Review:
    """The version's review, or an unsaved one in "draft" (a review starts when the version is first submitted)."""
    review = review_for_version(version=version)
    if review is None:
        review = Review(
            version=version,
            organisation=version.organisation,
            workflow_name=REVIEW_WORKFLOW.name,
            workflow_version=REVIEW_WORKFLOW.version,
            state=ReviewState.DRAFT,
        )
    return review


def _version_for(request: HttpRequest, version_id: int) -> tuple[SpecificationVersion, Review]:
    version = get_object_or_404(
        SpecificationVersion.objects.select_related("micro_credential__organisation"), pk=version_id
    )
    review = _review_or_blank(version)
    review.version = version  # one instance: the linter runs once per page
    if not can(request.user, "review.view", review):
        # Nobody outside the institution learns whether a draft exists.
        raise Http404
    return version, review


def _review_context(
    request: HttpRequest, version: SpecificationVersion, review: Review, **extra: Any
) -> dict[str, Any]:
    findings = linting.findings_for(version)
    blocking = [f for f in findings if f.is_blocking]
    user = request.user
    can_assess = bool(review.pk and review.state == ReviewState.INTERNAL_REVIEW and can(user, "review.assess", review))
    sections = review_checklist_sections(review=review) if review.pk else []
    forms_by_assessment = {}
    for section in sections:
        for assessment in section.assessments:
            forms_by_assessment[assessment.pk] = _assessment_form(assessment)
    return {
        "version": version,
        "micro_credential": version.micro_credential,
        "review": review,
        "states": REVIEW_WORKFLOW.states,
        "options": workflow_options(subject_state=review, actor=user),
        "findings": findings,
        "blocking": blocking,
        "warnings": [f for f in findings if not f.is_blocking],
        "sections": sections,
        "forms": forms_by_assessment,
        "can_assess": can_assess,
        "can_comment": bool(review.pk and can(user, "review.comment", review)),
        "threads": review_threads(review=review) if review.pk else {},
        "timeline": version_timeline(version=version),
        "comment_form": CommentForm(),
        "transition_form": TransitionForm(),
        "endorsements": endorsements_for(micro_credential=version.micro_credential, user=user),
        **extra,
    }


def _assessment_form(assessment: ItemAssessment, data: Any = None, files: Any = None) -> AssessmentForm:
    return AssessmentForm(
        data,
        files,
        prefix=f"a{assessment.pk}",
        initial={
            "judgement": assessment.judgement,
            "comment": assessment.comment,
            "evidence_url": assessment.evidence_url,
        },
    )


@login_required
def version_review(request: HttpRequest, version_id: int) -> HttpResponse:
    version, review = _version_for(request, version_id)
    return render(request, "quality/review.html", _review_context(request, version, review))


@login_required
@require_POST
def version_transition(request: HttpRequest, version_id: int) -> HttpResponse:
    version, review = _version_for(request, version_id)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return render(
            request, "quality/review.html", _review_context(request, version, review, transition_form=form), status=400
        )
    name = form.cleaned_data["transition"]
    comment = form.cleaned_data["comment"]
    try:
        if review.pk is None and name == "submit":
            review = review_submit(version=version, actor=request.user, comment=comment)
        elif review.pk is None:
            raise TransitionRefused(
                transition=name, state=review.state, code="illegal", reasons=[_("Submit the version first.")]
            )
        else:
            review = review_transition(review=review, transition=name, actor=request.user, comment=comment)
    except TransitionRefused as refused:
        if refused.code == "forbidden":
            raise PermissionDenied(refused.message) from refused
        review = _review_or_blank(version)
        return render(
            request,
            "quality/review.html",
            _review_context(request, version, review, refusal=refused, refused_transition=name, transition_form=form),
            status=409,
        )
    messages.success(request, _("Done: the version is now “%(state)s”.") % {"state": review.state_label})
    return redirect("quality:review", version_id=version.pk)


@login_required
@require_POST
def assessment_update(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = get_object_or_404(ItemAssessment.objects.select_related("review__version", "item"), pk=assessment_id)
    review = assessment.review
    if not can(request.user, "review.view", review):
        raise Http404
    require(request.user, "review.assess", review)
    form = _assessment_form(assessment, request.POST, request.FILES)
    saved = False
    if form.is_valid():
        try:
            assessment = assessment_record(
                assessment=assessment,
                actor=request.user,
                judgement=form.cleaned_data["judgement"],
                comment=form.cleaned_data["comment"],
                evidence_url=form.cleaned_data["evidence_url"],
                evidence_file=form.cleaned_data["evidence_file"] or None,
                clear_evidence_file=form.cleaned_data["clear_evidence_file"],
            )
            saved = True
            form = _assessment_form(assessment)
        except ValidationError as error:
            add_service_errors(form, error)
    if _is_htmx(request):
        # htmx swaps 2xx responses only: the row comes back with its errors and a 200.
        return render(
            request,
            "quality/includes/assessment_row.html",
            {
                "assessment": assessment,
                "form": form,
                "can_assess": True,
                "saved": saved,
                "threads": review_threads(review=review),
                "can_comment": can(request.user, "review.comment", review),
                "review": review,
            },
        )
    if saved:
        messages.success(request, _("Judgement of %(code)s saved.") % {"code": assessment.item.code})
        return HttpResponseRedirect(
            reverse("quality:review", args=[review.version_id]) + "#" + item_anchor(assessment.item.code)
        )
    context = _review_context(request, review.version, review)
    context["forms"][assessment.pk] = form
    return render(request, "quality/review.html", context, status=400)


@login_required
@require_POST
def comment_create(request: HttpRequest, review_id: int) -> HttpResponse:
    review = get_object_or_404(Review.objects.select_related("version"), pk=review_id)
    if not can(request.user, "review.view", review):
        raise Http404
    require(request.user, "review.comment", review)
    form = CommentForm(request.POST)
    anchor = "#discussion"
    if form.is_valid():
        item = parent = None
        if form.cleaned_data["item"]:
            item = get_object_or_404(ChecklistItem, pk=form.cleaned_data["item"])
            anchor = "#" + item_anchor(item.code)
        if form.cleaned_data["parent"]:
            parent = get_object_or_404(Comment, pk=form.cleaned_data["parent"])
        try:
            comment_add(review=review, actor=request.user, body=form.cleaned_data["body"], item=item, parent=parent)
            messages.success(request, _("Comment added."))
            return HttpResponseRedirect(reverse("quality:review", args=[review.version_id]) + anchor)
        except ValidationError as error:
            add_service_errors(form, error)
    context = _review_context(request, review.version, review, comment_form=form)
    return render(request, "quality/review.html", context, status=400)


@login_required
def evidence_download(request: HttpRequest, assessment_id: int) -> FileResponse:
    """Evidence is served only to those who may see the review, always as a download (never rendered inline)."""
    assessment = get_object_or_404(ItemAssessment.objects.select_related("review"), pk=assessment_id)
    if not can(request.user, "review.view", assessment.review) or not assessment.evidence_file:
        raise Http404
    name = assessment.evidence_name or PurePosixPath(assessment.evidence_file.name or "evidence").name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(
        assessment.evidence_file.open("rb"), as_attachment=True, filename=name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# -------------------------------------------------------------------------------------- co-design and endorsements


def _micro_credential_for(request: HttpRequest, micro_credential_id: int, action: str) -> MicroCredential:
    micro_credential = get_object_or_404(MicroCredential.objects.select_related("organisation"), pk=micro_credential_id)
    if not can(request.user, action, micro_credential):
        raise Http404
    return micro_credential


@login_required
@require_http_methods(["GET", "POST"])
def codesign(request: HttpRequest, micro_credential_id: int) -> HttpResponse:
    micro_credential = _micro_credential_for(request, micro_credential_id, "codesign.view")
    can_manage = can(request.user, "codesign.manage", micro_credential)
    form = PartnerForm()
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        form = PartnerForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                codesign_partner_add(
                    micro_credential=micro_credential,
                    actor=request.user,
                    kind=data["kind"],
                    partner_organisation=data["partner_organisation"],
                    name=data["name"],
                    contribution=data["contribution"],
                    contributed_on=data["contributed_on"],
                )
                messages.success(request, _("Partner recorded."))
                return redirect("quality:codesign", micro_credential_id=micro_credential.pk)
            except ValidationError as error:
                add_service_errors(form, error)
    latest = micro_credential.versions.order_by("-number").first()
    return render(
        request,
        "quality/codesign.html",
        {
            "micro_credential": micro_credential,
            "version": latest,
            "partners": codesign_partners(micro_credential=micro_credential),
            "endorsements": endorsements_for(micro_credential=micro_credential, user=request.user),
            "can_manage": can_manage,
            "can_endorse": can(request.user, "endorsement.create", micro_credential),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def partner_remove(request: HttpRequest, partner_id: int) -> HttpResponse:
    partner = get_object_or_404(CoDesignPartner.objects.select_related("micro_credential"), pk=partner_id)
    micro_credential = partner.micro_credential
    if not can(request.user, "codesign.view", micro_credential):
        raise Http404
    require(request.user, "codesign.manage", micro_credential)
    codesign_partner_remove(partner=partner, actor=request.user)
    messages.success(request, _("Partner removed."))
    return redirect("quality:codesign", micro_credential_id=micro_credential.pk)


@login_required
@require_http_methods(["GET", "POST"])
def endorse(request: HttpRequest, micro_credential_id: int) -> HttpResponse:
    micro_credential = _micro_credential_for(request, micro_credential_id, "endorsement.create")
    organisations = employer_organisations(request.user)
    form = EndorsementForm(organisations=organisations)
    if request.method == "POST":
        form = EndorsementForm(request.POST, organisations=organisations)
        if form.is_valid():
            try:
                endorsement_create(
                    micro_credential=micro_credential,
                    actor=request.user,
                    statement=form.cleaned_data["statement"],
                    organisation=form.cleaned_data["organisation"],
                )
                messages.success(request, _("Thank you: your endorsement is recorded."))
                return redirect("quality:endorsements")
            except ValidationError as error:
                add_service_errors(form, error)
    latest = micro_credential.versions.filter(status__in=("approved", "ready_for_accreditation")).first()
    return render(
        request,
        "quality/endorse.html",
        {
            "micro_credential": micro_credential,
            "version": latest or micro_credential.versions.order_by("-number").first(),
            "form": form,
            "partners": codesign_partners(micro_credential=micro_credential),
        },
        status=400 if form.errors else 200,
    )


@login_required
def endorsements(request: HttpRequest) -> HttpResponse:
    """An employer representative's page: what they may endorse, and what their organisation endorses."""
    organisations = employer_organisations(request.user)
    if not organisations:
        raise PermissionDenied
    given = list(endorsements_by(user=request.user))
    endorsed_ids = {e.micro_credential_id for e in given}
    return render(
        request,
        "quality/endorsements.html",
        {
            "organisations": organisations,
            "given": given,
            "endorsable": [m for m in endorsable_micro_credentials(user=request.user) if m.pk not in endorsed_ids],
        },
    )


@login_required
@require_POST
def endorsement_withdraw_view(request: HttpRequest, endorsement_id: int) -> HttpResponse:
    endorsement = get_object_or_404(Endorsement, pk=endorsement_id)
    require(request.user, "endorsement.withdraw", endorsement)
    endorsement_withdraw(endorsement=endorsement, actor=request.user)
    messages.success(request, _("Your endorsement was withdrawn."))
    return redirect("quality:endorsements")
