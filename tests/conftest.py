"""Shared fixtures: organisations of each kind and a person per role, built through the services."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from wisam.core.i18n import bilingual
from wisam.institutions.models import Organisation, User
from wisam.institutions.roles import OrganisationKind, Role

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _language_reset() -> Iterator[None]:
    # A test that activates a language (a request through LocaleMiddleware does) must not leave it to the next
    # one: every test starts in the default language, whatever ran before it on this worker.
    translation.deactivate()
    yield
    translation.deactivate()


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


@pytest.fixture
def personas(make_organisation: Any, make_person: Any) -> Any:
    """A person per role: institution roles at `home`, AQAC, ministry and employer people, a learner, staff."""
    from django.contrib.auth.models import AnonymousUser

    from tests.policy_matrix import Personas

    home = make_organisation("home-university")
    other = make_organisation("other-college", OrganisationKind.COMMUNITY_COLLEGE)
    aqac = make_organisation("aqac", OrganisationKind.ACCREDITATION_BODY)
    ministry = make_organisation("mohe", OrganisationKind.MINISTRY)
    employer = make_organisation("employer", OrganisationKind.EMPLOYER)
    people: dict[str, Any] = {
        "admin": make_person("admin@home.test", home, Role.INSTITUTION_ADMIN),
        "designer": make_person("designer@home.test", home, Role.MC_DESIGNER),
        "qa": make_person("qa@home.test", home, Role.QA_OFFICER),
        "approver": make_person("approver@home.test", home, Role.INSTITUTIONAL_APPROVER),
        "registrar": make_person("registrar@home.test", home, Role.REGISTRAR),
        "recognition": make_person("recognition@home.test", home, Role.RECOGNITION_OFFICER),
        "aqac_officer": make_person("officer@aqac.test", aqac, Role.AQAC_OFFICER),
        "evaluator": make_person("evaluator@aqac.test", aqac, Role.AQAC_EVALUATOR),
        "commission": make_person("commission@aqac.test", aqac, Role.COMMISSION_MEMBER),
        "ministry": make_person("analyst@mohe.test", ministry, Role.MINISTRY_ANALYST),
        "employer": make_person("hr@employer.test", employer, Role.EMPLOYER_REPRESENTATIVE),
        "learner": make_person("learner@home.test", None, Role.LEARNER),
        "anonymous": AnonymousUser(),
    }
    staff = make_person("staff@wisam.test", None)
    staff.is_superuser = staff.is_staff = True
    staff.save()
    people["staff"] = staff
    other_admin = make_person("admin@other.test", other, Role.INSTITUTION_ADMIN)
    return Personas(people, home, other, aqac, ministry, employer, other_admin)


@pytest.fixture(scope="session", autouse=True)
def frameworks(request: pytest.FixtureRequest, django_db_setup: Any, django_db_blocker: Any) -> Any:
    """Every shipped framework and vocabulary, loaded once per test session (per xdist worker) for every test.

    Loading for all tests, not some, keeps results independent of test order: a vocabulary is either always
    there or never. Tests roll back their own writes, so the loaded data stays as shipped. A session (or xdist
    worker) whose tests never touch the database gets no test database from pytest-django, and nothing is loaded.
    """
    from pytest_django.fixtures import _get_databases_for_setup

    from wisam.frameworks.services import frameworks_load

    aliases, _serialized = _get_databases_for_setup(request.session.items)
    if "default" not in aliases:
        return None
    with django_db_blocker.unblock():
        return frameworks_load()
