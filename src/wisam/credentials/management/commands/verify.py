"""`wisam verify FILE [--json]`: verify a credential; exit code 0 only when every check passes."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from wisam.credentials.verification import MAX_INPUT_BYTES, credential_verify


class Command(BaseCommand):
    help = "Verify a credential file (format, signature, issuer, accreditation, status, dates)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the credential (JSON); '-' reads standard input")
        parser.add_argument("--json", action="store_true", help="machine-readable output")
        parser.add_argument("--language", default="en", choices=["ar", "en"])

    def handle(self, *args: Any, **options: Any) -> None:
        source = options["file"]
        if source == "-":
            data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        else:
            path = Path(source)
            if not path.is_file():
                self.stderr.write(f"No file {path}.")
                sys.exit(2)
            with path.open("rb") as handle:
                data = handle.read(MAX_INPUT_BYTES + 1)
        report = credential_verify(data)
        language = options["language"]
        with translation.override(language):
            if options["json"]:
                self.stdout.write(json.dumps(report.as_json(language), ensure_ascii=False, indent=2))
            else:
                for line in report.lines:
                    mark = "OK  " if line.ok else "FAIL"
                    self.stdout.write(f"{mark} {line.title(language)}: {line.text(language)}")
                    if line.note_code:
                        self.stdout.write(f"     {line.note(language)}")
                self.stdout.write("VALID" if report.verified else "NOT VALID")
        sys.exit(0 if report.verified else 1)
