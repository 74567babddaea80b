"""`wisam accreditation_reminders`: enqueue the periodic reminders task (run it daily from cron or a systemd timer).

It sends the reminders that are due (conditions, appeal periods, evaluations, screening) once each, and moves
accreditations to "expiring" (with notice) or "expired". `--now` runs it in this process instead of enqueueing it.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Enqueue (or, with --now, run) the accreditation reminders and expiry monitoring."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="Run here and now instead of enqueueing the task.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            from wisam.accreditation.services import reminders_run

            self.stdout.write(str(reminders_run()))
            return
        from wisam.accreditation.tasks import run_reminders

        result = run_reminders.enqueue()
        self.stdout.write(f"enqueued accreditation reminders: task {result.id}")
