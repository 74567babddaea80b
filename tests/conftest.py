"""Shared fixtures: organisations of each kind and a person per role, built through the services."""

from __future__ import annotations

import os
from typing import Any

import pytest

from wisam.core.i18n import bilingual
from wisam.institutions.models import Organisation, User
from wisam.institutions.roles import OrganisationKind, Role

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def make_organisation(db: Any) -> Any:
    from wisam.institutions.services import organisation_create

    def make(slug: str, kind: str = OrganisationKind.UNIVERSITY_TRADITIONAL) -> Organisation:
        return organisation_create(slug=slug, kind=kind, name=bilingual(f"مؤسسة {slug}", f"Organisation {slug}"))

    return make


@pytest.fixture
def make_person(db: Any) -> Any:
    from wisam.institutions.services import learner_register, membership_grant, user_create

    def make(email: str, organisation: Organisation | None = None, *roles: str) -> User:
        user = user_create(email=email, full_name=bilingual("شخص", email), password="a-Long-password-1")
        for role in roles:
            if role == Role.LEARNER:
                learner_register(user=user)
            else:
                assert organisation is not None
                membership_grant(user=user, organisation=organisation, role=role)
        return user

    return make


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # Argon2 is deliberately slow; tests create many accounts and do not test the hasher itself.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
