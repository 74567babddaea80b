"""End to end in Chromium: an approved specification goes to AQAC — submission with documents, completeness
screening, panel assignment (the conflicted evaluator is refused), evaluation of every criterion, the panel report,
the commission's decision and publication — and anyone finds it in the public register, spelt either way.

Uses the web shell's browser fixtures (tests/browser/conftest.py). Everyone works in English for stable labels.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.quality.factories import make_clean_version
from wisam.core.i18n import bilingual
from wisam.institutions.roles import OrganisationKind, Role

pytestmark = pytest.mark.browser

PASSWORD = "a-Long-password-1"


@pytest.fixture
def scene(transactional_db: Any) -> dict[str, Any]:
    from wisam.accreditation.services import evaluator_register, guidelines_load
    from wisam.design.services import specification_version_set_status
    from wisam.institutions.services import membership_grant, organisation_create, user_create

    university = organisation_create(
        slug="browser-university", kind=OrganisationKind.UNIVERSITY_TRADITIONAL, name=bilingual("جامعة", "Browser U")
    )
    aqac = organisation_create(slug="aqac", kind=OrganisationKind.ACCREDITATION_BODY, name=bilingual("الهيئة", "AQAC"))
    people: dict[str, Any] = {}
    for key, organisation, role in (
        ("designer", university, Role.MC_DESIGNER),
        ("approver", university, Role.INSTITUTIONAL_APPROVER),
        ("officer", aqac, Role.AQAC_OFFICER),
        ("evaluator", aqac, Role.AQAC_EVALUATOR),
        ("lecturer", aqac, Role.AQAC_EVALUATOR),
        ("commission", aqac, Role.COMMISSION_MEMBER),
    ):
        user = user_create(
            email=f"{key}@browser.test", full_name=bilingual(key, key), password=PASSWORD, preferred_language="en"
        )
        membership_grant(user=user, organisation=organisation, role=role)
        people[key] = user
    # the second evaluator also teaches at the applicant university: a conflict of interest
    membership_grant(user=people["lecturer"], organisation=university, role=Role.MC_DESIGNER)
    guidelines_load()
    evaluator_register(user=people["evaluator"], isced_codes=["0613"], levels=[5], actor=None)
    evaluator_register(user=people["lecturer"], isced_codes=["0613"], levels=[5], actor=None)
    version = make_clean_version(organisation=university, actor=people["designer"], code="BROWSER-01")
    version = specification_version_set_status(version=version, status="ready_for_accreditation", actor=None)
    return {"version": version, **people}


def sign_in(page: Page, base: str, email: str) -> None:
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "wisam_language", "value": "en", "url": base}])
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def step(page: Page, name: str, comment: str = "") -> None:
    form = page.locator(f"form:has([data-testid=step-{name}])")
    if comment:
        form.locator("textarea[name=comment]").fill(comment)
    page.once("dialog", lambda dialog: dialog.accept())
    form.locator(f"[data-testid=step-{name}]").click()
    page.wait_for_load_state("networkidle")


def test_specification_to_public_register(page: Page, live_server: Any, scene: dict[str, Any], tmp_path: Path) -> None:
    base = live_server.url
    # the institution applies and attaches its documents
    sign_in(page, base, "approver@browser.test")
    page.goto(f"{base}/accreditation/")
    page.locator(f"[data-testid=apply-{scene['version'].pk}]").click()
    page.wait_for_load_state("networkidle")
    application_url = page.url
    document = tmp_path / "file.pdf"
    document.write_bytes(b"%PDF-1.4\n% browser test\n")
    for kind in ("cover_letter", "self_assessment", "approval"):
        page.locator("[data-testid=document-kind]").select_option(kind)
        page.locator("[data-testid=document-file]").set_input_files(str(document))
        page.locator("[data-testid=upload]").click()
        page.wait_for_load_state("networkidle")
    step(page, "submit")
    expect(page.locator("[data-testid=state]")).to_have_text("Completeness screening")

    # AQAC screens it, assigns the panel (the lecturer at the applicant is refused) and starts the evaluation
    sign_in(page, base, "officer@browser.test")
    page.goto(application_url)
    step(page, "accept")
    page.locator("[data-testid='assign-lecturer@browser.test']").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("main")).to_contain_text("applicant institution")
    page.locator("[data-testid='role-evaluator@browser.test']").select_option("chair")
    page.locator("[data-testid='assign-evaluator@browser.test']").click()
    page.wait_for_load_state("networkidle")
    step(page, "start_evaluation")
    expect(page.locator("[data-testid=state]")).to_have_text("Panel evaluation")

    # the evaluator scores every criterion with a justification, writes the report and sends it
    sign_in(page, base, "evaluator@browser.test")
    page.goto(application_url)
    for select in page.locator("select[name^=score-]").all():
        select.select_option("met")
    for area in page.locator("textarea[name^=justification-]").all():
        area.fill("Evidenced in the specification and the documents.")
    page.locator("[data-testid=save-scores]").click()
    page.wait_for_load_state("networkidle")
    page.locator("[data-testid=report-summary]").fill("A sound micro-credential.")
    page.locator("[data-testid=report-recommendation]").select_option("accredit")
    page.locator("[data-testid=save-report]").click()
    page.wait_for_load_state("networkidle")
    step(page, "submit_report")
    expect(page.locator("[data-testid=state]")).to_have_text("Awaiting the commission's decision")

    # the commission accredits it for three years
    sign_in(page, base, "commission@browser.test")
    page.goto(application_url)
    page.locator("[data-testid=decision]").select_option("accredit")
    page.locator("[data-testid=validity]").fill("36")
    page.locator("[data-testid=rationale]").fill("Every criterion is met.")
    page.locator("[data-testid=decide]").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("[data-testid=state]")).to_have_text("Accredited: awaiting publication")

    # AQAC publishes it in the register
    sign_in(page, base, "officer@browser.test")
    page.goto(application_url)
    step(page, "publish")
    expect(page.locator("[data-testid=state]")).to_have_text("Published in the register")
    identifier = page.locator("[data-testid=register-link]").inner_text().split(":")[-1].strip()

    # anyone finds it in the public register without signing in, even without the hamza
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "wisam_language", "value": "en", "url": base}])
    page.goto(f"{base}/accreditation/register/")
    page.locator("[data-testid=register-q]").fill("تحليل البيانات للاعمال")
    page.locator("[data-testid=register-search]").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name=identifier).click()
    expect(page.locator("[data-testid=identifier]")).to_have_text(identifier)
    expect(page.locator("[data-testid=entry-status]")).to_have_text("Accredited")
    expect(page.locator("main")).to_contain_text("Learning outcomes")
