"""The members page: who may see it, who may grant and end roles, and how errors are told."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.policy_matrix import Personas
from wisam.institutions.models import Membership
from wisam.institutions.roles import Role


def members_url(slug: str = "home-university") -> str:
    return reverse("organisation_members", kwargs={"slug": slug})


def end_url(membership: Membership) -> str:
    return reverse("membership_end", kwargs={"slug": membership.organisation.slug, "pk": membership.pk})


def test_admin_sees_people_and_the_grant_form(signed_in: Any) -> None:
    html = signed_in("admin", "en").get(members_url()).content.decode()
    assert "designer@home.test" in html
    assert 'name="email"' in html
    assert "End role" in html


def test_colleague_sees_people_but_no_management(signed_in: Any) -> None:
    html = signed_in("designer", "en").get(members_url()).content.decode()
    assert "registrar@home.test" in html
    assert 'name="email"' not in html
    assert "End role" not in html


@pytest.mark.parametrize("persona", ["anonymous", "learner", "employer", "ministry"])
def test_outsiders_may_not_see_members(personas: Personas, persona: str) -> None:
    client = Client()
    if persona != "anonymous":
        client.force_login(personas.people[persona])
    assert client.get(members_url()).status_code == 403


def test_another_institutions_admin_is_refused(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.other_admin)
    assert client.get(members_url()).status_code == 403
    membership = Membership.objects.get(user=personas.people["designer"])
    assert client.post(end_url(membership)).status_code == 403
    grant = {"email": "learner@home.test", "role": Role.MC_DESIGNER}
    assert client.post(members_url(), grant).status_code == 403
    membership.refresh_from_db()
    assert membership.is_active


@pytest.mark.parametrize("persona", ["designer", "qa", "aqac_officer"])
def test_non_admins_may_not_grant_or_end(personas: Personas, signed_in: Any, persona: str) -> None:
    client = signed_in(persona)
    grant = {"email": "learner@home.test", "role": Role.MC_DESIGNER}
    assert client.post(members_url(), grant).status_code == 403
    membership = Membership.objects.get(user=personas.people["registrar"])
    assert client.post(end_url(membership)).status_code == 403


def test_403_page_is_translated_and_offers_sign_in_to_anonymous(db: Any, personas: Personas) -> None:
    html = Client(headers={"accept-language": "ar"}).get(members_url()).content.decode()
    assert "غير مسموح لك" in html
    assert reverse("login") in html


def test_admin_grants_a_role_by_email(personas: Personas, signed_in: Any) -> None:
    client = signed_in("admin", "en")
    response = client.post(members_url(), {"email": "Learner@Home.test", "role": Role.MC_DESIGNER})
    assert response.status_code == 302
    learner = personas.people["learner"]
    assert Membership.objects.current().filter(user=learner, organisation=personas.home, role=Role.MC_DESIGNER)
    assert "now holds the role" in client.get(members_url()).content.decode()


def test_grant_through_htmx_answers_with_the_members_fragment(personas: Personas, signed_in: Any) -> None:
    client = signed_in("admin", "en")
    response = client.post(
        members_url(), {"email": "learner@home.test", "role": Role.QA_OFFICER}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<div id="members">')
    assert "now holds the role" in html


def test_unknown_person_is_an_error_on_the_email_field_in_arabic(personas: Personas, signed_in: Any) -> None:
    response = signed_in("admin", "ar").post(members_url(), {"email": "nobody@home.test", "role": Role.MC_DESIGNER})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'href="#id_email">البريد الإلكتروني:' in html
    assert 'aria-invalid="true"' in html


def test_role_of_another_kind_of_organisation_is_refused(personas: Personas, signed_in: Any) -> None:
    response = signed_in("admin", "en").post(members_url(), {"email": "learner@home.test", "role": Role.AQAC_EVALUATOR})
    assert response.status_code == 422
    assert 'href="#id_role">Role:' in response.content.decode()
    assert not Membership.objects.filter(user=personas.people["learner"]).exists()


def test_admin_ends_a_membership(personas: Personas, signed_in: Any) -> None:
    membership = Membership.objects.get(user=personas.people["registrar"])
    response = signed_in("admin", "en").post(end_url(membership), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "has ended" in response.content.decode()
    membership.refresh_from_db()
    assert not membership.is_active


def test_admin_cannot_end_their_own_admin_role(personas: Personas, signed_in: Any) -> None:
    membership = Membership.objects.get(user=personas.people["admin"])
    signed_in("admin", "en").post(end_url(membership))
    membership.refresh_from_db()
    assert membership.is_active


def test_end_needs_post(personas: Personas, signed_in: Any) -> None:
    membership = Membership.objects.get(user=personas.people["registrar"])
    assert signed_in("admin").get(end_url(membership)).status_code == 405
