"""Fixtures for the web shell: compiled catalogues, a client per language, an institution with people."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.policy_matrix import Personas
from tests.web.catalogues import compile_all


@pytest.fixture(scope="session", autouse=True)
def _catalogues() -> None:
    compile_all()


@pytest.fixture
def client_ar() -> Client:
    return Client(headers={"accept-language": "ar"})


@pytest.fixture
def client_en() -> Client:
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def signed_in(personas: Personas) -> Any:
    """A client signed in as one of the personas, speaking `language`."""

    def make(persona: str, language: str = "ar") -> Client:
        client = Client(headers={"accept-language": language})
        client.force_login(personas.people[persona])
        return client

    return make
