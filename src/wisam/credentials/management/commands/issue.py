"""`wisam issue --csv FILE --micro-credential CODE[/vN] --institution SLUG`: issue a cohort with a progress bar.

Validates every row first (errors name row and column; nothing is issued if any row is wrong), then issues each
credential in its own transaction. Re-running with the same file issues nothing twice; after a crash it resumes.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wisam.credentials.cohort import cohort_read
from wisam.credentials.selectors import version_by_reference
from wisam.credentials.services import IssuanceRefused, batch_create, batch_run, issuance_check
from wisam.institutions.models import Organisation, User


class Command(BaseCommand):
    help = "Issue a micro-credential to a cohort from a CSV or XLSX file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--csv", "--file", dest="file", required=True, help="CSV (UTF-8) or XLSX file")
        parser.add_argument("--micro-credential", required=True, help="code, or code/vN for a given version")
        parser.add_argument("--institution", required=True, help="the issuing institution's slug")
        parser.add_argument("--actor", default="", help="e-mail of the registrar recorded in the audit trail")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["institution"]).first()
        if organisation is None:
            raise CommandError(f"No institution {options['institution']!r}.")
        version = version_by_reference(organisation=organisation, reference=options["micro_credential"])
        if version is None:
            raise CommandError(
                f"No accredited micro-credential {options['micro_credential']!r} at {organisation.slug}."
            )
        actor = User.objects.filter(email__iexact=options["actor"]).first() if options["actor"] else None
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file {path}.")
        from django.utils import timezone

        try:
            issuance_check(organisation=organisation, version=version, when=timezone.now())
        except IssuanceRefused as refused:
            raise CommandError(refused.message) from None
        cohort = cohort_read(path.read_bytes(), path.name)
        if not cohort.ok:
            for error in cohort.errors:
                self.stderr.write(f"row {error.row}, column {error.column or '-'}: {error.message}")
            raise CommandError(f"{len(cohort.errors)} error(s); nothing was issued.")
        batch = batch_create(
            organisation=organisation,
            version=version,
            rows=cohort.rows,
            filename=path.name,
            file_sha256=cohort.sha256,
            actor=actor,
        )
        show = not options["no_progress"]

        def progress(done: int, total: int) -> None:
            if show:
                width = 40
                filled = int(width * done / total) if total else width
                sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
                sys.stderr.flush()

        batch = batch_run(batch_id=batch.pk, actor=actor, progress=progress)
        if show:
            sys.stderr.write("\n")
        for error in batch.errors:
            self.stderr.write(f"row {error.get('row')}: {error.get('message')}")
        self.stdout.write(
            f"issued {batch.issued}, already held {batch.skipped}, failed {batch.failed} (batch {batch.pk})"
        )
        if batch.failed:
            raise CommandError("Some rows failed; run the same command again to retry them.")
