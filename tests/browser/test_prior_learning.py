"""End to end in Chromium, recognition of prior learning: a learner following a pathway claims, in Arabic, that two
years of work match one of its micro-credentials, with a PDF evidence file (a renamed text file is refused first,
the error naming the field); the recognition officer reads the claim and the evidence beside the micro-credential's
learning outcomes and recognises it in part; the learner's progress counts the credits granted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_issue_verify import PASSWORD, sign_in
from tests.pathways.conftest import issue, make_spec, spec
from wisam.core.i18n import bilingual
from wisam.institutions.roles import OrganisationKind, Role

pytestmark = pytest.mark.browser


def tiny_pdf() -> bytes:
    """A valid one-page PDF (header, four objects, a cross-reference table with exact offsets, trailer)."""
    text = b"BT /F1 12 Tf 72 720 Td (Employer letter: two years of sales data analysis) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@pytest.fixture
def cast(transactional_db: Any, settings: Any, tmp_path: Path) -> dict[str, Any]:
    """Al-Karmil's staff, a learner holding "Data basics" who follows a published pathway that also requires
    "Data analysis" and 10 ECTS in all."""
    from wisam.institutions.services import learner_register, membership_grant, organisation_create, user_create
    from wisam.pathways import services

    settings.MEDIA_ROOT = tmp_path / "media"  # the live server runs in this process: evidence lands here
    home = organisation_create(
        slug="karmil-rpl", kind=OrganisationKind.UNIVERSITY_TRADITIONAL, name=bilingual("جامعة الكرمل", "Al-Karmil")
    )
    people: dict[str, Any] = {}
    for key, role in (
        ("designer", Role.MC_DESIGNER),
        ("qa", Role.QA_OFFICER),
        ("approver", Role.INSTITUTIONAL_APPROVER),
        ("recognition", Role.RECOGNITION_OFFICER),
    ):
        people[key] = user_create(
            email=f"{key}@rpl.test", full_name=bilingual("موظف", key), password=PASSWORD, preferred_language="en"
        )
        membership_grant(user=people[key], organisation=home, role=role)
    learner = user_create(email="huda@rpl.test", full_name=bilingual("هدى سليمان", "Huda Suleiman"), password=PASSWORD)
    learner_register(user=learner)
    a = make_spec(home, "MC-A", spec("Data basics", ects="5"))
    b = make_spec(home, "MC-B", spec("Data analysis", ects="5"))
    make_spec(home, "MC-S", spec("Statistics", ects="5"))  # accredited, but not part of the pathway
    issue(a, learner)
    version = services.pathway_create(
        organisation=home,
        code="data-rpl",
        title=bilingual("مسار البيانات", "Data pathway"),
        kind="rigid",
        target_kind="degree_credit",
        target_programme=bilingual("بكالوريوس", "BSc Data"),
        rules={
            "rules": [
                {
                    "id": "core",
                    "type": "required",
                    "items": [f"mc:{a.micro_credential_id}", f"mc:{b.micro_credential_id}"],
                },
                {"id": "total", "type": "min_credits", "credits": 10, "unit": "ECTS"},
            ]
        },
        actor=people["designer"],
    )
    for transition, who in (("submit", "designer"), ("recommend", "qa"), ("publish", "approver")):
        version = services.pathway_version_transition(version=version, transition=transition, actor=people[who])
    services.pathway_follow(pathway=version.pathway, learner=learner)
    return {"version": version, "claimed": b, "learner": learner}


def test_learner_claims_prior_learning_officer_recognises_it_in_part_and_progress_counts_it(
    page: Page, live_server: Any, cast: dict[str, Any], tmp_path: Path
) -> None:
    from wisam.core.models import DomainEvent
    from wisam.pathways.models import RecognitionRequest

    base = live_server.url
    version = cast["version"]
    progress = f"{base}/pathways/p/{version.pathway_id}/progress/"
    pdf = tiny_pdf()
    notes = tmp_path / "notes.txt"
    notes.write_text("Two years of sales reports; my manager can confirm.\n")
    renamed = tmp_path / "renamed" / "employer-letter.pdf"  # a text file given a .pdf name
    renamed.parent.mkdir()
    renamed.write_bytes(notes.read_bytes())
    letter = tmp_path / "employer-letter.pdf"
    letter.write_bytes(pdf)

    # The learner, in Arabic, goes from the pathway's progress page to the prior-learning form for that pathway.
    sign_in(page, base, "huda@rpl.test")
    page.context.add_cookies([{"name": "wisam_language", "value": "ar", "url": base}])
    page.goto(progress)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.get_by_role("link", name="اطلب الاعتراف بالتعلّم السابق").click()
    expect(page.locator("h1")).to_have_text("اطلب الاعتراف بالتعلّم السابق")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_label("نحو المسار")).to_have_value(str(version.pk))
    # Choosing another target redraws the micro-credentials offered (htmx) without leaving the page.
    expect(page.get_by_role("checkbox", name="شهادة Statistics")).to_have_count(0)
    page.get_by_label("نحو المسار").select_option("")  # for credit: every accredited micro-credential
    expect(page.get_by_role("checkbox", name="شهادة Statistics")).to_be_visible()
    page.get_by_label("نحو المسار").select_option(str(version.pk))  # the pathway's micro-credentials only
    expect(page.get_by_role("checkbox", name="شهادة Statistics")).to_have_count(0)
    expect(page.get_by_role("checkbox", name="شهادة Data analysis")).to_be_visible()
    expect(page.get_by_label("المؤسسة المطلوب منها الاعتراف")).to_have_value(str(version.pathway.organisation_id))
    page.locator("#id_description_0").fill("حلّلت بيانات المبيعات الشهرية سنتين في شركة، ونظّفتها بمكتبة pandas.")
    page.locator("#id_description_1").fill("Two years cleaning and analysing monthly sales data with pandas at work.")
    page.get_by_label("بداية التعلّم").fill("2023-01-01")
    page.get_by_label("نهاية التعلّم").fill("2024-12-31")
    page.get_by_role("checkbox", name="شهادة Data analysis").check()
    # A renamed text file is refused; the error names the field and the file.
    page.get_by_label("ملفات الأدلة").set_input_files(str(renamed))
    page.get_by_role("button", name="قدّم الطلب").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("ملفات الأدلة: محتوى «employer-letter.pdf» لا يطابق نوعه (.pdf).")
    expect(summary.get_by_role("link")).to_have_attribute("href", "#id_evidence")
    assert not RecognitionRequest.objects.exists()
    # What was typed is kept; with the real PDF the request is submitted.
    expect(page.locator("#id_description_1")).to_have_value(
        "Two years cleaning and analysing monthly sales data with pandas at work."
    )
    expect(page.get_by_role("checkbox", name="شهادة Data analysis")).to_be_checked()
    page.get_by_label("ملفات الأدلة").set_input_files(str(letter))
    page.get_by_role("button", name="قدّم الطلب").click()
    expect(page.locator("#request-kind")).to_be_visible()
    request = RecognitionRequest.objects.get()
    assert request.kind == "prior_learning"
    assert request.pathway_version_id == version.pk
    assert request.learning_description["ar"].startswith("حلّلت بيانات المبيعات")
    assert (str(request.learning_started_on), str(request.learning_ended_on)) == ("2023-01-01", "2024-12-31")
    assert list(request.claimed.all()) == [cast["claimed"].micro_credential]
    assert request.evidence.get().file.read() == pdf
    assert DomainEvent.objects.filter(
        action="recognition_request.prior_learning_submitted", subject_id=str(request.pk)
    ).exists()

    # The recognition officer opens it from the requests to the institution.
    sign_in(page, base, "recognition@rpl.test")
    page.goto(f"{base}/pathways/requests/")
    page.get_by_role("table", name="Requests to your institution").get_by_role("link", name=f"#{request.pk}").click()
    expect(page.locator("#request-kind")).to_contain_text("Prior learning")
    claim = page.locator("#claim")
    expect(claim).to_contain_text("Two years cleaning and analysing monthly sales data with pandas at work.")
    expect(claim).to_contain_text("2023")
    expect(claim).to_contain_text("2024")
    evidence = claim.get_by_role("link", name="employer-letter.pdf")
    expect(evidence).to_have_attribute("href", f"/pathways/requests/{request.pk}/evidence/{request.evidence.get().pk}/")
    # Beside the claim: the claimed micro-credential's learning outcomes, level and workload.
    outcomes = page.get_by_role("table", name="Micro-credentials claimed: learning outcomes, level and workload")
    expect(outcomes).to_contain_text("Data analysis")
    expect(outcomes).to_contain_text("Clean and transform raw business data")
    expect(outcomes).to_contain_text("5 ECTS")
    with page.expect_download() as download:
        evidence.click()
    assert download.value.suggested_filename == "employer-letter.pdf"
    assert Path(download.value.path()).read_bytes() == pdf
    # Partial recognition as the claimed micro-credential, 3 ECTS, naming the difference and explaining it.
    page.get_by_role("button", name="Start the review").click()
    expect(page.locator("#request-state")).to_contain_text("Under review")
    decide = page.locator("form#decide")
    decide.get_by_label("Partial recognition").check()
    expect(decide.get_by_label("Recognised as").locator("option").nth(1)).to_have_text("Data analysis")
    decide.get_by_label("Recognised as").select_option(label="Data analysis")
    decide.get_by_label("Credits granted (ECTS)").fill("3")
    decide.get_by_label("Workload (credits)").check()
    decide.locator("#id_justification_1").fill("The work covers cleaning and analysis but not the 40-hour project.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#request-state")).to_contain_text("Decided")
    decision = page.locator("#decision")
    expect(decision).to_contain_text("Partial recognition")
    expect(decision).to_contain_text("recognised as Data analysis")
    expect(decision).to_contain_text("3 ECTS granted")
    expect(decision).to_contain_text("Workload (credits)")
    request.refresh_from_db()
    assert (request.outcome, request.credits_granted) == ("partial", 3)
    assert request.recognised_as_id == cast["claimed"].micro_credential_id

    # The learner's progress lists it as recognition of prior learning and counts its 3 ECTS: 5 + 3 of 10.
    sign_in(page, base, "huda@rpl.test")
    page.context.add_cookies([{"name": "wisam_language", "value": "en", "url": base}])  # she prefers Arabic
    page.goto(progress)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    record = page.get_by_role("table", name="Credentials the pathway reads")
    row = record.get_by_role("row").filter(has_text="Recognition of prior learning")
    expect(row).to_have_count(1)
    expect(row.get_by_role("cell").nth(1)).to_have_text("3")
    expect(row).to_contain_text("Required micro-credentials")
    expect(page.locator('[data-rule="core"]')).to_contain_text("done")
    expect(page.locator('[data-rule="total"]')).to_contain_text("8 of 10")
    expect(page.locator("#pathway-status")).to_contain_text("Not completed yet")
