"""Browser tests: Debian's Chromium through pytest-playwright against pytest-django's live server with the demo."""

from __future__ import annotations

import os
from collections.abc import Iterator
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest

from tests.web.catalogues import compile_all

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from such a thread otherwise.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
# pytest-playwright empties test-results/ when a session starts; WISAM_SCREENSHOTS puts them elsewhere if needed.
SCREENSHOTS = Path(
    os.environ.get("WISAM_SCREENSHOTS", Path(__file__).resolve().parents[2] / "test-results" / "screenshots")
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # No Accept-Language preference of the test machine's own: each test says which language it starts in.
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}, "locale": "ar"}


@pytest.fixture(scope="session", autouse=True)
def _catalogues() -> None:
    compile_all()


def _clear_event_log() -> None:
    """Empty the append-only event log, lifting its guard triggers for the moment, then put them back."""
    from django.db import connection

    triggers = import_module("wisam.core.migrations.0003_append_only_triggers")
    with connection.schema_editor() as editor:
        triggers.uninstall(None, editor)
        editor.execute("DELETE FROM core_domainevent")
        triggers.install(None, editor)


@pytest.fixture(autouse=True)
def _event_log_emptied_after_test(request: pytest.FixtureRequest) -> Iterator[None]:
    # Transactional tests end with a flush, which the event log's DELETE trigger refuses; empty it first.
    if "transactional_db" not in request.fixturenames and "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    _clear_event_log()


@pytest.fixture
def demo(transactional_db: Any, live_server: Any) -> Any:
    """The demo's national scenario in the test database; gives the live server."""
    from wisam.core.demo import demo_load

    demo_load()
    return live_server


@pytest.fixture
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
