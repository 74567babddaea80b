"""`wisam load_frameworks`: load the shipped frameworks and vocabularies (idempotent), or `--check` the data files."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wisam.frameworks.datafiles import DataFileError
from wisam.frameworks.services import frameworks_check, frameworks_load


class Command(BaseCommand):
    help = (
        "Load qualification frameworks, credit systems, ISCED-F, languages, ESCO skills and ELM vocabularies from "
        "the data files. Safe to run again: unchanged files are skipped and rows edited in the admin are kept."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--check", action="store_true", help="Only validate the data files; exit 1 on errors.")
        parser.add_argument("--data-dir", help="Load from this directory instead of the package's data/.")
        parser.add_argument("--force", action="store_true", help="Re-apply files even if unchanged since last load.")

    def handle(self, *args: Any, **options: Any) -> None:
        data_dir = options.get("data_dir")
        if options["check"]:
            problems = frameworks_check(data_dir=data_dir)
            if problems:
                for problem in problems:
                    self.stderr.write(problem)
                raise CommandError(f"{len(problems)} problem(s) in the data files.")
            self.stdout.write(self.style.SUCCESS("The data files are valid."))
            return
        try:
            report = frameworks_load(data_dir=data_dir, force=options["force"])
        except DataFileError as error:
            for data_error in error.errors:
                self.stderr.write(str(data_error))
            raise CommandError(f"{len(error.errors)} problem(s) in the data files; nothing was loaded.") from error
        if options["verbosity"] > 0:
            for line in report.lines():
                self.stdout.write(line)
            self.stdout.write(self.style.SUCCESS("Frameworks and vocabularies loaded."))
