"""Pages and endpoints: DID documents, status lists, verification (page, VC-API), issuing, the wallet, keys."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from django.test import Client

from tests.credentials.conftest import World, learner
from wisam.core.events import events_for
from wisam.credentials.keys import WisamResolver, issuer_key_ensure, issuer_key_rotate
from wisam.credentials.models import IssuanceBatch, IssuedCredential, IssuerKey
from wisam.credentials.services import api_token_create, credential_issue
from wisam.credentials.verification import credential_verify
from wisam.institutions.roles import Role

pytestmark = pytest.mark.django_db


def test_keys_are_encrypted_rotation_keeps_old_keys_and_the_did_document_is_served(
    world: World, client: Client
) -> None:
    old = credential_issue(organisation=world.home, version=world.version, learner=learner(), actor=None).credential
    key = IssuerKey.objects.get(organisation=world.home)
    assert len(key.secret_encrypted) > 40
    assert key.public_key_multibase not in key.secret_encrypted
    issuer_key_rotate(organisation=world.home, actor=world.registrar)
    new = credential_issue(organisation=world.home, version=world.version, learner=learner(2), actor=None).credential
    assert json.loads(new.document)["proof"][0]["verificationMethod"].endswith("#key-2")
    assert credential_verify(old.document).verified
    assert credential_verify(new.document).verified
    response = client.get("/credentials/institutions/karmil/did.json")
    document = response.json()
    assert document["id"] == "did:web:127.0.0.1%3A8000:institutions:karmil"
    assert [m["id"].rsplit("#")[1] for m in document["verificationMethod"]] == ["key-2", "key-1"]
    assert len(document["assertionMethod"]) == 2
    actions = [e.action for e in events_for(key)]
    assert actions[0] == "issuer_key.created"
    assert "issuer_key.used" in actions
    assert "issuer_key.retired" in actions
    assert WisamResolver().resolve("did:web:evil.example:institutions:karmil") is None
    assert issuer_key_ensure(organisation=world.home).key_id == "key-2"


def test_status_list_is_served_signed_and_big_enough(world: World, client: Client) -> None:
    credential_issue(organisation=world.home, version=world.version, learner=learner(), actor=None)
    response = client.get("/credentials/status/karmil/revocation/1")
    assert response.status_code == 200
    listing = json.loads(response.content)
    assert listing["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    from wisam.vc import StatusList, verify

    assert verify(listing, WisamResolver()).verified
    assert StatusList.decode(listing["credentialSubject"]["encodedList"]).size >= 131_072
    assert client.get("/credentials/status/karmil/suspension/1").status_code == 200
    assert client.get("/credentials/status/karmil/nothing/1").status_code == 404


def test_verification_page_paste_and_upload(world: World, client: Client) -> None:
    credential = credential_issue(
        organisation=world.home, version=world.version, learner=learner(), actor=None
    ).credential
    response = client.post("/credentials/verify/", {"credential": credential.document}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "This credential is valid." in response.content.decode()
    upload = io.BytesIO(credential.document.replace("Learner 1", "Learner 2").encode())
    upload.name = "c.json"
    response = client.post("/credentials/verify/", {"file": upload})
    assert 'data-ok="false"' in response.content.decode()


def test_vc_api_issue_with_a_token_and_verify(world: World, client: Client) -> None:
    _token, clear = api_token_create(organisation=world.home, name="SIS", actor=world.registrar)
    body = {
        "credential": {
            "achievement": world.version.micro_credential.code,
            "credentialSubject": {"email": "api@example.test", "name": {"ar": "سلمى", "en": "Salma"}},
        },
        "options": {"idempotencyKey": "sis-42"},
    }
    assert client.post("/credentials/issue", body, content_type="application/json").status_code == 401
    response = client.post(
        "/credentials/issue", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {clear}"
    )
    assert response.status_code == 201
    signed = response.json()["verifiableCredential"]
    again = client.post(
        "/credentials/issue", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {clear}"
    )
    assert again.status_code == 200
    assert again.json()["verifiableCredential"]["id"] == signed["id"]
    bad = client.post(
        "/credentials/issue",
        {"credential": {"achievement": "NOPE"}},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {clear}",
    )
    assert bad.status_code == 422
    verified = client.post("/credentials/verify", {"verifiableCredential": signed}, content_type="application/json")
    assert verified.status_code == 200
    assert verified.json()["verified"] is True
    signed["name"] = "changed"
    refused = client.post("/credentials/verify", {"verifiableCredential": signed}, content_type="application/json")
    assert refused.status_code == 400
    assert refused.json()["verified"] is False
    assert client.post("/credentials/verify", b"x" * 2_000_000, content_type="application/json").status_code == 413
    deep = b'{"verifiableCredential": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    assert client.post("/credentials/verify", deep, content_type="application/json").status_code in (400, 413)
    client.force_login(world.registrar)
    client.post(f"/credentials/issuer/karmil/tokens/{_token.pk}/revoke/")
    assert (
        client.post(
            "/credentials/issue", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {clear}"
        ).status_code
        == 401
    )


def test_registrar_issues_uploads_a_cohort_and_revokes(
    world: World, client: Client, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    client.force_login(world.registrar)
    page = client.get("/credentials/issuer/karmil/")
    assert page.status_code == 200
    response = client.post(
        "/credentials/issuer/karmil/issue/",
        {"version": world.version.pk, "email": "one@example.test", "name_ar": "واحد", "name_en": "One"},
    )
    credential = IssuedCredential.objects.get(learner_email="one@example.test")
    assert response["Location"] == f"/credentials/c/{credential.pk}/"
    bad = io.BytesIO(b"email,name_ar\nnope,x\n")
    bad.name = "bad.csv"
    errors = client.post("/credentials/issuer/karmil/cohort/", {"version": world.version.pk, "file": bad})
    assert errors.status_code == 422
    assert b"nope" in errors.content
    good = io.BytesIO("email,name_ar,name_en\na@example.test,أ,A\nb@example.test,ب,B\n".encode())
    good.name = "good.csv"
    response = client.post("/credentials/issuer/karmil/cohort/", {"version": world.version.pk, "file": good})
    batch = IssuanceBatch.objects.get()
    assert response["Location"] == f"/credentials/batch/{batch.pk}/"
    assert b"b@example.test" in client.get(response["Location"]).content
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/credentials/batch/{batch.pk}/confirm/")
    progress = client.get(f"/credentials/batch/{batch.pk}/progress/")
    assert b'data-status="done"' in progress.content
    revoke = client.post(f"/credentials/c/{credential.pk}/revoke/", {"reason": "Error in the record"})
    assert revoke.status_code == 302
    credential.refresh_from_db()
    assert credential.state == "revoked"


def test_other_people_cannot_issue_or_see(world: World, client: Client, make_person: Any) -> None:
    outsider = make_person("designer@karmil.test", world.home, Role.MC_DESIGNER)
    client.force_login(outsider)
    assert client.get("/credentials/issuer/karmil/").status_code == 403
    credential = credential_issue(
        organisation=world.home, version=world.version, learner=learner(), actor=None
    ).credential
    assert client.get(f"/credentials/c/{credential.pk}/").status_code == 403
    assert client.get(f"/credentials/wallet/{credential.pk}.json").status_code == 403


def test_the_learner_claims_downloads_shares_and_exports(world: World, client: Client, make_person: Any) -> None:
    outcome = credential_issue(
        organisation=world.home, version=world.version, learner=learner(7, grade="A"), actor=None
    )
    holder = make_person("someone-else@example.test", None, Role.LEARNER)
    client.force_login(holder)
    assert client.get(f"/credentials/claim/{outcome.claim_token}/").status_code == 302
    page = client.get("/credentials/wallet/").content.decode()
    assert "linkedin.com/profile/add" in page
    assert json.loads(client.get(f"/credentials/wallet/{outcome.credential.pk}.json").content)["proof"]
    pdf = client.get(f"/credentials/wallet/{outcome.credential.pk}.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    client.post(f"/credentials/wallet/{outcome.credential.pk}/share/", {"enabled": "1"})
    outcome.credential.refresh_from_db()
    shared = f"/credentials/s/{outcome.credential.share_token}/"
    assert client.get(shared).status_code == 200
    client.logout()
    assert b'data-ok="true"' in client.get(shared).content
    client.force_login(holder)
    client.post(f"/credentials/wallet/{outcome.credential.pk}/share/", {"enabled": "0"})
    client.logout()
    assert client.get(shared).status_code == 404
    client.force_login(holder)
    archive = zipfile.ZipFile(io.BytesIO(client.get("/credentials/wallet/export.zip").content))
    assert f"credentials/{outcome.credential.pk}.json" in archive.namelist()
    assert "summary.json" in archive.namelist()


def test_the_pdf_has_shaped_arabic_and_a_qr_code(world: World) -> None:
    from wisam.credentials.pdf import certificate_pdf

    credential = credential_issue(
        organisation=world.home, version=world.version, learner=learner(), actor=None
    ).credential
    data = certificate_pdf(credential, "http://127.0.0.1:8000/credentials/s/x/")
    assert data.startswith(b"%PDF")
    assert b"/Image" in data
    assert b"NotoSansArabic" in data


def test_ninja_verify_endpoint(world: World, client: Client) -> None:
    credential = credential_issue(
        organisation=world.home, version=world.version, learner=learner(), actor=None
    ).credential
    response = client.post(
        "/api/credentials/verify",
        {"verifiableCredential": json.loads(credential.document)},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["verified"] is True
    assert [c["check"] for c in body["checks"]][:2] == ["format", "signature"]
    assert body["checks"][2]["message_ar"].startswith("أصدرتها")
