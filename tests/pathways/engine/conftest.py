"""The engine is pure Python: its tests need no database, so the session-wide framework loading is skipped here."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session", autouse=True)
def frameworks() -> None:
    """Overrides tests/conftest.py's database fixture: nothing to load for pure engine tests."""
    return None
