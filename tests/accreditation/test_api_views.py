"""The JSON API, the public pages (no login), open data and the signed trust list."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.accreditation.conftest import World
from wisam.accreditation import services
from wisam.accreditation.models import Application, RegisterEntry


def _stream(response: Any) -> Any:
    return response.streaming_content


@pytest.fixture
def published(world: World) -> RegisterEntry:
    application = world.at_decision()
    services.application_decide(
        application=application,
        decision="accredit",
        rationale="Sound.",
        validity_months=36,
        actor=world.people["commission"],
    )
    services.application_transition(application=application, transition="publish", actor=world.people["aqac_officer"])
    return RegisterEntry.objects.get()


def test_public_register_pages_need_no_login(client: Client, published: RegisterEntry) -> None:
    page = client.get("/accreditation/register/", {"q": "تحليل"})
    assert page.status_code == 200
    assert published.identifier in page.content.decode()
    entry = client.get(published.get_absolute_url())
    body = entry.content.decode()
    assert entry.status_code == 200
    assert "Learning outcomes" in body or "نواتج التعلّم" in body
    assert published.identifier in body


def test_open_data_json_csv_jsonld(client: Client, published: RegisterEntry) -> None:
    api = client.get("/api/accreditation/register", {"q": "data", "level": "5"})
    assert api.status_code == 200
    assert api.json()["results"][0]["identifier"] == published.identifier
    detail = client.get(f"/api/accreditation/register/{published.identifier}").json()
    assert {e["id"] for e in detail["elements"]} >= {"title", "workload"}
    assert any(h["action"] == "accreditation.register.registered" for h in detail["history"])
    rows = list(
        csv.reader(io.StringIO(b"".join(_stream(client.get("/accreditation/register.csv"))).decode().lstrip("\ufeff")))
    )
    assert rows[0][0] == "identifier"
    assert rows[1][0] == published.identifier
    jsonld = json.loads(client.get("/accreditation/register.jsonld").content)
    node = jsonld["@graph"][0]
    assert node["type"] == "Qualification"
    assert node["identifier"][0]["notation"] == published.identifier
    assert node["accreditation"][0]["type"] == "Accreditation"
    one = json.loads(client.get(f"/accreditation/register/{published.identifier}.jsonld").content)
    assert "@context" in one


def test_trust_list_is_signed_and_lists_the_issuer(client: Client, published: RegisterEntry) -> None:
    from wisam.accreditation.models import SigningKey
    from wisam.accreditation.trustlist import trust_list_verify

    services.issuer_did_add(organisation=published.organisation, did="did:web:wisam.example:home", actor=None)
    document = client.get("/accreditation/trust-list.json").json()
    issuers = document["credentialSubject"]["issuers"]
    assert issuers[0]["slug"] == published.institution_slug
    assert issuers[0]["dids"] == ["did:web:wisam.example:home"]
    assert issuers[0]["microCredentials"][0]["identifier"] == published.identifier
    assert document["proof"][0]["cryptosuite"] == "eddsa-jcs-2022"
    assert trust_list_verify(document)
    document["credentialSubject"]["issuers"][0]["slug"] = "impostor"
    assert not trust_list_verify(document)
    # the key is stored encrypted, never in clear
    key = SigningKey.objects.get()
    assert key.encrypted_seed.startswith("w1.")
    assert client.get("/accreditation/trust-list/did.json").json()["id"].startswith("did:key:")


def test_api_workflow_and_stale_refusal(world: World) -> None:
    application = world.at_decision()
    client = Client()
    client.force_login(world.people["commission"])
    stale = application.lock_version - 1
    refused = client.post(
        f"/api/accreditation/applications/{application.pk}/decision",
        {"decision": "accredit", "rationale": "ok", "validity_months": 24, "lock_version": stale},
        content_type="application/json",
    )
    assert refused.status_code == 409
    ok = client.post(
        f"/api/accreditation/applications/{application.pk}/decision",
        {"decision": "accredit", "rationale": "ok", "validity_months": 24, "lock_version": application.lock_version},
        content_type="application/json",
    )
    assert ok.status_code == 200
    assert ok.json()["state"] == "accredited"
    detail = client.get(f"/api/accreditation/applications/{application.pk}").json()
    assert any(h["action"] == "accreditation.application.accredit" for h in detail["history"])
    # the institution reads the same history; another institution cannot see the application
    client.force_login(world.people["approver"])
    assert client.get(f"/api/accreditation/applications/{application.pk}").status_code == 200
    client.force_login(world.personas.other_admin)
    assert client.get(f"/api/accreditation/applications/{application.pk}").status_code in (403, 404)


def test_application_page_for_each_role(world: World) -> None:
    application = world.in_evaluation()
    client = Client()
    for persona in ("approver", "aqac_officer", "evaluator", "commission"):
        client.force_login(world.people[persona])
        page = client.get(f"/accreditation/applications/{application.pk}/")
        assert page.status_code == 200, persona
    client.force_login(world.people["evaluator"])
    criterion = world.guideline.standards.first().criteria.first()
    client.post(
        f"/accreditation/applications/{application.pk}/score/",
        {f"score-{criterion.pk}": "partially_met", f"justification-{criterion.pk}": "Partly evidenced."},
    )
    assert application.scores.get(evaluator=world.evaluator, criterion=criterion).score == "partially_met"
    client.force_login(world.people["learner"])
    assert client.get(f"/accreditation/applications/{application.pk}/").status_code == 403


def test_dashboard_guidelines_monitoring_inbox_pages(world: World) -> None:
    client = Client()
    client.force_login(world.people["aqac_officer"])
    for url in (
        "/accreditation/",
        "/accreditation/guidelines/",
        "/accreditation/evaluators/",
        "/accreditation/self-accreditation/",
        "/accreditation/monitoring/",
        "/accreditation/inbox/",
        f"/accreditation/guidelines/{world.guideline.pk}/",
    ):
        assert client.get(url).status_code == 200, url


def test_expiry_with_notice_and_monitoring(world: World, published: RegisterEntry) -> None:
    accreditation = published.accreditations.get()
    soon = accreditation.valid_until - timedelta(days=30)
    assert services.accreditations_refresh(today=soon)["expiring"] == 1
    published.refresh_from_db()
    assert published.status == "expiring"
    assert services.accreditations_refresh(today=accreditation.valid_until + timedelta(days=1))["expired"] == 1
    published.refresh_from_db()
    assert published.status == "expired"
    accreditation.refresh_from_db()
    services.accreditation_renew(
        accreditation=accreditation, months=24, reason="Renewed after review", actor=world.people["commission"]
    )
    published.refresh_from_db()
    assert published.status == "active"
    assert published.valid_until > timezone.localdate() + timedelta(days=700)
    services.accreditation_suspend(accreditation=accreditation, reason="Complaints", actor=world.people["aqac_officer"])
    published.refresh_from_db()
    assert published.status == "suspended"
    services.accreditation_withdraw(
        accreditation=accreditation, reason="Not remedied", actor=world.people["commission"]
    )
    published.refresh_from_db()
    actions = [
        e["action"] for e in Client().get(f"/api/accreditation/register/{published.identifier}").json()["history"]
    ]
    assert "accreditation.register.expiring" in actions
    assert "accreditation.register.suspended" in actions
    assert published.status == "withdrawn"


def test_self_accreditation_limits(world: World) -> None:
    organisation = world.personas.home
    today = timezone.localdate()
    version = world.make_ready_version("SELF-01")  # ISCED 0613, EQF 5
    with pytest.raises(Exception, match="no self-accreditation"):
        services.self_accreditation_notify(version=version, actor=world.people["approver"])
    services.self_accreditation_grant(
        organisation=organisation,
        isced_codes=["04"],
        max_eqf_level=6,
        valid_from=today - timedelta(days=1),
        valid_until=today + timedelta(days=700),
        actor=world.people["commission"],
    )
    with pytest.raises(Exception, match="outside the fields"):
        services.self_accreditation_notify(version=version, actor=world.people["approver"])
    services.self_accreditation_grant(
        organisation=organisation,
        isced_codes=["06"],
        max_eqf_level=4,
        valid_from=today - timedelta(days=1),
        valid_until=today + timedelta(days=700),
        actor=world.people["commission"],
    )
    with pytest.raises(Exception, match="above the limit"):
        services.self_accreditation_notify(version=version, actor=world.people["approver"])
    services.self_accreditation_grant(
        organisation=organisation,
        isced_codes=["061"],
        max_eqf_level=5,
        valid_from=today - timedelta(days=1),
        valid_until=today + timedelta(days=200),
        actor=world.people["commission"],
    )
    accreditation = services.self_accreditation_notify(version=version, actor=world.people["approver"])
    assert accreditation.route == "self"
    assert accreditation.application is None
    # never beyond the self-accreditation's own period
    assert accreditation.valid_until == today + timedelta(days=200)
    assert not Application.objects.exists()


def test_guideline_upload_and_publish_page(world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = json.loads((services.DATA_DIR / "guidelines-national-mc-v1.json").read_text())
    data["version"] = 2
    client = Client()
    client.force_login(world.people["aqac_officer"])
    client.post("/accreditation/guidelines/", {"file": SimpleUploadedFile("g.json", json.dumps(data).encode())})
    from wisam.accreditation.models import Guideline

    v2 = Guideline.objects.get(version=2)
    assert v2.status == "draft"
    client.post("/accreditation/guidelines/", {"publish": v2.pk})
    assert services.guideline_in_force() == v2
    client.force_login(world.people["approver"])
    assert client.post("/accreditation/guidelines/", {"publish": v2.pk}).status_code == 403
