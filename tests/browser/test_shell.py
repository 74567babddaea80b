"""The shell in a real browser: Arabic right to left and English, each demo role's home, keyboard, password reset."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from wisam.institutions.demo import DEMO_LOGINS, DEMO_PASSWORD, STAFF_EMAIL
from wisam.institutions.roles import Role


def _one_login_per_role() -> list[tuple[str, str, str]]:
    seen: dict[str, tuple[str, str, str]] = {}
    for email, role, slug in DEMO_LOGINS:
        seen.setdefault(role, (email, role, slug))
    return [*seen.values(), (STAFF_EMAIL, "staff", "")]


LOGINS = _one_login_per_role()


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base}/")


def switch_language(page: Page, language: str) -> None:
    page.locator(f'.language-switch button[value="{language}"]').click()
    expect(page.locator("html")).to_have_attribute("lang", language)


def test_anonymous_home_in_arabic_then_english(page: Page, demo: Any, screenshot_dir: Path) -> None:
    page.goto(demo.url)
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_contain_text("الشهادات المصغّرة")
    # Right to left for real: the brand (first in the header) sits on the right-hand side.
    brand = page.locator(".brand").bounding_box()
    tools = page.locator(".site-header__tools").bounding_box()
    assert brand is not None
    assert tools is not None
    assert brand["x"] > tools["x"]
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Noto Sans Arabic" in font
    assert page.evaluate("document.fonts.check('16px \"Noto Sans Arabic\"', 'وسام')")
    page.screenshot(path=str(screenshot_dir / "anonymous-ar.png"), full_page=True)
    # On a phone the layout reflows without sideways scrolling.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(screenshot_dir / "anonymous-ar-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    switch_language(page, "en")
    expect(html).to_have_attribute("dir", "ltr")
    expect(page.locator("h1")).to_contain_text("Micro-credentials for Palestine")
    brand = page.locator(".brand").bounding_box()
    tools = page.locator(".site-header__tools").bounding_box()
    assert brand is not None
    assert tools is not None
    assert brand["x"] < tools["x"]
    page.screenshot(path=str(screenshot_dir / "anonymous-en.png"), full_page=True)


def test_no_request_leaves_the_server(page: Page, demo: Any) -> None:
    outside: list[str] = []
    page.on("request", lambda request: None if request.url.startswith(demo.url) else outside.append(request.url))
    violations: list[str] = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.goto(demo.url)
    page.goto(f"{demo.url}/organisations/")
    page.locator("#id_kind").select_option("community_college")
    expect(page.locator("#directory-results")).to_contain_text("كلية مرج ابن عامر المجتمعية")
    expect(page.locator("#directory-results")).not_to_contain_text("جامعة الكرمل")
    assert outside == []
    assert violations == []


@pytest.mark.parametrize(("email", "role", "slug"), LOGINS, ids=[role for _e, role, _s in LOGINS])
def test_each_demo_role_signs_in_and_sees_its_home_in_both_languages(
    page: Page, demo: Any, screenshot_dir: Path, email: str, role: str, slug: str
) -> None:
    from wisam.institutions.models import User

    preferred = User.objects.get(email=email).preferred_language
    sign_in(page, demo.url, email)
    expect(page.locator("html")).to_have_attribute("lang", preferred)
    cards = page.locator(".card")
    expect(cards.first).to_be_visible()
    account_card = page.locator(".card a[href='/account/']")
    expect(account_card).to_have_count(1)
    if role not in ("staff", Role.LEARNER):
        expect(page.locator(".role-tag").first).to_be_visible()
        expect(page.locator(".card-group h2").nth(1)).to_be_visible()
    if role == Role.INSTITUTION_ADMIN:
        expect(page.locator(f".card a[href='/organisations/{slug}/members/']")).to_have_count(1)
    if role == "staff":
        expect(page.locator(".card a[href='/admin/']")).to_have_count(1)

    other = "en" if preferred == "ar" else "ar"
    for language in (preferred, other):
        if language != preferred:
            switch_language(page, language)
        expect(page.locator("html")).to_have_attribute("dir", "rtl" if language == "ar" else "ltr")
        expect(page.locator(".signed-in__name")).to_be_visible()
        page.screenshot(path=str(screenshot_dir / f"{role}-{language}.png"), full_page=True)
    # The switcher also remembered the choice as the person's preferred language.
    assert User.objects.get(email=email).preferred_language == other


def test_skip_link_is_first_and_moves_focus_to_main(page: Page, demo: Any) -> None:
    page.goto(demo.url)
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_class(re.compile("skip-link"))
    expect(focused).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # The next Tab continues inside the main content, not in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")


def test_admin_grants_a_role_with_htmx_and_errors_name_the_field(page: Page, demo: Any, screenshot_dir: Path) -> None:
    sign_in(page, demo.url, "admin@karmil.example")
    page.goto(f"{demo.url}/organisations/karmil/members/")
    page.locator("#id_email").fill("nobody@karmil.example")
    page.locator("#id_role").select_option(Role.MC_DESIGNER.value)
    page.get_by_role("button", name="منح الدور").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("البريد الإلكتروني")
    expect(summary).to_be_focused()
    page.screenshot(path=str(screenshot_dir / "members-error-ar.png"), full_page=True)
    page.locator("#id_email").fill("huda@learner.example")
    page.get_by_role("button", name="منح الدور").click()
    expect(page.locator("#members .message")).to_contain_text("هدى سليمان")
    expect(page.locator("#members table")).to_contain_text("huda@learner.example")
    page.screenshot(path=str(screenshot_dir / "members-ar.png"), full_page=True)


def test_password_reset_flow(page: Page, demo: Any) -> None:
    page.goto(f"{demo.url}/accounts/login/")
    page.get_by_role("link", name="نسيت كلمة المرور؟").click()
    page.locator("#id_email").fill("designer@karmil.example")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("تفقّد بريدك الإلكتروني")
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/reset/\S+", mail.outbox[0].body)
    assert link is not None
    page.goto(link.group(0))
    page.locator("#id_new_password1").fill("Another-long-pass-9")
    page.locator("#id_new_password2").fill("Another-long-pass-9")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("تغيّرت كلمة المرور")
    page.locator("main a.button").click()
    page.locator("#id_username").fill("designer@karmil.example")
    page.locator("#id_password").fill("Another-long-pass-9")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{demo.url}/")
    expect(page.locator(".signed-in__name")).to_contain_text("سامر ناصر")
