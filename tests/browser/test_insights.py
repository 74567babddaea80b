"""End to end in Chromium with the demo: a ministry analyst opens each national dashboard in Arabic and in English
(screenshots under test-results/screenshots/), each chart has a title and its table carries the chart's numbers; an
employer's representative records a skill need and the analyst sees it on the alignment dashboard."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PASSWORD = "wisam-demo-2026"
DASHBOARDS = ("supply", "reach", "quality", "alignment")


@pytest.fixture
def national(transactional_db: Any, live_server: Any) -> Any:
    """The demo with its frameworks (an earlier transactional test may have flushed them): gives the live server."""
    from wisam.core.demo import demo_load
    from wisam.frameworks.services import frameworks_load

    frameworks_load()
    demo_load()
    return live_server


def sign_in(page: Page, base: str, email: str, language: str) -> None:
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "wisam_language", "value": language, "url": base}])
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".signed-in__name")).to_be_visible()
    # The person's own preferred language wins at sign-in; switch with the header's language button if needed.
    if page.locator("html").get_attribute("lang") != language:
        page.locator(f".language-switch button[value={language}]").click()
        page.wait_for_load_state("networkidle")
    expect(page.locator("html")).to_have_attribute("lang", language)


def _bar_numbers(page: Page, key: str) -> dict[str, str]:
    """{row label: value} read from the marks' own titles ("label — series: value") of a one-series bar chart."""
    titles = page.locator(f"#chart-{key}-title").locator("xpath=..").locator("rect.bar > title").all_text_contents()
    numbers = {}
    for title in titles:
        label, _dash, rest = title.rpartition(" — ")
        numbers[label.strip()] = rest.rsplit(": ", 1)[-1]
    return numbers


def _table_numbers(page: Page, key: str) -> dict[str, str]:
    rows = page.locator(f"#{key}-table tbody tr")
    found = {}
    for index in range(rows.count()):
        row = rows.nth(index)
        found[row.locator("th").inner_text().strip()] = row.locator("td").first.inner_text().strip()
    return found


@pytest.mark.parametrize("language", ["ar", "en"])
def test_analyst_reads_every_dashboard(page: Page, national: Any, screenshot_dir: Path, language: str) -> None:
    base = national.url
    sign_in(page, base, "analyst@mohe.example", language)
    for name in DASHBOARDS:
        page.goto(f"{base}/insights/national/{name}/")
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
        charts = page.locator("main svg[role=img]")
        assert charts.count() >= 1, name
        for index in range(charts.count()):
            chart = charts.nth(index)
            assert chart.locator("title").first.text_content(), f"{name}: a chart without a title"
            assert chart.get_attribute("aria-labelledby")
        assert page.locator("main table caption").count() >= charts.count()
        page.screenshot(path=str(screenshot_dir / f"insights-{name}-{language}.png"), full_page=True)
    # The chart and its table say the same thing.
    page.goto(f"{base}/insights/national/supply/")
    drawn = _bar_numbers(page, "supply_field")
    tabled = {label: value for label, value in _table_numbers(page, "supply_field").items() if value != "0"}
    assert drawn
    assert drawn == tabled


def test_employer_need_shows_on_the_alignment_dashboard(page: Page, national: Any, screenshot_dir: Path) -> None:
    base = national.url
    sign_in(page, base, "hr@zaytouna-soft.example", "en")
    page.goto(f"{base}/")
    page.get_by_role("link", name="Record your skill needs").click()
    page.get_by_label("Find ESCO skills").fill("Haskell")
    page.get_by_role("button", name="Search skills").click()
    page.get_by_label(re.compile("Haskell")).check()
    page.get_by_label("Sector").select_option("ict")
    page.get_by_label("Governorate where the people are needed").select_option("nablus")
    page.get_by_label("Number of people").fill("400")
    page.get_by_role("button", name="Record the skill need").click()
    expect(page.get_by_role("status")).to_contain_text("The skill need is recorded")
    expect(page.locator("#need-list")).to_contain_text("Haskell")
    page.screenshot(path=str(screenshot_dir / "insights-employer-need.png"), full_page=True)

    sign_in(page, base, "analyst@mohe.example", "en")
    page.goto(f"{base}/insights/national/alignment/")
    skills = page.locator("#alignment_skills-table")
    expect(skills).to_contain_text("Haskell")
    expect(skills.locator("tbody tr").first).to_contain_text("Haskell")  # 400 people: the most asked for
    expect(skills.locator("tbody tr").first).to_contain_text("Uncovered")
    page.screenshot(path=str(screenshot_dir / "insights-alignment-with-need.png"), full_page=True)
