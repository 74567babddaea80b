"""End to end in Chromium: a designer designs a micro-credential block by block, fixes the linter's findings and
submits it; the QA officer reviews it against the checklists and recommends it; the approver approves it and
releases it: the version ends "ready for accreditation".

Uses the web shell's browser fixtures (tests/browser/conftest.py: live_server, Debian chromium). Everyone works in
English here so that the labels are stable; the Arabic interface is covered by the unit tests of each page.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from wisam.core.i18n import bilingual
from wisam.institutions.models import Organisation
from wisam.institutions.roles import OrganisationKind, Role
from wisam.quality.templatetags.quality_tags import item_anchor

pytestmark = pytest.mark.browser

PASSWORD = "a-Long-password-1"
SKILL = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"


@pytest.fixture
def team(transactional_db: Any) -> dict[str, Any]:
    from wisam.institutions.services import membership_grant, organisation_create, user_create
    from wisam.quality.services import checklists_load

    university = organisation_create(
        slug="browser-university",
        kind=OrganisationKind.UNIVERSITY_TRADITIONAL,
        name=bilingual("جامعة المتصفح", "Browser University"),
    )
    people = {}
    for key, role, name in (
        ("designer", Role.MC_DESIGNER, "Dana Designer"),
        ("qa", Role.QA_OFFICER, "Qasim Quality"),
        ("approver", Role.INSTITUTIONAL_APPROVER, "Amal Approver"),
    ):
        user = user_create(
            email=f"{key}@browser.test",
            full_name=bilingual(name, name),
            password=PASSWORD,
            preferred_language="en",
        )
        membership_grant(user=user, organisation=university, role=role)
        people[key] = user
    checklists_load()
    return {"organisation": university, **people}


def sign_in(page: Page, base: str, email: str) -> None:
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "wisam_language", "value": "en", "url": base}])
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".signed-in__name")).to_be_visible()


def settle(page: Page) -> None:
    """Let htmx autosave finish (changes are debounced, then posted)."""
    page.wait_for_timeout(350)
    page.wait_for_load_state("networkidle")


def fill_fields(page: Page, values: dict[str, Any]) -> None:
    """Fill fields by name (as the designer would, one after the other), one block at a time, and let each save.

    One block at a time: each block is its own autosaving form, and the test database (SQLite in memory) refuses
    two writers at once rather than making one wait.
    """
    blocks: dict[str, dict[str, Any]] = {}
    for name, value in values.items():
        blocks.setdefault(name.split("-", 1)[0], {})[name] = value
    for block_values in blocks.values():
        for name, value in block_values.items():
            field = page.locator(f'[name="{name}"]')
            if isinstance(value, list):  # a group of checkboxes
                for choice in value:
                    page.locator(f'input[name="{name}"][value="{choice}"]').check()
                continue
            tag = field.first.evaluate("el => el.tagName.toLowerCase()")
            if tag == "select":
                field.select_option(str(value))
            else:
                field.fill(str(value))
            field.first.dispatch_event("change")
        settle(page)


def add_item(page: Page, kind: str, button: str) -> Any:
    """Add an item of `kind` and return the new list entry."""
    items = page.locator(f"#items-{kind} > li")
    before = items.count()
    page.get_by_role("button", name=button).click()
    expect(items).to_have_count(before + 1)
    settle(page)
    return items.nth(before)


def fill_item(page: Page, item: Any, values: dict[str, Any]) -> None:
    for suffix, value in values.items():
        if isinstance(value, list):
            for choice in value:
                item.locator(f'input[name$="-{suffix}"][value="{choice}"]').check()
            continue
        field = item.locator(f'[name$="-{suffix}"]').first
        if field.evaluate("el => el.tagName.toLowerCase()") == "select":
            field.select_option(str(value))
        else:
            field.fill(str(value))
        field.dispatch_event("change")
    settle(page)


def blocking_codes(page: Page) -> list[str]:
    return page.locator(".finding--blocking .finding__code").all_inner_texts()


def take_step(page: Page, label: str, comment: str = "") -> None:
    """Open a workflow step on the review page, (comment,) confirm, and land back on the page."""
    step = page.locator("details.transition", has=page.locator("summary", has_text=label))
    step.locator("summary").click()
    if comment:
        step.locator("textarea[name=comment]").fill(comment)
    step.get_by_role("button", name=f"Confirm: {label}").click()
    page.wait_for_load_state("networkidle")


def test_design_review_approve(page: Page, live_server: Any, team: dict[str, Any]) -> None:
    base = live_server.url
    organisation: Organisation = team["organisation"]

    # --- the designer starts a micro-credential
    sign_in(page, base, "designer@browser.test")
    page.goto(f"{base}/design/new/")
    if page.locator("select[name=organisation]").count():
        page.locator("select[name=organisation]").select_option(str(organisation.pk))
    page.locator("[name=code]").fill("DATA-BR-01")
    page.locator("[name=title_0]").fill("تحليل البيانات للأعمال")
    page.locator("[name=title_1]").fill("Data analysis for business")
    page.get_by_role("button", name="Start designing").click()
    page.wait_for_url(re.compile(r"/design/v/\d+/"))
    version_id = int(re.search(r"/design/v/(\d+)/", page.url).group(1))  # type: ignore[union-attr]
    assert blocking_codes(page), "a new draft has blocking findings"

    # --- block by block
    fill_fields(
        page,
        {
            "need-need_0": "تحتاج الشركات المحلية إلى محللي بيانات.",
            "need-need_1": "Local companies need data analysts.",
            "need-need_evidence_0": "مسح غرفة التجارة 2025.",
            "need-need_evidence_1": "Chamber of commerce survey 2025.",
            "need-target_group_0": "موظفون وخريجون جدد.",
            "need-target_group_1": "Employees and recent graduates.",
            "need-co_design_partners_0": "شركة زيتونة للبرمجيات.",
            "need-co_design_partners_1": "Zaytouna Software.",
        },
    )
    # learning outcomes: the first one is vague, and the linter says so
    first = add_item(page, "outcome", "Add a learning outcome")
    fill_item(page, first, {"text_0": "يفهم أساسيات البيانات", "text_1": "Understand the basics of data"})
    page.reload()
    assert "LO_VERB_VAGUE" in blocking_codes(page)
    first = page.locator("#items-outcome > li").first
    fill_item(
        page,
        first,
        {
            "text_0": "ينظّف مجموعات بيانات حقيقية باستخدام مكتبة pandas في بيئة عمل مؤسسية",
            "text_1": "Clean real-world datasets using pandas in an organisational setting",
        },
    )
    for ar, en in (
        (
            "يحلّل اتجاهات المبيعات باستخدام الجداول المحورية لدعم قرارات الإدارة",
            "Analyse sales trends using pivot tables to support management decisions",
        ),
        (
            "يصمّم لوحة معلومات تفاعلية لعرض مؤشرات الأداء لأصحاب القرار في المؤسسة",
            "Design an interactive dashboard presenting performance indicators for decision makers",
        ),
    ):
        item = add_item(page, "outcome", "Add a learning outcome")
        fill_item(page, item, {"text_0": ar, "text_1": en})
    page.reload()
    assert "LO_VERB_VAGUE" not in blocking_codes(page)
    for index in range(3):
        outcome = page.locator("#items-outcome > li").nth(index)
        outcome.locator('input[name="uri"]').fill(SKILL)
        outcome.get_by_role("button", name="Link").click()
        page.wait_for_load_state("networkidle")

    from wisam.design import vocab

    nqf = next(n for n, e in sorted(vocab.nqf_to_eqf_table().items()) if e == 5)
    credit_hours = (Decimal(5) / vocab.credit_rules().ects_per_credit_hour).quantize(Decimal("0.1"))
    fill_fields(
        page,
        {
            "level-nqf_level": str(nqf),
            "level-eqf_level": "5",
            "level-isced_code": "0613",
            "level-notional_hours": "125",
            "level-ects": "5",
            "level-credit_hours": str(credit_hours),
            "learning_design-participation_mode": "blended",
            "learning_design-learning_setting": "non_formal",
            "learning_design-duration_weeks": "8",
            "learning_design-languages": ["ar", "en"],
        },
    )
    page.reload()
    outcome_ids = [
        int(re.search(r"(\d+)$", i).group(1))  # type: ignore[union-attr]
        for i in page.locator("#items-outcome > li").evaluate_all("els => els.map(e => e.id)")
    ]
    for index, outcome_id in enumerate(outcome_ids, start=1):
        activity = add_item(page, "activity", "Add an activity")
        fill_item(
            page,
            activity,
            {
                "title_0": f"ورشة {index}",
                "title_1": f"Workshop {index}",
                "kind": "workshop",
                "hours": "30",
                "outcomes": [str(outcome_id)],
            },
        )
    fill_fields(
        page,
        {
            "assessment-assessment_type_0": "مشروع عملي ولوحة معلومات.",
            "assessment-assessment_type_1": "Practical project and a dashboard.",
            "assessment-grading_scheme": "pass_fail",
            "assessment-grading_description_0": "النجاح بتحقيق كل النتاجات.",
            "assessment-grading_description_1": "Pass by achieving every outcome.",
            "assessment-supervision": "supervised_with_id",
        },
    )
    assessment = add_item(page, "assessment", "Add an assessment")
    fill_item(
        page,
        assessment,
        {
            "title_0": "مشروع تحليل بيانات",
            "title_1": "Data analysis project",
            "method": "project",
            "purpose": "summative",
            "weighting": "100",
            "criteria_0": "سلم تقدير من أربعة مستويات.",
            "criteria_1": "A four-level rubric.",
            "outcomes": [str(i) for i in outcome_ids],
        },
    )
    fill_fields(
        page,
        {
            "quality-qa_type_0": "ضمان الجودة الداخلي في الجامعة.",
            "quality-qa_type_1": "The university's internal QA.",
            "quality-external_qa_body_0": "هيئة الاعتماد والجودة",
            "quality-external_qa_body_1": "AQAC",
            "quality-review_cycle_months": "12",
            "quality-feedback_instruments_0": "استبانة المتعلمين وأصحاب العمل.",
            "quality-feedback_instruments_1": "Learner and employer surveys.",
            "stackability-stackability": "standalone",
            "stackability-prerequisites_0": "مهارات حاسوب أساسية.",
            "stackability-prerequisites_1": "Basic computer skills.",
            "recognition-credential_format": "elm_ob3",
            "recognition-further_information_0": "انظر موقع المركز.",
            "recognition-further_information_1": "See the centre's website.",
            "access-entry_requirements_0": "شهادة الثانوية العامة.",
            "access-entry_requirements_1": "Secondary school certificate.",
            "access-inclusion_support_0": "قاعات مهيأة ودعم عن بعد.",
            "access-inclusion_support_1": "Accessible rooms and remote support.",
            "access-guidance_0": "مرشد أكاديمي لكل مجموعة.",
            "access-guidance_1": "An adviser for each cohort.",
            "access-fee_amount": "600",
            "access-fee_notes_0": "إعفاء جزئي للعاطلين عن العمل.",
            "access-fee_notes_1": "Partial waiver for the unemployed.",
            "evaluation-next_review_date": "2027-09-01",
            "evaluation-change_log_0": "الإصدار الأول.",
            "evaluation-change_log_1": "First version.",
        },
    )
    kpi = add_item(page, "kpi", "Add an indicator")
    fill_item(
        page,
        kpi,
        {
            "name_0": "نسبة الإتمام",
            "name_1": "Completion rate",
            "target_0": "80٪",
            "target_1": "80%",
            "instrument_0": "سجلات المركز",
            "instrument_1": "Centre records",
        },
    )
    page.reload()
    assert blocking_codes(page) == [], "every blocking finding is fixed"

    # --- the designer submits for internal review
    page.goto(f"{base}/quality/versions/{version_id}/")
    expect(page.locator(".no-blocking")).to_be_visible()
    take_step(page, "Submit for internal review", "Ready for your review.")
    expect(page.get_by_test_id("review-state")).to_have_text("In internal review")

    # --- the QA officer reviews against the checklists
    sign_in(page, base, "qa@browser.test")
    page.goto(f"{base}/quality/")
    page.locator(f'#queue-assess a[href="/quality/versions/{version_id}/"]').click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_test_id("judgement-ESG-1.2c")).to_contain_text("Met")  # pre-filled from the linter
    expect(page.get_by_test_id("judgement-ESG-1.3c")).to_have_text("—")  # the officer's own judgement
    take_step(page, "Recommend for approval")
    expect(page.locator(".refusal")).to_contain_text("Judge every checklist item first")
    for code in page.locator("[data-testid^=judgement-]").evaluate_all(
        "els => els.filter(e => e.textContent.trim() === '—').map(e => e.dataset.testid.slice(10))"
    ):
        item = page.locator(f"#{item_anchor(code)}")
        item.locator("select[name$=-judgement]").select_option("met")
        item.locator("textarea[name$=-comment]").fill("Checked against the institution's policy.")
        if code == "ESG-1.2e":
            item.locator("input[name$=-evidence_url]").fill("https://browser-university.example/qa/policy.pdf")
        item.get_by_role("button", name=f"Save judgement of {code}").click()
        expect(page.locator(f"#{item_anchor(code)} .message")).to_contain_text("Saved")
    page.goto(f"{base}/quality/versions/{version_id}/")
    take_step(page, "Recommend for approval", "Meets the EU and ESG checklists.")
    expect(page.get_by_test_id("review-state")).to_have_text("Awaiting institutional approval")

    # --- the approver approves and releases for accreditation
    sign_in(page, base, "approver@browser.test")
    page.goto(f"{base}/quality/")
    page.locator(f'#queue-approve a[href="/quality/versions/{version_id}/"]').click()
    page.wait_for_load_state("networkidle")
    take_step(page, "Approve for the institution", "Approved by the council on 1 March.")
    expect(page.get_by_test_id("review-state")).to_have_text("Approved by the institution")
    take_step(page, "Mark ready for accreditation")
    expect(page.get_by_test_id("review-state")).to_have_text("Ready for accreditation")
    history = page.locator(".timeline-list")
    for label in ("Submit for internal review", "Recommend for approval", "Approve for the institution"):
        expect(history).to_contain_text(label)

    from wisam.design.models import SpecificationVersion

    assert SpecificationVersion.objects.get(pk=version_id).status == "ready_for_accreditation"
