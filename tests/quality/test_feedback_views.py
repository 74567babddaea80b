"""Feedback-loop pages and API: wallet survey link, employer survey, anonymity threshold (4 vs 5), enrolments,
KPI pages, annual review, public change log."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from tests.policy_matrix import Personas
from tests.quality.feedback_fixtures import employer_answers, issue, learner_answers, released_version
from wisam.quality.models import AnnualReview, Enrolment, SurveyReceipt, SurveyResponse
from wisam.quality.services import survey_answer_learner

pytestmark = pytest.mark.django_db
HIDDEN = "Fewer than five responses — hidden to protect anonymity."


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["wisam_language"] = "en"
    return client


def test_learner_answers_from_the_wallet_once(personas: Personas) -> None:
    learner = personas.people["learner"]
    version = released_version(personas.home)
    credential = issue(version, learner.email, user=learner)
    client = client_for(learner)
    wallet = client.get("/credentials/wallet/").content.decode()
    url = f"/quality/surveys/credentials/{credential.pk}/"
    assert url in wallet
    assert "Tell us how it went" in wallet
    page = client.get(url)
    assert page.status_code == 200
    assert "Learner end-of-course survey" in page.content.decode()
    # A missing answer is refused, naming the question.
    answers = {k: str(v) for k, v in learner_answers(4).items()}
    incomplete = dict(answers)
    del incomplete["assessment_fair"]
    refused = client.post(url, incomplete)
    assert refused.status_code == 400
    html = refused.content.decode()
    message = "Question 3 (“The assessment was fair and matched what I learned.”): please answer this question."
    assert message in html
    # A summary on top links to the question, whose text the message names.
    assert f'<a href="#field-assessment_fair">{message}</a>' in html
    assert 'id="field-assessment_fair"' in html
    assert client.post(url, answers).status_code == 302
    assert SurveyResponse.objects.count() == 1
    assert SurveyReceipt.objects.count() == 1
    assert "Survey answered" in client.get("/credentials/wallet/").content.decode()
    again = client.post(url, answers)
    assert "already answered" in again.content.decode()
    assert SurveyResponse.objects.count() == 1
    # Someone else's credential: not found.
    assert client_for(personas.people["qa"]).get(url).status_code == 404


def test_employer_answers_from_the_home_card(personas: Personas) -> None:
    employer = personas.people["employer"]
    version = released_version(personas.home)
    client = client_for(employer)
    assert "/quality/surveys/employer/" in client.get("/").content.decode()
    listing = client.get("/quality/surveys/employer/?q=python").content.decode()
    url = f"/quality/surveys/employer/{version.micro_credential.pk}/"
    assert url in listing
    assert url not in client.get("/quality/surveys/employer/?q=nothing-like-this").content.decode()
    answers = {k: str(v) for k, v in employer_answers(5).items()}
    answers["organisation"] = str(personas.employer.pk)
    bad = dict(answers, skills_applied="7")
    refused = client.post(url, bad)
    assert refused.status_code == 400
    assert "Question 2" in refused.content.decode()
    assert client.post(url, answers).status_code == 302
    assert "Answered — thank you" in client.get("/quality/surveys/employer/").content.decode()
    again = client.post(url, answers)  # sent from a tab opened before the first answer
    assert again.status_code == 400
    html = again.content.decode()
    assert "Your answers were not recorded" in html
    assert "Your organisation has already answered for this micro-credential this year." in html
    assert "Your organisation has already answered this survey for" in html
    assert 'data-testid="survey-form"' not in html
    assert SurveyResponse.objects.filter(audience="employer").count() == 1


@pytest.mark.parametrize(("count", "hidden"), [(4, True), (5, False)])
def test_anonymity_threshold_on_pages_and_api(personas: Personas, count: int, hidden: bool) -> None:
    version = released_version(personas.home)
    mc = version.micro_credential
    for n in range(count):
        survey_answer_learner(
            credential=issue(version, f"a{n}@example.test"),
            actor=None,
            answers=learner_answers(4, to_improve=f"secret remark {n}"),
        )
    qa = client_for(personas.people["qa"])
    page = qa.get(f"/quality/micro-credentials/{mc.pk}/feedback/").content.decode()
    review = AnnualReview.objects.create(
        organisation=personas.home, micro_credential=mc, year=timezone.localdate().year
    )
    review_page = qa.get(f"/quality/annual-reviews/{review.pk}/").content.decode()
    feedback = qa.get(f"/api/quality/micro-credentials/{mc.pk}/feedback").json()
    kpis = qa.get(f"/api/quality/micro-credentials/{mc.pk}/kpis").json()
    learner = next(f for f in feedback if f["audience"] == "learner")
    assert learner["responses"] == count
    assert kpis["learner_responses"] == count
    for html in (page, review_page):
        learner_part = html.split('data-testid="feedback-learner"')[1].split('data-testid="feedback-employer"')[0]
        assert (HIDDEN in learner_part) is hidden
        assert ("secret remark 0" in html) is not hidden
    if hidden:
        assert learner["hidden"]
        assert learner["questions"] == []
        assert learner["overall"] is None
        assert kpis["learner_satisfaction"] is None
    else:
        assert not learner["hidden"]
        assert learner["overall"] == 4.0
        assert kpis["learner_satisfaction"] == 4.0
        texts = next(q for q in learner["questions"] if q["id"] == "to_improve")["texts"]
        assert len(texts) == 5
    # Another institution's staff see nothing.
    other = client_for(personas.other_admin)
    assert other.get(f"/quality/micro-credentials/{mc.pk}/feedback/").status_code == 404
    assert other.get(f"/api/quality/micro-credentials/{mc.pk}/feedback").status_code == 404


def test_registrar_records_enrolments_by_form_and_csv(personas: Personas) -> None:
    version = released_version(personas.home)
    mc = version.micro_credential
    client = client_for(personas.people["registrar"])
    assert client.get("/quality/enrolments/").status_code == 200
    client.cookies["wisam_language"] = "ar"
    arabic = client.get("/quality/enrolments/").content.decode()
    assert "- اختر خيارًا -" in arabic  # Django's empty-choice label, which it does not translate itself
    assert "Select an option" not in arabic
    client.cookies["wisam_language"] = "en"
    added = client.post(
        "/quality/enrolments/",
        {
            "action": "add",
            "one-micro_credential": mc.pk,
            "one-learner_email": "new@example.test",
            "one-enrolled_on": "2026-02-01",
            "one-status": "enrolled",
        },
    )
    assert added.status_code == 302
    assert Enrolment.objects.count() == 1
    bad = SimpleUploadedFile("c.csv", b"email,enrolled_on\nok@example.test,2026-02-01\nbroken,2026-02-30\n")
    refused = client.post("/quality/enrolments/", {"action": "upload", "csv-micro_credential": mc.pk, "csv-file": bad})
    html = refused.content.decode()
    assert refused.status_code == 400
    assert "Row 3:" in html
    assert Enrolment.objects.count() == 1
    good = SimpleUploadedFile(
        "c.csv", b"email,enrolled_on,status,finished_on\nok@example.test,2026-02-01,failed,2026-04-01\n"
    )
    assert (
        client.post(
            "/quality/enrolments/", {"action": "upload", "csv-micro_credential": mc.pk, "csv-file": good}
        ).status_code
        == 302
    )
    enrolment = Enrolment.objects.get(learner_email="new@example.test")
    assert (
        client.post(
            f"/quality/enrolments/{enrolment.pk}/outcome/", {"status": "withdrawn", "finished_on": "2026-03-01"}
        ).status_code
        == 302
    )
    enrolment.refresh_from_db()
    assert enrolment.status == "withdrawn"
    assert client_for(personas.people["qa"]).get("/quality/enrolments/").status_code == 403
    api = client.post(
        "/api/quality/enrolments",
        {"micro_credential_id": mc.pk, "learner_email": "api@example.test", "enrolled_on": "2026-13-01"},
        content_type="application/json",
    )
    assert api.status_code == 422
    assert "YYYY-MM-DD" in str(api.json())


def test_kpi_pages(personas: Personas) -> None:
    version = released_version(personas.home)
    qa = client_for(personas.people["qa"])
    page = qa.get("/quality/kpis/")
    assert page.status_code == 200
    assert "Key performance indicators" in page.content.decode()
    assert qa.get(f"/api/quality/organisations/{personas.home.slug}/kpis").json()["enrolments"] == 0
    assert qa.get(f"/api/quality/organisations/{personas.other.slug}/kpis").status_code == 404
    review = qa.get(f"/quality/versions/{version.pk}/").content.decode()
    assert 'data-testid="kpi-panel"' in review


def test_annual_review_pages_and_public_change_log(personas: Personas) -> None:
    from wisam.accreditation.models import RegisterEntry
    from wisam.design.services import specification_version_set_status

    version = released_version(personas.home)
    mc = version.micro_credential
    qa = client_for(personas.people["qa"])
    started = qa.post(f"/quality/micro-credentials/{mc.pk}/annual-reviews/", {"year": timezone.localdate().year})
    review = AnnualReview.objects.get()
    assert started.url == f"/quality/annual-reviews/{review.pk}/"
    url = started.url
    refused = qa.post(url, {"action": "complete"})
    assert refused.status_code == 400
    assert "Record the decision" in refused.content.decode()
    assert (
        qa.post(url, {"action": "decide", "decision": "revise", "decision_notes": "More practice."}).status_code == 302
    )
    assert (
        qa.post(
            url, {"action": "carry", "summary_en": "More hands-on practice", "summary_ar": "تطبيق عملي أكثر"}
        ).status_code
        == 302
    )
    assert qa.post(url, {"action": "complete"}).status_code == 302
    review.refresh_from_db()
    assert review.is_completed
    assert review.new_version is not None
    assert qa.get(f"/api/quality/annual-reviews/{review.pk}").json()["new_version"] == review.new_version.number
    # Designers read the review; they cannot act on it.
    designer = client_for(personas.people["designer"])
    assert designer.get(url).status_code == 200
    assert client_for(personas.other_admin).get(url).status_code == 404
    # Released, the new edition shows on the public register entry with the review's summary.
    for status in ("in_review", "approved", "ready_for_accreditation"):
        specification_version_set_status(version=review.new_version, status=status, actor=None)
    entry = RegisterEntry.objects.get(micro_credential=mc)
    anonymous = Client()
    anonymous.cookies["wisam_language"] = "en"
    public = anonymous.get(f"/accreditation/register/{entry.identifier}/")
    html = public.content.decode()
    assert public.status_code == 200
    assert "What changed since the last edition" in html
    assert "More hands-on practice" in html or "تطبيق عملي أكثر" in html


def test_instruments_page_and_api(personas: Personas) -> None:
    qa = client_for(personas.people["qa"])
    assert "Employer satisfaction survey" in qa.get("/quality/surveys/instruments/").content.decode()
    assert {i["code"] for i in qa.get("/api/quality/surveys/instruments").json()} >= {
        "employer",
        "learner-end-of-course",
    }
    assert client_for(personas.people["learner"]).get("/quality/surveys/instruments/").status_code == 403


def test_answering_through_the_api(personas: Personas) -> None:
    learner = personas.people["learner"]
    version = released_version(personas.home)
    credential = issue(version, learner.email, user=learner)
    client = client_for(learner)
    url = f"/api/quality/surveys/credentials/{credential.pk}"
    bad = client.post(url, {"answers": learner_answers(0)}, content_type="application/json")
    assert bad.status_code == 422
    assert "Question 1" in bad.json()["errors"]["outcomes_clear"][0]
    good = client.post(url, {"answers": learner_answers(4)}, content_type="application/json")
    assert good.status_code == 201
    assert good.json()["overall"] == 4.0
    assert client.post(url, {"answers": learner_answers(4)}, content_type="application/json").status_code == 422
    assert (
        client_for(personas.people["qa"]).post(url, {"answers": {}}, content_type="application/json").status_code == 404
    )
    employer = client_for(personas.people["employer"])
    mc_url = f"/api/quality/surveys/micro-credentials/{version.micro_credential.pk}"
    answered = employer.post(mc_url, {"answers": employer_answers(5)}, content_type="application/json")
    assert answered.status_code == 201
    again = employer.post(mc_url, {"answers": employer_answers(5)}, content_type="application/json")
    assert again.status_code == 422
