"""Fixtures for the frameworks tests; `frameworks` loads the shipped data once per test session."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="session")
def frameworks(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """Every shipped framework and vocabulary, loaded once into the test database (tests roll back their own writes).

    Loading takes a few seconds, so it happens once per session (once per xdist worker) rather than per test.
    """
    from wisam.frameworks.services import frameworks_load

    with django_db_blocker.unblock():
        return frameworks_load()
