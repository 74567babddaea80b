"""`wisam verify_events`: recompute the hash chain of the domain-event log; exit code 1 if it is broken."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wisam.core.events import events_verify_chain


class Command(BaseCommand):
    help = "Verify the domain-event hash chain from the first event to the last."

    def handle(self, *args: Any, **options: Any) -> None:
        report = events_verify_chain()
        if not report.ok:
            raise CommandError(
                f"Event chain broken at event #{report.first_broken_sequence}: {report.problem} "
                f"({report.events_checked} events before it are intact)."
            )
        self.stdout.write(self.style.SUCCESS(f"Event chain intact: {report.events_checked} events verified."))
