"""End to end in Chromium, the institution's strategy tools: building the MC team and its RACI matrix (gaps appear
and disappear), revising the strategy canvas (a new version the team reads), the stakeholder register (grid, table,
an engagement shaping a micro-credential), and a consultation on a draft maturity model answered by AQAC and
summarised on the published version."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from wisam.core.i18n import bilingual
from wisam.institutions.roles import OrganisationKind, Role
from wisam.strategy.vocab import LifecycleStage, TeamRole

pytestmark = pytest.mark.browser

PASSWORD = "a-Long-password-1"
SLUG = "browser-strategy"


@pytest.fixture
def world(transactional_db: Any) -> dict[str, Any]:
    """A university college with an approver, a QA officer and a designer; AQAC with an officer."""
    from wisam.institutions.services import membership_grant, organisation_create, user_create

    college = organisation_create(
        slug=SLUG, kind=OrganisationKind.UNIVERSITY_COLLEGE, name=bilingual("كلية الاستراتيجية", "Strategy College")
    )
    aqac = organisation_create(
        slug="browser-aqac",
        kind=OrganisationKind.ACCREDITATION_BODY,
        name=bilingual("هيئة الاعتماد", "Accreditation Commission"),
    )

    def person(key: str, organisation: Any, role: str, name: str) -> Any:
        user = user_create(
            email=f"{key}@strategy.test", full_name=bilingual(name, name), password=PASSWORD, preferred_language="en"
        )
        membership_grant(user=user, organisation=organisation, role=role)
        return user

    return {
        "college": college,
        "approver": person("approver", college, Role.INSTITUTIONAL_APPROVER, "Amal Approver"),
        "qa": person("qa", college, Role.QA_OFFICER, "Qasem Quality"),
        "designer": person("designer", college, Role.MC_DESIGNER, "Dana Designer"),
        "officer": person("officer", aqac, Role.AQAC_OFFICER, "Omar Officer"),
    }


def sign_in(page: Page, base: str, email: str, language: str) -> None:
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "wisam_language", "value": language, "url": base}])
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".signed-in__name")).to_be_visible()
    switch_language(page, language)


def switch_language(page: Page, language: str) -> None:
    """The person's own preferred language wins at sign-in; the header's language button changes it."""
    if page.locator("html").get_attribute("lang") != language:
        page.locator(f".language-switch button[value={language}]").click()
        page.wait_for_load_state("networkidle")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")


def english(choices: Any) -> list[tuple[str, str]]:
    """Choice labels in English, whatever language this thread last used."""
    from django.utils import translation

    with translation.override("en"):
        return [(value, str(label)) for value, label in choices]


def finding_codes(page: Page) -> list[str]:
    return page.locator("section[aria-labelledby=gaps-title] .finding code").all_text_contents()


def add_to_team(page: Page, email: str, team_role: str) -> None:
    form = page.locator("form[action$='/team/add/']")
    form.locator("select[name=user]").select_option(label=next(o for o in _options(form, "user") if email in o))
    form.locator("select[name=team_role]").select_option(team_role)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def _options(form: Any, name: str) -> list[str]:
    return form.locator(f"select[name={name}] option").all_text_contents()


def test_team_and_raci_gaps_appear_and_disappear(
    page: Page, live_server: Any, world: dict[str, Any], screenshot_dir: Path
) -> None:
    from wisam.core.models import DomainEvent
    from wisam.strategy.models import RaciAssignment, TeamMember

    base = live_server.url
    # --- in Arabic: no team yet, then a strategic lead but no QA lead
    sign_in(page, base, "approver@strategy.test", "ar")
    page.goto(f"{base}/strategy/{SLUG}/team/")
    expect(page.get_by_role("heading", level=1)).to_have_text("فريق برنامج الشهادات المصغّرة")
    assert finding_codes(page) == ["TEAM_EMPTY"]
    add_to_team(page, "approver@strategy.test", TeamRole.STRATEGIC_LEAD)
    gaps = page.locator("section[aria-labelledby=gaps-title]")
    expect(gaps).to_contain_text("لا يوجد في الفريق قائد للجودة.")
    expect(gaps).to_contain_text("لا أحد محاسَب عن مرحلة")
    assert "TEAM_NO_QA_LEAD" in finding_codes(page)
    page.screenshot(path=str(screenshot_dir / "strategy-team-gaps-ar.png"), full_page=True)

    # --- in English: the QA lead and a designer join; the QA-lead gap goes
    switch_language(page, "en")
    add_to_team(page, "qa@strategy.test", TeamRole.QA_LEAD)
    expect(page.locator(".message--success")).to_contain_text("Added to the team.")
    add_to_team(page, "designer@strategy.test", TeamRole.INSTRUCTIONAL_DESIGN)
    codes = finding_codes(page)
    assert "TEAM_NO_QA_LEAD" not in codes
    assert "TEAM_EMPTY" not in codes
    assert codes.count("RACI_NO_ACCOUNTABLE") == len(LifecycleStage.values)
    assert codes.count("RACI_NO_RESPONSIBLE") == len(LifecycleStage.values)
    gaps = page.locator("section[aria-labelledby=gaps-title]")
    expect(gaps).to_contain_text("Nobody is accountable for “Internal QA and approval”.")
    expect(page.locator("main table:not(:has(caption))")).to_have_count(0)  # every table says what it holds
    members = page.get_by_role("table", name="Team members and their team roles")
    expect(members).to_contain_text("Qasem Quality")
    expect(members).to_contain_text("QA lead")

    # --- the RACI matrix: the approver accountable for every stage, the designer responsible, the QA lead consulted
    for _stage, label in english(LifecycleStage.choices):
        page.get_by_label(f"Amal Approver, Strategic lead: {label}", exact=True).select_option("A")
        page.get_by_label(f"Dana Designer, Instructional design: {label}", exact=True).select_option("R")
        page.get_by_label(f"Qasem Quality, QA lead: {label}", exact=True).select_option("C")
    page.get_by_role("button", name="Save the matrix").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".message--success")).to_contain_text(f"({3 * len(LifecycleStage.values)} changes)")
    assert [c for c in finding_codes(page) if c.startswith("RACI_")] == []
    expect(page.locator("th.cell-gap")).to_have_count(0)

    # Two accountable for internal QA: flagged on the stage; the approver steps back to consulted and it goes.
    qa_stage = english([("", LifecycleStage.INTERNAL_QA.label)])[0][1]
    page.get_by_label(f"Qasem Quality, QA lead: {qa_stage}", exact=True).select_option("A")
    page.get_by_role("button", name="Save the matrix").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("section[aria-labelledby=gaps-title]")).to_contain_text(
        f"2 people are accountable for “{qa_stage}”; exactly one should be."
    )
    assert finding_codes(page).count("RACI_SEVERAL_ACCOUNTABLE") == 1
    expect(page.locator(f"th#stage-{LifecycleStage.INTERNAL_QA}.cell-gap")).to_have_count(1)
    page.get_by_label(f"Amal Approver, Strategic lead: {qa_stage}", exact=True).select_option("C")
    page.get_by_role("button", name="Save the matrix").click()
    page.wait_for_load_state("networkidle")
    # Only the advice to give learners and employers a voice is left.
    assert finding_codes(page) == ["TEAM_NO_EXTERNAL_VOICE"]
    expect(page.locator(".finding--warning")).to_have_count(1)
    expect(page.locator(".finding--gap")).to_have_count(0)

    college = world["college"]
    assert TeamMember.objects.filter(organisation=college).count() == 3
    accountable = RaciAssignment.objects.filter(
        member__organisation=college, stage=LifecycleStage.INTERNAL_QA, letter="A"
    )
    assert [a.member.user.email for a in accountable] == ["qa@strategy.test"]
    assert DomainEvent.objects.filter(action__startswith="strategy.team", organisation=college).count() >= 3


def test_approver_revises_the_canvas_and_the_team_reads_it(page: Page, live_server: Any, world: dict[str, Any]) -> None:
    from wisam.strategy import services
    from wisam.strategy.models import StrategyVersion

    college, approver = world["college"], world["approver"]
    services.team_member_add(organisation=college, user=approver, team_role=TeamRole.STRATEGIC_LEAD, actor=approver)
    services.team_member_add(
        organisation=college, user=world["designer"], team_role=TeamRole.INSTRUCTIONAL_DESIGN, actor=approver
    )
    services.strategy_save(
        organisation=college,
        data={"rationale": bilingual("نخدم المتعلمين العاملين.", "We serve working learners.")},
        actor=approver,
        change_note="First draft",
    )

    base = live_server.url
    sign_in(page, base, "approver@strategy.test", "en")
    page.goto(f"{base}/strategy/{SLUG}/canvas/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Institutional micro-credential strategy")
    expect(page.locator("main")).to_contain_text("We serve working learners.")
    page.get_by_role("link", name="Revise the strategy").click()
    expect(page.locator("main")).to_contain_text("Saving creates version 2; version 1 stays as it is.")
    page.locator("textarea[name=rationale_0]").fill("نخدم المتعلمين العاملين وأصحاب العمل في الشمال.")
    page.locator("textarea[name=rationale_1]").fill("We serve working learners and the employers of the north.")
    page.get_by_label("Business model").select_option("industry_partnership")
    page.get_by_label("What changed").fill("Employers joined the rationale")
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.locator(".message--success")).to_contain_text("Saved as version 2.")
    expect(page.locator("main")).to_contain_text("Version 2")
    expect(page.locator("dd.changed")).to_have_count(2)  # the rationale and the business model
    expect(page.locator("dd.changed").first).to_contain_text("employers of the north")
    assert StrategyVersion.objects.filter(strategy__organisation=college).count() == 2

    # --- the designer, a team member, reads it in Arabic and cannot change it
    sign_in(page, base, "designer@strategy.test", "ar")
    page.goto(f"{base}/strategy/{SLUG}/canvas/")
    expect(page.get_by_role("heading", level=1)).to_have_text("الاستراتيجية المؤسسية للشهادات المصغّرة")
    expect(page.locator("main")).to_contain_text("الإصدار 2")
    expect(page.locator("main")).to_contain_text("نخدم المتعلمين العاملين وأصحاب العمل في الشمال.")
    expect(page.get_by_role("link", name="راجع الاستراتيجية")).to_have_count(0)
    page.get_by_role("link", name="الإصدار 1", exact=True).click()
    expect(page.locator("main")).to_contain_text("نخدم المتعلمين العاملين.")
    expect(page.locator("main")).not_to_contain_text("في الشمال")
    refused = page.goto(f"{base}/strategy/{SLUG}/canvas/edit/")
    assert refused is not None
    assert refused.status in (403, 404)


def test_stakeholder_register_and_engagement(
    page: Page, live_server: Any, world: dict[str, Any], screenshot_dir: Path
) -> None:
    from wisam.design.services import micro_credential_create
    from wisam.strategy.models import Engagement, OutcomeLink

    college = world["college"]
    version = micro_credential_create(
        organisation=college, code="STRAT-DATA", title=bilingual("تحليل المبيعات", "Sales analytics"), actor=None
    )
    mc = version.micro_credential
    base = live_server.url
    sign_in(page, base, "qa@strategy.test", "en")
    page.goto(f"{base}/strategy/{SLUG}/stakeholders/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Stakeholder register")

    def add(ar: str, en: str, kind: str, influence: str, interest: str) -> None:
        form = page.locator("section[aria-labelledby=add-title] form")
        form.locator("[name=name_0]").fill(ar)
        form.locator("[name=name_1]").fill(en)
        form.get_by_label("Type").select_option(kind)
        form.get_by_label("Influence (1–5)").select_option(influence)
        form.get_by_label("Interest (1–5)").select_option(interest)
        form.get_by_role("button", name="Add the stakeholder").click()
        expect(page.locator(".message--success")).to_contain_text("Stakeholder added.")

    add("غرفة تجارة نابلس", "Nablus Chamber of Commerce", "chamber", "5", "4")
    add("جمعية الخريجين", "Alumni Association", "learners", "2", "1")
    table = page.get_by_role("table", name="Stakeholders, their influence and interest (1–5)")
    chamber = table.get_by_role("row").filter(has_text="Nablus Chamber of Commerce")
    expect(chamber.locator("td")).to_have_text(
        ["1", "Nablus Chamber of Commerce", "Chamber of commerce or industry", "5", "4", "Manage closely"]
    )
    expect(table.get_by_role("row").filter(has_text="Alumni Association")).to_contain_text("Monitor")
    expect(page.locator("main table:not(:has(caption))")).to_have_count(0)
    grid = page.locator("svg.chart--grid")
    expect(grid.locator("g.point")).to_have_count(2)
    expect(grid.locator("g.point > title").first).to_have_text(
        "1. Nablus Chamber of Commerce — influence 5, interest 4"
    )

    # --- an engagement: a co-design workshop with the chamber, which shaped the micro-credential
    page.get_by_role("link", name="Record an engagement").click()
    page.get_by_label("Kind").select_option("codesign_workshop")
    page.locator("[name=title_0]").fill("ورشة تصميم تحليل المبيعات")
    page.locator("[name=title_1]").fill("Sales analytics co-design workshop")
    page.get_by_label("Held on").fill((timezone.localdate() - timedelta(days=3)).isoformat())
    page.get_by_label("Lifecycle stage").select_option(LifecycleStage.NEED_CODESIGN)
    page.get_by_label("Nablus Chamber of Commerce").check()
    page.locator("[name=outcomes_1]").fill("Add a module on retail dashboards.")
    page.get_by_role("button", name="Record").click()
    expect(page.locator(".message--success")).to_contain_text("Engagement recorded.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sales analytics co-design workshop")
    page.get_by_label("What it shaped").select_option(f"design.microcredential:{mc.pk}")
    page.get_by_role("button", name="Link").click()
    expect(page.locator(".message--success")).to_contain_text("Outcome linked.")
    expect(page.locator("main")).to_contain_text("Sales analytics")
    engagement = Engagement.objects.get(organisation=college)
    assert OutcomeLink.objects.filter(engagement=engagement, target_id=mc.pk).exists()

    # --- the register in Arabic: the grid runs right to left and the log says what the workshop shaped
    switch_language(page, "ar")
    page.goto(f"{base}/strategy/{SLUG}/stakeholders/")
    grid = page.locator("svg.chart--grid")
    expect(grid).to_have_attribute("direction", "rtl")
    expect(grid.locator("title").first).to_have_text("أصحاب المصلحة حسب التأثير والاهتمام")
    expect(page.get_by_role("table").first).to_contain_text("غرفة تجارة نابلس")
    log = page.locator("section[aria-labelledby=eng-title]")
    expect(log.get_by_role("link", name="ورشة تصميم تحليل المبيعات")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "strategy-stakeholders-ar.png"), full_page=True)


def test_consultation_on_a_draft_maturity_model(page: Page, live_server: Any, world: dict[str, Any]) -> None:
    from wisam.core.models import DomainEvent
    from wisam.strategy import services
    from wisam.strategy.models import MaturityModel

    published = services.maturity_model_load()
    base = live_server.url

    # --- AQAC starts the next version and opens it for consultation
    sign_in(page, base, "officer@strategy.test", "en")
    page.goto(f"{base}/strategy/models/{published.pk}/")
    page.get_by_role("button", name="Start a new version to edit").click()
    page.wait_for_load_state("networkidle")
    draft = MaturityModel.objects.get(slug=published.slug, status="draft")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"v{draft.version}")
    page.goto(f"{base}/strategy/consultations/")
    page.get_by_label("Draft").select_option(f"strategy.maturitymodel:{draft.pk}")
    page.locator("[name=title_0]").fill("استشارة حول نموذج النضج")
    page.locator("[name=title_1]").fill("Consultation on the maturity model")
    page.get_by_label("Comments until").fill((timezone.localdate() + timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Open for consultation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Consultation on the maturity model")
    consultation_url = page.url

    # --- a stakeholder (the college's approver), in Arabic, comments on one indicator
    indicator = draft.dimensions.order_by("order").first().indicators.order_by("order").first()
    sign_in(page, base, "approver@strategy.test", "ar")
    page.goto(f"{base}/strategy/consultations/")
    page.get_by_role("link", name="استشارة حول نموذج النضج").click()
    page.get_by_label("المعيار أو المؤشر").select_option(indicator.key)
    page.get_by_label("ملاحظتك").fill("نقترح ذكر مجلس الجامعة صراحةً في هذا المؤشر.")
    page.get_by_role("button", name="أرسل الملاحظة").click()
    expect(page.locator(".message--success")).to_contain_text("سُجّلت الملاحظة.")
    comment = page.locator(f"#item-{indicator.key} .consultation-comment")
    expect(comment).to_contain_text("نقترح ذكر مجلس الجامعة")
    expect(comment).to_contain_text("كلية الاستراتيجية")

    # --- AQAC answers; the draft cannot be published while the consultation is open; closing says what changed
    sign_in(page, base, "officer@strategy.test", "en")
    page.goto(f"{base}/strategy/models/{draft.pk}/")
    page.locator("[name=change_note_0]").fill("تغييرات بعد الاستشارة")
    page.locator("[name=change_note_1]").fill("Changes after the consultation")
    page.get_by_role("button", name="Publish").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".message--error")).to_contain_text(
        "Close the consultation on this draft before publishing it."
    )
    draft.refresh_from_db()
    assert draft.status == "draft"

    page.goto(consultation_url)
    comment = page.locator(f"#item-{indicator.key} .consultation-comment")
    comment.get_by_label("Answer").fill("Accepted: the indicator now names the university council.")
    comment.get_by_label("Outcome").select_option("accepted")
    comment.get_by_role("button", name="Answer").click()
    expect(page.locator(".message--success")).to_contain_text("Answer recorded.")
    expect(page.locator(f"#item-{indicator.key} .consultation-comment")).to_contain_text(
        "the indicator now names the university council"
    )
    close = page.locator("form", has=page.locator("input[name=do][value=close]"))
    close.locator("[name=summary_0]").fill("ذُكر مجلس الجامعة في مؤشر الاستراتيجية بناءً على ملاحظة كلية.")
    close.locator("[name=summary_1]").fill(
        "The strategy indicator now names the university council, as a college asked."
    )
    close.get_by_role("button", name="Close").click()
    expect(page.locator(".message--success")).to_contain_text("Consultation closed.")
    expect(page.get_by_role("heading", name="What changed and why")).to_be_visible()

    page.goto(f"{base}/strategy/models/{draft.pk}/")
    page.locator("[name=change_note_0]").fill("تغييرات بعد الاستشارة")
    page.locator("[name=change_note_1]").fill("Changes after the consultation")
    page.get_by_role("button", name="Publish").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".message--success")).to_contain_text("Published")
    draft.refresh_from_db()
    assert draft.status == "published"
    assert DomainEvent.objects.filter(action__startswith="strategy.consultation").count() >= 4

    # --- anyone reads, on the published version, what changed and why
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "wisam_language", "value": "en", "url": base}])
    page.goto(f"{base}/strategy/models/{draft.pk}/")
    consulted = page.locator("section", has=page.get_by_role("heading", name="Consultations on this version"))
    expect(consulted).to_contain_text("Consultation on the maturity model")
    expect(consulted).to_contain_text("now names the university council")
