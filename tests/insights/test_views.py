"""Insights pages, downloads, report and API: both languages, the scope of every viewer, the numbers in the exports."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook
from tests.insights.conftest import World

from wisam.insights.selectors import DASHBOARDS


@pytest.fixture
def signed_in(world: World) -> Any:
    def make(persona: str, language: str = "en") -> Client:
        client = Client(headers={"accept-language": language})
        client.cookies["wisam_language"] = language
        if persona != "anonymous":
            user = world.people[persona]
            user.preferred_language = language
            user.save(update_fields=["preferred_language"])
            client.force_login(user)
        return client

    return make


def get(client: Client, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response


def csv_rows(response: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("name", DASHBOARDS)
def test_ministry_analyst_opens_every_dashboard(world: World, signed_in: Any, language: str, name: str) -> None:
    html = get(signed_in("ministry", language), f"/insights/national/{name}/").content.decode()
    assert f'lang="{language}"' in html
    assert ('dir="rtl"' in html) == (language == "ar")
    assert "<svg" in html
    assert "<title" in html
    assert "<desc" in html
    assert "<table" in html
    assert 'scope="col"' in html
    assert html.count("<h1") == 1
    assert "style=" not in html  # the CSP forbids inline styles


def test_chart_and_table_carry_the_same_numbers(world: World, signed_in: Any) -> None:
    html = get(signed_in("ministry"), "/insights/national/supply/").content.decode()
    section = html[html.index('id="supply_field"') : html.index('id="supply_level"')]
    assert "04 " in section
    assert ">1<" in section
    assert ">3<" in section
    desc = re.search(r'<desc id="chart-supply_field-desc">([^<]*)</desc>', section)
    assert desc is not None
    assert "3" in desc.group(1)


def test_filters_are_validated_and_bookmarkable(world: World, signed_in: Any) -> None:
    client = signed_in("ministry")
    html = get(client, "/insights/national/supply/?date_from=2026-31-01&level=9").content.decode()
    assert "YYYY-MM-DD" in html
    assert "Choose an EQF level from 1 to 8." in html
    html = get(client, "/insights/national/supply/?date_from=2026-05-01&date_to=2026-01-01").content.decode()
    assert "swap the two dates" in html
    # A valid filter is kept in the tabs' and downloads' links.
    html = get(client, "/insights/national/supply/?field=06").content.decode()
    assert "/insights/national/reach/?field=06" in html
    assert "supply_field.csv?field=06" in html


def test_csv_and_xlsx_have_the_tables_numbers(world: World, signed_in: Any) -> None:
    client = signed_in("ministry")
    rows = csv_rows(get(client, "/insights/national/supply/supply_field.csv"))
    assert rows[0] == ["Field", "Accredited micro-credentials"]
    assert [r[1] for r in rows[1:]] == ["1", "3"]
    rows = csv_rows(get(client, "/insights/national/reach/issued_gender.csv"))
    assert ["Male", "fewer than 5"] in rows
    response = get(client, "/insights/national/supply/export.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["supply_field"]
    assert [c.value for c in sheet[3]] == ["04 " + sheet["A3"].value[3:], 1]
    assert sheet["B4"].value == 3
    one = load_workbook(io.BytesIO(get(client, "/insights/national/supply/supply_level.xlsx").content))
    assert one.sheetnames == ["supply_level"]
    get(client, "/insights/national/supply/export.csv", status=404)
    get(client, "/insights/national/supply/nothing.csv", status=404)


def test_an_institution_sees_only_itself_through_any_filter_export_or_api(world: World, signed_in: Any) -> None:
    home, other = world.home.slug, world.other.slug
    client = signed_in("approver")
    # Own dashboards: yes. The national ones and a rival's: no.
    get(client, f"/insights/institutions/{home}/reach/")
    get(client, "/insights/national/reach/", status=403)
    get(client, f"/insights/institutions/{other}/reach/", status=403)
    get(client, f"/insights/institutions/{other}/reach/issued_over_time.csv", status=403)
    get(client, f"/insights/institutions/{other}/reach/export.xlsx", status=403)
    get(client, "/insights/national/reach/export.xlsx", status=403)
    assert client.get(f"/api/insights/institutions/{other}/reach").status_code == 403
    assert client.get("/api/insights/national/reach").status_code == 403
    # An institution filter in the address changes nothing: the rival's March credentials never appear as "yours".
    rows = csv_rows(get(client, f"/insights/institutions/{home}/reach/issued_over_time.csv?institution={other}"))
    assert rows[0] == ["Month", "Your institution", "National median per institution"]
    assert rows[1:] == [["2026-01", "3", "0"], ["2026-02", "3", "0"], ["2026-03", "0", "0"]]
    data = client.get(f"/api/insights/institutions/{home}/quality?institution={other}").json()
    lint = next(f for f in data["figures"] if f["key"] == "lint_rule")
    assert {r["key"]: r["values"] for r in lint["rows"]} == {"ASSESS_NONE": [2, 0, 0], "KPI_NONE": [0, 1, 0]}
    html = get(client, f"/insights/institutions/{home}/supply/").content.decode()
    assert world.other.name["en"] not in html
    assert 'name="institution"' not in html


def test_other_people_are_refused(world: World, signed_in: Any) -> None:
    for persona in ("designer", "registrar", "employer", "learner", "evaluator"):
        get(signed_in(persona), "/insights/national/supply/", status=403)
        get(signed_in(persona), f"/insights/institutions/{world.home.slug}/supply/", status=403)
    get(signed_in("anonymous"), "/insights/national/supply/", status=302)


def test_index_sends_each_viewer_to_their_dashboards(world: World, signed_in: Any) -> None:
    assert get(signed_in("ministry"), "/insights/", 302)["Location"] == "/insights/national/supply/"
    assert get(signed_in("qa"), "/insights/", 302)["Location"] == f"/insights/institutions/{world.home.slug}/supply/"
    assert (
        get(signed_in("employer"), "/insights/", 302)["Location"] == f"/insights/employers/{world.employer.slug}/needs/"
    )


@pytest.mark.parametrize("language", ["ar", "en"])
def test_yearly_report_renders_and_downloads_as_pdf(world: World, signed_in: Any, language: str) -> None:
    client = signed_in("ministry", language)
    html = get(client, "/insights/report/2026/").content.decode()
    assert f'lang="{language}"' in html
    assert "2026" in html
    assert html.count("<h1") == 1
    assert "<svg" in html
    pdf = get(client, "/insights/report/2026.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert len(pdf.content) > 5000
    get(client, "/insights/report/1999/", status=404)
    get(signed_in("approver"), "/insights/report/2026/", status=403)


def test_api_dashboards_same_numbers_and_filters(world: World, signed_in: Any) -> None:
    client = signed_in("ministry")
    data = client.get("/api/insights/national/supply").json()
    field = next(f for f in data["figures"] if f["key"] == "supply_field")
    assert {r["key"]: r["values"] for r in field["rows"]} == {"04": [1], "06": [3]}
    narrowed = client.get("/api/insights/national/supply?level=5").json()
    field = next(f for f in narrowed["figures"] if f["key"] == "supply_field")
    assert {r["key"]: r["values"] for r in field["rows"]} == {"06": [2]}
    assert client.get("/api/insights/national/supply?level=12").status_code == 422
    assert client.get("/api/insights/national/nothing").status_code == 404
