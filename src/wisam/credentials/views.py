"""Pages and endpoints: DID documents and status lists (public), verification (public, VC-API), issuing (registrar),
the learner's wallet. Every view asks `wisam.core.policy`; writes go through `wisam.credentials.services`.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from wisam.core import policy
from wisam.core.i18n import translated
from wisam.credentials import selectors, services
from wisam.credentials.cohort import cohort_read
from wisam.credentials.compose import Learner
from wisam.credentials.forms import IssuedSearchForm
from wisam.credentials.keys import did_document, issuer_key_rotate
from wisam.credentials.models import ApiToken, IssuanceBatch, IssuedCredential, StatusPurpose
from wisam.credentials.statuslists import status_list_signed
from wisam.credentials.tasks import batch_enqueue
from wisam.credentials.verification import MAX_INPUT_BYTES, credential_verify
from wisam.design.models import SpecificationVersion
from wisam.institutions.models import Organisation, User

JSON_LD = "application/ld+json"


# --- public: DID documents, status lists ---------------------------------------------------------------------------


@cache_control(public=True, max_age=300)
def did_json(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug, is_active=True)
    document = did_document(organisation)
    if document is None:
        raise Http404
    return HttpResponse(json.dumps(document, indent=2), content_type="application/did+json")


@cache_control(public=True, max_age=60)
def status_list(request: HttpRequest, slug: str, purpose: str, number: int) -> HttpResponse:
    if purpose not in StatusPurpose.values:
        raise Http404
    text = status_list_signed(slug=slug, purpose=purpose, number=number)
    if text is None:
        raise Http404
    return HttpResponse(text, content_type="application/vc+ld+json")


# --- verification ----------------------------------------------------------------------------------------------------


def _read_body(request: HttpRequest) -> bytes | None:
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length > MAX_INPUT_BYTES * 2:
        return None
    return request.body


@require_http_methods(["GET", "POST"])
def verify_page(request: HttpRequest) -> HttpResponse:
    """Paste, upload, or arrive from a share link / QR code."""
    report = None
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is not None:
            if upload.size and upload.size > MAX_INPUT_BYTES:
                error = _("The file is too large to be a credential.")
            else:
                report = credential_verify(upload.read(MAX_INPUT_BYTES + 1))
        else:
            text = request.POST.get("credential", "")
            if not text.strip():
                error = _("Paste a credential, or choose a file.")
            else:
                report = credential_verify(text)
    return render(request, "credentials/verify.html", {"report": report, "error": error})


def shared(request: HttpRequest, token: str) -> HttpResponse:
    """A learner's public share link (also what the certificate's QR code opens)."""
    credential = IssuedCredential.objects.filter(share_token=token, share_enabled=True).first()
    if credential is None:
        return render(request, "credentials/share_off.html", status=404)
    if request.GET.get("format") == "json":
        return HttpResponse(credential.document, content_type="application/vc+ld+json")
    report = credential_verify(credential.document)
    return render(request, "credentials/verify.html", {"report": report, "shared": credential})


@csrf_exempt
@require_POST
def vc_api_verify(request: HttpRequest) -> JsonResponse:
    """VC-API `POST /credentials/verify`: {"verifiableCredential": {...}, "options": {...}}."""
    body = _read_body(request)
    if body is None:
        return JsonResponse({"verified": False, "problemDetails": [{"code": "document_too_large"}]}, status=413)
    try:
        payload = json.loads(body) if len(body) <= MAX_INPUT_BYTES * 2 else None
    except (ValueError, RecursionError):
        payload = None
    if not isinstance(payload, dict) or not isinstance(payload.get("verifiableCredential"), dict):
        return JsonResponse({"verified": False, "problemDetails": [{"code": "invalid_request"}]}, status=400)
    report = credential_verify(json.dumps(payload["verifiableCredential"]).encode())
    return JsonResponse(
        report.as_json(request.LANGUAGE_CODE),
        status=200 if report.verified else 400,
        json_dumps_params={"ensure_ascii": False},
    )


@csrf_exempt
@require_POST
def vc_api_issue(request: HttpRequest) -> JsonResponse:
    """VC-API `POST /credentials/issue` with `Authorization: Bearer <token>` (the token names the institution).

    Body: {"credential": {"credentialSubject": {"email", "name": {"ar", "en"} | "name", "grade"?},
    "achievement": "<micro-credential code>[/v<n>]"}, "options": {"idempotencyKey"?}}. The credential Wisam signs is
    composed from the accredited specification, not from the caller's document.
    """
    header = request.headers.get("Authorization", "")
    token = (
        services.api_token_authenticate(header.removeprefix("Bearer ").strip())
        if header.startswith("Bearer ")
        else None
    )
    if token is None:
        return JsonResponse({"error": "unauthorised"}, status=401)
    body = _read_body(request)
    try:
        payload = json.loads(body or b"")
    except (ValueError, RecursionError):
        return JsonResponse({"error": "invalid_json"}, status=400)
    credential = payload.get("credential") if isinstance(payload, dict) else None
    if not isinstance(credential, dict):
        return JsonResponse({"error": "credential is required"}, status=400)
    subject = credential.get("credentialSubject") or {}
    reference = str(credential.get("achievement") or subject.get("achievement") or "")
    version = selectors.version_by_reference(organisation=token.organisation, reference=reference)
    if version is None:
        return JsonResponse({"error": "unknown micro-credential", "reference": reference}, status=422)
    name = subject.get("name") or {}
    if isinstance(name, str):
        name = {"en": name}
    options = payload.get("options") or {}
    try:
        outcome = services.credential_issue(
            organisation=token.organisation,
            version=version,
            learner=Learner(
                email=str(subject.get("email", "")),
                name={"ar": str(name.get("ar", "")), "en": str(name.get("en", ""))},
                grade=str(subject.get("grade", "")),
            ),
            idempotency_key=(f"api:{options['idempotencyKey']}"[:128] if options.get("idempotencyKey") else None),
        )
    except services.IssuanceRefused as refused:
        return JsonResponse({"error": refused.code, "message": refused.message}, status=422)
    return JsonResponse(
        {"verifiableCredential": json.loads(outcome.credential.document), "created": outcome.created},
        status=201 if outcome.created else 200,
        json_dumps_params={"ensure_ascii": False},
    )


# --- issuing (registrar) -------------------------------------------------------------------------------------------


def _organisation(request: HttpRequest, slug: str, action: str) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    policy.require(request.user, action, organisation)
    return organisation


@login_required
def issuer_home(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, "credential.issue")
    search = IssuedSearchForm(request.GET or None, organisation=organisation)
    found = search.cleaned_data if search.is_valid() else {}
    issued = selectors.issued_search(
        user=request.user,
        organisation=organisation,
        query=found.get("q") or "",
        state=found.get("state") or "",
        version_id=found.get("version"),
    )
    page = Paginator(issued, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "credentials/issuer.html",
        {
            "organisation": organisation,
            "versions": selectors.issuable_versions(organisation=organisation),
            "search": search,
            "page": page,
            "searching": bool(found.get("q") or found.get("state") or found.get("version")),
            "batches": IssuanceBatch.objects.filter(organisation=organisation)[:10],
            "tokens": selectors.api_tokens(organisation=organisation),
            "new_token": request.session.pop("wisam_new_token", ""),
        },
    )


def _version(organisation: Organisation, pk: Any) -> SpecificationVersion:
    try:
        return SpecificationVersion.objects.select_related("micro_credential").get(
            pk=int(pk), micro_credential__organisation=organisation
        )
    except (SpecificationVersion.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


@login_required
@require_POST
def issue_one(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, "credential.issue")
    version = _version(organisation, request.POST.get("version"))
    learner = Learner(
        email=request.POST.get("email", "").strip(),
        name={"ar": request.POST.get("name_ar", "").strip(), "en": request.POST.get("name_en", "").strip()},
        grade=request.POST.get("grade", "").strip()[:40],
    )
    try:
        outcome = services.credential_issue(
            organisation=organisation, version=version, learner=learner, actor=request.user
        )
    except services.IssuanceRefused as refused:
        messages.error(request, refused.message)
        return redirect("credentials:issuer", slug=slug)
    if outcome.created:
        messages.success(request, _("The credential was issued and the learner was e-mailed a claim link."))
    else:
        messages.info(request, _("This learner already holds this credential; nothing new was issued."))
    return redirect("credentials:detail", pk=outcome.credential.pk)


@login_required
@require_POST
def cohort_upload(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, "credential.issue")
    version = _version(organisation, request.POST.get("version"))
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a CSV or XLSX file."))
        return redirect("credentials:issuer", slug=slug)
    cohort = cohort_read(upload.read(5 * 1024 * 1024 + 1), upload.name or "")
    if not cohort.ok:
        return render(
            request,
            "credentials/cohort_errors.html",
            {"organisation": organisation, "version": version, "errors": cohort.errors, "filename": upload.name},
            status=422,
        )
    try:
        services.issuance_check(organisation=organisation, version=version, when=services.timezone.now())
    except services.IssuanceRefused as refused:
        messages.error(request, refused.message)
        return redirect("credentials:issuer", slug=slug)
    batch = services.batch_create(
        organisation=organisation,
        version=version,
        rows=cohort.rows,
        filename=upload.name or "",
        file_sha256=cohort.sha256,
        actor=request.user,
    )
    return redirect("credentials:batch", pk=batch.pk)


def _batch(request: HttpRequest, pk: Any) -> IssuanceBatch:
    batch = get_object_or_404(IssuanceBatch.objects.select_related("organisation", "specification_version"), pk=pk)
    policy.require(request.user, "issuance_batch.view", batch)
    return batch


@login_required
def batch_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    batch = _batch(request, pk)
    already = selectors.batch_already_issued(batch=batch) if batch.status == IssuanceBatch.Status.PREVIEW else 0
    return render(request, "credentials/batch.html", {"batch": batch, "preview": batch.rows[:20], "already": already})


@login_required
@require_POST
def batch_confirm(request: HttpRequest, pk: Any) -> HttpResponse:
    batch = _batch(request, pk)
    if batch.status in (IssuanceBatch.Status.PREVIEW, IssuanceBatch.Status.FAILED):
        actor_id = request.user.pk
        transaction.on_commit(lambda: batch_enqueue(batch, actor_id))
    return redirect("credentials:batch", pk=batch.pk)


@login_required
def batch_progress(request: HttpRequest, pk: Any) -> HttpResponse:
    batch = _batch(request, pk)
    return render(request, "credentials/_progress.html", {"batch": batch})


@login_required
def credential_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    credential = get_object_or_404(
        IssuedCredential.objects.select_related("organisation", "specification_version"), pk=pk
    )
    policy.require(request.user, "credential.view_issued", credential)
    return render(
        request,
        "credentials/detail.html",
        {
            "credential": credential,
            "document": json.dumps(json.loads(credential.document), indent=2, ensure_ascii=False),
            "may_revoke": policy.can(request.user, "credential.revoke", credential),
            "report": credential_verify(credential.document),
        },
    )


@login_required
@require_POST
def credential_state(request: HttpRequest, pk: Any, change: str) -> HttpResponse:
    credential = get_object_or_404(IssuedCredential, pk=pk)
    policy.require(request.user, "credential.revoke", credential)
    reason = request.POST.get("reason", "")
    actions: dict[str, Any] = {
        "revoke": services.credential_revoke,
        "suspend": services.credential_suspend,
        "reinstate": services.credential_reinstate,
    }
    if change not in actions:
        raise Http404
    try:
        actions[change](credential=credential, actor=request.user, reason=reason)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Done. Verifiers see the change at once."))
    return redirect("credentials:detail", pk=credential.pk)


@login_required
@require_POST
def token_create(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, "credential.issue")
    _token, clear = services.api_token_create(
        organisation=organisation, name=request.POST.get("name", "API"), actor=request.user
    )
    request.session["wisam_new_token"] = clear
    return redirect("credentials:issuer", slug=slug)


@login_required
@require_POST
def token_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, organisation__slug=slug)
    policy.require(request.user, "api_token.manage", token)
    services.api_token_revoke(token=token, actor=request.user)
    return redirect("credentials:issuer", slug=slug)


@login_required
@require_POST
def key_rotate(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, "credential.manage_keys")
    issuer_key_rotate(organisation=organisation, actor=request.user)
    messages.success(request, _("A new signing key is in use; credentials signed with the old one still verify."))
    return redirect(request.POST.get("next") or "home")


# --- the learner's wallet --------------------------------------------------------------------------------------------


def _held(request: HttpRequest, pk: Any) -> IssuedCredential:
    credential = get_object_or_404(
        IssuedCredential.objects.select_related("organisation", "specification_version"), pk=pk
    )
    if not policy.can(request.user, "credential.hold", credential):
        raise PermissionDenied
    return credential


def share_url(credential: IssuedCredential) -> str:
    return settings.SITE_URL + reverse("credentials:shared", kwargs={"token": credential.share_token})


def linkedin_url(credential: IssuedCredential) -> str:
    from urllib.parse import urlencode

    issued = credential.issued_at
    query = {
        "startTask": "CERTIFICATION_NAME",
        "name": translated(credential.specification_version.title, "en") or str(credential.specification_version),
        "organizationName": translated(credential.organisation.name, "en"),
        "issueYear": issued.year,
        "issueMonth": issued.month,
        "certUrl": share_url(credential),
        "certId": str(credential.pk),
    }
    if credential.valid_until:
        query.update(expirationYear=credential.valid_until.year, expirationMonth=credential.valid_until.month)
    return "https://www.linkedin.com/profile/add?" + urlencode(query)


@login_required
def wallet(request: HttpRequest) -> HttpResponse:
    held = selectors.wallet_for(user=request.user)
    rows = [{"credential": c, "share_url": share_url(c), "linkedin": linkedin_url(c)} for c in held]
    return render(request, "credentials/wallet.html", {"rows": rows})


@login_required
def wallet_json(request: HttpRequest, pk: Any) -> HttpResponse:
    credential = _held(request, pk)
    response = HttpResponse(credential.document, content_type="application/vc+ld+json")
    response["Content-Disposition"] = f'attachment; filename="credential-{credential.pk}.json"'
    return response


@login_required
def wallet_pdf(request: HttpRequest, pk: Any) -> HttpResponse:
    from wisam.credentials.pdf import certificate_pdf

    credential = _held(request, pk)
    data = certificate_pdf(credential, share_url(credential))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{credential.pk}.pdf"'
    return response


@login_required
@require_POST
def wallet_share(request: HttpRequest, pk: Any) -> HttpResponse:
    credential = _held(request, pk)
    services.credential_share_set(credential=credential, actor=request.user, enabled=request.POST.get("enabled") == "1")
    return redirect("credentials:wallet")


@login_required
def wallet_export(request: HttpRequest) -> HttpResponse:
    """Everything Wisam holds for the learner: each signed credential, and a summary."""
    buffer = io.BytesIO()
    held = selectors.wallet_for(user=request.user)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        summary = []
        for credential in held:
            archive.writestr(f"credentials/{credential.pk}.json", credential.document)
            summary.append(
                {
                    "id": str(credential.pk),
                    "title": credential.specification_version.title,
                    "issuer": credential.organisation.name,
                    "issued": credential.issued_at.isoformat(),
                    "state": credential.state,
                    "share_enabled": credential.share_enabled,
                }
            )
        archive.writestr(
            "summary.json",
            json.dumps(
                {"email": getattr(request.user, "email", ""), "credentials": summary}, ensure_ascii=False, indent=2
            ),
        )
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="wisam-wallet.zip"'
    return response


@login_required
def claim(request: HttpRequest, token: str) -> HttpResponse:
    assert isinstance(request.user, User)  # login_required
    credential = services.credential_claim(token=token, user=request.user)
    if credential is None:
        return HttpResponseBadRequest(_("This claim link is not valid, or the credential belongs to someone else."))
    messages.success(request, _("The credential is in your wallet."))
    return redirect("credentials:wallet")
