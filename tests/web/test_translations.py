"""The Arabic catalogue is complete, and compile_translations turns catalogues into .mo or names the broken line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
import pytest
from django.core.management import CommandError, call_command

import wisam

CATALOGUE = Path(wisam.__file__).parent / "locale" / "ar" / "LC_MESSAGES" / "django.po"
HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def _arabic_catalogues() -> list[Path]:
    """The shared catalogue first, then any app's own (design and strategy keep theirs beside their code)."""
    apps_own = sorted(Path(wisam.__file__).parent.glob("*/locale/ar/LC_MESSAGES/django.po"))
    return [CATALOGUE, *(path for path in apps_own if path != CATALOGUE)]


def test_the_shared_catalogue_covers_the_interface() -> None:
    assert len(polib.pofile(str(CATALOGUE))) > 500


@pytest.mark.parametrize("path", _arabic_catalogues(), ids=lambda p: str(p.relative_to(Path(wisam.__file__).parent)))
def test_arabic_catalogue_has_no_empty_or_fuzzy_entry(path: Path) -> None:
    catalogue = polib.pofile(str(path))
    entries = [entry for entry in catalogue if not entry.obsolete]
    untranslated = [entry.msgid for entry in entries if not entry.translated()]
    fuzzy = [entry.msgid for entry in entries if "fuzzy" in entry.flags]
    assert not untranslated, f"untranslated: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:10]}"


@pytest.mark.parametrize("path", _arabic_catalogues(), ids=lambda p: str(p.relative_to(Path(wisam.__file__).parent)))
def test_arabic_plurals_have_all_six_forms(path: Path) -> None:
    catalogue = polib.pofile(str(path))
    assert "nplurals=6" in catalogue.metadata["Plural-Forms"]
    for entry in catalogue:
        if entry.msgid_plural:
            assert len(entry.msgstr_plural) == 6, entry.msgid
            assert all(entry.msgstr_plural.values()), entry.msgid


def test_compile_translations_writes_mo_files(tmp_path: Path, settings: Any) -> None:
    folder = tmp_path / "ar" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text(HEADER + 'msgid "Hello"\nmsgstr "مرحباً"\n', encoding="utf-8")
    settings.LOCALE_PATHS = [tmp_path]
    call_command("compile_translations", verbosity=0)
    compiled = polib.mofile(str(folder / "django.mo"))
    assert compiled.find("Hello").msgstr == "مرحباً"


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ('msgid "Hello"\nmsgstr "unterminated\n', 6),
        ('msgid "Hello"\nmsgstr bare words\n', 6),
        ('msgid "Hello"\nmsgstr "مرحباً"\ngarbage\n', 7),
    ],
)
def test_a_broken_catalogue_is_reported_with_file_and_line(tmp_path: Path, settings: Any, body: str, line: int) -> None:
    folder = tmp_path / "ar" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text(HEADER + body, encoding="utf-8")
    settings.LOCALE_PATHS = [tmp_path]
    with pytest.raises(CommandError, match=rf"django\.po:{line}:"):
        call_command("compile_translations", verbosity=0)


def test_a_translation_with_a_wrong_placeholder_is_refused(tmp_path: Path, settings: Any) -> None:
    folder = tmp_path / "ar" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    body = '#, python-format\nmsgid "Hello %(name)s"\nmsgstr "مرحباً %(nom)s"\n'
    (folder / "django.po").write_text(HEADER + body, encoding="utf-8")
    settings.LOCALE_PATHS = [tmp_path]
    with pytest.raises(CommandError, match=r"django\.po:\d+: placeholders"):
        call_command("compile_translations", verbosity=0)


def test_the_real_catalogues_compile() -> None:
    call_command("compile_translations", verbosity=0)


def test_shared_messages_skips_apps_with_their_own_catalogue() -> None:
    from wisam.web.management.commands.shared_messages import own_catalogue_apps

    own = own_catalogue_apps()
    assert "design" in own
    assert "web" not in own
