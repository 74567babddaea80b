"""End to end in Chromium: a learner uploads a credential from an academy outside Wisam (verified on upload), asks
Al-Karmil to recognise it towards a pathway; the recognition officer compares it side by side and recognises it in
full as the missing micro-credential; the learner's pathway progress shows the pathway completed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_issue_verify import PASSWORD, sign_in
from tests.pathways.conftest import issue, make_spec, spec
from wisam.core.i18n import bilingual
from wisam.institutions.roles import OrganisationKind, Role

pytestmark = pytest.mark.browser


@pytest.fixture
def cast(transactional_db: Any) -> dict[str, Any]:
    from wisam.institutions.services import learner_register, membership_grant, organisation_create, user_create
    from wisam.pathways import services

    home = organisation_create(
        slug="karmil-browser", kind=OrganisationKind.UNIVERSITY_TRADITIONAL, name=bilingual("جامعة الكرمل", "Al-Karmil")
    )
    people = {}
    for role, email in (
        (Role.MC_DESIGNER, "designer@b.test"),
        (Role.QA_OFFICER, "qa@b.test"),
        (Role.INSTITUTIONAL_APPROVER, "approver@b.test"),
        (Role.RECOGNITION_OFFICER, "recognition@b.test"),
    ):
        people[role] = user_create(
            email=email, full_name=bilingual("موظف", email), password=PASSWORD, preferred_language="en"
        )
        membership_grant(user=people[role], organisation=home, role=role)
    learner = user_create(
        email="huda@b.test",
        full_name=bilingual("هدى سليمان", "Huda Suleiman"),
        password=PASSWORD,
        preferred_language="en",
    )
    learner_register(user=learner)
    a = make_spec(home, "MC-A", spec("Data visualisation basics", ects="4"))
    b = make_spec(home, "MC-B", spec("Data analysis", ects="5"))
    issue(b, learner)
    version = services.pathway_create(
        organisation=home,
        code="data",
        title=bilingual("مسار البيانات", "Data pathway"),
        kind="rigid",
        target_kind="degree_credit",
        target_programme=bilingual("بكالوريوس", "BSc Data"),
        rules={
            "rules": [
                {
                    "id": "core",
                    "type": "required",
                    "items": [f"mc:{a.micro_credential_id}", f"mc:{b.micro_credential_id}"],
                }
            ]
        },
        actor=people[Role.MC_DESIGNER],
    )
    services.pathway_version_transition(version=version, transition="submit", actor=people[Role.MC_DESIGNER])
    services.pathway_version_transition(version=version, transition="recommend", actor=people[Role.QA_OFFICER])
    version = services.pathway_version_transition(
        version=version, transition="publish", actor=people[Role.INSTITUTIONAL_APPROVER]
    )
    services.pathway_follow(pathway=version.pathway, learner=learner)
    return {"version": version, "target": a, "learner": learner}


def test_external_upload_to_recognition_to_progress(
    page: Page, live_server: Any, cast: dict[str, Any], tmp_path: Path
) -> None:
    from wisam.pathways.demo import _external_document

    base = live_server.url
    version = cast["version"]
    progress = f"{base}/pathways/p/{version.pathway_id}/progress/"
    upload = tmp_path / "academy-badge.json"
    upload.write_bytes(_external_document(cast["learner"]))
    # The learner uploads the credential: it is verified on upload.
    sign_in(page, base, "huda@b.test")
    page.goto(progress)
    expect(page.locator("#pathway-status")).to_contain_text("Not completed yet")
    expect(page.locator('[data-rule="core"]')).to_contain_text("to do")
    page.goto(f"{base}/pathways/credentials/upload/")
    page.locator("#id_file").set_input_files(str(upload))
    page.get_by_role("button", name="Upload and verify").click()
    expect(page.locator("h1")).to_contain_text("Data visualisation with open tools")
    expect(page.locator("main")).to_contain_text("Signature intact; not revoked.")
    # ... and asks for recognition towards the pathway.
    page.goto(f"{base}/pathways/requests/new/?pathway={version.pk}")
    page.locator("#id_external_0").check()
    page.get_by_role("button", name="Submit the request").click()
    expect(page.locator("#request-state")).to_contain_text("Submitted")
    request_url = page.url
    # The recognition officer compares side by side and recognises it in full as the missing micro-credential.
    sign_in(page, base, "recognition@b.test")
    page.goto(request_url)
    expect(page.locator(".pw-compare")).to_contain_text("Open Data Academy")
    expect(page.locator(".pw-compare")).to_contain_text("Data visualisation basics")
    page.get_by_role("button", name="Start the review").click()
    expect(page.locator("#request-state")).to_contain_text("Under review")
    # A refusal without substantial differences is refused, naming the fields to fill in.
    page.locator("#id_outcome_2").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".error-summary")).to_contain_text("substantial differences")
    page.locator("#id_outcome_0").check()
    page.locator("#id_recognised_as").select_option(str(cast["target"].micro_credential_id))
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#request-state")).to_contain_text("Decided")
    expect(page.locator("#decision")).to_contain_text("Full recognition")
    # The learner sees the decision and the pathway completed (in English, then in Arabic, right to left).
    sign_in(page, base, "huda@b.test")
    page.goto(request_url)
    expect(page.locator("#decision")).to_contain_text("Full recognition")
    page.goto(progress)
    expect(page.locator("#pathway-status")).to_contain_text("Completed")
    page.context.add_cookies([{"name": "wisam_language", "value": "ar", "url": base}])
    page.goto(progress)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")


def test_rule_editor_shows_the_fields_of_the_chosen_type(page: Page, live_server: Any, cast: dict[str, Any]) -> None:
    from wisam.pathways import services

    version = cast["version"]
    designer = version.pathway.created_by
    draft = services.pathway_version_create_next(pathway=version.pathway, actor=designer)
    base = live_server.url
    sign_in(page, base, "designer@b.test")
    page.goto(f"{base}/pathways/v/{draft.pk}/rules/")
    rule = page.locator(".pw-rule").first
    expect(rule.locator('[data-field="items"]')).to_be_visible()
    expect(rule.locator('[data-field="years"]')).to_be_hidden()
    rule.locator("select[name$='-type']").select_option("recency")
    expect(rule.locator('[data-field="years"]')).to_be_visible()
    expect(rule.locator('[data-field="items"]')).to_be_hidden()
    rule.locator("input[name$='-years']").fill("3")
    page.get_by_role("button", name="Save the rules").click()
    expect(page.locator(".message--success")).to_contain_text("Rules saved.")
    draft.refresh_from_db()
    assert draft.rules["rules"] == [{"id": "core", "type": "recency", "years": 3}]
