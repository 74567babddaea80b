import pytest
from tests.browser.conftest import browser_type_launch_args, browser_context_args, _event_log_emptied_after_test  # noqa


@pytest.fixture(scope="session", autouse=True)
def _catalogues() -> None:
    return None
