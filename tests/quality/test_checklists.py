"""Checklists are versioned data: loaded idempotently, never changed in place, the latest version current."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from wisam.core.models import DomainEvent
from wisam.quality.models import Checklist, ChecklistItem
from wisam.quality.services import DATA_DIR, checklists_load


def test_default_checklists_load_in_both_languages(checklists: Any) -> None:
    assert sorted(checklists.created) == ["esg-part1-design v1", "eu-annex-ii v1"]
    eu = Checklist.objects.get(key="eu-annex-ii")
    assert eu.is_default
    assert eu.is_current
    assert eu.items.count() >= 10
    codes = set(ChecklistItem.objects.filter(checklist__key="esg-part1-design").values_list("code", flat=True))
    assert {"ESG-1.2a", "ESG-1.3b", "ESG-1.4", "ESG-1.9"} <= codes
    for item in ChecklistItem.objects.all():
        for language in ("ar", "en"):
            assert item.text[language], item.code
            assert item.guidance.get(language), item.code
    assert ChecklistItem.objects.exclude(linter_codes=[]).count() >= 10
    assert DomainEvent.objects.filter(action="quality.checklist.loaded").count() == 2


def test_loading_again_changes_nothing(checklists: Any, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("load_checklists")
    assert "0 loaded, 2 already there" in capsys.readouterr().out
    assert Checklist.objects.count() == 2


def _copy(tmp_path: Path) -> Path:
    for path in DATA_DIR.glob("*.json"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path / "eu-annex-ii.v1.json"


def test_a_published_version_cannot_change_in_place(checklists: Any, tmp_path: Path) -> None:
    eu = _copy(tmp_path)
    data = json.loads(eu.read_text())
    data["items"][0]["text"]["en"] = "Something else"
    eu.write_text(json.dumps(data))
    with pytest.raises(ValidationError, match="new version number"):
        checklists_load(directory=tmp_path)


def test_a_new_version_becomes_current_and_the_old_one_stays(checklists: Any, tmp_path: Path) -> None:
    eu = _copy(tmp_path)
    data = json.loads(eu.read_text())
    data["version"] = 2
    data["items"].append(
        {"code": "EU-11", "text": {"ar": "سؤال جديد", "en": "A new question"}, "guidance": {"ar": "", "en": ""}}
    )
    (tmp_path / "eu-annex-ii.v2.json").write_text(json.dumps(data))
    report = checklists_load(directory=tmp_path)
    assert report.created == ["eu-annex-ii v2"]
    versions = dict(Checklist.objects.filter(key="eu-annex-ii").values_list("version", "is_current"))
    assert versions == {1: False, 2: True}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("title"), "missing 'title'"),
        (lambda d: d["items"].append(dict(d["items"][0])), "repeated code"),
        (lambda d: d["items"][0]["text"].update(ar=""), "needs both Arabic and English"),
        (lambda d: d["items"][0].update(linter_codes="LO_*"), "list of codes"),
    ],
)
def test_malformed_checklists_are_refused(db: Any, tmp_path: Path, change: Any, message: str) -> None:
    data = json.loads((DATA_DIR / "eu-annex-ii.v1.json").read_text())
    change(data)
    (tmp_path / "bad.json").write_text(json.dumps(data))
    with pytest.raises(ValidationError, match=message):
        checklists_load(directory=tmp_path)
    assert not Checklist.objects.exists()
