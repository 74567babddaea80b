"""The pathways pages and API: lists, the rule editor, progress with plan and roadmap, uploads, recognition."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.pathways.conftest import World, external_document, issue
from wisam.pathways import services
from wisam.pathways.models import ExternalCredential, PathwayVersion, RecognitionRequest
from wisam.pathways.workflow import RequestState

pytestmark = pytest.mark.django_db


def test_published_pathways_are_public(client: Any, world: World, published: PathwayVersion) -> None:
    page = client.get(reverse("pathways:index"))
    assert page.status_code == 200
    assert "دبلوم البيانات" in page.content.decode()
    assert client.get(reverse("pathways:pathway", args=[published.pathway_id])).status_code == 200
    assert client.get(reverse("pathways:version", args=[published.pk])).status_code == 200


def test_drafts_are_hidden_from_other_institutions(client: Any, world: World) -> None:
    version = services.pathway_create(
        organisation=world.home,
        code="d",
        title={"ar": "م", "en": "Draft"},
        kind="open",
        target_kind="degree_credit",
        target_programme={"ar": "ب", "en": "BSc"},
        actor=world.people["designer"],
    )
    client.force_login(world.people["other_recognition"])
    assert client.get(reverse("pathways:version", args=[version.pk])).status_code == 403
    client.force_login(world.people["qa"])
    assert client.get(reverse("pathways:version", args=[version.pk])).status_code == 200


def test_rule_editor_saves_a_form_per_rule(client: Any, world: World) -> None:
    version = services.pathway_create(
        organisation=world.home,
        code="e",
        title={"ar": "م", "en": "Electives"},
        kind="elective",
        target_kind="degree_credit",
        target_programme={"ar": "ب", "en": "BSc"},
        actor=world.people["designer"],
    )
    client.force_login(world.people["designer"])
    url = reverse("pathways:rules", args=[version.pk])
    assert client.get(url).status_code == 200
    data = {
        "rule-TOTAL_FORMS": "2",
        "rule-INITIAL_FORMS": "0",
        "rule-MIN_NUM_FORMS": "0",
        "rule-MAX_NUM_FORMS": "1000",
        "rule-0-id": "electives",
        "rule-0-type": "choose",
        "rule-0-k": "1",
        "rule-0-group1_label_0": "بيانات",
        "rule-0-group1_label_1": "Data",
        "rule-0-group1_items": [world.key("a")],
        "rule-0-group2_label_1": "ML",
        "rule-0-group2_items": [world.key("c")],
        "rule-1-id": "total",
        "rule-1-type": "min_credits",
        "rule-1-credits": "5",
        "rule-1-unit": "ECTS",
        "save": "1",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    version.refresh_from_db()
    assert [r["type"] for r in version.rules["rules"]] == ["choose", "min_credits"]
    assert version.rules["rules"][0]["groups"][1]["items"] == [world.key("c")]
    # Group names are bilingual; a language left empty takes the other's text.
    assert version.rules["rules"][0]["groups"][0]["label"] == {"ar": "بيانات", "en": "Data"}
    assert version.rules["rules"][0]["groups"][1]["label"] == {"ar": "ML", "en": "ML"}
    page = client.get(url).content.decode()
    assert 'value="بيانات"' in page
    assert 'value="Data"' in page
    data["rule-0-k"] = "5"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "rules[0]" in response.content.decode()


def test_progress_page_shows_rules_plan_and_roadmap(client: Any, world: World, published: PathwayVersion) -> None:
    issue(world.mcs["a"], world.learner)
    client.force_login(world.learner)
    client.post(reverse("pathways:follow", args=[published.pathway_id]))
    page = client.get(reverse("pathways:progress", args=[published.pathway_id]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<progress" in html
    assert 'data-rule="core"' in html
    page = client.get(reverse("pathways:progress", args=[published.pathway_id]), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200


def test_upload_request_and_decide_through_the_pages(client: Any, world: World, published: PathwayVersion) -> None:
    client.force_login(world.learner)
    upload = SimpleUploadedFile("badge.json", external_document(world), content_type="application/json")
    response = client.post(reverse("pathways:upload"), {"file": upload})
    assert response.status_code == 302
    external = ExternalCredential.objects.get(learner=world.learner)
    assert external.verified
    assert not external.issuer_trusted
    broken = SimpleUploadedFile("bad.json", b'{"not": "a credential"}', content_type="application/json")
    assert client.post(reverse("pathways:upload"), {"file": broken}).status_code == 200
    response = client.post(
        reverse("pathways:request_new"),
        {"organisation": world.home.pk, "pathway_version": published.pk, "external": [external.pk], "message": "Hi"},
    )
    assert response.status_code == 302
    item = RecognitionRequest.objects.get(learner=world.learner)
    client.force_login(world.people["recognition"])
    page = client.get(reverse("pathways:request", args=[item.pk]))
    assert page.status_code == 200
    assert "Online Academy of Data" in page.content.decode()
    client.post(reverse("pathways:request_act", args=[item.pk]), {"step": "take"})
    refused = client.post(reverse("pathways:request_act", args=[item.pk]), {"step": "decide", "outcome": "refused"})
    assert refused.status_code == 400
    client.post(
        reverse("pathways:request_act", args=[item.pk]),
        {"step": "decide", "outcome": "full", "recognised_as": world.mcs["a"].micro_credential_id},
    )
    item.refresh_from_db()
    assert item.state == RequestState.DECIDED
    assert item.outcome == "full"


def test_api_evaluation_plan_and_requests(client: Any, world: World, published: PathwayVersion) -> None:
    credential = issue(world.mcs["a"], world.learner)
    client.force_login(world.learner)
    assert client.get("/api/pathways/").status_code == 200
    evaluation = client.get(f"/api/pathways/versions/{published.pk}/evaluation").json()
    assert evaluation["satisfied"] is False
    assert evaluation["rules"][0]["rule_id"] == "core"
    response = client.post(
        "/api/pathways/requests",
        json.dumps(
            {"organisation": world.home.slug, "pathway_version_id": published.pk, "issued": [str(credential.pk)]}
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    request_id = response.json()["id"]
    # The learner cannot decide; another institution's officer cannot see it.
    assert client.post(f"/api/pathways/requests/{request_id}/take").status_code == 403
    client.force_login(world.people["other_recognition"])
    assert client.get(f"/api/pathways/requests/{request_id}").status_code == 403
    assert client.get(f"/api/pathways/versions/{published.pk}/evaluation?learner={world.learner.pk}").status_code == 403
    client.force_login(world.people["recognition"])
    assert client.get(f"/api/pathways/versions/{published.pk}/evaluation?learner={world.learner.pk}").status_code == 200
    assert client.post(f"/api/pathways/requests/{request_id}/take").status_code == 200
    bad = client.post(
        f"/api/pathways/requests/{request_id}/decide",
        json.dumps({"outcome": "refused"}),
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert "justification" in bad.json()["errors"]
    ok = client.post(
        f"/api/pathways/requests/{request_id}/decide",
        json.dumps(
            {
                "outcome": "partial",
                "credits_granted": "2.5",
                "differences": ["level"],
                "justification": {"en": "Lower level.", "ar": "مستوى أدنى."},
            }
        ),
        content_type="application/json",
    )
    assert ok.status_code == 200
    assert ok.json()["state"] == "decided"


def test_progress_page_draws_the_roadmap_inline(client: Any, world: World, published: PathwayVersion) -> None:
    issue(world.mcs["a"], world.learner)
    client.force_login(world.learner)
    html = client.get(reverse("pathways:progress", args=[published.pathway_id])).content.decode()
    assert "<svg" in html
    assert 'role="img"' in html
    assert "style=" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_every_page_renders_in_both_languages(client: Any, world: World, published: PathwayVersion) -> None:
    elective = services.pathway_create(
        organisation=world.home,
        code="el",
        title={"ar": "اختياري", "en": "Elective"},
        kind="elective",
        target_kind="degree_credit",
        target_programme={"ar": "ب", "en": "BSc"},
        rules={
            "rules": [
                {
                    "id": "pick",
                    "type": "choose",
                    "k": 1,
                    "groups": [{"label": {"ar": "بيانات", "en": "Data"}, "items": [world.key("a"), world.key("b")]}],
                    "shares": True,
                },
                {"id": "total", "type": "min_credits", "credits": 5, "unit": "CH"},
            ]
        },
        actor=world.people["designer"],
    )
    credential = issue(world.mcs["d"], world.learner)
    item = services.recognition_request_create(
        learner=world.learner,
        organisation=world.home,
        pathway_version=published,
        issued=[credential],
        actor=world.learner,
    )
    upload = services.external_credential_upload(learner=world.learner, data=external_document(world, credits=None))
    pages = {
        world.learner: [
            reverse("pathways:index"),
            reverse("pathways:mine"),
            reverse("pathways:progress", args=[published.pathway_id]),
            reverse("pathways:requests"),
            reverse("pathways:request_new"),
            reverse("pathways:request", args=[item.pk]),
            reverse("pathways:upload"),
            reverse("pathways:external", args=[upload.pk]),
        ],
        world.people["designer"]: [
            reverse("pathways:version", args=[elective.pk]),
            reverse("pathways:rules", args=[elective.pk]),
            reverse("pathways:pathway", args=[elective.pathway_id]),
            reverse("pathways:new", args=[world.home.slug]),
        ],
        world.people["recognition"]: [
            reverse("pathways:requests"),
            reverse("pathways:request", args=[item.pk]),
            reverse("pathways:progress", args=[published.pathway_id]) + f"?learner={world.learner.pk}",
        ],
        world.people["registrar"]: [reverse("pathways:version", args=[published.pk])],
    }
    for user, urls in pages.items():
        client.force_login(user)
        for language in ("ar", "en"):
            for url in urls:
                response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
                assert response.status_code == 200, (user.email, url, language)
    client.force_login(world.people["designer"])
    html = client.get(reverse("pathways:version", args=[elective.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Data basics" in html  # rules are shown with titles, not keys


def test_declaring_missing_facts_of_an_upload(world: World) -> None:
    from django.core.exceptions import ValidationError

    upload = services.external_credential_upload(learner=world.learner, data=external_document(world, credits=None))
    assert upload.credits_ects is None
    upload = services.external_credential_declare(credential=upload, actor=world.learner, credits_ects="3")
    assert upload.credits_declared
    assert upload.credits_ects == 3
    with pytest.raises(ValidationError) as refused:
        services.external_credential_declare(credential=upload, actor=world.learner, eqf_level=9)
    assert "eqf_level" in refused.value.message_dict


def test_review_publish_recognise_and_award_through_the_pages(client: Any, world: World) -> None:
    from wisam.pathways.models import PathwayRecognition, StackedAward
    from wisam.pathways.workflow import VersionState

    client.force_login(world.people["designer"])
    response = client.post(
        reverse("pathways:new", args=[world.home.slug]),
        {
            "code": "dip",
            "title_0": "دبلوم",
            "title_1": "Diploma",
            "kind": "rigid",
            "target_kind": "micro_credential",
            "target_micro_credential": world.mcs["diploma"].micro_credential_id,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    version = PathwayVersion.objects.get(pathway__code="dip")
    rules_url = reverse("pathways:rules", args=[version.pk])
    assert 'name="rule-0-type"' in client.get(rules_url).content.decode()
    data = {
        "rule-TOTAL_FORMS": "1",
        "rule-INITIAL_FORMS": "0",
        "rule-MIN_NUM_FORMS": "0",
        "rule-MAX_NUM_FORMS": "1000",
        "rule-0-id": "core",
        "rule-0-type": "required",
        "rule-0-items": [world.key("a"), world.key("b")],
    }
    added = client.post(rules_url, {**data, "add": "1"})
    assert added.status_code == 200
    assert 'name="rule-1-type"' in added.content.decode()
    assert client.post(rules_url, {**data, "save": "1"}).status_code == 302
    steps = [("designer", "submit"), ("qa", "recommend"), ("approver", "publish")]
    for person, transition in steps:
        client.force_login(world.people[person])
        client.post(reverse("pathways:transition", args=[version.pk]), {"transition": transition, "comment": ""})
    version.refresh_from_db()
    assert version.state == VersionState.PUBLISHED
    from wisam.institutions.roles import OrganisationKind, Role
    from wisam.institutions.services import membership_grant, organisation_create, user_create

    aqac = organisation_create(
        slug="aqac-t", kind=OrganisationKind.ACCREDITATION_BODY, name={"ar": "هيئة", "en": "AQAC"}
    )

    aqac_officer = user_create(email="officer@aqac-t.test", full_name={"ar": "م", "en": "Officer"}, password="x-Long-1")
    membership_grant(user=aqac_officer, organisation=aqac, role=Role.AQAC_OFFICER)
    client.force_login(aqac_officer)
    client.post(
        reverse("pathways:recognise", args=[version.pk]),
        {"decided_on": "2026-01-10", "reference": "AQAC-PW-9", "note_0": "", "note_1": "Recognised."},
    )
    assert PathwayRecognition.objects.filter(version=version, reference="AQAC-PW-9").exists()
    issue(world.mcs["a"], world.learner)
    issue(world.mcs["b"], world.learner)
    services.pathway_follow(pathway=version.pathway, learner=world.learner)
    client.force_login(world.people["registrar"])
    page = client.get(reverse("pathways:version", args=[version.pk])).content.decode()
    assert "هدى" in page
    client.post(reverse("pathways:award", args=[version.pk]), {"learner": world.learner.pk})
    assert StackedAward.objects.filter(learner=world.learner, pathway_version=version).exists()


def test_api_versions_and_plan(client: Any, world: World, published: PathwayVersion) -> None:
    issue(world.mcs["a"], world.learner)
    assert client.get(f"/api/pathways/versions/{published.pk}").json()["state"] == "published"
    assert client.get(f"/api/pathways/{published.pathway_id}").status_code == 200
    client.force_login(world.learner)
    plan = client.get(f"/api/pathways/versions/{published.pk}/plan?objective=fees").json()
    assert plan["feasible"] is True
    assert {step["key"] for step in plan["steps"]} == {world.key("b"), world.key("c")}


def test_award_holders_are_not_public(client: Any, world: World, published: PathwayVersion) -> None:
    for name in ("a", "b", "c"):
        issue(world.mcs[name], world.learner)
    services.stacked_award_issue(version=published, learner=world.learner, actor=None, notify=False)
    url = reverse("pathways:version", args=[published.pk])
    assert "هدى" not in client.get(url).content.decode()
    client.force_login(world.people["registrar"])
    assert "هدى" in client.get(url).content.decode()


def test_home_cards_per_role(client: Any, world: World) -> None:
    from wisam.web.home import cards_for

    def keys(user: Any) -> set[str]:
        return {shown.card.key for group in cards_for(user) for shown in group.cards}

    assert {"pathways.mine", "pathways.my_requests"} <= keys(world.learner)
    assert "pathways.to_decide" in keys(world.people["recognition"])
    assert "pathways.institution" in keys(world.people["designer"])


def test_only_learners_are_offered_to_ask_for_recognition(client: Any, world: World) -> None:
    """Staff opening "my pathways" get no link to a form they may not use (it would answer 403)."""
    ask = reverse("pathways:request_new")
    client.force_login(world.learner)
    assert f'href="{ask}"' in client.get(reverse("pathways:mine")).content.decode()
    client.force_login(world.people["recognition"])
    page = client.get(reverse("pathways:mine"))
    assert page.status_code == 200
    assert f'href="{ask}"' not in page.content.decode()
    assert client.get(ask).status_code == 403
