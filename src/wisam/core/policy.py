"""The one permission policy: "may this user do A on this object?" and "which objects may this user do A on?".

Every view, API endpoint and service asks here. An action is a name such as "organisation.manage_members"; each
action is declared once, by the app that owns it (in its `rules.py`), with the model it applies to and a rule.
A rule answers both questions from the same definition: `check(user, obj)` for one object and `q(user)` as a
queryset filter, so the two answers cannot drift apart (tests walk the whole role × action matrix on both).
Scope always comes from the user's current memberships in organisations.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import reduce
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q

M = TypeVar("M", bound=models.Model)

_NOTHING = Q(pk__in=[])
# Not `Q()`: an empty Q vanishes when OR-ed with another condition, which would turn "everything" into nothing.
_EVERYTHING = Q(pk__isnull=False)


def roles_by_organisation(user: Any) -> dict[int, frozenset[str]]:
    """The user's current roles per organisation id, cached on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    cached: dict[int, frozenset[str]] | None = getattr(user, "_wisam_roles", None)
    if cached is None:
        from wisam.institutions.models import Membership

        collected: dict[int, set[str]] = {}
        for organisation_id, role in (
            Membership.objects.current().filter(user=user).values_list("organisation_id", "role")
        ):
            collected.setdefault(organisation_id, set()).add(role)
        cached = {org: frozenset(roles) for org, roles in collected.items()}
        user._wisam_roles = cached
    return cached


def forget_roles(user: Any) -> None:
    """Drop the cached roles, e.g. after a membership of this user changed."""
    if hasattr(user, "_wisam_roles"):
        del user._wisam_roles


def organisations_with_role(user: Any, roles: Iterable[str]) -> list[int]:
    wanted = frozenset(roles)
    return [org for org, held in roles_by_organisation(user).items() if held & wanted]


def has_role_anywhere(user: Any, roles: Iterable[str]) -> bool:
    return bool(organisations_with_role(user, roles))


def _follow(obj: Any, path: str) -> Any:
    for part in path.split("__") if path else []:
        if obj is None:
            return None
        obj = getattr(obj, part)
    return obj


class Rule:
    """A condition on (user, object), expressible both as a check and as a queryset filter."""

    def check(self, user: Any, obj: Any) -> bool:
        raise NotImplementedError

    def q(self, user: Any) -> Q:
        raise NotImplementedError

    def __or__(self, other: Rule) -> Rule:
        return AnyOf((self, other))

    def __and__(self, other: Rule) -> Rule:
        return AllOf((self, other))


@dataclass(frozen=True)
class AnyOf(Rule):
    rules: tuple[Rule, ...]

    def check(self, user: Any, obj: Any) -> bool:
        return any(rule.check(user, obj) for rule in self.rules)

    def q(self, user: Any) -> Q:
        return reduce(lambda a, b: a | b, (rule.q(user) for rule in self.rules))


@dataclass(frozen=True)
class AllOf(Rule):
    rules: tuple[Rule, ...]

    def check(self, user: Any, obj: Any) -> bool:
        return all(rule.check(user, obj) for rule in self.rules)

    def q(self, user: Any) -> Q:
        return reduce(lambda a, b: a & b, (rule.q(user) for rule in self.rules))


@dataclass(frozen=True)
class Everyone(Rule):
    """Public: anyone, signed in or not."""

    def check(self, user: Any, obj: Any) -> bool:
        return True

    def q(self, user: Any) -> Q:
        return _EVERYTHING


@dataclass(frozen=True)
class SignedIn(Rule):
    def check(self, user: Any, obj: Any) -> bool:
        return bool(getattr(user, "is_authenticated", False) and user.is_active)

    def q(self, user: Any) -> Q:
        return _EVERYTHING if self.check(user, None) else _NOTHING


@dataclass(frozen=True)
class PlatformAdmin(Rule):
    """Wisam's own operators (Django superusers); they run the platform, they do not act for institutions."""

    def check(self, user: Any, obj: Any) -> bool:
        return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)

    def q(self, user: Any) -> Q:
        return _EVERYTHING if self.check(user, None) else _NOTHING


@dataclass(frozen=True)
class HasRole(Rule):
    """The user holds one of `roles` in the organisation the object belongs to (found by following `via`).

    `via=""` means the object is itself the organisation.
    """

    roles: frozenset[str]
    via: str = "organisation"

    def check(self, user: Any, obj: Any) -> bool:
        if obj is None:
            return False
        organisation = _follow(obj, self.via)
        organisation_id = getattr(organisation, "pk", None)
        return organisation_id is not None and bool(
            roles_by_organisation(user).get(organisation_id, frozenset()) & self.roles
        )

    def q(self, user: Any) -> Q:
        organisations = organisations_with_role(user, self.roles)
        if not organisations:
            return _NOTHING
        return Q(**{f"{self.via}__in" if self.via else "pk__in": organisations})


@dataclass(frozen=True)
class HasRoleAnywhere(Rule):
    """National roles: the user holds one of `roles` in any organisation, and so sees every object."""

    roles: frozenset[str]

    def check(self, user: Any, obj: Any) -> bool:
        return has_role_anywhere(user, self.roles)

    def q(self, user: Any) -> Q:
        return _EVERYTHING if has_role_anywhere(user, self.roles) else _NOTHING


@dataclass(frozen=True)
class IsUser(Rule):
    """The object belongs to the user (found by following `via`; `via=""` means the object is the user)."""

    via: str = "user"

    def check(self, user: Any, obj: Any) -> bool:
        if obj is None or not getattr(user, "is_authenticated", False):
            return False
        return getattr(_follow(obj, self.via), "pk", None) == user.pk

    def q(self, user: Any) -> Q:
        if not getattr(user, "is_authenticated", False):
            return _NOTHING
        return Q(**{self.via or "pk": user.pk})


@dataclass(frozen=True)
class Matches(Rule):
    """A condition on the object alone (e.g. "is published"), both as a predicate and as a filter."""

    predicate: Any
    filter: Q = field(default_factory=lambda: _EVERYTHING)

    def check(self, user: Any, obj: Any) -> bool:
        return obj is not None and bool(self.predicate(obj))

    def q(self, user: Any) -> Q:
        return self.filter


def roles(*names: str) -> frozenset[str]:
    return frozenset(str(name) for name in names)


@dataclass(frozen=True)
class Action:
    name: str
    model: type[models.Model] | None
    rule: Rule
    description: str = ""


_ACTIONS: dict[str, Action] = {}


def declare(name: str, *, model: type[models.Model] | None, rule: Rule, description: str = "") -> Action:
    """Declare an action once; platform administrators may always do it as well."""
    if name in _ACTIONS:
        raise ValueError(f"Action {name!r} is declared twice.")
    action = Action(name=name, model=model, rule=rule | PlatformAdmin(), description=description)
    _ACTIONS[name] = action
    return action


def action(name: str) -> Action:
    try:
        return _ACTIONS[name]
    except KeyError:
        raise KeyError(f"Unknown action {name!r}; declare it in the owning app's rules.py.") from None


def actions() -> dict[str, Action]:
    return dict(_ACTIONS)


def can(user: Any, name: str, obj: Any = None) -> bool:
    """May `user` do action `name` on `obj`?"""
    declared = action(name)
    if obj is not None and declared.model is not None and not isinstance(obj, declared.model):
        raise TypeError(f"Action {name!r} applies to {declared.model.__name__}, not {type(obj).__name__}.")
    return declared.rule.check(user, obj)


def require(user: Any, name: str, obj: Any = None) -> None:
    """Raise PermissionDenied unless `user` may do `name` on `obj`."""
    if not can(user, name, obj):
        raise PermissionDenied(name)


def scope[M: models.Model](user: Any, name: str, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
    """The objects of `queryset` on which `user` may do action `name`."""
    declared = action(name)
    if declared.model is not None and not issubclass(queryset.model, declared.model):
        raise TypeError(f"Action {name!r} applies to {declared.model.__name__}, not {queryset.model.__name__}.")
    return queryset.filter(declared.rule.q(user)).distinct()
