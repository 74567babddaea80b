"""`wisam load_checklists`: load the QA checklist versions shipped in wisam/quality/data (or a directory)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from wisam.quality.services import DATA_DIR, checklists_load


class Command(BaseCommand):
    help = "Load QA checklists (versioned JSON data); versions already loaded are left as they are."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--directory", type=Path, default=DATA_DIR, help="Folder of checklist *.json files.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = checklists_load(directory=options["directory"])
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        for label in report.created:
            self.stdout.write(f"loaded {label}")
        self.stdout.write(f"{len(report.created)} loaded, {len(report.unchanged)} already there")
