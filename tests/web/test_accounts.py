"""Sign-in by e-mail in the person's language, sign-out, password reset by e-mail, and the language switcher."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.policy_matrix import Personas

PASSWORD = "a-Long-password-1"  # the root conftest's make_person


@pytest.fixture
def english_speaker(personas: Personas) -> Any:
    user = personas.people["admin"]
    user.preferred_language = "en"
    user.save()
    return user


def test_login_by_email_in_any_case_switches_to_the_preferred_language(english_speaker: Any) -> None:
    client = Client(headers={"accept-language": "ar"})
    response = client.post(reverse("login"), {"username": "ADMIN@home.test", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    home = client.get(reverse("home")).content.decode()
    assert '<html lang="en" dir="ltr">' in home
    assert "Manage the members of your organisation" in home


def test_wrong_password_is_refused_with_an_arabic_message(personas: Personas, client_ar: Client) -> None:
    response = client_ar.post(reverse("login"), {"username": "admin@home.test", "password": "wrong"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert "البريد الإلكتروني أو كلمة المرور غير صحيحة" in html


def test_login_form_names_the_missing_field(db: Any, client_ar: Client) -> None:
    html = client_ar.post(reverse("login"), {"username": "", "password": ""}).content.decode()
    assert 'href="#id_username">البريد الإلكتروني:' in html


def test_logout_is_a_post_and_ends_the_session(signed_in: Any) -> None:
    client = signed_in("designer")
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_bilingual_mail_and_the_link_sets_a_new_password(
    personas: Personas, client_ar: Client
) -> None:
    response = client_ar.post(reverse("password_reset"), {"email": "designer@home.test"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["designer@home.test"]
    assert "إعادة تعيين كلمة المرور" in message.subject
    assert "reset your password" in message.subject
    assert "لاختيار كلمة مرور جديدة" in message.body
    assert "To choose a new password" in message.body
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", message.body)
    assert link is not None
    form = client_ar.get(link.group(1), follow=True)
    assert form.status_code == 200
    set_password = form.redirect_chain[-1][0]
    done = client_ar.post(set_password, {"new_password1": "a-New-long-pass-2", "new_password2": "a-New-long-pass-2"})
    assert done.status_code == 302
    assert done["Location"] == reverse("password_reset_complete")
    assert Client().login(username="designer@home.test", password="a-New-long-pass-2")


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(db: Any, client_en: Client) -> None:
    response = client_en.post(reverse("password_reset"), {"email": "nobody@nowhere.test"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_switcher_sets_the_cookie_and_returns_to_the_page(db: Any) -> None:
    client = Client(headers={"accept-language": "ar"})
    response = client.post(reverse("language_switch"), {"language": "en", "next": "/organisations/"})
    assert response.status_code == 302
    assert response["Location"] == "/organisations/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en" dir="ltr">' in client.get("/organisations/").content.decode()


def test_switcher_refuses_an_outside_next_address(db: Any) -> None:
    response = Client().post(reverse("language_switch"), {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_switcher_updates_the_preferred_language_of_a_signed_in_person(personas: Personas, signed_in: Any) -> None:
    client = signed_in("designer", "ar")
    client.post(reverse("language_switch"), {"language": "en", "next": "/"})
    personas.people["designer"].refresh_from_db()
    assert personas.people["designer"].preferred_language == "en"
    client.post(reverse("language_switch"), {"language": "xx", "next": "/"})
    personas.people["designer"].refresh_from_db()
    assert personas.people["designer"].preferred_language == "en"


def test_djangos_own_set_language_still_works(db: Any) -> None:
    response = Client().post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_account_page_lists_memberships_and_saves_the_preferred_language(personas: Personas, signed_in: Any) -> None:
    client = signed_in("registrar", "en")
    html = client.get(reverse("account")).content.decode()
    assert "Registrar / issuer" in html
    assert "Organisation home-university" in html
    response = client.post(reverse("account"), {"preferred_language": "en"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    personas.people["registrar"].refresh_from_db()
    assert personas.people["registrar"].preferred_language == "en"


def test_account_page_needs_sign_in(db: Any) -> None:
    response = Client().get(reverse("account"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
