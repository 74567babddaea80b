"""End to end in Chromium: a learner answers the end-of-course survey from the wallet, and the answer shows up,
with four earlier ones (five: details are no longer hidden), in the QA officer's annual review."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.quality.feedback_fixtures import LIKERT_IDS, issue, learner_answers, released_version
from wisam.core.i18n import bilingual
from wisam.institutions.roles import OrganisationKind, Role

pytestmark = pytest.mark.browser

PASSWORD = "a-Long-password-1"
REMARK = "More practice with real sales data, please."


@pytest.fixture
def cast(transactional_db: Any) -> dict[str, Any]:
    from wisam.institutions.services import learner_register, membership_grant, organisation_create, user_create
    from wisam.quality.services import survey_answer_learner

    university = organisation_create(
        slug="browser-loop",
        kind=OrganisationKind.UNIVERSITY_TRADITIONAL,
        name=bilingual("جامعة الحلقة", "Loop University"),
    )
    qa = user_create(
        email="qa@loop.test", full_name=bilingual("منى", "Mona QA"), password=PASSWORD, preferred_language="en"
    )
    membership_grant(user=qa, organisation=university, role=Role.QA_OFFICER)
    learner = user_create(
        email="huda@loop.test", full_name=bilingual("هدى", "Huda"), password=PASSWORD, preferred_language="en"
    )
    learner_register(user=learner)
    version = released_version(university, "LOOP-DATA")
    credential = issue(version, learner.email, name="Huda", user=learner)
    # Four classmates answered already: with the learner's answer, five — the threshold for details.
    for n in range(4):
        survey_answer_learner(
            credential=issue(version, f"classmate{n}@loop.test"), actor=None, answers=learner_answers(4)
        )
    return {"version": version, "credential": credential}


def sign_in(page: Page, base: str, email: str) -> None:
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "wisam_language", "value": "en", "url": base}])
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def test_learner_survey_reaches_the_annual_review(page: Page, live_server: Any, cast: dict[str, Any]) -> None:
    base = live_server.url
    sign_in(page, base, "huda@loop.test")
    page.goto(f"{base}/credentials/wallet/")
    page.get_by_role("link", name="Tell us how it went").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Learner end-of-course survey")
    # Sending it half-filled is refused, naming the question.
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator('[data-question="outcomes_clear"] [role=alert]')).to_contain_text("Question 1")
    for qid in LIKERT_IDS:
        page.locator(f'[data-question="{qid}"] input[value="5"]').check()
    page.locator('[data-question="benefit"] input[value="new_job"]').check()
    page.locator('[data-question="to_improve"] textarea').fill(REMARK)
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_test_id("survey-link")).to_contain_text("Survey answered")

    sign_in(page, base, "qa@loop.test")
    page.goto(f"{base}/quality/micro-credentials/{cast['version'].micro_credential_id}/feedback/")
    page.get_by_role("button", name="Start or open the annual review").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Annual review")
    learners = page.get_by_test_id("feedback-learner")
    expect(learners).to_contain_text("5 responses")
    expect(learners.get_by_test_id("free-texts")).to_contain_text(REMARK)
    expect(page.get_by_test_id("kpi-satisfaction")).to_contain_text("n=5")
