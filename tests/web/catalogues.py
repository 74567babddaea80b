"""Compile the gettext catalogues for tests (the .mo files are not committed) and make Django reload them."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation.reloader import translation_file_changed

from wisam.web.management.commands.compile_translations import catalogues, compile_catalogue, locale_paths


def compile_all() -> None:
    for po_path in catalogues(locale_paths()):
        compile_catalogue(po_path)
    # Catalogues loaded before compiling (by tests that ran earlier in this process) would lack the new strings.
    translation_file_changed(None, Path("catalogue.mo"))
