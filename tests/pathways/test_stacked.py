"""Stacked credentials: issued when the pathway is satisfied, naming the parts (`related`, ELM `hasPart`), verifying
like any other credential."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.pathways.conftest import World, issue
from wisam.credentials.elm import european_digital_credential
from wisam.credentials.verification import credential_verify
from wisam.pathways import services
from wisam.pathways.models import PathwayVersion
from wisam.vc import validate_ob_schema

pytestmark = pytest.mark.django_db


def test_not_issued_before_the_pathway_is_satisfied(world: World, published: PathwayVersion) -> None:
    issue(world.mcs["a"], world.learner)
    with pytest.raises(services.AwardRefused):
        services.stacked_award_issue(version=published, learner=world.learner, actor=world.people["registrar"])


def test_stacked_credential_names_its_parts_and_verifies(world: World, published: PathwayVersion) -> None:
    parts = [issue(world.mcs[name], world.learner) for name in ("a", "b", "c")]
    award = services.stacked_award_issue(version=published, learner=world.learner, actor=world.people["registrar"])
    assert services.stacked_award_issue(version=published, learner=world.learner, actor=None) == award
    document = json.loads(award.credential.document)
    assert validate_ob_schema(document) == []
    related = document["credentialSubject"]["achievement"]["related"]
    part_ids = {json.loads(p.document)["credentialSubject"]["achievement"]["id"] for p in parts}
    assert part_ids <= {entry["id"] for entry in related}
    assert all(entry["type"] == ["Related"] for entry in related)
    report = credential_verify(award.credential.document)
    assert report.verified, [(line.code, line.detail) for line in report.lines]
    elm = european_digital_credential(award.credential)
    has_part = elm["credentialSubject"]["hasClaim"][0]["hasPart"]
    assert len(has_part) == 3
    assert all(p["type"] == "LearningAchievement" for p in has_part)
    assert award.credential.specification_version == world.mcs["diploma"]


@pytest.mark.parametrize("third", ["own", "other_institution", "uploaded"])
def test_stacked_elm_export_conforms_to_the_edc_shapes(world: World, published: PathwayVersion, third: str) -> None:
    """Parts awarded by the issuer itself, by another Wisam institution (recognised) or by an outside issuer."""
    from pyshacl import validate

    from tests.credentials.test_elm import ELM_DIR, _graph, _shapes
    from tests.pathways.conftest import external_document

    if ELM_DIR is None:
        pytest.skip("the EDC shapes (shared/reference/elm) are not on this machine")
    issue(world.mcs["a"], world.learner)
    issue(world.mcs["b"], world.learner)
    if third == "own":
        issue(world.mcs["c"], world.learner)
    else:
        officer = world.people["recognition"]
        if third == "other_institution":
            request = services.recognition_request_create(
                learner=world.learner,
                organisation=world.home,
                pathway_version=published,
                issued=[issue(world.mcs["d"], world.learner)],
                actor=world.learner,
            )
        else:
            upload = services.external_credential_upload(learner=world.learner, data=external_document(world))
            request = services.recognition_request_create(
                learner=world.learner,
                organisation=world.home,
                pathway_version=published,
                external=[upload],
                actor=world.learner,
            )
        request = services.recognition_request_take(request=request, actor=officer)
        services.recognition_request_decide(
            request=request, outcome="full", recognised_as=world.mcs["c"].micro_credential, actor=officer
        )
    award = services.stacked_award_issue(version=published, learner=world.learner, actor=None, notify=False)
    assert len(award.parts) == 3
    assert credential_verify(award.credential.document).verified
    document = european_digital_credential(award.credential)
    conforms, _report, text = validate(_graph(document), shacl_graph=_shapes(), inference="none", allow_warnings=True)
    assert conforms, text


def test_verification_lists_the_parts_by_title(world: World, published: PathwayVersion) -> None:
    """The public verification page names what a stacked credential is made of (not the register entry)."""
    for name in ("a", "b", "c"):
        issue(world.mcs[name], world.learner)
    award = services.stacked_award_issue(version=published, learner=world.learner, actor=world.people["registrar"])
    report = credential_verify(award.credential.document)
    assert sorted(part["title"]["en"] for part in report.parts) == ["Data analysis", "Data basics", "Machine learning"]
    assert report.as_json()["parts"] == report.parts
    assert credential_verify(json.loads(issue(world.mcs["a"], world.learner2).document)).parts == []


def test_award_notification_is_in_the_learners_language(world: World, published: PathwayVersion) -> None:
    from django.utils import translation

    from tests.web.catalogues import compile_all
    from wisam.accreditation.models import Notification

    compile_all()
    world.learner.preferred_language = "ar"
    world.learner.save()
    for name in ("a", "b", "c"):
        issue(world.mcs[name], world.learner)
    with translation.override("en"):  # the registrar works in English
        services.stacked_award_issue(version=published, learner=world.learner, actor=world.people["registrar"])
    subject = Notification.objects.filter(user=world.learner).latest("pk").subject
    assert subject.startswith("مُنحت"), subject


def test_award_links_open_only_for_those_who_may_see_issued_credentials(
    client: Any, world: World, published: PathwayVersion
) -> None:
    """The designer sees who received the award but no link into the credential (it would answer 403)."""
    from django.urls import reverse

    for name in ("a", "b", "c"):
        issue(world.mcs[name], world.learner)
    award = services.stacked_award_issue(version=published, learner=world.learner, actor=world.people["registrar"])
    link = f'href="{reverse("credentials:detail", args=[award.credential.pk])}"'
    version_page = reverse("pathways:version", args=[published.pk])
    progress = reverse("pathways:progress", args=[published.pathway_id])
    client.force_login(world.people["registrar"])
    assert link in client.get(version_page).content.decode()
    client.force_login(world.people["designer"])
    page = client.get(version_page).content.decode()
    assert f"<bdi>{world.learner}</bdi>" in page
    assert link not in page
    client.force_login(world.learner)
    assert link in client.get(progress).content.decode()
