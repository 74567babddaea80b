"""End to end in Chromium, the quality loop's other users: a registrar uploads enrolments from a CSV file (a wrong
file first: every bad row listed, nothing written) and records an outcome; an employer representative answers the
employer survey once a year from the home page; a QA officer takes an annual review to a new specification version
whose change log an anonymous visitor reads on the public register entry."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.quality.feedback_fixtures import released_version
from wisam.core.i18n import bilingual
from wisam.institutions.roles import OrganisationKind, Role

pytestmark = pytest.mark.browser

PASSWORD = "a-Long-password-1"


@pytest.fixture
def cast(transactional_db: Any) -> dict[str, Any]:
    """A university with a registrar and a QA officer, an accredited micro-credential, an employer and its rep."""
    from wisam.institutions.services import membership_grant, organisation_create, user_create

    university = organisation_create(
        slug="browser-quality",
        kind=OrganisationKind.UNIVERSITY_TRADITIONAL,
        name=bilingual("جامعة الجودة", "Quality University"),
    )
    employer = organisation_create(
        slug="browser-employer", kind=OrganisationKind.EMPLOYER, name=bilingual("شركة المتصفح", "Browser Soft")
    )

    def person(email: str, organisation: Any, role: str, name: str, language: str = "en") -> Any:
        user = user_create(email=email, full_name=bilingual(name, name), password=PASSWORD, preferred_language=language)
        membership_grant(user=user, organisation=organisation, role=role)
        return user

    return {
        "university": university,
        "employer": employer,
        "registrar": person("registrar@quality.test", university, Role.REGISTRAR, "Rami Registrar", "ar"),
        "qa": person("qa@quality.test", university, Role.QA_OFFICER, "Mona QA"),
        "rep": person("hr@employer.test", employer, Role.EMPLOYER_REPRESENTATIVE, "Hani HR"),
        "version": released_version(university, "QLOOP-1"),
    }


def sign_in(page: Page, base: str, email: str, language: str) -> None:
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "wisam_language", "value": language, "url": base}])
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".signed-in__name")).to_be_visible()
    switch_language(page, language)


def switch_language(page: Page, language: str) -> None:
    """The person's own preferred language wins at sign-in; the header's language button changes it."""
    if page.locator("html").get_attribute("lang") != language:
        page.locator(f".language-switch button[value={language}]").click()
        page.wait_for_load_state("networkidle")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")


def csv_file(rows: list[str]) -> dict[str, Any]:
    text = "\n".join(["email,enrolled_on,status,finished_on", *rows]) + "\n"
    return {"name": "cohort.csv", "mimeType": "text/csv", "buffer": text.encode()}


def test_registrar_uploads_enrolments_and_records_an_outcome(
    page: Page, live_server: Any, cast: dict[str, Any], screenshot_dir: Path
) -> None:
    from wisam.core.models import DomainEvent
    from wisam.quality.models import Enrolment

    base = live_server.url
    mc = cast["version"].micro_credential
    started = (timezone.localdate() - timedelta(days=60)).isoformat()
    ended = (timezone.localdate() - timedelta(days=5)).isoformat()
    future = (timezone.localdate() + timedelta(days=30)).isoformat()

    # --- in Arabic: a file with two wrong rows is refused whole, each wrong row named by its line
    sign_in(page, base, "registrar@quality.test", "ar")
    page.goto(f"{base}/")
    page.get_by_role("link", name="الالتحاقات").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("الالتحاقات")
    upload = page.locator("section[aria-labelledby=csv-title]")
    expect(upload.locator("select option").first).to_have_text("- اختر خيارًا -")  # no English left on the page
    upload.locator("select").select_option(str(mc.pk))
    upload.locator("input[type=file]").set_input_files(
        csv_file(
            [
                f"amal@learner.test,{started},enrolled,",
                f"not-an-email,{started},enrolled,",  # line 3
                f"basel@learner.test,{future},enrolled,",  # line 4: starts in the future
                f"carma@learner.test,{started},passed,{ended}",
            ]
        )
    )
    upload.get_by_role("button", name="ارفع").click()
    errors = page.get_by_test_id("upload-errors")
    expect(errors).to_be_visible()
    expect(errors.locator("li")).to_have_count(2)
    expect(errors.locator("li").nth(0)).to_contain_text("الصف 3")
    expect(errors.locator("li").nth(1)).to_contain_text("الصف 4")
    expect(page.locator("table.kpi-table tbody")).not_to_contain_text("amal@learner.test")
    assert Enrolment.objects.count() == 0
    page.screenshot(path=str(screenshot_dir / "quality-enrolments-upload-errors-ar.png"), full_page=True)

    # --- in English: the corrected file is recorded whole
    switch_language(page, "en")
    upload = page.locator("section[aria-labelledby=csv-title]")
    upload.get_by_label("Micro-credential").select_option(str(mc.pk))
    upload.get_by_label("CSV file").set_input_files(
        csv_file(
            [
                f"amal@learner.test,{started},enrolled,",
                f"dalia@learner.test,{started},enrolled,",
                f"basel@learner.test,{started},enrolled,",
                f"carma@learner.test,{started},passed,{ended}",
            ]
        )
    )
    upload.get_by_role("button", name="Upload").click()
    expect(page.locator(".message--success")).to_contain_text("4 enrolments recorded.")
    table = page.get_by_role("table", name="Recent enrolments")
    for email in ("amal@learner.test", "basel@learner.test", "carma@learner.test", "dalia@learner.test"):
        expect(table.get_by_role("row", name=email)).to_be_visible()
    expect(table.get_by_role("row", name="carma@learner.test")).to_contain_text("Passed")

    # --- Basel withdrew: the registrar records it
    basel = table.get_by_role("row", name="basel@learner.test")
    basel.get_by_label("Status").select_option("withdrawn")
    basel.get_by_label("Finished on").fill(ended)
    basel.get_by_role("button", name="Save").click()
    expect(page.locator(".message--success")).to_contain_text("Outcome recorded.")
    expect(page.get_by_role("row", name="basel@learner.test")).to_contain_text(f"Withdrawn ({ended})")

    assert Enrolment.objects.count() == 4
    withdrawn = Enrolment.objects.get(learner_email="basel@learner.test")
    assert (withdrawn.status, withdrawn.finished_on) == ("withdrawn", date.fromisoformat(ended))
    assert DomainEvent.objects.filter(action="quality.enrolment.recorded").count() == 4
    assert DomainEvent.objects.filter(action="quality.enrolment.outcome", subject_id=str(withdrawn.pk)).exists()


def test_employer_answers_the_survey_once_a_year(page: Page, live_server: Any, cast: dict[str, Any]) -> None:
    from wisam.quality.models import SurveyReceipt, SurveyResponse

    base = live_server.url
    mc = cast["version"].micro_credential
    sign_in(page, base, "hr@employer.test", "en")
    page.goto(f"{base}/")
    page.get_by_role("link", name="Rate micro-credentials").click()
    page.get_by_label("Find a micro-credential").fill("QLOOP-1")
    page.get_by_role("button", name="Search").click()
    row = page.get_by_role("row").filter(has_text="Quality University")
    expect(row).to_have_count(1)
    row.get_by_role("link", name="Answer the survey").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Employer satisfaction survey")
    # A colleague's tab (same organisation) opens the same survey before the answer below is sent.
    other_tab = page.context.new_page()
    other_tab.goto(page.url)
    expect(other_tab.get_by_test_id("survey-form")).to_be_visible()

    # Every rating given but not how they know holders: refused, naming that question; nothing is recorded.
    for qid in ("skills_applied", "content_relevant", "work_ready", "overall_satisfied", "prefer_holders"):
        page.locator(f'[data-question="{qid}"] input[value="4"]').check()
    page.get_by_role("button", name="Send my answers").click()
    alert = page.locator('[data-question="relationship"] [role=alert]')
    expect(alert).to_contain_text("Question 1 (“How do you know holders of this micro-credential?”)")
    summary = page.get_by_test_id("survey-errors")
    expect(summary.get_by_role("link")).to_have_count(1)  # only the question left unanswered
    summary.get_by_role("link").click()
    expect(page).to_have_url(re.compile("#field-relationship$"))
    expect(page.locator('[data-question="skills_applied"] input[value="4"]')).to_be_checked()  # answers kept
    assert SurveyResponse.objects.count() == 0

    page.locator('[data-question="relationship"] input[value="employ"]').check()
    page.locator('[data-question="missing_skills"] textarea').fill("Dashboards for managers.")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator(".message--success")).to_contain_text("your organisation's answers are recorded")
    row = page.get_by_role("row").filter(has_text="Quality University")
    expect(row).to_contain_text("Answered — thank you")
    expect(row.get_by_role("link", name="Answer the survey")).to_have_count(0)
    assert SurveyReceipt.objects.filter(respondent_organisation=cast["employer"], micro_credential=mc).count() == 1

    # The tab opened earlier sends a second answer for the same micro-credential and year: refused, saying why.
    for qid in ("skills_applied", "content_relevant", "work_ready", "overall_satisfied", "prefer_holders"):
        other_tab.locator(f'[data-question="{qid}"] input[value="2"]').check()
    other_tab.locator('[data-question="relationship"] input[value="other"]').check()
    other_tab.get_by_role("button", name="Send my answers").click()
    refused = other_tab.get_by_test_id("survey-errors")
    expect(refused.get_by_role("heading")).to_have_text("Your answers were not recorded")
    expect(refused).to_contain_text("Your organisation has already answered for this micro-credential this year.")
    expect(other_tab.get_by_test_id("survey-answered")).to_contain_text(
        f"Your organisation has already answered this survey for {timezone.localdate().year}."
    )
    other_tab.close()
    assert SurveyResponse.objects.count() == 1

    # A second answer for the same micro-credential and year is not offered, even at the survey's own address.
    page.goto(f"{base}/quality/surveys/employer/{mc.pk}/")
    expect(page.get_by_test_id("survey-answered")).to_be_visible()
    expect(page.get_by_test_id("survey-form")).to_have_count(0)
    switch_language(page, "ar")
    expect(page.get_by_test_id("survey-answered")).to_contain_text("شكرًا")
    page.goto(f"{base}/quality/surveys/employer/")
    expect(page.get_by_role("row").filter(has_text="جامعة الجودة")).to_contain_text("تمت الإجابة — شكرًا لك")
    assert SurveyResponse.objects.count() == 1


def test_annual_review_changes_reach_the_public_change_log(
    page: Page, live_server: Any, cast: dict[str, Any], screenshot_dir: Path
) -> None:
    from wisam.accreditation.models import RegisterEntry
    from wisam.core.models import DomainEvent
    from wisam.design.services import specification_version_set_status, specification_version_update
    from wisam.quality.models import AnnualReview

    base = live_server.url
    mc = cast["version"].micro_credential
    year = timezone.localdate().year
    sign_in(page, base, "qa@quality.test", "en")
    page.goto(f"{base}/quality/micro-credentials/{mc.pk}/feedback/")
    expect(page.get_by_label("Year under review")).to_have_value(str(year))
    page.get_by_role("button", name="Start or open the annual review").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Annual review {year}")
    expect(page.get_by_test_id("annual-review-status")).to_have_text("Draft")

    # Completing without a decision is refused, saying why.
    page.get_by_role("button", name="Complete the annual review").click()
    expect(page.locator("main .form-errors[role=alert]")).to_contain_text("decision")
    assert not AnnualReview.objects.get().is_completed

    page.get_by_label("Revise").check()
    page.get_by_label("Reasons and actions").fill("Learners ask for more practice with real data.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".message--success")).to_contain_text("Decision recorded.")

    page.get_by_label("What changes in the next edition (English)").fill("More hands-on practice with real data")
    page.get_by_label("What changes in the next edition (Arabic)").fill("تطبيق عملي أكثر على بيانات حقيقية")
    page.get_by_role("button", name="Carry the changes into a new version").click()
    expect(page.get_by_test_id("new-version")).to_contain_text("Version 2 was created from this review.")
    expect(page.get_by_role("link", name="Open it in the designer")).to_be_visible()

    page.get_by_role("button", name="Complete the annual review").click()
    expect(page.get_by_test_id("annual-review-status")).to_have_text("Completed")
    expect(page.get_by_role("button", name="Complete the annual review")).to_have_count(0)
    review = AnnualReview.objects.get()
    assert review.is_completed
    assert review.decision == "revise"
    assert review.new_version.number == 2
    completed = DomainEvent.objects.get(action="quality.annual_review.completed", subject_id=str(mc.pk))
    assert (completed.payload["annual_review_id"], completed.payload["new_version"]) == (review.pk, 2)

    # The designers edit the new draft and it is released (the design and QA flows, tested elsewhere).
    new = specification_version_update(version=review.new_version, actor=None, fields={"notional_hours": 100})
    for status in ("in_review", "approved", "ready_for_accreditation"):
        new = specification_version_set_status(version=new, status=status, actor=None)

    # --- an anonymous visitor, in Arabic, reads what changed on the register entry
    entry = RegisterEntry.objects.get(micro_credential=mc)
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "wisam_language", "value": "ar", "url": base}])
    page.goto(f"{base}/accreditation/register/{entry.identifier}/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    log = page.get_by_test_id("change-log")
    expect(log.get_by_role("heading", name="ما الذي تغير منذ الإصدار السابق")).to_be_visible()
    editions = log.locator("li")
    expect(editions).to_have_count(2)
    expect(editions.first).to_contain_text("الإصدار 2")
    expect(editions.first).to_contain_text("تطبيق عملي أكثر على بيانات حقيقية")
    expect(editions.first).to_contain_text(str(year))
    expect(editions.nth(1)).to_contain_text("الإصدار 1")
    page.screenshot(path=str(screenshot_dir / "quality-register-change-log-ar.png"), full_page=True)
