"""The internal-QA API: same permissions and validation as the pages; refusals answer 409 with every reason."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.policy_matrix import Personas
from tests.quality.conftest import FakeLinter
from wisam.quality.models import Review

API = "/api/quality"


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def clients(personas: Personas) -> dict[str, Client]:
    return {name: client_for(personas.people[name]) for name in ("designer", "qa", "approver", "employer")}


def test_the_whole_workflow_through_the_api(
    personas: Personas,
    checklists: Any,
    version: Any,
    fake_lint: FakeLinter,
    clients: dict[str, Client],
    settings: Any,
    tmp_path: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    url = f"{API}/versions/{version.pk}/transitions"
    # blocking findings: refused with the list
    fake_lint.report("LO_VERB_VAGUE")
    response = clients["designer"].post(url, {"transition": "submit"}, content_type="application/json")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "guard"
    assert any("LO_VERB_VAGUE" in reason for reason in body["reasons"])
    fake_lint.findings.clear()
    # submit
    response = clients["designer"].post(url, {"transition": "submit", "comment": "v1"}, content_type="application/json")
    assert response.status_code == 200, response.content
    review = response.json()
    assert review["state"] == "internal_review"
    assert {a["item"] for a in review["assessments"]} >= {"EU-1.1", "ESG-1.9"}
    # the designer may not judge; the QA officer judges every item (one with a file)
    judge = f"{API}/reviews/{review['id']}/judgements"
    assert (
        clients["designer"].post(f"{judge}/EU-3", {"judgement": "met"}, content_type="application/json").status_code
        == 403
    )
    bad = clients["qa"].post(
        f"{judge}/EU-3", {"judgement": "met", "evidence_url": "javascript:x"}, content_type="application/json"
    )
    assert bad.status_code == 422
    assert "evidence_url" in bad.json()["errors"]
    for assessment in review["assessments"]:
        response = clients["qa"].post(
            f"{judge}/{assessment['item']}",
            {"judgement": "met", "evidence_url": "https://karmil.example/minutes.pdf"},
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
    upload = clients["qa"].post(
        f"{judge}/EU-3/evidence",
        {"judgement": "met", "evidence_file": SimpleUploadedFile("survey.pdf", b"%PDF-1.4 employer survey")},
    )
    assert upload.status_code == 200, upload.content
    assert upload.json()["evidence_file"] == "survey.pdf"
    wrong = clients["qa"].post(
        f"{judge}/EU-3/evidence", {"judgement": "met", "evidence_file": SimpleUploadedFile("x.exe", b"MZ")}
    )
    assert wrong.status_code == 422
    assert "evidence_file" in wrong.json()["errors"]
    # comments
    comments = f"{API}/reviews/{review['id']}/comments"
    response = clients["qa"].post(
        comments, {"body": "Well evidenced.", "item": "EU-3"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert clients["designer"].get(comments).json()[0]["item"] == "EU-3"
    assert clients["qa"].post(comments, {"body": " "}, content_type="application/json").status_code == 422
    # recommend, approve, release — each by the right person only
    assert (
        clients["designer"].post(url, {"transition": "recommend"}, content_type="application/json").status_code == 403
    )
    for who, step in (("qa", "recommend"), ("approver", "approve"), ("approver", "release")):
        response = clients[who].post(url, {"transition": step}, content_type="application/json")
        assert response.status_code == 200, response.content
    final = clients["qa"].get(f"{API}/reviews/{review['id']}").json()
    assert final["state"] == "ready_for_accreditation"
    transitions = [e["payload"].get("transition") for e in final["history"] if e["payload"].get("transition")]
    assert transitions == ["submit", "recommend", "approve", "release"]
    # illegal now: the workflow is closed
    response = clients["approver"].post(
        url, {"transition": "send_back", "comment": "x"}, content_type="application/json"
    )
    assert response.status_code == 409


def test_reviews_are_invisible_outside_the_institution(
    personas: Personas, checklists: Any, version: Any, fake_lint: FakeLinter, make_person: Any
) -> None:
    from wisam.institutions.roles import Role
    from wisam.quality.services import review_submit

    review = review_submit(version=version, actor=personas.people["designer"])
    outsider = client_for(make_person("qa@other.test", personas.other, Role.QA_OFFICER))
    assert outsider.get(f"{API}/reviews").json() == []
    assert outsider.get(f"{API}/reviews/{review.pk}").status_code == 404
    assert outsider.get(f"{API}/versions/{version.pk}/review").status_code == 404
    response = outsider.post(
        f"{API}/versions/{version.pk}/transitions",
        {"transition": "request_changes", "comment": "x"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert Review.objects.get(pk=review.pk).state == "internal_review"
    listed = client_for(personas.people["qa"]).get(f"{API}/reviews?state=internal_review").json()
    assert [r["id"] for r in listed] == [review.pk]
    assert Client().get(f"{API}/reviews").status_code == 401


def test_partners_and_endorsements_through_the_api(
    personas: Personas, version: Any, clients: dict[str, Client]
) -> None:
    mc = version.micro_credential.pk
    partners = f"{API}/micro-credentials/{mc}/partners"
    payload = {
        "kind": "employer",
        "organisation": personas.employer.slug,
        "contribution": {"ar": "قائمة المهارات", "en": "Skills list"},
        "contributed_on": "2026-02-01",
    }
    assert clients["employer"].post(partners, payload, content_type="application/json").status_code == 404
    response = clients["designer"].post(partners, payload, content_type="application/json")
    assert response.status_code == 201, response.content
    bad = clients["designer"].post(
        partners, {**payload, "contributed_on": "2999-01-01"}, content_type="application/json"
    )
    assert bad.status_code == 422
    assert "contributed_on" in bad.json()["errors"]
    endorsements = f"{API}/micro-credentials/{mc}/endorsements"
    assert (
        clients["designer"]
        .post(endorsements, {"statement": "We like it a lot."}, content_type="application/json")
        .status_code
        == 403
    )
    short = clients["employer"].post(endorsements, {"statement": "ok"}, content_type="application/json")
    assert short.status_code == 422
    assert "statement" in short.json()["errors"]
    response = clients["employer"].post(
        endorsements, {"statement": "We will hire its holders."}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    listed = clients["qa"].get(endorsements).json()
    assert [e["organisation"] for e in listed] == [personas.employer.slug]
    assert Client().get(endorsements).json() == []  # a draft's endorsements are not public
    assert clients["qa"].delete(f"{API}/endorsements/{listed[0]['id']}").status_code == 403
    assert clients["employer"].delete(f"{API}/endorsements/{listed[0]['id']}").status_code == 204
    assert clients["qa"].get(endorsements).json() == []
