"""Compile every gettext catalogue (.po) of Wisam to .mo with polib, so that no msgfmt is needed."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def locale_paths() -> list[Path]:
    """LOCALE_PATHS, then each Wisam app's own locale/ (Django reads both; an app may ship its own catalogue)."""
    paths = [Path(p) for p in settings.LOCALE_PATHS]
    for config in apps.get_app_configs():
        own = Path(config.path) / "locale"
        if config.name.startswith("wisam.") and own.is_dir() and own not in paths:
            paths.append(own)
    return paths


def catalogues(paths: list[Path]) -> list[Path]:
    return sorted(po for root in paths for po in Path(root).rglob("*.po"))


# One keyword and a quoted string, or a continuation string; the string must close with an unescaped quote.
_STRING = r'"(?:[^"\\]|\\.)*"'
_LINE = re.compile(rf"^(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+)?{_STRING}\s*$")


def lint(po_path: Path) -> list[str]:
    """Lines polib would silently skip or misread (it is lenient), as "file:line: problem"."""
    problems = []
    for number, line in enumerate(po_path.read_text(encoding="utf-8").splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not _LINE.match(stripped):
            problems.append(f"{po_path}:{number}: not a valid catalogue line: {stripped[:60]}")
    return problems


def compile_catalogue(po_path: Path) -> Path:
    """Write the .mo beside `po_path`; raise CommandError naming file:line when the catalogue is broken."""
    problems = lint(po_path)
    if problems:
        raise CommandError("\n".join(problems))
    try:
        catalogue = polib.pofile(str(po_path), check_for_duplicates=True)
    except (OSError, ValueError) as error:
        # polib says "Syntax error in po file <path> (line N)"; turn it into the usual file:line form.
        found = re.search(r"\(line (\d+)\)", str(error))
        raise CommandError(f"{po_path}:{found.group(1) if found else '?'}: {error}") from error
    for entry in catalogue:
        if entry.obsolete:
            continue
        if entry.msgid_plural and entry.msgstr_plural:
            placeholders = _placeholders(entry.msgid_plural)
            translations = list(entry.msgstr_plural.values())
        else:
            placeholders = _placeholders(entry.msgid)
            translations = [entry.msgstr]
        for text in translations:
            # A translation that drops or invents a %(name)s placeholder makes Django raise at render time.
            if text and "python-format" in entry.flags and not _placeholders(text) <= placeholders | {"counter"}:
                problems.append(f"{po_path}:{entry.linenum}: placeholders differ from msgid {entry.msgid!r}")
    if problems:
        raise CommandError("\n".join(problems))
    mo_path = po_path.with_suffix(".mo")
    # Write beside and rename: parallel test workers may compile while another process reads the catalogue.
    partial = mo_path.with_name(f".{mo_path.name}.{os.getpid()}.partial")
    catalogue.save_as_mofile(str(partial))
    os.replace(partial, mo_path)
    return mo_path


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\((\w+)\)[sd]", text))


class Command(BaseCommand):
    help = "Compile every .po under LOCALE_PATHS and Wisam apps' locale/ folders to .mo (pure Python, via polib)."

    def handle(self, *args: Any, **options: Any) -> None:
        paths = locale_paths()
        found = catalogues(paths)
        if not found:
            raise CommandError(f"No .po catalogue found under {', '.join(map(str, paths))}.")
        for po_path in found:
            mo_path = compile_catalogue(po_path)
            if options["verbosity"] >= 1:
                self.stdout.write(f"compiled {mo_path}")
