"""The designer pages: block-by-block autosave (htmx), errors in the user's language, items, printable pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from wisam.design.models import SpecificationVersion, VersionStatus
from wisam.design.services import specification_version_set_status
from wisam.institutions.roles import Role

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def web(designer: Any) -> Client:
    client = Client()
    client.force_login(designer)
    return client


def _block_post(block: str, **values: Any) -> dict[str, Any]:
    return {f"{block}-{name}": value for name, value in values.items()}


def test_designer_page_shows_every_block_with_guidance_and_matrix(make_spec: Any, web: Client) -> None:
    version = make_spec()
    page = web.get(f"/design/v/{version.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for title in ("Need and relevance", "Learning outcomes", "Level and volume", "Evaluation and improvement"):
        assert title in page
    assert "Write 3 to 8 outcomes" in page  # guidance
    assert f'hx-post="/design/v/{version.pk}/block/level/"' in page
    assert "<caption" in page
    assert "Alignment matrix" in page
    assert 'aria-describedby="err-level-eqf_level"' in page


def test_autosave_saves_and_reports_findings(make_spec: Any, web: Client) -> None:
    version = make_spec()
    response = web.post(
        f"/design/v/{version.pk}/block/level/",
        _block_post(
            "level", eqf_level="6", nqf_level="2", isced_code="0613", notional_hours="200", ects="3", credit_hours="2"
        ),
        **HTMX,
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="save-status"' in body
    assert 'hx-swap-oob="true"' in body
    assert "VOLUME_HOURS_ECTS_MISMATCH" in body  # the level block's findings, live
    assert SpecificationVersion.objects.get(pk=version.pk).notional_hours == 200


def test_autosave_errors_are_in_arabic_and_good_input_is_kept(make_spec: Any, web: Client) -> None:
    version = make_spec()
    web.cookies["django_language"] = "ar"
    response = web.post(
        f"/design/v/{version.pk}/block/level/",
        _block_post(
            "level",
            eqf_level="6",
            nqf_level="2",
            isced_code="0688",
            notional_hours="ثمانون",
            ects="3",
            credit_hours="2",
        ),
        HTTP_ACCEPT_LANGUAGE="ar",
        **HTMX,
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert 'id="err-level-notional_hours"' in body
    assert "أدخل" in body  # "Enter a whole number." in Arabic
    assert "لم يُحفظ" in body  # the save status, from the design app's Arabic catalogue
    page = web.get(f"/design/v/{version.pk}/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "الجاهزية" in page
    assert "مصفوفة المواءمة" in page
    assert 'href="#field-level-notional_hours"' in body  # the error summary links to the field
    version = SpecificationVersion.objects.get(pk=version.pk)
    assert version.isced_code == "0688"  # the valid field was saved
    assert version.notional_hours == 80  # the invalid one left as it was


def test_service_validation_errors_reach_the_field(make_spec: Any, web: Client) -> None:
    version = make_spec()
    response = web.post(f"/design/v/{version.pk}/block/level/", _block_post("level", eqf_level="12"), **HTMX)
    assert response.status_code == 422
    assert 'id="err-level-eqf_level"' in response.content.decode()


def test_translated_fields_and_languages_save(make_spec: Any, web: Client) -> None:
    version = make_spec()
    data = {
        "recognition-title_0": "عنوان جديد",
        "recognition-title_1": "New title",
        "recognition-awarding_country": "PS",
    }
    assert web.post(f"/design/v/{version.pk}/block/recognition/", data, **HTMX).status_code == 200
    data = {"learning_design-languages": ["ar"], "learning_design-participation_mode": "online"}
    assert web.post(f"/design/v/{version.pk}/block/learning_design/", data, **HTMX).status_code == 200
    version = SpecificationVersion.objects.get(pk=version.pk)
    assert version.title == {"ar": "عنوان جديد", "en": "New title"}
    assert version.languages == ["ar"]
    assert version.participation_mode == "online"


def test_without_javascript_the_form_posts_and_redirects(make_spec: Any, web: Client) -> None:
    version = make_spec()
    response = web.post(f"/design/v/{version.pk}/block/level/", _block_post("level", ects="3.5"))
    assert response.status_code == 302
    assert response["Location"].endswith("#block-level")
    response = web.post(f"/design/v/{version.pk}/block/level/", _block_post("level", ects="x"))
    assert response.status_code == 422
    assert "error-summary" in response.content.decode()


def test_items_add_edit_link_and_remove(make_spec: Any, web: Client) -> None:
    version = make_spec()
    response = web.post(f"/design/v/{version.pk}/items/outcome/add/", **HTMX)
    assert response.status_code == 200
    assert 'id="section-outcomes"' in response.content.decode()
    outcome = version.outcomes.last()
    prefix = f"outcome-{outcome.pk}"
    response = web.post(
        f"/design/item/outcome/{outcome.pk}/",
        {
            f"{prefix}-text_0": "أن يقيّم جودة التقارير وفق معايير المؤسسة",
            f"{prefix}-text_1": "Evaluate reports against the organisation's standards.",
        },
        **HTMX,
    )
    assert response.status_code == 200
    outcome.refresh_from_db()
    assert outcome.bloom_level == 5
    assessment = version.assessments.first()
    response = web.post(
        f"/design/item/assessment/{assessment.pk}/",
        {
            f"assessment-{assessment.pk}-outcomes": [str(outcome.pk)],
            f"assessment-{assessment.pk}-weighting": "40",
            f"assessment-{assessment.pk}-purpose": "summative",
            f"assessment-{assessment.pk}-method": "project",
        },
        **HTMX,
    )
    assert response.status_code == 200
    assert list(assessment.outcomes.all()) == [outcome]
    # link a skill by address, then remove the outcome
    uri = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"
    web.post(f"/design/outcome/{outcome.pk}/skills/", {"uri": uri}, **HTMX)
    outcome.refresh_from_db()
    assert outcome.skills == [uri]
    assert web.get(f"/design/outcome/{outcome.pk}/skills/search/", {"q": "py"}).status_code == 200
    web.post(f"/design/item/outcome/{outcome.pk}/remove/", **HTMX)
    assert not version.outcomes.filter(pk=outcome.pk).exists()


def test_frozen_versions_are_read_only_and_a_new_version_can_start(make_spec: Any, web: Client, designer: Any) -> None:
    version = make_spec()
    specification_version_set_status(version=version, status=VersionStatus.APPROVED, actor=designer)
    page = web.get(f"/design/v/{version.pk}/").content.decode()
    assert "disabled" in page
    assert f'hx-post="/design/v/{version.pk}/block/' not in page
    assert web.post(f"/design/v/{version.pk}/block/level/", _block_post("level", ects="4"), **HTMX).status_code == 403
    response = web.post(f"/design/v/{version.pk}/next/")
    assert response.status_code == 302
    new = SpecificationVersion.objects.get(micro_credential=version.micro_credential, number=2)
    assert web.get(f"/design/v/{version.pk}/compare/{new.pk}/").status_code == 200


def test_printable_pages_and_exports(make_spec: Any, web: Client) -> None:
    version = make_spec()
    report = web.get(f"/design/v/{version.pk}/report/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Readiness per building block" in report
    assert "100%" in report
    sheet = web.get(f"/design/v/{version.pk}/sheet/").content.decode()
    assert "تحليل البيانات باستخدام بايثون" in sheet
    assert "Data analysis with Python" in sheet
    assert web.get(f"/design/v/{version.pk}/export/elm.jsonld")["Content-Type"] == "application/ld+json"
    assert web.get(f"/design/v/{version.pk}/export/ob3.json").status_code == 200
    assert web.get(f"/design/v/{version.pk}/report.json").json()["readiness"] == 100


def test_list_create_and_permissions(
    home: Any, web: Client, make_spec: Any, make_person: Any, make_organisation: Any
) -> None:
    assert "Design a new micro-credential" in web.get("/design/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    response = web.post(
        "/design/new/", {"organisation": home.pk, "code": "NEW-1", "title_0": "شهادة جديدة", "title_1": ""}
    )
    assert response.status_code == 302
    version = SpecificationVersion.objects.get(micro_credential__code="NEW-1")
    rival = make_person("d@rival.test", make_organisation("rival"), Role.MC_DESIGNER)
    other = Client()
    other.force_login(rival)
    assert other.get(f"/design/v/{version.pk}/").status_code == 404
    assert other.post(f"/design/v/{version.pk}/block/level/", {}, **HTMX).status_code == 404
    assert Client().get("/design/").status_code == 302
