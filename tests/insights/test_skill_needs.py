"""Employer skill needs: the service's validation and events, the page with its skill search, and the API (CRUD)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from tests.policy_matrix import Personas

from wisam.core.models import DomainEvent
from wisam.insights import services
from wisam.insights.models import SkillNeed


@pytest.fixture
def skills(db: Any) -> list[Any]:
    from wisam.frameworks.models import EscoSkill

    return list(EscoSkill.objects.order_by("uri")[:3])


@pytest.fixture
def client_for(personas: Personas) -> Any:
    def make(persona: str, language: str = "en") -> Client:
        client = Client(headers={"accept-language": language})
        client.cookies["wisam_language"] = language
        user = personas.people[persona]
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
        client.force_login(user)
        return client

    return make


def test_create_update_withdraw_record_events(personas: Personas, skills: list[Any]) -> None:
    rep = personas.people["employer"]
    need = services.skill_need_create(
        organisation=personas.employer, skills=skills[:2], sector="ict", region="nablus", people=4, actor=rep
    )
    assert set(need.skills.values_list("uri", flat=True)) == {s.uri for s in skills[:2]}
    need = services.skill_need_update(
        need=need, skills=[skills[2].uri], sector="health", region="hebron", people=7, horizon="12_36", actor=rep
    )
    assert (need.sector, need.people, need.horizon) == ("health", 7, "12_36")
    need = services.skill_need_withdraw(need=need, actor=rep)
    assert not need.is_active
    actions = list(
        DomainEvent.objects.filter(subject_id=str(need.pk), action__startswith="insights.").values_list(
            "action", flat=True
        )
    )
    assert actions == ["insights.skill_need.recorded", "insights.skill_need.updated", "insights.skill_need.withdrawn"]
    with pytest.raises(ValidationError):
        services.skill_need_withdraw(need=need, actor=rep)


def test_validation_names_each_field(personas: Personas, skills: list[Any]) -> None:
    with pytest.raises(ValidationError) as caught:
        services.skill_need_create(
            organisation=personas.employer,
            skills=["http://example.test/not-esco"],
            sector="space",
            region="atlantis",
            people=0,
            horizon="forever",
            actor=None,
        )
    assert set(caught.value.message_dict) == {"skills", "sector", "region", "people", "horizon"}
    with pytest.raises(ValidationError) as caught:
        services.skill_need_create(
            organisation=personas.home, skills=skills, sector="ict", region="gaza", people=1, actor=None
        )
    assert "organisation" in caught.value.message_dict
    assert SkillNeed.objects.count() == 0


@pytest.mark.parametrize("language", ["ar", "en"])
def test_employer_records_a_need_from_the_page_with_the_skill_search(
    personas: Personas, skills: list[Any], client_for: Any, language: str
) -> None:
    client = client_for("employer", language)
    url = f"/insights/employers/{personas.employer.slug}/needs/"
    assert client.get(url).status_code == 200
    label = skills[0].label["en"]
    searched = client.post(url, {"q": label, "action": "search"})
    assert searched.status_code == 200
    assert skills[0].uri in searched.content.decode()
    # Saving without a ticked skill, sector or people: each field is named.
    refused = client.post(url, {"action": "save", "q": label, "people": "many"})
    html = refused.content.decode()
    assert refused.status_code == 200
    assert "error-summary" in html
    assert SkillNeed.objects.count() == 0
    saved = client.post(
        url,
        {
            "action": "save",
            "skills": [skills[0].uri],
            "sector": "ict",
            "region": "jenin",
            "people": "6",
            "horizon": "0_12",
        },
    )
    assert saved.status_code == 302
    need = SkillNeed.objects.get()
    assert need.people == 6
    assert need.recorded_by == personas.people["employer"]
    # Edit and withdraw through the pages.
    edit = f"/insights/needs/{need.pk}/"
    assert client.get(edit).status_code == 200
    assert (
        client.post(
            edit,
            {
                "action": "save",
                "skills": [skills[0].uri],
                "sector": "ict",
                "region": "jenin",
                "people": "9",
                "horizon": "0_12",
            },
        ).status_code
        == 302
    )
    need.refresh_from_db()
    assert need.people == 9
    assert client.post(f"/insights/needs/{need.pk}/withdraw/").status_code == 302
    need.refresh_from_db()
    assert not need.is_active


def test_only_the_employers_representatives_record_its_needs(
    personas: Personas, skills: list[Any], client_for: Any
) -> None:
    url = f"/insights/employers/{personas.employer.slug}/needs/"
    for persona in ("admin", "ministry", "designer"):
        assert client_for(persona).get(url).status_code == 403
    need = services.skill_need_create(
        organisation=personas.employer, skills=skills[:1], sector="ict", region="gaza", people=2, actor=None
    )
    assert client_for("ministry").get(f"/insights/needs/{need.pk}/").status_code == 403
    assert client_for("admin").post(f"/insights/needs/{need.pk}/withdraw/").status_code == 403


def test_api_crud(personas: Personas, skills: list[Any], client_for: Any) -> None:
    client = client_for("employer")
    created = client.post(
        "/api/insights/skill-needs",
        {
            "organisation": personas.employer.slug,
            "skills": [skills[0].uri],
            "sector": "ict",
            "region": "gaza",
            "people": 3,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert client.get(f"/api/insights/skill-needs/{pk}").json()["people"] == 3
    bad = client.put(
        f"/api/insights/skill-needs/{pk}",
        {"skills": [], "sector": "ict", "region": "gaza", "people": 3},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert "skills" in bad.json()["detail"]
    updated = client.put(
        f"/api/insights/skill-needs/{pk}",
        {"skills": [skills[1].uri], "sector": "health", "region": "gaza", "people": 8, "horizon": "12_36"},
        content_type="application/json",
    )
    assert updated.json()["people"] == 8
    assert [n["id"] for n in client.get("/api/insights/skill-needs").json()] == [pk]
    assert [n["id"] for n in client_for("ministry").get("/api/insights/skill-needs").json()] == [pk]
    assert client_for("admin").get("/api/insights/skill-needs").json() == []
    assert client_for("admin").delete(f"/api/insights/skill-needs/{pk}").status_code == 403
    assert client.delete(f"/api/insights/skill-needs/{pk}").json()["withdrawn_at"] is not None
    assert (
        client_for("admin")
        .post(
            "/api/insights/skill-needs",
            {
                "organisation": personas.employer.slug,
                "skills": [skills[0].uri],
                "sector": "ict",
                "region": "gaza",
                "people": 1,
            },
            content_type="application/json",
        )
        .status_code
        == 403
    )
