"""Cohorts: every row validated first (row and column named), idempotent re-runs, a crash midway resumes cleanly."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import translation

from tests.credentials.conftest import World
from wisam.credentials import services
from wisam.credentials.cohort import cohort_read
from wisam.credentials.models import IssuanceBatch, IssuedCredential

GOOD = "email,name_ar,name_en,grade\n" + "".join(
    f"l{n}@example.test,متعلم {n},Learner {n},{70 + n}\n" for n in range(1, 6)
)


def test_every_row_is_checked_and_errors_name_row_and_column() -> None:
    data = "email,name_ar,name_en\nok@example.test,اسم,Name\nnot-an-email,اسم,\nok@example.test,اسم,Name\nx@y.test,,\n"
    cohort = cohort_read(data.encode())
    assert not cohort.ok
    assert cohort.rows == []
    assert {(e.row, e.column) for e in cohort.errors} == {(3, "email"), (4, "email"), (5, "name_ar")}
    with translation.override("en"):
        assert "not an e-mail address" in cohort_read(data.encode()).errors[0].message
    with translation.override("ar"):
        assert "ليس عنوان بريد إلكتروني" in cohort_read(data.encode()).errors[0].message
    assert not cohort_read(b"name\nx\n").ok


def test_xlsx_is_read_like_csv() -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Email", "name_ar", "name_en"])
    sheet.append(["a@example.test", "أحمد", "Ahmad"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    cohort = cohort_read(buffer.getvalue(), "cohort.xlsx")
    assert cohort.ok
    assert cohort.rows[0]["email"] == "a@example.test"
    assert cohort.rows[0]["name_ar"] == "أحمد"


def _batch(world: World, text: str = GOOD) -> IssuanceBatch:
    cohort = cohort_read(text.encode())
    assert cohort.ok
    return services.batch_create(
        organisation=world.home,
        version=world.version,
        rows=cohort.rows,
        filename="c.csv",
        file_sha256=cohort.sha256,
        actor=world.registrar,
    )


@pytest.mark.django_db
def test_a_cohort_is_issued_and_a_rerun_issues_nothing_twice(world: World) -> None:
    batch = services.batch_run(batch_id=_batch(world).pk)
    assert (batch.status, batch.issued, batch.skipped, batch.failed) == ("done", 5, 0, 0)
    again = services.batch_run(batch_id=_batch(world).pk)
    assert (again.issued, again.skipped) == (0, 5)
    assert IssuedCredential.objects.count() == 5


@pytest.mark.django_db
def test_a_crash_midway_leaves_no_half_issued_credential_and_resumes(world: World, monkeypatch: Any) -> None:
    batch = _batch(world)
    real_sign = services.sign
    calls = {"n": 0}

    def crashing_sign(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt("worker killed")
        return real_sign(*args, **kwargs)

    monkeypatch.setattr(services, "sign", crashing_sign)
    with pytest.raises(KeyboardInterrupt):
        services.batch_run(batch_id=batch.pk)
    assert IssuedCredential.objects.count() == 2
    batch.refresh_from_db()
    assert batch.issued == 2
    assert batch.status == "running"
    monkeypatch.setattr(services, "sign", real_sign)
    resumed = services.batch_run(batch_id=batch.pk)
    assert (resumed.status, resumed.issued, resumed.skipped) == ("done", 3, 2)
    assert IssuedCredential.objects.count() == 5
    from wisam.core.events import events_verify_chain

    assert events_verify_chain().ok


@pytest.mark.django_db
def test_cli_issue_and_verify(world: World, tmp_path: Any, capsys: Any) -> None:
    path = tmp_path / "cohort.csv"
    path.write_text(GOOD, encoding="utf-8")
    code = world.version.micro_credential.code
    call_command("issue", "--csv", str(path), "--micro-credential", code, "--institution", "karmil")
    out = capsys.readouterr()
    assert "issued 5" in out.out
    assert "5/5" in out.err
    call_command("issue", "--csv", str(path), "--micro-credential", code, "--institution", "karmil", "--no-progress")
    assert "issued 0, already held 5" in capsys.readouterr().out
    credential = IssuedCredential.objects.first()
    assert credential is not None
    file = tmp_path / "c.json"
    file.write_text(credential.document, encoding="utf-8")
    with pytest.raises(SystemExit) as exit_code:
        call_command("verify", str(file), "--json")
    assert exit_code.value.code == 0
    assert '"verified": true' in capsys.readouterr().out
    file.write_text(credential.document.replace("Learner", "Lerner"), encoding="utf-8")
    with pytest.raises(SystemExit) as exit_code:
        call_command("verify", str(file))
    assert exit_code.value.code == 1
    assert "NOT VALID" in capsys.readouterr().out
