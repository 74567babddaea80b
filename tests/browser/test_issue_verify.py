"""End to end in Chromium: a registrar uploads a cohort and issues it (progress bar), a learner finds the
credential in the wallet and downloads the PDF certificate and the signed file, and an employer, not signed in,
verifies it on the public page by upload and through the learner's share link.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.credentials.conftest import accredit
from tests.design.specs import good
from wisam.core.i18n import bilingual
from wisam.institutions.roles import OrganisationKind, Role

pytestmark = pytest.mark.browser

PASSWORD = "a-Long-password-1"


@pytest.fixture
def cast(transactional_db: Any, settings: Any) -> dict[str, Any]:
    from wisam.design.models import VersionStatus
    from wisam.design.services import (
        micro_credential_create,
        specification_version_load,
        specification_version_set_status,
    )
    from wisam.institutions.services import learner_register, membership_grant, organisation_create, user_create

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    university = organisation_create(
        slug="browser-issuer",
        kind=OrganisationKind.UNIVERSITY_TRADITIONAL,
        name=bilingual("جامعة المتصفح", "Browser University"),
    )
    registrar = user_create(
        email="registrar@browser.test",
        full_name=bilingual("رنا", "Rana Registrar"),
        password=PASSWORD,
        preferred_language="en",
    )
    membership_grant(user=registrar, organisation=university, role=Role.REGISTRAR)
    learner = user_create(
        email="huda@browser.test", full_name=bilingual("هدى", "Huda"), password=PASSWORD, preferred_language="en"
    )
    learner_register(user=learner)
    data = good()
    version = micro_credential_create(organisation=university, code="DATA-PY", title=data["title"], actor=None)
    version = specification_version_load(version=version, data=data, actor=None)
    version = specification_version_set_status(version=version, status=VersionStatus.APPROVED, actor=None)
    accredit(version)
    return {"organisation": university, "version": version}


def sign_in(page: Page, base: str, email: str) -> None:
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "wisam_language", "value": "en", "url": base}])
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def test_cohort_upload_to_pdf_to_employer_verification(
    page: Page, live_server: Any, cast: dict[str, Any], tmp_path: Path
) -> None:
    base = live_server.url
    cohort = tmp_path / "cohort.csv"
    cohort.write_text(
        "email,name_ar,name_en,grade\nhuda@browser.test,هدى سليمان,Huda Suleiman,91\n"
        "khaled@browser.test,خالد العمري,Khaled Al-Omari,78\n",
        encoding="utf-8",
    )
    # The registrar uploads the cohort, sees the preview and issues it.
    sign_in(page, base, "registrar@browser.test")
    page.goto(f"{base}/credentials/issuer/browser-issuer/")
    page.locator("#id_file").set_input_files(str(cohort))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_test_id("preview")).to_contain_text("khaled@browser.test")
    page.get_by_role("button", name="Issue to all of them").click()
    expect(page.locator("#batch-progress")).to_have_attribute("data-status", "done", timeout=30_000)
    expect(page.locator("#batch-progress")).to_contain_text("2 issued")
    # The learner finds it in the wallet, downloads the PDF and the signed file, and makes a public link.
    sign_in(page, base, "huda@browser.test")
    page.goto(f"{base}/credentials/wallet/")
    expect(page.get_by_test_id("wallet-item")).to_have_count(1)
    with page.expect_download() as pdf_download:
        page.get_by_test_id("pdf").click()
    pdf = Path(pdf_download.value.path())
    assert pdf.read_bytes().startswith(b"%PDF")
    with page.expect_download() as json_download:
        page.get_by_role("link", name="Signed credential (JSON)").click()
    signed = Path(json_download.value.path()).read_bytes()
    page.get_by_role("button", name="Make a public link").click()
    share = page.get_by_test_id("share-url").inner_text()
    # An employer, not signed in, verifies the file on the public page, then follows the share link (the QR code).
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "wisam_language", "value": "en", "url": base}])
    page.goto(f"{base}/credentials/verify/")
    upload = tmp_path / "credential.json"
    upload.write_bytes(signed)
    page.locator("#id_file").set_input_files(str(upload))
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_test_id("verdict")).to_contain_text("This credential is valid.")
    expect(page.locator('[data-check="issuer"]')).to_contain_text("Browser University")
    expect(page.locator('[data-ok="true"]')).to_have_count(6)
    page.goto(base + urlsplit(share).path)
    expect(page.get_by_test_id("verdict")).to_contain_text("This credential is valid.")
