"""Reads for organisations, people and memberships."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from wisam.core.policy import roles_by_organisation
from wisam.institutions.models import Membership, Organisation
from wisam.institutions.roles import HIGHER_EDUCATION_KINDS, Role


def organisations_public(*, kind: str | None = None) -> QuerySet[Organisation]:
    queryset = Organisation.objects.filter(is_active=True)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("slug")


def institutions_higher_education() -> QuerySet[Organisation]:
    return Organisation.objects.filter(is_active=True, kind__in=HIGHER_EDUCATION_KINDS).order_by("slug")


def memberships_of(user: Any) -> QuerySet[Membership]:
    return Membership.objects.current().filter(user=user).select_related("organisation", "unit")


def user_roles(user: Any) -> set[str]:
    """Every role the user currently holds, in any organisation; learners are those with a learner profile."""
    held: set[str] = set()
    for organisation_roles in roles_by_organisation(user).values():
        held |= organisation_roles
    if getattr(user, "is_authenticated", False) and hasattr(user, "learner_profile"):
        held.add(Role.LEARNER)
    return held
