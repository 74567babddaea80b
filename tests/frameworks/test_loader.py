"""The loader: idempotent, keeps local edits, retires rows that left the data, and refuses broken files."""

from __future__ import annotations

import json
import shutil
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from wisam.frameworks.datafiles import DATA_DIR, DataFileError
from wisam.frameworks.models import DataRelease, EscoSkill, FrameworkLevel, IscedField, VocabularyConcept
from wisam.frameworks.services import frameworks_check, frameworks_load, is_edited_locally

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        "levels": FrameworkLevel.objects.count(),
        "isced": IscedField.objects.count(),
        "skills": EscoSkill.objects.count(),
        "concepts": VocabularyConcept.objects.count(),
    }


def test_loading_twice_creates_no_duplicates(frameworks: Any) -> None:
    before = _counts()
    again = frameworks_load()
    assert all(report.skipped for report in again.files)
    forced = frameworks_load(force=True)
    assert forced.total("created") == 0
    assert forced.total("updated") == 0
    assert not forced.changed
    assert _counts() == before


def _copy_data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _edit(path: Path, change: Any) -> None:
    content = json.loads(path.read_text(encoding="utf-8"))
    change(content)
    path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")


def test_a_new_file_version_updates_untouched_rows_keeps_edited_ones_and_retires_removed(
    frameworks: Any, tmp_path: Path
) -> None:
    data = _copy_data(tmp_path)
    edited = EscoSkill.objects.get(uri__endswith="7dd94ad3-13d6-43fe-8b94-51fcbf67ced9")  # think critically
    edited.label = {**edited.label, "ar": "التفكير الناقد"}
    edited.save()
    assert is_edited_locally(edited)

    def change(content: dict[str, Any]) -> None:
        content["version"] = "2099.1"
        skills = content["skills"]
        for skill in skills:
            if skill["uri"].endswith(("7dd94ad3-13d6-43fe-8b94-51fcbf67ced9", "60c78287-22eb-4103-9c8c-28deaa460da0")):
                skill["label"]["ar"] += " (مراجَع)"
        content["skills"] = [s for s in skills if not s["uri"].endswith("f60b0a50-2e7b-46f8-9b9c-2809b10991f9")]
        content["skills"] = [
            s for s in content["skills"] if not s["uri"].endswith("000f1d3d-220f-4789-9c0a-cc742521fb02")
        ]

    _edit(data / "esco-skills.json", change)
    report = frameworks_load(data_dir=data)
    esco = next(file for file in report.files if file.name == "esco-skills")
    assert esco.counts.get("updated") == 1  # work in teams
    assert any("7dd94ad3" in key for key in esco.kept)
    assert esco.deactivated == ["Haskell"]
    edited.refresh_from_db()
    assert edited.label["ar"] == "التفكير الناقد"  # the local edit survives
    team_work = EscoSkill.objects.get(uri__endswith="60c78287-22eb-4103-9c8c-28deaa460da0")
    assert team_work.label["ar"].endswith("(مراجَع)")
    assert team_work.data_version == "2099.1"
    haskell = EscoSkill.objects.get(uri__endswith="000f1d3d-220f-4789-9c0a-cc742521fb02")
    assert not haskell.is_active  # retired, not deleted
    assert DataRelease.objects.filter(name="esco-skills", version="2099.1").exists()


def test_check_reports_the_file_and_the_entry_of_each_problem(tmp_path: Path) -> None:
    data = _copy_data(tmp_path)

    def break_skill(content: dict[str, Any]) -> None:
        content["skills"][3]["uri"] = "http://example.org/not-esco"
        content["skills"][5]["label"]["ar"] = ""
        content["skills"][7]["reuse_level"] = "everywhere"

    _edit(data / "esco-skills.json", break_skill)
    _edit(data / "level-mappings.json", lambda content: content["mappings"][0].update(target="EQF:9"))
    problems = frameworks_check(data_dir=data)
    assert any(p.startswith("esco-skills.json: skills[3] http://example.org/not-esco: uri is not") for p in problems)
    assert any(p.startswith("esco-skills.json: skills[5]") and "label.ar is empty" in p for p in problems)
    assert any(p.startswith("esco-skills.json: skills[7]") and "reuse_level" in p for p in problems)
    assert any(p.startswith("level-mappings.json: mappings[0]") and "EQF:9" in p for p in problems)

    stderr = StringIO()
    with pytest.raises(CommandError, match="problem"):
        call_command("load_frameworks", "--check", "--data-dir", str(data), stderr=stderr)
    assert "esco-skills.json: skills[3]" in stderr.getvalue()
    with pytest.raises(DataFileError):
        frameworks_load(data_dir=data)


def test_check_passes_on_the_shipped_files_and_rejects_invalid_json(tmp_path: Path) -> None:
    assert frameworks_check() == []
    stdout = StringIO()
    call_command("load_frameworks", "--check", stdout=stdout)
    assert "valid" in stdout.getvalue()
    data = _copy_data(tmp_path)
    (data / "languages.json").write_text("{ not json", encoding="utf-8")
    assert any(p.startswith("languages.json: not valid JSON") for p in frameworks_check(data_dir=data))


def test_every_data_file_declares_version_source_and_licence() -> None:
    for path in DATA_DIR.glob("*.json"):
        content = json.loads(path.read_text(encoding="utf-8"))
        for key in ("version", "source", "license"):
            assert str(content.get(key, "")).strip(), f"{path.name} lacks {key}"
