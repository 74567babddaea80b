"""Recognition of prior (non-formal, informal, work-based) learning: the claim with evidence, the same decision
workflow as credentials, the decision in the record as source "rpl", capped by max_rpl_credits; pages and API."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from tests.pathways.conftest import World, issue, publish
from wisam.core.events import events_for
from wisam.core.i18n import bilingual
from wisam.pathways import engine, records, services
from wisam.pathways.models import PathwayVersion, RecognitionRequest
from wisam.pathways.workflow import RequestState

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% a letter from the employer\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path
    with translation.override("en"):  # messages are asserted in English (pages choose their own language)
        yield


def _claim(world: World, version: PathwayVersion | None, *claimed: str, **extra: Any) -> RecognitionRequest:
    values: dict[str, Any] = {
        "learner": world.learner,
        "organisation": world.home,
        "pathway_version": version,
        "kind": "prior_learning",
        "description": bilingual("حلّلت بيانات المبيعات سنتين.", "Two years analysing sales data at work."),
        "started_on": date(2023, 1, 1),
        "ended_on": date(2024, 12, 31),
        "claimed": [world.mcs[name].micro_credential for name in claimed],
        "evidence": [SimpleUploadedFile("employer letter.pdf", PDF)],
        "actor": world.learner,
    }
    values.update(extra)
    return services.recognition_request_create(**values)


def _decide(world: World, request: RecognitionRequest, outcome: str, name: str, credits: str | None = None) -> Any:
    request = services.recognition_request_take(request=request, actor=world.people["recognition"])
    extra: dict[str, Any] = {}
    if outcome != "full":
        extra = {"differences": ["outcomes"], "justification": bilingual("ينقص جزء.", "Part is missing.")}
    return services.recognition_request_decide(
        request=request,
        outcome=outcome,
        credits_granted=credits,
        recognised_as=world.mcs[name].micro_credential,
        actor=world.people["recognition"],
        **extra,
    )


def test_a_claim_is_stored_with_its_evidence_and_recorded(world: World, published: PathwayVersion) -> None:
    request = _claim(world, published, "b")
    assert request.kind == "prior_learning"
    assert request.state == RequestState.SUBMITTED
    assert list(request.claimed.all()) == [world.mcs["b"].micro_credential]
    evidence = request.evidence.get()
    assert evidence.original_name == "employer letter.pdf"
    # Stored under a random name in the request's folder, never under the learner's file name.
    assert evidence.file.name.startswith(f"pathways/prior-learning/request-{request.pk}/")
    assert evidence.file.name.endswith(".pdf")
    assert "employer" not in evidence.file.name
    assert evidence.file.read() == PDF
    actions = [e.action for e in events_for(request)]
    assert "recognition_request.prior_learning_submitted" in actions
    assert not request.items.exists()


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"description": {}}, "description", "Describe"),
        ({"claimed": []}, "claimed", "micro-credential"),
        ({"evidence": []}, "evidence", "at least one"),
        ({"evidence": [SimpleUploadedFile("cv.exe", b"MZ")]}, "evidence", "PDF, PNG or JPEG"),
        ({"evidence": [SimpleUploadedFile("photo.pdf", PNG)]}, "evidence", "does not match"),
        ({"evidence": [SimpleUploadedFile("empty.png", b"")]}, "evidence", "empty"),
        ({"started_on": None}, "started_on", "start"),
        ({"ended_on": date(2022, 1, 1)}, "ended_on", "on or after"),
        ({"started_on": timezone.localdate() + timedelta(days=2)}, "started_on", "future"),
    ],
)
def test_a_claim_is_validated_field_by_field(
    world: World, published: PathwayVersion, change: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        _claim(world, published, "b", **change)
    assert words in " ".join(refused.value.message_dict[field])
    assert not RecognitionRequest.objects.exists()


def test_evidence_size_and_count_are_limited(world: World, published: PathwayVersion) -> None:
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (services.EVIDENCE_MAX_BYTES + 1))
    with pytest.raises(ValidationError) as refused:
        _claim(world, published, "b", evidence=[big])
    assert "big.pdf" in refused.value.message_dict["evidence"][0]
    many = [SimpleUploadedFile(f"{n}.pdf", PDF) for n in range(services.EVIDENCE_MAX_FILES + 1)]
    with pytest.raises(ValidationError):
        _claim(world, published, "b", evidence=many)


def test_claimed_micro_credentials_belong_to_the_pathway_or_the_institution(
    world: World, published: PathwayVersion
) -> None:
    with pytest.raises(ValidationError) as refused:
        _claim(world, published, "d")  # another institution's micro-credential, not in the pathway
    assert "claimed" in refused.value.message_dict
    with pytest.raises(ValidationError):
        _claim(world, None, "d")
    assert _claim(world, None, "a").purpose == "credit"


def test_partial_decision_enters_the_record_as_rpl(world: World, published: PathwayVersion) -> None:
    issue(world.mcs["a"], world.learner)
    request = _decide(world, _claim(world, published, "b"), "partial", "b", "3")
    assert request.state == RequestState.DECIDED
    assert request.credits_granted == 3
    result = records.evaluate_learner(version=published, learner=world.learner, with_plan=False)
    item = result.item(f"rec:{request.pk}")
    assert item is not None
    assert item.earned.source == "rpl"
    assert item.earned.recognised_as == world.key("b")
    assert item.earned.credits_granted == 3
    assert item.earned.earned_on == date(2024, 12, 31)
    assert result.evaluation.assignments[f"rec:{request.pk}"]  # it counts towards the pathway
    assert result.evaluation.credits_counted_ects == 8
    actions = [e.action for e in events_for(request)]
    assert {"recognition_request.take", "recognition_request.decision_recorded", "recognition_request.decide"} <= set(
        actions
    )


def test_rpl_decisions_follow_the_same_rules_and_appeal(world: World, published: PathwayVersion) -> None:
    request = services.recognition_request_take(
        request=_claim(world, published, "b"), actor=world.people["recognition"]
    )
    with pytest.raises(ValidationError) as refused:
        services.recognition_request_decide(request=request, outcome="full", actor=world.people["recognition"])
    assert "recognised_as" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.recognition_request_decide(request=request, outcome="refused", actor=world.people["recognition"])
    assert {"differences", "justification"} <= set(refused.value.message_dict)
    request = services.recognition_request_decide(
        request=request,
        outcome="refused",
        differences=["assessment"],
        justification=bilingual("لا تقييم.", "Nothing was assessed."),
        actor=world.people["recognition"],
    )
    request = services.recognition_request_appeal(
        request=request, reasons="My manager assessed it.", actor=world.learner
    )
    with pytest.raises(ValidationError):
        services.recognition_request_appeal(request=request, reasons="Again.", actor=world.learner)
    request = services.recognition_request_decide_appeal(
        request=request,
        upheld=True,
        reasons="The manager's assessment is evidence.",
        outcome="full",
        recognised_as=world.mcs["b"].micro_credential,
        actor=world.people["approver"],
    )
    assert request.state == RequestState.APPEAL_DECIDED
    assert request.outcome == "full"
    item = records.evaluate_learner(version=published, learner=world.learner, with_plan=False).item(f"rec:{request.pk}")
    assert item is not None
    assert item.earned.source == "rpl"
    assert item.earned.credits_ects == 5


def test_max_rpl_credits_caps_rpl_decisions_at_5_ects(world: World) -> None:
    version = services.pathway_create(
        organisation=world.home,
        code="rpl-capped",
        title=bilingual("مسار", "Capped"),
        kind="open",
        target_kind="degree_credit",
        target_programme=bilingual("بكالوريوس", "BSc"),
        rules={
            "rules": [
                {"id": "open", "type": "criteria", "min_credits": 20, "unit": "ECTS", "isced": ["06"]},
                {"id": "rpl", "type": "max_rpl_credits", "credits": 5, "unit": "ECTS"},
            ]
        },
        actor=world.people["designer"],
    )
    version = publish(version, world)
    issue(world.mcs["c"], world.learner)  # 5 ECTS from a Wisam credential: not capped
    _decide(world, _claim(world, version, "a"), "full", "a")  # 5 ECTS of RPL
    _decide(world, _claim(world, version, "b"), "partial", "b", "4")  # 4 more ECTS of RPL
    result = records.evaluate_learner(version=version, learner=world.learner, with_plan=False)
    rpl = [item for item in result.record if item.earned.source == "rpl"]
    assert len(rpl) == 2
    assert sum(i.earned.credits_granted or i.earned.credits_ects for i in rpl) == 9
    assert result.evaluation.credits_counted_ects == 10  # 5 from the credential + at most 5 from RPL
    assert not result.evaluation.satisfied


def test_engine_caps_rpl_items() -> None:
    pathway = engine.parse_pathway(
        {
            "kind": "open",
            "rules": [
                {"id": "open", "type": "criteria", "min_credits": 5, "unit": "ECTS", "isced": []},
                {"id": "rpl", "type": "max_rpl_credits", "credits": 5, "unit": "ECTS"},
            ],
        },
        home_provider="home",
    )
    record = [
        engine.Earned(
            id=f"rec:{n}",
            key=None,
            title={"en": "RPL"},
            provider="home",
            credits_ects=4,
            eqf_level=6,
            isced="0613",
            earned_on=date(2025, 1, 1),
            grade=None,
            source="rpl",
            recognised_as=f"mc:{n}",
        )
        for n in range(3)
    ]
    evaluation = engine.evaluate(pathway, record, today=date(2026, 1, 1))
    assert evaluation.credits_counted_ects == 5
    assert evaluation.satisfied


def test_pages_in_both_languages_and_evidence_download(client: Any, world: World, published: PathwayVersion) -> None:
    client.force_login(world.learner)
    url = reverse("pathways:request_prior_learning")
    for language, words in (("en", "Ask for recognition of prior learning"), ("ar", "الاعتراف بالتعلّم السابق")):
        client.cookies["wisam_language"] = language
        page = client.get(f"{url}?pathway={published.pk}")
        assert page.status_code == 200
        assert words in page.content.decode()
    assert 'name="evidence"' in page.content.decode()
    assert "multiple" in page.content.decode()
    client.cookies["wisam_language"] = "en"
    data = {
        "organisation": str(world.home.pk),
        "pathway_version": str(published.pk),
        "claimed": [str(world.mcs["b"].micro_credential_id)],
        "description_0": "حلّلت بيانات المبيعات.",
        "description_1": "I analysed sales data.",
        "started_on": "2023-01-01",
        "ended_on": "2024-06-30",
        "message": "",
    }
    bad = client.post(url, {**data, "evidence": [SimpleUploadedFile("x.txt", b"hello")]})
    assert bad.status_code == 200
    assert "PDF, PNG or JPEG" in bad.content.decode()
    response = client.post(
        url, {**data, "evidence": [SimpleUploadedFile("letter.pdf", PDF), SimpleUploadedFile("p.png", PNG)]}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    request = RecognitionRequest.objects.get()
    assert request.evidence.count() == 2
    assert request.learning_description["en"] == "I analysed sales data."
    evidence = request.evidence.first()
    assert evidence is not None
    download = reverse("pathways:request_evidence", args=[request.pk, evidence.pk])
    # The officer sees the claim beside the claimed micro-credential, and downloads the evidence.
    client.force_login(world.people["recognition"])
    page = client.get(reverse("pathways:request", args=[request.pk])).content.decode()
    assert "I analysed sales data." in page
    assert "Data analysis" in page
    assert "letter.pdf" in page
    got = client.get(download)
    assert got.status_code == 200
    assert "attachment" in got["Content-Disposition"]
    assert b"".join(got.streaming_content) == PDF
    client.force_login(world.people["other_recognition"])
    assert client.get(download).status_code == 403
    client.force_login(world.learner2)
    assert client.get(download).status_code == 403


def test_api_accepts_and_returns_the_kind_and_the_claim(client: Any, world: World, published: PathwayVersion) -> None:
    client.force_login(world.learner)
    payload = {
        "organisation": world.home.slug,
        "pathway_version_id": published.pk,
        "kind": "prior_learning",
        "description": {"en": "Volunteer data work.", "ar": "عمل تطوعي في البيانات."},
        "started_on": "2022-09-01",
        "ended_on": "2023-06-30",
        "claimed": [world.mcs["a"].micro_credential_id],
        "evidence": [{"name": "letter.pdf", "content_base64": base64.b64encode(PDF).decode()}],
    }
    bad = client.post(
        "/api/pathways/requests", json.dumps({**payload, "evidence": []}), content_type="application/json"
    )
    assert bad.status_code == 422
    assert "evidence" in bad.json()["errors"]
    response = client.post("/api/pathways/requests", json.dumps(payload), content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "prior_learning"
    assert body["claim"]["claimed"] == [world.mcs["a"].micro_credential_id]
    assert body["claim"]["evidence"][0]["name"] == "letter.pdf"
    assert body["claim"]["started_on"] == "2022-09-01"
    listed = client.get("/api/pathways/requests?role=learner").json()
    assert listed[0]["kind"] == "prior_learning"
    client.force_login(world.people["recognition"])
    request_id = body["id"]
    assert client.post(f"/api/pathways/requests/{request_id}/take").status_code == 200
    decided = client.post(
        f"/api/pathways/requests/{request_id}/decide",
        json.dumps(
            {
                "outcome": "partial",
                "credits_granted": "2",
                "recognised_as": world.mcs["a"].micro_credential_id,
                "differences": ["workload"],
                "justification": {"en": "Fewer hours.", "ar": "ساعات أقل."},
            }
        ),
        content_type="application/json",
    )
    assert decided.status_code == 200, decided.content
    assert decided.json()["outcome"] == "partial"


def test_progress_page_names_rpl_items(client: Any, world: World, published: PathwayVersion) -> None:
    _decide(world, _claim(world, published, "b"), "partial", "b", "3")
    client.force_login(world.learner)
    client.cookies["wisam_language"] = "en"
    page = client.get(reverse("pathways:progress", args=[published.pathway_id]))
    assert page.status_code == 200
    assert "Recognition of prior learning" in page.content.decode()


def test_a_learner_reaches_the_prior_learning_page_with_the_pathway_chosen(
    client: Any, world: World, published: PathwayVersion
) -> None:
    services.pathway_follow(pathway=published.pathway, learner=world.learner)
    client.force_login(world.learner)
    client.cookies["wisam_language"] = "en"
    target = f"{reverse('pathways:request_prior_learning')}?pathway={published.pk}"
    progress = client.get(reverse("pathways:progress", args=[published.pathway_id])).content.decode()
    assert f'href="{target}"' in progress
    # The credential request page's "No credential?" link keeps the pathway too.
    credentials = client.get(f"{reverse('pathways:request_new')}?pathway={published.pk}").content.decode()
    assert f'href="{target}"' in credentials
    page = client.get(target).content.decode()
    assert "Data analysis" in page
    assert "Statistics" not in page  # another institution's micro-credential the pathway does not name
