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
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wisam.core.policy import can, require
from wisam.core.workflow import TransitionRefused, workflow_options
from wisam.design.models import MicroCredential, SpecificationVersion
from wisam.institutions.models import Organisation
from wisam.quality import linting, surveys
from wisam.quality.forms import (
    AnnualReviewStartForm,
    AssessmentForm,
    CarryChangesForm,
    CommentForm,
    DecisionForm,
    EndorsementForm,
    EnrolmentForm,
    EnrolmentUploadForm,
    OutcomeForm,
    PartnerForm,
    SurveyForm,
    TransitionForm,
    add_service_errors,
)
from wisam.quality.kpis import kpis_for_micro_credential, kpis_for_organisation
from wisam.quality.models import (
    AnnualReview,
    ChecklistItem,
    CoDesignPartner,
    Comment,
    Endorsement,
    Enrolment,
    EnrolmentStatus,
    ItemAssessment,
    Review,
    SurveyReceipt,
)
from wisam.quality.rules import APPROVED_STATUSES
from wisam.quality.selectors import (
    ANONYMITY_THRESHOLD,
    annual_reviews_visible,
    codesign_partners,
    employer_answered,
    employer_survey_candidates,
    endorsable_micro_credentials,
    endorsements_by,
    endorsements_for,
    enrolments_for,
    feedback_summary,
    organisations_where,
    released_micro_credentials,
    review_checklist_sections,
    review_for_version,
    review_queues,
    review_threads,
    survey_answered,
    survey_instrument_current,
    survey_instruments,
    survey_open_for,
    version_timeline,
)
from wisam.quality.services import (
    annual_review_carry_changes,
    annual_review_complete,
    annual_review_record_decision,
    annual_review_start,
    assessment_record,
    codesign_partner_add,
    codesign_partner_remove,
    comment_add,
    employer_organisations,
    endorsement_create,
    endorsement_withdraw,
    enrolment_create,
    enrolment_set_outcome,
    enrolments_import,
    review_submit,
    review_transition,
    survey_answer_employer,
    survey_answer_learner,
)
from wisam.quality.templatetags.quality_tags import item_anchor
from wisam.quality.workflow import REVIEW_WORKFLOW, ReviewState


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
    latest = micro_credential.versions.filter(status__in=APPROVED_STATUSES).first()
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


# ------------------------------------------------------------------------------------------ the feedback loop


def _year(request: HttpRequest) -> int:
    from django.utils import timezone

    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _years() -> list[int]:
    from django.utils import timezone

    this = timezone.localdate().year
    return list(range(this, this - 5, -1))


@login_required
@require_http_methods(["GET", "POST"])
def survey_learner(request: HttpRequest, credential_id: str) -> HttpResponse:
    """A learner's end-of-course survey about one credential they hold; one answer per credential."""
    from wisam.credentials.models import IssuedCredential

    credential = get_object_or_404(
        IssuedCredential.objects.select_related("specification_version__micro_credential", "organisation"),
        pk=credential_id,
    )
    if not can(request.user, "survey.answer_learner", credential):
        raise Http404
    instrument = survey_instrument_current(code=surveys.LEARNER_INSTRUMENT)
    if instrument is None:
        raise Http404
    answered = survey_answered(credential=credential)
    is_open = survey_open_for(credential=credential)
    form = SurveyForm(questions=instrument.questions)
    if request.method == "POST" and is_open and not answered:
        form = SurveyForm(request.POST, questions=instrument.questions)
        if form.is_valid():
            try:
                survey_answer_learner(credential=credential, actor=request.user, answers=form.answers())
                messages.success(request, _("Thank you: your answers are recorded, anonymously."))
                return redirect("credentials:wallet")
            except ValidationError as error:
                add_service_errors(form, error)
    return render(
        request,
        "quality/survey.html",
        {
            "instrument": instrument,
            "form": form,
            "subject": credential.specification_version,
            "provider": credential.organisation,
            "answered": answered,
            "is_open": is_open,
            "back_url": reverse("credentials:wallet"),
        },
        status=400 if form.errors else 200,
    )


@login_required
def employer_surveys(request: HttpRequest) -> HttpResponse:
    """An employer representative picks a released micro-credential (searchable) to rate once a year."""
    from django.utils import timezone

    organisations = employer_organisations(request.user)
    if not organisations:
        raise PermissionDenied
    query = request.GET.get("q", "")[:100]
    year = timezone.localdate().year
    candidates = list(employer_survey_candidates(user=request.user, query=query)[:100])
    # Those the organisation co-designed or endorses first: the ones it knows best.
    related = set(
        CoDesignPartner.objects.filter(partner_organisation__in=organisations).values_list(
            "micro_credential_id", flat=True
        )
    ) | set(
        Endorsement.objects.filter(organisation__in=organisations, withdrawn_at__isnull=True).values_list(
            "micro_credential_id", flat=True
        )
    )
    candidates.sort(key=lambda mc: mc.pk not in related)
    answered = set(
        SurveyReceipt.objects.filter(
            audience="employer", respondent_organisation__in=organisations, year=year
        ).values_list("micro_credential_id", flat=True)
    )
    return render(
        request,
        "quality/employer_surveys.html",
        {
            "organisations": organisations,
            "query": query,
            "year": year,
            "candidates": candidates,
            "answered": answered,
            "related": related,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_employer(request: HttpRequest, micro_credential_id: int) -> HttpResponse:
    from django.utils import timezone

    micro_credential = _micro_credential_for(request, micro_credential_id, "survey.answer_employer")
    instrument = survey_instrument_current(code=surveys.EMPLOYER_INSTRUMENT)
    if instrument is None:
        raise Http404
    organisations = Organisation.objects.filter(pk__in=[o.pk for o in employer_organisations(request.user)])
    year = timezone.localdate().year
    form = SurveyForm(questions=instrument.questions, organisations=organisations)
    if request.method == "POST":
        form = SurveyForm(request.POST, questions=instrument.questions, organisations=organisations)
        if form.is_valid():
            try:
                survey_answer_employer(
                    micro_credential=micro_credential,
                    actor=request.user,
                    organisation=form.cleaned_data["organisation"],
                    answers=form.answers(),
                )
                messages.success(request, _("Thank you: your organisation's answers are recorded."))
                return redirect("quality:employer_surveys")
            except ValidationError as error:
                add_service_errors(form, error)
    return render(
        request,
        "quality/survey.html",
        {
            "instrument": instrument,
            "form": form,
            "subject": micro_credential.versions.filter(status__in=APPROVED_STATUSES).order_by("-number").first(),
            "provider": micro_credential.organisation,
            # Answered meanwhile (another tab, a colleague of the same organisation): say so, not a bare form.
            "answered": len(organisations) == 1
            and employer_answered(organisations=list(organisations), micro_credential=micro_credential, year=year),
            "for_organisation": True,
            "year": year,
            "is_open": True,
            "back_url": reverse("quality:employer_surveys"),
        },
        status=400 if form.errors else 200,
    )


@login_required
def instruments(request: HttpRequest) -> HttpResponse:
    survey_instrument_current(code=surveys.LEARNER_INSTRUMENT)  # loads the shipped ones on first use
    listed = list(survey_instruments(user=request.user))
    if not listed:
        raise PermissionDenied
    return render(request, "quality/instruments.html", {"instruments": listed})


def _organisation_for(request: HttpRequest, action: str) -> tuple[Organisation, list[Organisation]]:
    organisations = organisations_where(user=request.user, action=action)
    if not organisations:
        raise PermissionDenied
    slug = request.GET.get("organisation") or request.POST.get("organisation_slug")
    chosen = next((o for o in organisations if o.slug == slug), organisations[0])
    return chosen, organisations


@login_required
@require_http_methods(["GET", "POST"])
def enrolments(request: HttpRequest) -> HttpResponse:
    """The registrar's enrolments: record one, upload a CSV (all rows or none), record outcomes."""
    organisation, organisations = _organisation_for(request, "enrolment.manage")
    offered = released_micro_credentials(organisation=organisation)
    form = EnrolmentForm(micro_credentials=offered, prefix="one")
    upload = EnrolmentUploadForm(micro_credentials=offered, prefix="csv")
    upload_errors: list[str] = []
    if request.method == "POST" and request.POST.get("action") == "add":
        form = EnrolmentForm(request.POST, micro_credentials=offered, prefix="one")
        if form.is_valid():
            try:
                enrolment_create(organisation=organisation, actor=request.user, **form.cleaned_data)
                messages.success(request, _("Enrolment recorded."))
                return redirect(f"{reverse('quality:enrolments')}?organisation={organisation.slug}")
            except ValidationError as error:
                add_service_errors(form, error)
    elif request.method == "POST" and request.POST.get("action") == "upload":
        upload = EnrolmentUploadForm(request.POST, request.FILES, micro_credentials=offered, prefix="csv")
        if upload.is_valid():
            try:
                created = enrolments_import(
                    organisation=organisation,
                    micro_credential=upload.cleaned_data["micro_credential"],
                    content=upload.cleaned_data["file"].read(),
                    actor=request.user,
                )
                messages.success(request, _("%(count)s enrolments recorded.") % {"count": len(created)})
                return redirect(f"{reverse('quality:enrolments')}?organisation={organisation.slug}")
            except ValidationError as error:
                upload_errors = error.messages
    listed = list(enrolments_for(user=request.user, organisation=organisation)[:300])
    return render(
        request,
        "quality/enrolments.html",
        {
            "organisation": organisation,
            "organisations": organisations,
            "form": form,
            "upload": upload,
            "upload_errors": upload_errors,
            "enrolments": listed,
            "outcome_choices": EnrolmentStatus.choices,
        },
        status=400 if (form.errors or upload.errors or upload_errors) else 200,
    )


@login_required
@require_POST
def enrolment_outcome(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = get_object_or_404(Enrolment.objects.select_related("organisation"), pk=enrolment_id)
    if not can(request.user, "enrolment.view", enrolment):
        raise Http404
    require(request.user, "enrolment.manage", enrolment.organisation)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            enrolment_set_outcome(
                enrolment=enrolment,
                status=form.cleaned_data["status"],
                finished_on=form.cleaned_data["finished_on"],
                actor=request.user,
            )
            messages.success(request, _("Outcome recorded."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(f"{reverse('quality:enrolments')}?organisation={enrolment.organisation.slug}")


@login_required
def kpis_organisation(request: HttpRequest) -> HttpResponse:
    """The institution's KPI page: totals and one row per micro-credential, for a year."""
    organisation, organisations = _organisation_for(request, "kpi.view_organisation")
    year = _year(request)
    rows = [
        (mc, kpis_for_micro_credential(micro_credential=mc, year=year))
        for mc in released_micro_credentials(organisation=organisation)
    ]
    return render(
        request,
        "quality/kpis.html",
        {
            "organisation": organisation,
            "organisations": organisations,
            "year": year,
            "years": _years(),
            "total": kpis_for_organisation(organisation=organisation, year=year),
            "rows": rows,
            "threshold": ANONYMITY_THRESHOLD,
        },
    )


@login_required
def micro_credential_feedback(request: HttpRequest, micro_credential_id: int) -> HttpResponse:
    """A micro-credential's quality loop: KPIs, learner and employer feedback (anonymity respected), annual reviews."""
    micro_credential = _micro_credential_for(request, micro_credential_id, "feedback.view")
    year = _year(request)
    return render(
        request,
        "quality/feedback.html",
        {
            "micro_credential": micro_credential,
            "year": year,
            "years": _years(),
            "kpis": kpis_for_micro_credential(micro_credential=micro_credential, year=year),
            "summaries": [
                feedback_summary(micro_credential=micro_credential, audience=audience, year=year)
                for audience in ("learner", "employer")
            ],
            "reviews": annual_reviews_visible(user=request.user).filter(micro_credential=micro_credential),
            "can_start": can(request.user, "annual_review.start", micro_credential),
            "start_form": AnnualReviewStartForm(initial={"year": year}),
            "threshold": ANONYMITY_THRESHOLD,
        },
    )


@login_required
@require_POST
def annual_review_begin(request: HttpRequest, micro_credential_id: int) -> HttpResponse:
    micro_credential = _micro_credential_for(request, micro_credential_id, "annual_review.start")
    form = AnnualReviewStartForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("quality:feedback", micro_credential_id=micro_credential.pk)
    try:
        review = annual_review_start(
            micro_credential=micro_credential, year=form.cleaned_data["year"], actor=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("quality:feedback", micro_credential_id=micro_credential.pk)
    return redirect("quality:annual_review", review_id=review.pk)


@login_required
@require_http_methods(["GET", "POST"])
def annual_review_detail(request: HttpRequest, review_id: int) -> HttpResponse:
    """The annual review: KPIs and feedback of the year, the decision, the changes carried into a new version."""
    review = get_object_or_404(
        AnnualReview.objects.select_related("micro_credential", "organisation", "new_version"), pk=review_id
    )
    if not can(request.user, "annual_review.view", review):
        raise Http404
    manage = can(request.user, "annual_review.manage", review) and not review.is_completed
    decision_form = DecisionForm(initial={"decision": review.decision, "decision_notes": review.decision_notes})
    carry_form = CarryChangesForm(
        initial={"summary_ar": review.change_summary.get("ar", ""), "summary_en": review.change_summary.get("en", "")}
    )
    errors: list[str] = []
    if request.method == "POST":
        if not manage:
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "decide":
                decision_form = DecisionForm(request.POST)
                if decision_form.is_valid():
                    annual_review_record_decision(
                        review=review,
                        decision=decision_form.cleaned_data["decision"],
                        notes=decision_form.cleaned_data["decision_notes"],
                        actor=request.user,
                    )
                    messages.success(request, _("Decision recorded."))
                    return redirect("quality:annual_review", review_id=review.pk)
            elif action == "carry":
                carry_form = CarryChangesForm(request.POST)
                if carry_form.is_valid():
                    version = annual_review_carry_changes(
                        review=review,
                        change_summary={
                            "ar": carry_form.cleaned_data["summary_ar"],
                            "en": carry_form.cleaned_data["summary_en"],
                        },
                        actor=request.user,
                    )
                    messages.success(
                        request,
                        _("Version %(number)s was started; the designers can now edit it.")
                        % {"number": version.number},
                    )
                    return redirect("quality:annual_review", review_id=review.pk)
            elif action == "complete":
                annual_review_complete(review=review, actor=request.user)
                messages.success(request, _("The annual review is completed."))
                return redirect("quality:annual_review", review_id=review.pk)
        except ValidationError as error:
            if action == "decide":
                add_service_errors(decision_form, error)
            elif action == "carry":
                add_service_errors(carry_form, error)
            errors = list(error.messages) if action == "complete" else []
    if review.is_completed and review.kpi_snapshot:
        kpis: Any = review.kpi_snapshot
        summaries: Any = [review.feedback_summary.get(a, {}) for a in ("learner", "employer")]
    else:
        kpis = kpis_for_micro_credential(micro_credential=review.micro_credential, year=review.year).as_dict()
        summaries = [
            feedback_summary(micro_credential=review.micro_credential, audience=a, year=review.year).as_dict()
            for a in ("learner", "employer")
        ]
    return render(
        request,
        "quality/annual_review.html",
        {
            "review": review,
            "kpis": kpis,
            "summaries": summaries,
            "manage": manage,
            "decision_form": decision_form,
            "carry_form": carry_form,
            "errors": errors,
            "threshold": ANONYMITY_THRESHOLD,
        },
        status=400 if (errors or decision_form.errors or carry_form.errors) else 200,
    )
