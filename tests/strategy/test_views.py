"""Strategy pages in Arabic and English: the team page with its gaps and RACI form, the canvas and its versions,
the registers with their SVG grid, the self-assessment → radar → roadmap flow, models and recommendations."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.policy_matrix import Personas
from wisam.core.i18n import bilingual
from wisam.strategy import services
from wisam.strategy.models import MaturityAssessment, RaciAssignment, RoadmapAction, Stakeholder, StrategyVersion
from wisam.strategy.vocab import TeamRole


@pytest.fixture
def signed_in(personas: Personas) -> Any:
    def make(persona: str, language: str = "en") -> Client:
        client = Client(headers={"accept-language": language})
        client.cookies["wisam_language"] = language
        if persona != "anonymous":
            client.force_login(personas.people[persona])
        return client

    return make


def page(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    html = response.content.decode()
    assert html.count("<table") == html.count("<caption"), f"{url}: a table without a caption"
    return html


@pytest.mark.parametrize("language", ["ar", "en"])
def test_team_page_shows_gaps_and_the_matrix(personas: Personas, signed_in: Any, language: str) -> None:
    slug = personas.home.slug
    approver = signed_in("approver", language)
    html = page(approver, reverse("strategy:team", args=[slug]))
    assert "TEAM_EMPTY" in html
    expected = {"ar": "فريق برنامج الشهادات المصغّرة", "en": "Micro-credential programme team"}[language]
    assert expected in html
    assert f'lang="{language}"' in html
    assert ('dir="rtl"' in html) == (language == "ar")
    response = approver.post(
        reverse("strategy:team_add", args=[slug]),
        {"user": personas.people["designer"].pk, "team_role": TeamRole.ACADEMIC_LEAD},
    )
    assert response.status_code == 302
    html = page(approver, reverse("strategy:team", args=[slug]))
    assert "TEAM_NO_QA_LEAD" in html
    assert "RACI_NO_ACCOUNTABLE" in html
    member = personas.home.strategy_team.get()
    response = approver.post(reverse("strategy:team_raci", args=[slug]), {f"raci-{member.pk}-design": "A"})
    assert response.status_code == 302
    assert RaciAssignment.objects.get(member=member, stage="design").letter == "A"
    # A designer reads the team but cannot change it.
    designer = signed_in("designer", language)
    html = page(designer, reverse("strategy:team", args=[slug]))
    assert "<select" not in html
    assert designer.post(reverse("strategy:team_raci", args=[slug]), {}).status_code == 403
    # Another institution's administrator sees nothing.
    other = Client()
    other.force_login(personas.other_admin)
    assert other.get(reverse("strategy:team", args=[slug])).status_code == 403


def test_canvas_is_versioned_and_owned_by_the_approver(personas: Personas, signed_in: Any) -> None:
    slug = personas.home.slug
    approver = signed_in("approver")
    assert "Write the strategy" in page(approver, reverse("strategy:canvas", args=[slug]))
    form = {"rationale_0": "لأن", "rationale_1": "Because", "business_model": "peer_consortium", "change_note": "v1"}
    assert approver.post(reverse("strategy:canvas_edit", args=[slug]), form).status_code == 302
    form["business_model"] = "business_unit"
    form["change_note"] = "a business unit now"
    assert approver.post(reverse("strategy:canvas_edit", args=[slug]), form).status_code == 302
    assert list(StrategyVersion.objects.values_list("number", flat=True).order_by("number")) == [1, 2]
    designer = signed_in("designer")
    html = page(designer, reverse("strategy:canvas", args=[slug]))
    assert "Institutional business unit" in html
    assert "a business unit now" in html
    assert "Revise the strategy" not in html
    assert "Peer consortium" in page(designer, reverse("strategy:canvas_version", args=[slug, 1]))
    assert designer.get(reverse("strategy:canvas_edit", args=[slug])).status_code == 403
    html = page(signed_in("approver", "ar"), reverse("strategy:canvas", args=[slug]))
    assert "لأن" in html


@pytest.mark.parametrize("language", ["ar", "en"])
def test_register_grid_is_accessible_svg_with_a_table(personas: Personas, signed_in: Any, language: str) -> None:
    slug = personas.home.slug
    qa = signed_in("qa", language)
    blank = page(qa, reverse("strategy:stakeholders", args=[slug]))
    for name in ("influence", "interest"):  # a new stakeholder starts in the middle of the grid, as in the model
        assert re.search(rf'<select name="{name}"[^>]*>.*?<option value="3" selected>', blank, re.S), name
    response = qa.post(
        reverse("strategy:stakeholders", args=[slug]),
        {
            "name_0": "شركة البرمجيات",
            "name_1": "Software company",
            "kind": "employer",
            "influence": "4",
            "interest": "5",
        },
    )
    assert response.status_code == 302
    entry = Stakeholder.objects.get()
    html = page(qa, reverse("strategy:stakeholders", args=[slug]))
    svg = re.search(r"<svg[^>]*chart--grid.*?</svg>", html, re.S)
    assert svg is not None
    assert 'role="img"' in svg.group(0)
    assert "<title" in svg.group(0)
    assert "<desc" in svg.group(0)
    assert ('direction="rtl"' in svg.group(0)) == (language == "ar")
    assert "<table" in html
    assert ("شركة البرمجيات" if language == "ar" else "Software company") in html
    qa.post(
        reverse("strategy:stakeholder", args=[entry.pk]),
        {"stage": "need_codesign", "description_0": "", "description_1": "Co-designs outcomes"},
    )
    assert "Co-designs outcomes" in page(qa, reverse("strategy:stakeholders", args=[slug]))
    # A registrar reads the register but may not add to it.
    assert signed_in("registrar").post(reverse("strategy:stakeholders", args=[slug]), {}).status_code == 403


def test_national_register_is_kept_by_the_ministry_and_read_by_members(personas: Personas, signed_in: Any) -> None:
    slug = personas.ministry.slug
    ministry = signed_in("ministry")
    response = ministry.post(
        reverse("strategy:stakeholders", args=[slug]),
        {"name_0": "الهيئة", "name_1": "AQAC", "kind": "aqac", "influence": "5", "interest": "5"},
    )
    assert response.status_code == 302
    html = page(signed_in("employer"), reverse("strategy:stakeholders", args=[slug]))
    assert "National stakeholder register" in html
    assert "AQAC" in html
    assert signed_in("employer").post(reverse("strategy:stakeholders", args=[slug]), {}).status_code == 403
    assert signed_in("learner").get(reverse("strategy:stakeholders", args=[slug])).status_code == 403


def test_self_assessment_radar_and_roadmap(personas: Personas, signed_in: Any, maturity_model: Any) -> None:
    slug = personas.home.slug
    qa, approver = signed_in("qa"), signed_in("approver")
    assert qa.post(reverse("strategy:assessment_start", args=[slug])).status_code == 302
    assessment = MaturityAssessment.objects.get()
    html = page(qa, reverse("strategy:assessment", args=[assessment.pk]))
    assert "Quality assurance" in html
    assert 'name="level-' in html
    assert "Save and submit" not in html
    data = {}
    for rating in assessment.ratings.all():
        data[f"level-{rating.indicator_id}"] = "3"
        data[f"evidence-{rating.indicator_id}"] = "Senate minutes"
    assert qa.post(reverse("strategy:assessment", args=[assessment.pk]), data).status_code == 302
    # The QA officer may not submit; the approver does.
    assert qa.post(reverse("strategy:assessment_submit", args=[assessment.pk])).status_code == 403
    assert approver.post(reverse("strategy:assessment_submit", args=[assessment.pk])).status_code == 302
    html = page(approver, reverse("strategy:maturity", args=[slug]))
    assert "chart--radar" in html
    assert 'id="profile-table"' in html
    assert 'id="median-hidden"' in html  # no other institution: the median is not shown
    assert approver.post(reverse("strategy:roadmap_propose", args=[assessment.pk])).status_code == 302
    assert RoadmapAction.objects.count() == maturity_model.dimensions.count()
    html = page(approver, reverse("strategy:roadmap", args=[slug]))
    assert "reach level 4" in html
    assert 'class="timeline"' in html
    ar_html = page(signed_in("approver", "ar"), reverse("strategy:maturity", args=[slug]))
    assert 'direction="rtl"' in ar_html
    assert "ضمان الجودة" in ar_html
    assert "الوسيط الوطني" in ar_html


def test_action_owner_may_update_status_only(personas: Personas, signed_in: Any, maturity_model: Any) -> None:
    action = services.roadmap_action_create(
        organisation=personas.home,
        dimension=maturity_model.dimensions.first(),
        title=bilingual("إجراء", "Write the QA policy"),
        owner=personas.people["designer"],
        actor=personas.people["approver"],
    )
    designer = signed_in("designer")
    assert 'name="owner"' not in page(designer, reverse("strategy:action", args=[action.pk]))
    assert designer.post(reverse("strategy:action", args=[action.pk]), {"status": "done"}).status_code == 302
    action.refresh_from_db()
    assert action.status == "done"
    assert (
        signed_in("registrar").post(reverse("strategy:action", args=[action.pk]), {"status": "planned"}).status_code
        == 403
    )


def test_models_are_public_and_edited_in_drafts(personas: Personas, signed_in: Any, maturity_model: Any) -> None:
    html = page(signed_in("anonymous"), reverse("strategy:model", args=[maturity_model.pk]))
    assert "Digital credentialing infrastructure" in html
    assert "Iatrellis" in html
    officer = signed_in("aqac_officer")
    assert officer.post(reverse("strategy:model_new_version", args=[maturity_model.pk])).status_code == 302
    draft = type(maturity_model).objects.get(version=2)
    dimension = draft.dimensions.get(key="business-model")
    form = {"name_0": "نموذج العمل", "name_1": "Business model", "description_0": "", "description_1": ""}
    for n in range(1, 6):
        form[f"level_{n}_0"], form[f"level_{n}_1"] = f"مستوى {n}", f"Level {n} text"
    assert officer.post(reverse("strategy:dimension_edit", args=[dimension.pk]), form).status_code == 302
    assert signed_in("approver").get(reverse("strategy:dimension_edit", args=[dimension.pk])).status_code == 403
    assert signed_in("anonymous").get(reverse("strategy:model", args=[draft.pk])).status_code == 404
    response = officer.post(
        reverse("strategy:model_publish", args=[draft.pk]), {"change_note_0": "تبسيط", "change_note_1": "Simpler"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "published"


def test_recommendations_tracker(personas: Personas, signed_in: Any) -> None:
    services.recommendations_seed(owner=personas.ministry)
    html = page(signed_in("employer"), reverse("strategy:recommendations"))
    assert "REC-5" in html
    assert "Palestinian NQF" in html
    assert signed_in("learner").get(reverse("strategy:recommendations")).status_code == 403
    ministry = signed_in("ministry")
    response = ministry.post(
        reverse("strategy:recommendations"),
        {"code": "REC-6", "title_0": "توصية", "title_1": "Publish the trust list", "status": "open"},
    )
    assert response.status_code == 302
    rec = services.Recommendation.objects.get(code="REC-6")
    response = ministry.post(
        reverse("strategy:recommendation", args=[rec.pk]),
        {"title_0": "", "title_1": "Trust list v1", "url": "https://example.org/trust"},
    )
    assert response.status_code == 302
    assert "Trust list v1" in page(signed_in("aqac_officer", "ar"), reverse("strategy:recommendation", args=[rec.pk]))


def test_api(personas: Personas, signed_in: Any, maturity_model: Any) -> None:
    models = signed_in("anonymous").get("/api/strategy/maturity-models")
    assert models.status_code == 200
    assert len(models.json()[0]["dimensions"]) >= 8
    team = signed_in("qa").get(f"/api/strategy/{personas.home.slug}/team")
    assert team.status_code == 200
    assert team.json()["findings"][0]["code"] == "TEAM_EMPTY"
    assert signed_in("employer").get(f"/api/strategy/{personas.home.slug}/team").status_code == 403
    maturity = signed_in("approver").get(f"/api/strategy/{personas.home.slug}/maturity")
    assert maturity.json()["national_median"] is None


@pytest.mark.parametrize("language", ["ar", "en"])
def test_overview_index_and_engagement_pages(
    personas: Personas, signed_in: Any, maturity_model: Any, language: str
) -> None:
    from wisam.design.services import micro_credential_create

    slug = personas.home.slug
    designer = signed_in("designer", language)
    mc = micro_credential_create(
        organisation=personas.home, code="DATA-02", title=bilingual("بيانات", "Data"), actor=personas.people["designer"]
    ).micro_credential
    assert slug in page(designer, reverse("strategy:index"))
    page(designer, reverse("strategy:overview", args=[slug]))
    page(designer, reverse("strategy:models"))
    stakeholder = services.stakeholder_create(
        organisation=personas.home,
        actor=personas.people["designer"],
        name=bilingual("شركة", "Company"),
        kind="employer",
    )
    second = services.stakeholder_create(
        organisation=personas.home,
        actor=personas.people["designer"],
        name=bilingual("غرفة", "Chamber"),
        kind="chamber",
    )
    page(designer, reverse("strategy:engagement_new", args=[slug]))
    response = designer.post(
        reverse("strategy:engagement_new", args=[slug]),
        {
            "kind": "codesign_workshop",
            "title_0": "ورشة",
            "title_1": "Workshop",
            "held_on": "2026-02-01",
            "stakeholders": [stakeholder.pk, second.pk],
        },
    )
    assert response.status_code == 302
    url = response["Location"]
    html = page(designer, url)
    # The stakeholders are listed with the reader's own comma.
    comma = {"ar": "،", "en": ","}[language]
    other = {"ar": ",", "en": "،"}[language]
    names = re.search(r"<dd>(<a [^>]*>[^<]*</a>.*?)</dd>", html, re.S)
    assert names is not None
    assert f"</a>{comma} <a" in names.group(1)
    assert other not in names.group(1)
    assert f"design.microcredential:{mc.pk}" in html
    assert designer.post(url, {"target": f"design.microcredential:{mc.pk}"}).status_code == 302
    assert "DATA-02" in page(designer, url)
    # The registrar reads the engagement but cannot link outcomes.
    assert signed_in("registrar", language).post(url, {"target": f"design.microcredential:{mc.pk}"}).status_code == 403
