"""End to end in Chromium: a QA officer rates the institution's micro-credential practice with evidence, the
approver submits the self-assessment, sees the radar against the previous assessment and the national median, and
proposes the improvement roadmap from the gaps; then the roadmap's timeline shows the actions with owners.

Uses the web shell's browser fixtures (tests/browser/conftest.py: live_server, Debian chromium). In English for
stable labels; the Arabic pages (RTL charts) are covered by tests/strategy/test_views.py.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from wisam.core.i18n import bilingual
from wisam.institutions.roles import OrganisationKind, Role
from wisam.strategy.vocab import TeamRole

pytestmark = pytest.mark.browser

PASSWORD = "a-Long-password-1"


@pytest.fixture
def world(transactional_db: Any) -> dict[str, Any]:
    from wisam.institutions.services import membership_grant, organisation_create, user_create
    from wisam.strategy import services

    model = services.maturity_model_load()

    def institution(slug: str, name: str) -> Any:
        return organisation_create(
            slug=slug, kind=OrganisationKind.UNIVERSITY_COLLEGE, name=bilingual(f"كلية {name}", f"{name} College")
        )

    def person(key: str, organisation: Any, role: str) -> Any:
        user = user_create(
            email=f"{key}@{organisation.slug}.test",
            full_name=bilingual(key.title(), key.title()),
            password=PASSWORD,
            preferred_language="en",
        )
        membership_grant(user=user, organisation=organisation, role=role)
        return user

    home = institution("browser-college", "Browser")
    qa = person("qa", home, Role.QA_OFFICER)
    approver = person("approver", home, Role.INSTITUTIONAL_APPROVER)
    services.team_member_add(organisation=home, user=approver, team_role=TeamRole.STRATEGIC_LEAD, actor=approver)
    services.team_member_add(organisation=home, user=qa, team_role=TeamRole.QA_LEAD, actor=approver)

    def submit(organisation: Any, actor: Any, level: int, on: date) -> None:
        assessment = services.assessment_start(organisation=organisation, actor=actor, model=model, assessed_on=on)
        ratings = {r.indicator_id: {"level": level, "evidence": "report"} for r in assessment.ratings.all()}
        services.assessment_rate(assessment=assessment, ratings=ratings, actor=actor)
        services.assessment_submit(assessment=assessment, actor=actor)

    submit(home, approver, 1, date(2025, 3, 1))  # last year's assessment
    for index, level in enumerate((1, 2, 2)):  # three peers: the national median can be shown
        peer = institution(f"peer-{index}", f"Peer {index}")
        submit(peer, person("approver", peer, Role.INSTITUTIONAL_APPROVER), level, date(2026, 3, 1))
    return {"home": home, "model": model}


def sign_in(page: Page, base: str, email: str) -> None:
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "wisam_language", "value": "en", "url": base}])
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".signed-in__name")).to_be_visible()


def test_self_assessment_leads_to_a_roadmap(page: Page, live_server: Any, world: dict[str, Any]) -> None:
    base = live_server.url
    slug = world["home"].slug

    # --- the QA officer rates every indicator, with evidence
    sign_in(page, base, f"qa@{slug}.test")
    page.goto(f"{base}/strategy/{slug}/maturity/")
    page.get_by_role("button", name="Start a self-assessment").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name="Maturity self-assessment")).to_be_visible()
    indicators = page.locator(".indicator")
    count = indicators.count()
    assert count >= 24
    for index in range(count):
        indicator = indicators.nth(index)
        # Quality assurance lags behind: level 2 there, level 3 elsewhere.
        in_qa = (
            indicator.locator("xpath=ancestor::section[1]").get_attribute("aria-labelledby") == "dim-quality-assurance"
        )
        indicator.get_by_label("2. Piloting" if in_qa else "3. Defined").check()
        indicator.locator("textarea").fill("Approved by the university council, minutes 2026/4")
    page.get_by_role("button", name="Save the ratings").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".message--success")).to_contain_text("Ratings saved")
    expect(page.locator('[data-dimension="strategy-leadership"]')).to_have_text("3")
    expect(page.locator('[data-dimension="quality-assurance"]')).to_have_text("2")
    expect(page.get_by_role("button", name="Save and submit")).to_have_count(0)  # the approver submits

    # --- the approver submits and compares
    sign_in(page, base, f"approver@{slug}.test")
    page.goto(f"{base}/strategy/{slug}/maturity/")
    page.get_by_role("link", name="Continue the self-assessment").click()
    page.get_by_role("button", name="Save and submit").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".message--success")).to_contain_text("submitted")
    radar = page.locator("svg.chart--radar")
    expect(radar).to_be_visible()
    expect(radar.locator(".series--current")).to_have_count(1)
    expect(radar.locator(".series--previous")).to_have_count(1)
    expect(radar.locator(".series--median")).to_have_count(1)
    table = page.locator("#profile-table")
    qa_row = table.locator("tr", has=page.locator("th", has_text="Quality assurance"))
    expect(qa_row.locator("td")).to_have_text(["2", "1", "2"])

    # --- the roadmap is proposed from the gaps and kept on a timeline
    page.get_by_role("button", name="Propose a roadmap from the gaps").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name="Improvement roadmap")).to_be_visible()
    actions = page.locator(".roadmap-action")
    expect(actions).to_have_count(world["model"].dimensions.count())
    qa_action = actions.filter(has_text="Quality assurance: reach level 3")
    expect(qa_action).to_contain_text("Owner: Qa")
    expect(qa_action).to_contain_text("Proposed")
    qa_action.get_by_role("link").click()
    page.locator("select[name=status]").select_option("in_progress")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".roadmap-action", has_text="Quality assurance: reach level 3")).to_contain_text("In progress")
