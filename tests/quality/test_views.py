"""Internal-QA pages: the review page, transitions with refusals listed, judgements (htmx), comments, evidence,
queues per role, co-design and endorsements — with the same permissions as the API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.policy_matrix import Personas
from tests.quality.conftest import FakeLinter
from wisam.institutions.roles import Role
from wisam.quality.models import CoDesignPartner, Comment, Endorsement, Review
from wisam.quality.services import review_submit


def client_for(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


@pytest.fixture
def en(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


def test_designer_sees_the_blocking_findings_and_submission_is_refused_with_the_list(
    en: None, personas: Personas, checklists: Any, version: Any, fake_lint: FakeLinter
) -> None:
    fake_lint.report("LO_VERB_VAGUE")
    designer = client_for(personas.people["designer"])
    page = designer.get(reverse("quality:review", args=[version.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Submit for internal review" in html
    assert "LO_VERB_VAGUE" in html
    response = designer.post(reverse("quality:transition", args=[version.pk]), {"transition": "submit"})
    assert response.status_code == 409
    assert "This step was refused" in response.content.decode()
    assert "LO_VERB_VAGUE" in response.content.decode()
    assert not Review.objects.filter(state="internal_review").exists()


def test_submit_then_review_page_and_queue(
    en: None, personas: Personas, checklists: Any, version: Any, fake_lint: FakeLinter
) -> None:
    designer = client_for(personas.people["designer"])
    response = designer.post(
        reverse("quality:transition", args=[version.pk]), {"transition": "submit", "comment": "please review"}
    )
    assert response.status_code == 302
    qa = client_for(personas.people["qa"])
    queue = qa.get(reverse("quality:queue")).content.decode()
    assert reverse("quality:review", args=[version.pk]) in queue
    assert queue.count("<table") == queue.count("<caption") > 0  # each queue's table is named
    page = qa.get(reverse("quality:review", args=[version.pk])).content.decode()
    for text in (
        "In internal review",
        "EU-1.1",
        "ESG-1.9",
        "Request changes",
        "Recommend for approval",
        "please review",
    ):
        assert text in page, text
    # the designer has no QA buttons; the approver has none yet either
    assert "Recommend for approval" not in designer.get(reverse("quality:review", args=[version.pk])).content.decode()


def test_nobody_from_another_institution_sees_a_draft(
    personas: Personas, checklists: Any, version: Any, fake_lint: FakeLinter, make_person: Any
) -> None:
    outsider = client_for(make_person("qa@other.test", personas.other, Role.QA_OFFICER))
    assert outsider.get(reverse("quality:review", args=[version.pk])).status_code == 404
    assert outsider.post(reverse("quality:transition", args=[version.pk]), {"transition": "submit"}).status_code == 404
    assert (
        client_for(personas.people["aqac_officer"]).get(reverse("quality:review", args=[version.pk])).status_code == 404
    )
    assert Client().get(reverse("quality:review", args=[version.pk])).status_code == 302  # to sign in


def test_a_required_comment_is_named(
    en: None, personas: Personas, checklists: Any, version: Any, fake_lint: FakeLinter
) -> None:
    review_submit(version=version, actor=personas.people["designer"])
    qa = client_for(personas.people["qa"])
    response = qa.post(reverse("quality:transition", args=[version.pk]), {"transition": "request_changes"})
    assert response.status_code == 409
    assert "A comment is required" in response.content.decode()
    response = qa.post(
        reverse("quality:transition", args=[version.pk]), {"transition": "request_changes", "comment": "Fix LO 2"}
    )
    assert response.status_code == 302
    assert Review.objects.get().state == "changes_requested"
    # a designer cannot take the QA officer's step
    designer = client_for(personas.people["designer"])
    assert designer.post(reverse("quality:transition", args=[version.pk]), {"transition": "recommend"}).status_code in (
        403,
        409,
    )


def test_judgements_by_htmx_show_errors_by_field_and_save(
    en: None,
    personas: Personas,
    checklists: Any,
    version: Any,
    fake_lint: FakeLinter,
    settings: Any,
    tmp_path: Path,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    review = review_submit(version=version, actor=personas.people["designer"])
    assessment = review.assessments.get(item__code="EU-3")
    url = reverse("quality:assessment", args=[assessment.pk])
    prefix = f"a{assessment.pk}"
    qa = client_for(personas.people["qa"])
    response = qa.post(
        url, {f"{prefix}-judgement": "met", f"{prefix}-evidence_url": "javascript:alert(1)"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Evidence link:" in html
    assert "valid web address" in html
    response = qa.post(
        url,
        {
            f"{prefix}-judgement": "partially_met",
            f"{prefix}-comment": "Survey is from 2019.",
            f"{prefix}-evidence_file": SimpleUploadedFile("survey.pdf", b"%PDF-1.4 data"),
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Saved." in response.content.decode()
    assessment.refresh_from_db()
    assert (assessment.judgement, assessment.evidence_name) == ("partially_met", "survey.pdf")
    # evidence: a download for the institution's team only
    download = qa.get(reverse("quality:evidence", args=[assessment.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 data"  # type: ignore[attr-defined]
    assert (
        client_for(personas.people["employer"]).get(reverse("quality:evidence", args=[assessment.pk])).status_code
        == 404
    )
    # the designer may not judge
    assert client_for(personas.people["designer"]).post(url, {f"{prefix}-judgement": "met"}).status_code == 403


def test_comments_on_the_review_and_on_items(
    en: None, personas: Personas, checklists: Any, version: Any, fake_lint: FakeLinter
) -> None:
    review = review_submit(version=version, actor=personas.people["designer"])
    qa = client_for(personas.people["qa"])
    url = reverse("quality:comment", args=[review.pk])
    assert qa.post(url, {"body": "أين الدليل؟"}).status_code == 302
    item = review.assessments.first().item  # type: ignore[union-attr]
    assert qa.post(url, {"body": "On this item", "item": item.pk}).status_code == 302
    parent = Comment.objects.get(body="On this item")
    designer = client_for(personas.people["designer"])
    assert designer.post(url, {"body": "Done", "parent": parent.pk}).status_code == 302
    empty = qa.post(url, {"body": ""})
    assert empty.status_code == 400
    assert "Comment:" in empty.content.decode()
    page = qa.get(reverse("quality:review", args=[version.pk])).content.decode()
    assert "أين الدليل؟" in page
    assert "Done" in page
    assert client_for(personas.people["admin"]).post(url, {"body": "x"}).status_code == 403
    assert client_for(personas.people["registrar"]).post(url, {"body": "x"}).status_code == 404


def test_codesign_and_endorsement_pages(en: None, personas: Personas, version: Any) -> None:
    mc = version.micro_credential
    designer = client_for(personas.people["designer"])
    url = reverse("quality:codesign", args=[mc.pk])
    bad = designer.post(url, {"kind": "employer", "contributed_on": "2026-01-05"})
    assert bad.status_code == 400
    assert "What they contributed:" in bad.content.decode()
    good = designer.post(
        url,
        {
            "kind": "employer",
            "partner_organisation": personas.employer.pk,
            "contribution_0": "قائمة المهارات",
            "contribution_1": "The skills list",
            "contributed_on": "2026-01-05",
        },
    )
    assert good.status_code == 302
    assert CoDesignPartner.objects.filter(micro_credential=mc).count() == 1
    employer = client_for(personas.people["employer"])
    partners = employer.get(url).content.decode()
    assert "The skills list" in partners
    assert "<caption" in partners
    assert employer.post(url, {"kind": "other"}).status_code == 403
    listing = employer.get(reverse("quality:endorsements")).content.decode()
    assert reverse("quality:endorse", args=[mc.pk]) in listing
    response = employer.post(reverse("quality:endorse", args=[mc.pk]), {"statement": "short"})
    assert response.status_code == 400
    assert "Statement:" in response.content.decode()
    response = employer.post(
        reverse("quality:endorse", args=[mc.pk]),
        {"statement": "We will hire its holders.", "organisation": personas.employer.pk},
    )
    assert response.status_code == 302
    assert Endorsement.objects.filter(micro_credential=mc, organisation=personas.employer).exists()
    assert "We will hire its holders." in designer.get(url).content.decode()
    assert client_for(personas.people["qa"]).get(reverse("quality:endorse", args=[mc.pk])).status_code == 404


def test_home_cards_per_role(personas: Personas) -> None:
    from wisam.web.home import cards_for

    def keys(person: str) -> set[str]:
        return {
            c.card.key
            for group in cards_for(personas.people[person])
            for c in group.cards
            if c.card.key.startswith("quality.")
        }

    assert keys("qa") == {"quality.assess", "quality.kpis"}
    assert keys("approver") == {"quality.approve", "quality.kpis"}
    assert keys("designer") == {"quality.revise"}
    assert keys("employer") == {"quality.endorse", "quality.employer_survey"}
    assert keys("registrar") == {"quality.enrolments"}
    assert keys("aqac_officer") == {"quality.instruments"}
    assert keys("learner") == set()
