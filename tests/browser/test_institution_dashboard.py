"""End to end in Chromium with the demo: an institution's QA officer opens the insights dashboards and sees "Your
institution" beside the national median; editing the address (an `institution=` parameter, another institution's
slug) never shows another institution's figures; the CSV downloaded holds only the institution's own numbers. The
approver reads the same in Arabic."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PASSWORD = "wisam-demo-2026"
OWN = "karmil"
OTHER = "zaytoun"


@pytest.fixture
def demo_world(transactional_db: Any, live_server: Any) -> Any:
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
    if page.locator("html").get_attribute("lang") != language:
        page.locator(f".language-switch button[value={language}]").click()
        page.wait_for_load_state("networkidle")
    expect(page.locator("html")).to_have_attribute("lang", language)


def table_rows(page: Page, key: str) -> list[list[str]]:
    rows = page.locator(f"#{key}-table tbody tr")
    return [
        [cell.strip() for cell in rows.nth(index).locator("th, td").all_inner_texts()] for index in range(rows.count())
    ]


def other_names() -> list[str]:
    """Every other organisation's names (both languages) and slugs: none may appear on the institution's pages."""
    from wisam.institutions.models import Organisation

    names = []
    for organisation in Organisation.objects.exclude(slug=OWN):
        names += [organisation.slug, *(value for value in organisation.name.values() if value)]
    return names


def download_csv(page: Page, link_name: str, screenshot_dir: Path) -> list[list[str]]:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    download = info.value
    target = screenshot_dir / f"institution-{download.suggested_filename}"
    download.save_as(target)
    assert download.suggested_filename.startswith(f"wisam-reach-{OWN}-")
    return list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))


def test_institution_sees_itself_beside_the_median_and_nothing_else(
    page: Page, demo_world: Any, screenshot_dir: Path
) -> None:
    from wisam.accreditation.models import CURRENT_STATUSES, RegisterEntry
    from wisam.credentials.models import IssuedCredential
    from wisam.institutions.models import Organisation

    base = demo_world.url
    own = Organisation.objects.get(slug=OWN)
    accredited = RegisterEntry.objects.filter(organisation=own, status__in=CURRENT_STATUSES).count()
    issued = IssuedCredential.objects.filter(organisation=own).count()
    assert accredited
    assert issued
    assert IssuedCredential.objects.exclude(organisation=own).exists()
    strangers = other_names()

    sign_in(page, base, f"qa@{OWN}.example", "en")
    page.goto(f"{base}/insights/")
    expect(page).to_have_url(f"{base}/insights/institutions/{OWN}/supply/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Al-Karmil University")
    expect(page.locator("main")).to_contain_text("Your institution beside the national median")
    headers = page.locator("#supply_field-table thead th").all_inner_texts()
    assert headers[1:] == ["Your institution", "National median per institution"]
    key = page.locator(".key-figures li").first
    expect(key.locator(".value")).to_have_text(str(accredited))
    expect(key.locator(".median")).to_contain_text("National median")
    expect(page.locator("select[name=institution]")).to_have_count(0)  # nothing to choose
    own_rows = table_rows(page, "supply_field")
    assert own_rows

    # --- editing the address: another institution as a parameter changes nothing
    page.goto(f"{base}/insights/institutions/{OWN}/supply/?institution={OTHER}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Al-Karmil University")
    expect(page.locator(".key-figures li").first.locator(".value")).to_have_text(str(accredited))
    assert table_rows(page, "supply_field") == own_rows
    main = page.locator("main").inner_text()
    assert not [name for name in strangers if name in main and name != OTHER], "another institution is named"
    # ... and another institution's own address is refused.
    refused = page.goto(f"{base}/insights/institutions/{OTHER}/supply/")
    assert refused is not None
    assert refused.status in (403, 404)
    expect(page.locator("main")).not_to_contain_text("Al-Zaytoun")
    refused = page.goto(f"{base}/insights/institutions/{OTHER}/reach/issued_field.csv")
    assert refused is None or refused.status in (403, 404)

    # --- the reach dashboard, still with the edited address; its CSV holds the institution's own figures only
    page.goto(f"{base}/insights/institutions/{OWN}/reach/?institution={OTHER}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Reach and outcomes")
    expect(page.locator("#issued_institution")).to_have_count(0)  # the nation's per-institution figure is not here
    # Learner demographics: neither the own count nor the others' median is shown below five.
    for key in ("issued_gender", "issued_age"):
        for row in table_rows(page, key):
            for cell in row[1:]:
                assert cell in ("0", "fewer than 5") or float(cell) >= 5, (key, row)
    rows = download_csv(page, "Download CSV — Credentials issued by field (ISCED-F broad field)", screenshot_dir)
    assert rows[0][1:] == ["Your institution", "National median per institution"]
    assert sum(int(row[1]) for row in rows[1:]) == issued  # every credential of the institution, none of the others
    text = "\n".join(",".join(row) for row in rows)
    assert not [name for name in strangers if name in text and len(name) > 3], "another institution in the CSV"
    page.screenshot(path=str(screenshot_dir / "insights-institution-reach-en.png"), full_page=True)
    # The same through the API, with the signed-in session: the parameter is ignored, another slug refused.
    api = page.request.get(f"{base}/api/insights/institutions/{OWN}/reach?institution={OTHER}")
    assert api.status == 200
    by_field = next(f for f in api.json()["figures"] if f["key"] == "issued_field")
    assert sum(row["values"][0] for row in by_field["rows"]) == issued
    assert page.request.get(f"{base}/api/insights/institutions/{OTHER}/reach").status in (403, 404)

    # --- the approver, in Arabic: the same figures, right to left
    sign_in(page, base, f"approver@{OWN}.example", "ar")
    page.goto(f"{base}/insights/institutions/{OWN}/supply/?institution={OTHER}")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", level=1)).to_contain_text("جامعة الكرمل")
    headers = page.locator("#supply_field-table thead th").all_inner_texts()
    assert headers[1:] == ["مؤسستك", "الوسيط الوطني لكل مؤسسة"]
    expect(page.locator(".key-figures li").first.locator(".value")).to_have_text(str(accredited))
    expect(page.locator("main")).not_to_contain_text("جامعة الزيتون")
    page.screenshot(path=str(screenshot_dir / "insights-institution-supply-ar.png"), full_page=True)
