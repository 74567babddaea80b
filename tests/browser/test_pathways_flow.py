"""End to end in Chromium, the pathways app's other user flows: a designer writes a pathway in the rule editor and it
is reviewed, published and recognised by AQAC; a registrar issues the stacked credential of a completed pathway and
anyone verifies it with its parts; a recognition officer's partial decision is appealed and the appeal decided; a
learner's plan by fewest credits or lowest fees, and the roadmap, mirrored in Arabic.

Preconditions are set up through services (tests/pathways/conftest.py helpers); each test then drives the pages.
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

HOME = "karmil-flow"


@pytest.fixture
def cast(transactional_db: Any) -> dict[str, Any]:
    """Al-Karmil with its staff, an AQAC officer, two learners and five accredited micro-credentials."""
    from wisam.institutions.services import learner_register, membership_grant, organisation_create, user_create

    home = organisation_create(
        slug=HOME, kind=OrganisationKind.UNIVERSITY_TRADITIONAL, name=bilingual("جامعة الكرمل", "Al-Karmil Flow")
    )
    aqac = organisation_create(
        slug="aqac-flow", kind=OrganisationKind.ACCREDITATION_BODY, name=bilingual("هيئة الاعتماد", "AQAC")
    )
    people: dict[str, Any] = {}
    for key, organisation, role in (
        ("designer", home, Role.MC_DESIGNER),
        ("qa", home, Role.QA_OFFICER),
        ("approver", home, Role.INSTITUTIONAL_APPROVER),
        ("registrar", home, Role.REGISTRAR),
        ("recognition", home, Role.RECOGNITION_OFFICER),
        ("officer", aqac, Role.AQAC_OFFICER),
    ):
        people[key] = user_create(
            email=f"{key}@flow.test", full_name=bilingual("موظف", key), password=PASSWORD, preferred_language="en"
        )
        membership_grant(user=people[key], organisation=organisation, role=role)
    for key, ar, en in (("huda", "هدى سليمان", "Huda Suleiman"), ("khaled", "خالد العمري", "Khaled Al-Omari")):
        people[key] = user_create(
            email=f"{key}@flow.test", full_name=bilingual(ar, en), password=PASSWORD, preferred_language="en"
        )
        learner_register(user=people[key])
    mcs = {
        "a": make_spec(home, "MC-A", spec("Data basics", ects="5")),
        "b": make_spec(home, "MC-B", spec("Data analysis", ects="5")),
        # Two ways to finish: few credits but dear, or more credits but cheap.
        "c": make_spec(home, "MC-C", spec("Machine learning", ects="5", fee="900")),
        "d": make_spec(home, "MC-D", spec("Data engineering workshop series", ects="10", fee="100")),
        "diploma": make_spec(home, "DIPLOMA", spec("Professional diploma in data", ects="15")),
    }
    return {"home": home, "aqac": aqac, "people": people, "mcs": mcs}


def key(cast: dict[str, Any], name: str) -> str:
    return f"mc:{cast['mcs'][name].micro_credential_id}"


def option(cast: dict[str, Any], name: str) -> str:
    """The rule editor's label for a micro-credential: its title and its institution's code."""
    return f"{cast['mcs'][name].title['en']} ({HOME})"


def published(cast: dict[str, Any], rules: list[dict[str, Any]], *, kind: str = "rigid") -> Any:
    from wisam.pathways import services

    people = cast["people"]
    version = services.pathway_create(
        organisation=cast["home"],
        code="data-diploma",
        title=bilingual("دبلوم البيانات", "Data diploma"),
        kind=kind,
        target_kind="micro_credential",
        target_micro_credential=cast["mcs"]["diploma"].micro_credential,
        rules={"kind": kind, "rules": rules},
        actor=people["designer"],
    )
    for transition, who in (("submit", "designer"), ("recommend", "qa"), ("publish", "approver")):
        version = services.pathway_version_transition(version=version, transition=transition, actor=people[who])
    return version


def in_arabic(page: Page, base: str) -> None:
    page.context.add_cookies([{"name": "wisam_language", "value": "ar", "url": base}])


def step(page: Page, label: str, comment: str = "") -> None:
    """Open a workflow step of the version page (a <details> named by the step) and confirm it."""
    box = page.locator("details.transition", has=page.locator("summary", has_text=label))
    box.locator("summary").click()
    if comment:
        box.get_by_label("Comment").fill(comment)
    box.get_by_role("button", name=label).click()
    expect(page.locator(".message--success")).to_contain_text("Done.")


def test_designer_writes_a_pathway_reviewed_published_and_recognised_by_aqac(
    page: Page, live_server: Any, cast: dict[str, Any]
) -> None:
    from wisam.core.models import DomainEvent
    from wisam.pathways.models import Pathway, PathwayRecognition

    base = live_server.url
    # The designer defines the pathway ...
    sign_in(page, base, "designer@flow.test")
    page.goto(f"{base}/pathways/")
    page.get_by_role("link", name="New pathway of Al-Karmil Flow").click()
    page.get_by_label("Code").fill("data-diploma")
    page.locator("#id_title_0").fill("دبلوم البيانات")
    page.locator("#id_title_1").fill("Data diploma")
    page.get_by_label("Elective").check()
    page.get_by_label("A larger credential").check()
    page.get_by_label("Larger credential (designed in Wisam)").select_option(
        label="DIPLOMA — Professional diploma in data"
    )
    page.get_by_role("button", name="Create and write the rules").click()
    expect(page.locator("h1")).to_have_text("Rule editor")
    # ... and its rules: two required micro-credentials, then one of two groups, picked by title.
    first = page.locator(".pw-rule").nth(0)
    first.get_by_label("Rule name").fill("core")
    first.get_by_label("Type of rule").select_option("required")
    first.get_by_role("listbox", name="Micro-credentials").select_option(label=[option(cast, "a"), option(cast, "b")])
    page.get_by_role("button", name="Add a rule").click()
    second = page.locator(".pw-rule").nth(1)
    expect(second).to_be_visible()
    second.get_by_label("Rule name").fill("electives")
    second.get_by_label("Type of rule").select_option("choose")
    second.get_by_label("How many groups (k)").fill("1")
    # Group names in both languages; a language left empty takes the other's text.
    group1 = second.get_by_role("group", name="Group 1: name")
    group1.get_by_label("Arabic").fill("تعلّم الآلة")
    group1.get_by_label("English").fill("Machine learning")
    second.get_by_role("listbox", name="Group 1: micro-credentials").select_option(label=option(cast, "c"))
    second.get_by_role("group", name="Group 2: name").get_by_label("English").fill("Engineering")
    second.get_by_role("listbox", name="Group 2: micro-credentials").select_option(label=option(cast, "d"))
    page.get_by_role("button", name="Save the rules").click()
    expect(page.locator(".message--success")).to_contain_text("Rules saved.")
    pathway = Pathway.objects.get(organisation=cast["home"], code="data-diploma")
    version = pathway.versions.get()
    assert version.rules["rules"] == [
        {"id": "core", "type": "required", "items": [key(cast, "a"), key(cast, "b")]},
        {
            "id": "electives",
            "type": "choose",
            "k": 1,
            "groups": [
                {"label": {"ar": "تعلّم الآلة", "en": "Machine learning"}, "items": [key(cast, "c")]},
                {"label": {"ar": "Engineering", "en": "Engineering"}, "items": [key(cast, "d")]},
            ],
        },
    ]
    # The version page reads the rules with titles, and the designer submits it.
    page.goto(f"{base}/pathways/v/{version.pk}/")
    expect(page.locator("main")).to_contain_text("Data basics, Data analysis")
    page.once("dialog", lambda dialog: dialog.accept())
    step(page, "Submit for review")
    expect(page.locator("main")).to_contain_text("In review")
    # The QA officer recommends it; the approver publishes it.
    sign_in(page, base, "qa@flow.test")
    page.goto(f"{base}/pathways/v/{version.pk}/")
    step(page, "Recommend for publication", "Outcomes and credits are coherent.")
    sign_in(page, base, "approver@flow.test")
    page.goto(f"{base}/pathways/v/{version.pk}/")
    page.once("dialog", lambda dialog: dialog.accept())
    step(page, "Publish")
    version.refresh_from_db()
    assert version.state == "published"
    # AQAC's officer records AQAC's recognition of the published version.
    sign_in(page, base, "officer@flow.test")
    page.goto(f"{base}/pathways/p/{pathway.pk}/")
    page.get_by_role("link", name="Version 1").first.click()
    page.get_by_label("Decision date").fill("2026-10-01")
    page.get_by_label("AQAC reference").fill("AQAC-PW-2026-07")
    page.get_by_role("button", name="Record").click()
    expect(page.locator(".message--success")).to_contain_text("AQAC's recognition is recorded.")
    assert PathwayRecognition.objects.filter(version=version, reference="AQAC-PW-2026-07").exists()
    assert DomainEvent.objects.filter(action__startswith="pathway_version.", subject_id=str(version.pk)).count() >= 3
    # Anyone sees it on the published pathway's page, in Arabic too.
    page.context.clear_cookies()
    in_arabic(page, base)
    page.goto(f"{base}/pathways/p/{pathway.pk}/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_have_text("دبلوم البيانات")
    expect(page.locator("dl.facts")).to_contain_text("AQAC-PW-2026-07")


def test_registrar_issues_the_stacked_credential_and_anyone_verifies_its_parts(
    page: Page, live_server: Any, cast: dict[str, Any], tmp_path: Path
) -> None:
    from wisam.core.models import DomainEvent
    from wisam.pathways import services
    from wisam.pathways.models import StackedAward

    base = live_server.url
    huda = cast["people"]["huda"]
    version = published(
        cast,
        [
            {"id": "core", "type": "required", "items": [key(cast, "a"), key(cast, "b"), key(cast, "c")]},
            {"id": "total", "type": "min_credits", "credits": 15, "unit": "ECTS"},
        ],
    )
    for name in ("a", "b", "c"):
        issue(cast["mcs"][name], huda, grade="85")
    services.pathway_follow(pathway=version.pathway, learner=huda)
    services.pathway_follow(pathway=version.pathway, learner=cast["people"]["khaled"])
    # The registrar sees who completed the pathway and issues the stacked credential.
    sign_in(page, base, "registrar@flow.test")
    page.goto(f"{base}/pathways/v/{version.pk}/")
    table = page.get_by_role("table", name="Learners following the pathway")
    huda_row = table.get_by_role("row").filter(has_text="Huda Suleiman")
    expect(huda_row).to_contain_text("Yes")
    expect(table.get_by_role("row").filter(has_text="Khaled Al-Omari")).to_contain_text("Not yet")
    huda_row.get_by_role("button", name="Issue the stacked credential").click()
    expect(page.locator(".message--success")).to_contain_text("The stacked credential is issued.")
    award = StackedAward.objects.get(pathway_version=version, learner=huda)
    assert {p["title"]["en"] for p in award.parts} == {"Data basics", "Data analysis", "Machine learning"}
    assert DomainEvent.objects.filter(action="pathway.stacked_credential_issued").exists()
    # The learner sees the pathway completed and the credential in the wallet, and downloads it.
    sign_in(page, base, "huda@flow.test")
    page.goto(f"{base}/pathways/p/{version.pathway_id}/progress/")
    expect(page.locator("#pathway-status")).to_contain_text("Completed")
    expect(page.get_by_role("link", name="Your stacked credential has been issued.")).to_be_visible()
    page.goto(f"{base}/credentials/wallet/")
    diploma = page.get_by_test_id("wallet-item").filter(has_text="Professional diploma in data")
    expect(diploma).to_have_count(1)
    with page.expect_download() as download:
        diploma.get_by_role("link", name="Signed credential (JSON)").click()
    signed = tmp_path / "diploma.json"
    signed.write_bytes(Path(download.value.path()).read_bytes())
    # Anyone verifies it on the public page (here in Arabic): valid, and made of its three parts.
    page.context.clear_cookies()
    in_arabic(page, base)
    page.goto(f"{base}/credentials/verify/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.locator("#id_file").set_input_files(str(signed))
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_test_id("verdict")).to_contain_text("هذه الشهادة صالحة")
    parts = page.get_by_test_id("parts")
    for title in ("شهادة Data basics", "شهادة Data analysis", "شهادة Machine learning"):
        expect(parts).to_contain_text(title)


def test_partial_decision_needs_differences_then_is_appealed_once_and_decided(
    page: Page, live_server: Any, cast: dict[str, Any]
) -> None:
    from wisam.core.models import DomainEvent
    from wisam.credentials.models import IssuedCredential
    from wisam.pathways import services
    from wisam.pathways.models import RecognitionRequest

    base = live_server.url
    people = cast["people"]
    huda = people["huda"]
    # Huda holds "Data basics" and "Machine learning"; she asks Al-Karmil to count the latter as "Data analysis".
    version = published(cast, [{"id": "core", "type": "required", "items": [key(cast, "a"), key(cast, "b")]}])
    issue(cast["mcs"]["a"], huda)
    credential = issue(cast["mcs"]["c"], huda)
    request = services.recognition_request_create(
        learner=huda,
        organisation=cast["home"],
        pathway_version=version,
        issued=IssuedCredential.objects.filter(pk=credential.pk),
        external=[],
        message="Please count it.",
        actor=huda,
    )
    url = f"{base}/pathways/requests/{request.pk}/"
    # The recognition officer starts the review ...
    sign_in(page, base, "recognition@flow.test")
    page.goto(url)
    page.get_by_role("button", name="Start the review").click()
    expect(page.locator("#request-state")).to_contain_text("Under review")
    # ... and a partial decision without substantial differences or justification is refused, naming the fields.
    decide = page.locator("form#decide")
    decide.get_by_label("Partial recognition").check()
    decide.get_by_label("Recognised as").select_option(label="Data analysis")
    decide.get_by_label("Credits granted (ECTS)").fill("3")
    page.get_by_role("button", name="Record the decision").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Substantial differences")
    expect(summary).to_contain_text("Justification")
    expect(page.locator("#request-state")).to_contain_text("Under review")
    assert RecognitionRequest.objects.get(pk=request.pk).outcome == ""
    # A valid partial decision.
    decide = page.locator("form#decide")
    expect(decide.get_by_label("Partial recognition")).to_be_checked()
    decide.get_by_label("Workload").check()
    decide.locator("#id_justification_1").fill("Two ECTS of practical work are missing from the submitted course.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#request-state")).to_contain_text("Decided")
    expect(page.locator("#decision")).to_contain_text("3 ECTS granted")
    # The learner sees it and appeals once, in Arabic.
    sign_in(page, base, "huda@flow.test")
    in_arabic(page, base)
    page.goto(url)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#decision")).to_contain_text("3")
    page.locator("form#appeal textarea[name=reasons]").fill("أنجزت المشروع العملي كاملًا وأرفقت ما يثبت ذلك.")
    page.locator("form#appeal button[type=submit]").click()
    expect(page.locator("form#appeal")).to_have_count(0)
    expect(page.locator("#decision")).to_contain_text("أنجزت المشروع العملي")
    request.refresh_from_db()
    assert request.state == "appealed"
    assert request.appealed_at is not None
    # The approver upholds the appeal with a full recognition.
    sign_in(page, base, "approver@flow.test")
    page.goto(url)
    form = page.locator("form#decide-appeal")
    form.get_by_label("Upheld").check()
    form.get_by_label("Reasons", exact=True).fill("The project covers the missing practical work.")
    form.get_by_label("Full recognition").check()
    form.get_by_label("Recognised as").select_option(label="Data analysis")
    page.get_by_role("button", name="Record the appeal decision").click()
    expect(page.locator("#request-state")).to_contain_text("Appeal decided")
    expect(page.locator("#decision")).to_contain_text("Full recognition")
    request.refresh_from_db()
    assert request.outcome == "full"
    assert request.first_decision["outcome"] == "partial"
    assert DomainEvent.objects.filter(action__startswith="recognition_request.", subject_id=str(request.pk)).exists()
    # The learner's record honours it: the pathway is complete.
    sign_in(page, base, "huda@flow.test")
    page.goto(f"{base}/pathways/p/{version.pathway_id}/progress/")
    expect(page.locator("#pathway-status")).to_contain_text("Completed")


def test_plan_by_credits_or_fees_and_the_roadmap_mirrored_in_arabic(
    page: Page, live_server: Any, cast: dict[str, Any]
) -> None:
    from wisam.pathways import services

    base = live_server.url
    huda = cast["people"]["huda"]
    version = published(
        cast,
        [
            {"id": "core", "type": "required", "items": [key(cast, "a"), key(cast, "b")]},
            {
                "id": "electives",
                "type": "choose",
                "k": 1,
                "groups": [
                    {"label": bilingual("تعلم الآلة", "Machine learning"), "items": [key(cast, "c")]},
                    {"label": bilingual("الهندسة", "Engineering"), "items": [key(cast, "d")]},
                ],
            },
        ],
        kind="elective",
    )
    issue(cast["mcs"]["a"], huda)
    services.pathway_follow(pathway=version.pathway, learner=huda)
    sign_in(page, base, "huda@flow.test")
    page.goto(f"{base}/pathways/mine/")
    expect(page.locator("main")).to_contain_text("2 things still missing")
    page.get_by_role("link", name="Data diploma").click()
    expect(page.locator("h1")).to_have_text("Progress on Data diploma")
    plan = page.get_by_role("table", name="Micro-credentials to take, in order")
    # Fewest credits: Data analysis and the 5-ECTS Machine learning.
    expect(page.get_by_role("link", name="Fewest credits")).to_have_attribute("aria-current", "true")
    expect(plan).to_contain_text("Machine learning")
    expect(plan).not_to_contain_text("Data engineering workshop series")
    expect(plan.locator("tfoot")).to_contain_text("10")
    # Lowest fees: the cheaper, larger workshop series instead.
    page.get_by_role("link", name="Lowest fees").click()
    expect(page.get_by_role("link", name="Lowest fees")).to_have_attribute("aria-current", "true")
    expect(plan).to_contain_text("Data engineering workshop series")
    expect(plan).not_to_contain_text("Machine learning")
    # The roadmap: an SVG image with a title, steps from left to right ending at the qualification.
    roadmap = page.locator("figure.pw-roadmap svg")
    expect(roadmap).to_have_attribute("role", "img")
    expect(roadmap.locator("title").first).to_have_text("Your roadmap towards the qualification")
    expect(roadmap).to_have_attribute("direction", "ltr")
    done = roadmap.locator("g.roadmap-done rect").first.bounding_box()
    goal = roadmap.locator(".roadmap-goal").first.bounding_box()
    assert done
    assert goal
    assert done["x"] < goal["x"]
    # In Arabic the page and the drawing run right to left: the qualification is on the left.
    in_arabic(page, base)
    page.reload()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    roadmap = page.locator("figure.pw-roadmap svg")
    expect(roadmap).to_have_attribute("direction", "rtl")
    expect(roadmap.locator("title").first).to_have_text("خريطة طريقك نحو المؤهل")
    done = roadmap.locator("g.roadmap-done rect").first.bounding_box()
    goal = roadmap.locator(".roadmap-goal").first.bounding_box()
    assert done
    assert goal
    assert done["x"] > goal["x"]
