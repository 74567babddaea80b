"""Consultation on a draft maturity model (and on a draft guideline when the accreditation app provides one):
comments per indicator, answers by AQAC or the ministry, closing with what changed and why, publishing after."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tests.policy_matrix import Personas
from wisam.core.events import events_for
from wisam.core.i18n import bilingual
from wisam.strategy import consultation, services
from wisam.strategy.models import ConsultationComment


@pytest.fixture
def draft(personas: Personas, maturity_model: Any) -> Any:
    return services.maturity_model_new_version(model=maturity_model, actor=personas.people["aqac_officer"])


def test_only_drafts_are_consulted_on(personas: Personas, maturity_model: Any, draft: Any) -> None:
    officer = personas.people["aqac_officer"]
    with pytest.raises(ValidationError):
        consultation.consultation_open(target=maturity_model, title=bilingual("س", "x"), actor=officer)
    opened = consultation.consultation_open(target=draft, title=bilingual("مشاورة", "Consultation"), actor=officer)
    with pytest.raises(ValidationError):
        consultation.consultation_open(target=draft, title=bilingual("س", "again"), actor=officer)
    assert opened.is_open


def test_comment_answer_close_then_publish(personas: Personas, draft: Any) -> None:
    officer, employer = personas.people["aqac_officer"], personas.people["employer"]
    opened = consultation.consultation_open(
        target=draft, title=bilingual("مشاورة", "Consultation"), actor=officer, closes_on=date(2030, 1, 1)
    )
    key = consultation.items(draft)[0][0]
    comment = consultation.consultation_comment(
        consultation=opened, item_key=key, text="Add employer endorsement as evidence.", actor=employer
    )
    assert comment.organisation == personas.employer
    assert comment.item_label["en"]
    with pytest.raises(ValidationError):
        consultation.consultation_comment(consultation=opened, item_key="no-such-item", text="x", actor=employer)
    with pytest.raises(ValidationError):
        services.maturity_model_publish(model=draft, actor=officer)  # the consultation is still open
    with pytest.raises(ValidationError):
        consultation.consultation_close(consultation=opened, summary=bilingual("س", "x"), actor=officer)  # unanswered
    consultation.consultation_respond(
        comment=comment, response="Added to the evidence hint.", outcome="accepted", actor=officer
    )
    closed = consultation.consultation_close(
        consultation=opened, summary=bilingual("أضفنا تصديق المشغّلين", "Employer endorsement added"), actor=officer
    )
    with pytest.raises(ValidationError):
        consultation.consultation_comment(consultation=closed, item_key=key, text="late", actor=employer)
    with pytest.raises(ValidationError):  # the summary reports the answers: they stay as they were at closing
        consultation.consultation_respond(comment=comment, response="Changed", outcome="not_accepted", actor=officer)
    comment.refresh_from_db()
    assert comment.outcome == "accepted"
    services.maturity_model_publish(model=draft, actor=officer, change_note=closed.summary)
    assert [c.summary["en"] for c in consultation.consultation_report(draft)] == ["Employer endorsement added"]
    assert [e.action for e in events_for(closed)] == [
        "strategy.consultation_opened",
        "strategy.consultation_commented",
        "strategy.consultation_answered",
        "strategy.consultation_closed",
    ]


def test_a_closing_date_ends_comments(personas: Personas, draft: Any) -> None:
    opened = consultation.consultation_open(
        target=draft, title=bilingual("س", "x"), actor=personas.people["ministry"], closes_on=date(2026, 1, 31)
    )
    key = consultation.items(draft)[0][0]
    with pytest.raises(ValidationError):
        consultation.consultation_comment(
            consultation=opened, item_key=key, text="late", actor=personas.people["designer"], today=date(2026, 2, 1)
        )


def test_consultation_pages(personas: Personas, draft: Any) -> None:
    officer = Client(headers={"accept-language": "en"})
    officer.force_login(personas.people["aqac_officer"])
    response = officer.post(
        reverse("strategy:consultations"),
        {"target": f"strategy.maturitymodel:{draft.pk}", "title_0": "مشاورة", "title_1": "Model v2 consultation"},
    )
    assert response.status_code == 302
    url = response["Location"]
    designer = Client(headers={"accept-language": "ar"})
    designer.force_login(personas.people["designer"])
    key = consultation.items(draft)[0][0]
    assert designer.post(url, {"do": "comment", "item_key": key, "text": "أقترح مثالًا"}).status_code == 302
    comment = ConsultationComment.objects.get()
    assert (
        designer.post(url, {"do": "answer", "comment": comment.pk, "response": "x", "outcome": "noted"}).status_code
        == 403
    )
    assert (
        officer.post(url, {"do": "answer", "comment": comment.pk, "response": "Thanks", "outcome": "noted"}).status_code
        == 302
    )
    response = officer.post(url, {"do": "close", "summary_0": "لا تغيير", "summary_1": "No change"})
    assert response.status_code == 302
    # Answering after the close is refused with one message that says why, and the answer stays.
    late = officer.post(url, {"do": "answer", "comment": comment.pk, "response": "Later", "outcome": "accepted"})
    late_html = late.content.decode()
    assert "its answers can no longer change" in late_html
    assert "Write the answer and choose an outcome" not in late_html
    comment.refresh_from_db()
    assert (comment.response, comment.outcome) == ("Thanks", "noted")
    html = designer.get(url).content.decode()
    assert "أقترح مثالًا" in html
    assert "Thanks" in html
    anonymous = Client()
    assert anonymous.get(url).status_code == 302  # sign in first
