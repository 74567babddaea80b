"""The home page's "what you can do next" cards: from the registry, per role, grouped by organisation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse

from tests.policy_matrix import Personas
from wisam.institutions.roles import Role
from wisam.institutions.services import membership_grant
from wisam.web import home


def card_keys(user: Any) -> dict[str, list[str]]:
    return {
        group.organisation.slug if group.organisation else "personal": [shown.card.key for shown in group.cards]
        for group in home.cards_for(user)
    }


def test_anonymous_sees_no_cards(db: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert home.cards_for(AnonymousUser()) == []


def test_institution_admin_gets_member_management_for_their_organisation(personas: Personas) -> None:
    groups = home.cards_for(personas.people["admin"])
    by_org = {group.organisation.slug: group for group in groups if group.organisation}
    shown = {s.card.key: s.url for s in by_org["home-university"].cards}
    assert shown["institutions.manage_members"] == reverse("organisation_members", kwargs={"slug": "home-university"})
    assert "web.account" in card_keys(personas.people["admin"])["personal"]


def test_national_roles_get_the_directory(personas: Personas) -> None:
    for persona in ("aqac_officer", "ministry"):
        keys = [k for ks in card_keys(personas.people[persona]).values() for k in ks]
        assert "institutions.directory" in keys
    assert "institutions.directory" not in str(card_keys(personas.people["designer"]))


def test_staff_get_the_admin_site_and_others_do_not(personas: Personas) -> None:
    assert "web.admin_site" in card_keys(personas.people["staff"])["personal"]
    assert "web.admin_site" not in card_keys(personas.people["admin"])["personal"]


def test_several_roles_in_two_organisations_give_two_groups(personas: Personas) -> None:
    person = personas.people["designer"]
    membership_grant(user=person, organisation=personas.aqac, role=Role.AQAC_EVALUATOR)
    groups = [group for group in home.cards_for(person) if group.organisation]
    assert {group.organisation.slug for group in groups} == {"home-university", "aqac"}
    evaluator_group = next(group for group in groups if group.organisation.slug == "aqac")
    assert [str(label) for label in evaluator_group.role_labels] == [str(Role.AQAC_EVALUATOR.label)]
    assert "institutions.directory" in [shown.card.key for shown in evaluator_group.cards]


@pytest.fixture
def extra_card() -> Iterator[None]:
    home.register_card(
        key="test.registrar",
        roles={Role.REGISTRAR},
        title="Issue credentials",
        description="A card another app would add.",
        url_name="organisation_detail",
        organisation_kwarg="slug",
        order=1,
    )
    home.register_card(key="test.unmounted", title="Later", description="", url_name="nowhere:yet")
    yield
    home.unregister_card("test.registrar")
    home.unregister_card("test.unmounted")


@pytest.mark.usefixtures("extra_card")
def test_other_apps_add_cards_through_the_registry(personas: Personas, signed_in: Any) -> None:
    keys = card_keys(personas.people["registrar"])
    assert keys["home-university"][0] == "test.registrar"
    assert "test.registrar" not in str(card_keys(personas.people["designer"]))
    # A card whose page is not mounted is left out instead of breaking the home page.
    assert "test.unmounted" not in str(keys)
    html = signed_in("registrar", "en").get("/").content.decode()
    assert "Issue credentials" in html


def test_registering_twice_is_an_error() -> None:
    with pytest.raises(ValueError, match="twice"):
        home.register_card(key="web.account", title="x", description="", url_name="account")


def test_organisation_cards_must_name_roles() -> None:
    with pytest.raises(ValueError, match="roles"):
        home.register_card(key="test.bad", title="x", description="", url_name="x", organisation_kwarg="slug")


def test_home_page_groups_cards_under_organisation_headings(signed_in: Any) -> None:
    html = signed_in("admin", "en").get("/").content.decode()
    assert "Organisation home-university" in html
    assert '<li class="role-tag">Institution administrator</li>' in html
    assert "Your profile and memberships" in html
