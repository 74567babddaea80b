"""Every page of the shell renders in Arabic (right to left) and in English, and asks the policy."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.policy_matrix import Personas

ARABIC = re.compile(r"[\u0600-\u06FF]")


def assert_language(html: str, language: str) -> None:
    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in html
    if language == "ar":
        assert "وسام" in html
        assert "Skip to main content" not in html
    else:
        assert "Skip to main content" in html


PUBLIC_PAGES = [
    ("home", {}),
    ("organisation_list", {}),
    ("organisation_detail", {"slug": "home-university"}),
    ("login", {}),
    ("password_reset", {}),
    ("password_reset_done", {}),
    ("password_reset_complete", {}),
]


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize(("name", "kwargs"), PUBLIC_PAGES)
def test_public_pages_render_in_both_languages(
    personas: Personas, language: str, name: str, kwargs: dict[str, str]
) -> None:
    response = Client(headers={"accept-language": language}).get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    assert_language(response.content.decode(), language)


SIGNED_IN_PAGES = [
    ("admin", "home", {}),
    ("admin", "account", {}),
    ("admin", "organisation_members", {"slug": "home-university"}),
    ("designer", "organisation_members", {"slug": "home-university"}),
    ("learner", "home", {}),
    ("staff", "home", {}),
]


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize(("persona", "name", "kwargs"), SIGNED_IN_PAGES)
def test_signed_in_pages_render_in_both_languages(
    signed_in: Any, language: str, persona: str, name: str, kwargs: dict[str, str]
) -> None:
    response = signed_in(persona, language).get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    assert_language(response.content.decode(), language)


def test_arabic_is_the_default_without_a_preference(db: Any) -> None:
    html = Client().get("/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "الانتقال إلى المحتوى الرئيسي" in html


def test_arabic_browser_gets_arabic_and_english_browser_english(db: Any) -> None:
    arabic = Client(headers={"accept-language": "ar-PS,ar;q=0.9,en;q=0.5"}).get("/").content.decode()
    english = Client(headers={"accept-language": "en-GB,en;q=0.9"}).get("/").content.decode()
    assert 'lang="ar" dir="rtl"' in arabic
    assert 'lang="en" dir="ltr"' in english


def test_anonymous_home_offers_sign_in_register_and_verification(client_en: Client, db: Any) -> None:
    html = client_en.get("/").content.decode()
    for name in ("login", "public_register", "verify_credential", "organisation_list"):
        assert f'href="{reverse(name)}"' in html


def test_base_layout_has_landmarks_skip_link_and_switcher(client_ar: Client, db: Any) -> None:
    html = client_ar.get("/").content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    for landmark in ("<header", "<nav", "<footer"):
        assert landmark in html
    assert f'action="{reverse("language_switch")}"' in html
    assert (
        'name="language" value="en"><span class="visually-hidden">تغيير اللغة إلى </span><span lang="en">English</span>'
        in html
    )
    assert 'role="status"' in html
    assert '<meta name="csrf-token"' in html


def test_signed_in_header_shows_name_roles_and_a_logout_form(signed_in: Any) -> None:
    html = signed_in("admin", "en").get("/").content.decode()
    assert "<bdi>شخص</bdi>" not in html  # English page shows the English name
    assert "admin@home.test" in html
    assert "Institution administrator" in html
    assert f'<form method="post" action="{reverse("logout")}">' in html


def test_directory_filters_by_kind_and_name_and_answers_htmx_with_the_results_only(
    personas: Personas, client_en: Client
) -> None:
    everything = client_en.get(reverse("organisation_list")).content.decode()
    assert "Organisation home-university" in everything
    assert "Organisation mohe" in everything
    colleges = client_en.get(reverse("organisation_list"), {"kind": "community_college"}).content.decode()
    assert "Organisation other-college" in colleges
    assert "Organisation home-university" not in colleges
    partial = client_en.get(reverse("organisation_list"), {"q": "mohe"}, headers={"HX-Request": "true"})
    html = partial.content.decode()
    assert "<html" not in html
    assert "Organisation mohe" in html
    assert "Organisation aqac" not in html


def test_organisation_detail_lists_units_and_links_members_only_for_those_allowed(
    personas: Personas, client_en: Client, signed_in: Any
) -> None:
    from wisam.core.i18n import bilingual
    from wisam.institutions.services import unit_create

    unit_create(organisation=personas.home, kind="faculty", name=bilingual("كلية العلوم", "Faculty of Science"))
    url = reverse("organisation_detail", kwargs={"slug": "home-university"})
    members = reverse("organisation_members", kwargs={"slug": "home-university"})
    anonymous = client_en.get(url).content.decode()
    assert "Faculty of Science" in anonymous
    assert members not in anonymous
    assert members in signed_in("designer", "en").get(url).content.decode()


def test_unknown_organisation_is_a_bilingual_404(db: Any, client_ar: Client, client_en: Client) -> None:
    arabic = client_ar.get("/organisations/nowhere/")
    assert arabic.status_code == 404
    assert "هذه الصفحة غير موجودة" in arabic.content.decode()
    english = client_en.get("/organisations/nowhere/")
    assert "This page does not exist" in english.content.decode()


def test_500_page_speaks_both_languages() -> None:
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong on our side" in html
    assert "حدث خطأ من جهتنا" in html


def test_short_public_addresses_lead_to_the_register_and_verification(client_en: Client, db: Any) -> None:
    register = client_en.get(reverse("public_register") + "?q=python")
    assert register.status_code == 302
    assert register["Location"] == reverse("accreditation:register") + "?q=python"
    assert client_en.get(reverse("verify_credential"))["Location"] == reverse("credentials:verify")


def test_admin_is_for_staff_only_and_has_a_translated_header(signed_in: Any) -> None:
    designer = signed_in("designer", "en").get("/admin/")
    assert designer.status_code == 302
    assert "/admin/login/" in designer["Location"]
    staff_ar = signed_in("staff", "ar").get("/admin/")
    assert staff_ar.status_code == 200
    assert "إدارة وسام" in staff_ar.content.decode()
    assert "Wisam administration" in signed_in("staff", "en").get("/admin/").content.decode()


def test_staff_header_names_platform_staff(signed_in: Any) -> None:
    assert "فريق تشغيل المنصة" in signed_in("staff", "ar").get("/").content.decode()
