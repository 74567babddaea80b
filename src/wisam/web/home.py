"""The "what you can do next" registry: apps declare home-page cards; each person sees those for their roles.

How an app adds cards, without editing the web app: put a module `home_cards.py` in the app and call
`register_card` there; the web app imports every installed app's `home_cards` at start-up (WebConfig.ready)::

    from django.utils.translation import gettext_lazy as _

    from wisam.institutions.roles import Role
    from wisam.web.home import register_card

    register_card(
        key="design.new",                      # unique; registering a key twice is an error
        roles={Role.MC_DESIGNER},              # shown under each organisation where the person holds one
        title=_("Design a micro-credential"),  # lazy: translated when the page is drawn
        description=_("Start from the ten building blocks; the quality linter guides you."),
        url_name="design:create",
        organisation_kwarg=None,               # e.g. "slug": the URL takes the organisation's slug
        action=None,                           # a policy action the person must pass (on the organisation)
        order=10,                              # smaller first
    )

Cards with `roles=None` are personal: shown to every signed-in person, outside any organisation (`staff=True`
restricts one to platform staff). A person with several roles sees, for each organisation, the cards of every role
they hold there, once each; the learner role (held through a learner profile, not a membership) counts as
personal. `cards_for(user)` returns the groups the home page draws.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules

from wisam.core import policy
from wisam.core.i18n import translated
from wisam.institutions.models import Organisation
from wisam.institutions.roles import Role


@dataclass(frozen=True)
class Card:
    key: str
    title: str | Promise
    description: str | Promise
    url_name: str
    roles: frozenset[str] | None = None
    organisation_kwarg: str | None = None
    action: str | None = None
    staff: bool = False
    order: int = 100


@dataclass(frozen=True)
class ShownCard:
    """A card resolved for one person (and one organisation): its address is known."""

    card: Card
    url: str

    @property
    def title(self) -> str | Promise:
        return self.card.title

    @property
    def description(self) -> str | Promise:
        return self.card.description


@dataclass
class CardGroup:
    """The cards under one heading: one organisation and the person's roles there, or the personal group."""

    organisation: Organisation | None
    roles: list[str] = field(default_factory=list)
    cards: list[ShownCard] = field(default_factory=list)

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(role).label) for role in self.roles if role in Role.values]

    @property
    def name(self) -> str:
        return translated(self.organisation.name) if self.organisation else ""


_CARDS: dict[str, Card] = {}


def register_card(
    *,
    key: str,
    title: str | Promise,
    description: str | Promise,
    url_name: str,
    roles: Iterable[str] | None = None,
    organisation_kwarg: str | None = None,
    action: str | None = None,
    staff: bool = False,
    order: int = 100,
) -> Card:
    """Declare a card once (see the module docstring); returns it."""
    if key in _CARDS:
        raise ValueError(f"Home card {key!r} is registered twice.")
    if organisation_kwarg and roles is None:
        raise ValueError(f"Home card {key!r} takes an organisation, so it must name the roles it is for.")
    card = Card(
        key=key,
        title=title,
        description=description,
        url_name=url_name,
        roles=frozenset(str(role) for role in roles) if roles is not None else None,
        organisation_kwarg=organisation_kwarg,
        action=action,
        staff=staff,
        order=order,
    )
    _CARDS[key] = card
    return card


def unregister_card(key: str) -> None:
    """Remove a card (tests use this to clean up after themselves)."""
    _CARDS.pop(key, None)


def registered_cards() -> list[Card]:
    return sorted(_CARDS.values(), key=lambda card: (card.order, card.key))


def autodiscover() -> None:
    """Import every installed app's `home_cards` module so that its cards are registered."""
    autodiscover_modules("home_cards")


def _resolve(card: Card, user: Any, organisation: Organisation | None) -> ShownCard | None:
    if card.staff and not getattr(user, "is_staff", False):
        return None
    if card.action is not None:
        declared = policy.action(card.action)
        target = organisation if declared.model is Organisation else None
        if not policy.can(user, card.action, target):
            return None
    kwargs = {card.organisation_kwarg: organisation.slug} if card.organisation_kwarg and organisation else {}
    try:
        url = reverse(card.url_name, kwargs=kwargs)
    except NoReverseMatch:
        # A card may point at a page its app has not mounted (yet); the home page must still render.
        return None
    return ShownCard(card=card, url=url)


def cards_for(user: Any) -> list[CardGroup]:
    """The personal group first (if it has cards), then one group per organisation, by name."""
    if not getattr(user, "is_authenticated", False):
        return []
    from wisam.institutions.selectors import user_roles

    by_organisation = policy.roles_by_organisation(user)
    personal_roles = {role for role in user_roles(user) if role == Role.LEARNER}
    cards = registered_cards()

    personal = CardGroup(organisation=None, roles=sorted(personal_roles))
    for card in cards:
        if card.organisation_kwarg:
            continue
        if card.roles is None or card.roles & personal_roles:
            shown = _resolve(card, user, None)
            if shown:
                personal.cards.append(shown)

    groups: list[CardGroup] = []
    organisations = Organisation.objects.filter(pk__in=by_organisation.keys())
    for organisation in sorted(organisations, key=lambda org: translated(org.name)):
        held = by_organisation[organisation.pk]
        group = CardGroup(organisation=organisation, roles=[role for role in Role.values if role in held])
        for card in cards:
            if card.roles is None or not card.roles & held:
                continue
            shown = _resolve(card, user, organisation)
            if shown:
                group.cards.append(shown)
        groups.append(group)
    return ([personal] if personal.cards else []) + groups
