"""The design API: the same permissions and validation as the pages; errors name the field; OpenAPI documents it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.design.specs import good
from wisam.design.models import SpecificationVersion, VersionStatus
from wisam.design.services import specification_version_set_status
from wisam.institutions.roles import Role


@pytest.fixture
def client_for() -> Any:
    def make(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


def test_create_read_update_lint_and_list(home: Any, designer: Any, client_for: Any) -> None:
    api = client_for(designer)
    # create
    response = api.post(
        "/api/design/specifications",
        {
            "organisation": home.slug,
            "code": "API-1",
            "title": {"ar": "عنوان", "en": "Title"},
            "content": {"eqf_level": 5},
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    version = response.json()
    assert version["content"]["eqf_level"] == 5
    assert version["status"] == "draft"
    assert version["can_edit"]
    vid = version["id"]
    # partial update keeps other language
    response = api.patch(
        f"/api/design/versions/{vid}", {"title": {"en": "Better"}, "ects": "2.5"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["content"]["title"] == {"ar": "عنوان", "en": "Better"}
    assert response.json()["content"]["ects"] == 2.5
    # validation error names the field
    response = api.patch(f"/api/design/versions/{vid}", {"eqf_level": 12}, content_type="application/json")
    assert response.status_code == 422
    assert "eqf_level" in response.json()["errors"]
    # items
    response = api.post(
        f"/api/design/versions/{vid}/outcomes",
        {"text": {"en": "Analyse data using pandas in notebooks."}},
        content_type="application/json",
    )
    assert response.status_code == 201
    outcome_id = response.json()["outcomes"][0]["id"]
    assert response.json()["outcomes"][0]["bloom_level"] == 4
    response = api.post(
        f"/api/design/versions/{vid}/assessments",
        {"title": {"en": "Project"}, "outcomes": [outcome_id]},
        content_type="application/json",
    )
    assert response.json()["assessments"][0]["outcomes"] == [outcome_id]
    response = api.patch(
        f"/api/design/outcomes/{outcome_id}", {"skills": ["nonsense"]}, content_type="application/json"
    )
    assert response.status_code == 422
    assert "skills" in response.json()["errors"]
    # lint
    report = api.get(f"/api/design/versions/{vid}/lint").json()
    assert report["blocking"] > 0
    assert {b["id"] for b in report["blocks"]} >= {"need", "outcomes", "evaluation"}
    assert "LO_TOO_FEW" in {f["code"] for f in report["findings"]}
    # list
    listed = api.get("/api/design/specifications").json()
    assert [v["id"] for v in listed] == [vid]
    # alignment
    assert api.get(f"/api/design/versions/{vid}/alignment").json()["rows"][0]["assessments"] == [True]


def test_full_load_version_compare_and_exports(make_spec: Any, designer: Any, client_for: Any) -> None:
    version = make_spec()
    api = client_for(designer)
    response = api.put(f"/api/design/versions/{version.pk}", good(), content_type="application/json")
    assert response.status_code == 200
    assert api.get(f"/api/design/versions/{version.pk}/lint").json()["findings"] == []
    # frozen: edits refused, a new version is allowed
    specification_version_set_status(version=version, status=VersionStatus.APPROVED, actor=designer)
    response = api.patch(f"/api/design/versions/{version.pk}", {"ects": 4}, content_type="application/json")
    assert response.status_code == 403
    response = api.post(f"/api/design/versions/{version.pk}/next")
    assert response.status_code == 201
    new_id = response.json()["id"]
    api.patch(f"/api/design/versions/{new_id}", {"ects": 4, "notional_hours": 110}, content_type="application/json")
    comparison = api.get(f"/api/design/versions/{version.pk}/compare/{new_id}").json()
    assert {d["path"] for d in comparison["differences"]} == {"ects", "notional_hours"}
    assert api.get(f"/api/design/versions/{new_id}/export/elm").json()["type"] == "Qualification"
    assert api.get(f"/api/design/versions/{new_id}/export/ob3").json()["achievementType"] == "MicroCredential"
    # a second draft is refused with a reason
    response = api.post(f"/api/design/versions/{version.pk}/next")
    assert response.status_code == 422
    assert response.json()["detail"]


def test_others_do_not_see_drafts_and_cannot_create(
    make_spec: Any, make_person: Any, make_organisation: Any, client_for: Any, home: Any
) -> None:
    version = make_spec()
    other = make_organisation("rival")
    rival = make_person("designer@rival.test", other, Role.MC_DESIGNER)
    api = client_for(rival)
    assert api.get(f"/api/design/versions/{version.pk}").status_code == 404
    assert api.get(f"/api/design/versions/{version.pk}/lint").status_code == 404
    assert api.get("/api/design/specifications").json() == []
    response = api.post(
        "/api/design/specifications",
        {"organisation": home.slug, "code": "X", "title": {"ar": "س"}},
        content_type="application/json",
    )
    assert response.status_code == 403
    qa = make_person("qa@karmil-test.test", home, Role.QA_OFFICER)
    qa_api = client_for(qa)
    assert qa_api.get(f"/api/design/versions/{version.pk}").json()["can_edit"] is False
    assert (
        qa_api.patch(f"/api/design/versions/{version.pk}", {"ects": 1}, content_type="application/json").status_code
        == 403
    )
    assert Client().get(f"/api/design/versions/{version.pk}").status_code == 401


def test_lint_unsaved_specification(designer: Any, client_for: Any) -> None:
    response = client_for(designer).post("/api/design/lint", good(), content_type="application/json")
    assert response.status_code == 200
    assert response.json()["findings"] == []
    bad = {"title": "Know Python", "outcomes": ["Understand Python", "يعرف البرمجة"]}
    codes = {
        f["code"]
        for f in client_for(designer).post("/api/design/lint", bad, content_type="application/json").json()["findings"]
    }
    assert {"LO_VERB_VAGUE", "LO_TOO_FEW", "VOLUME_HOURS_MISSING"} <= codes


def test_openapi_documents_the_design_api(designer: Any, client_for: Any) -> None:
    schema = client_for(designer).get("/api/openapi.json").json()
    paths = schema["paths"]
    assert "/api/design/versions/{version_id}/lint" in paths
    assert "/api/design/versions/{version_id}/next" in paths
    lint_200 = paths["/api/design/versions/{version_id}/lint"]["get"]["responses"]["200"]
    assert "LintReportOut" in str(lint_200)
    assert "VersionContentIn" in str(schema["components"]["schemas"].keys())


def test_versions_unchanged_by_failed_update(make_spec: Any, designer: Any, client_for: Any) -> None:
    version = make_spec()
    client_for(designer).patch(
        f"/api/design/versions/{version.pk}", {"ects": "abc", "eqf_level": 4}, content_type="application/json"
    )
    version = SpecificationVersion.objects.get(pk=version.pk)
    assert version.eqf_level == 6
