"""`wisam demo`: load the realistic fictional national scenario and print the demo logins."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone, translation

from wisam.core.demo import demo_load


class Command(BaseCommand):
    help = "Load the demo scenario (idempotent) and print the demo logins."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the logins.")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("load_frameworks", verbosity=0)
        started = timezone.now()
        demo_load()
        self.discard_demo_mail(started)
        if not options["quiet_logins"]:
            # Terminals lay Arabic out poorly, so the list is in English; the site itself opens in Arabic.
            with translation.override("en"):
                self.print_logins()

    def discard_demo_mail(self, since: Any) -> None:
        """The demo's story sends hundreds of notifications to fictional people; their in-app inbox keeps them, but
        the queued e-mails are dropped so the console shows the logins rather than 185 messages."""
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.filter(enqueued_at__gte=since, status="READY", task_path__endswith="_email").delete()

    def print_logins(self) -> None:
        from wisam.institutions.demo import DEMO_LOGINS, DEMO_PASSWORD, STAFF_EMAIL
        from wisam.institutions.models import Role

        self.stdout.write(self.style.SUCCESS("\nWisam demo is ready. Sign in at http://127.0.0.1:8000/accounts/login/"))
        self.stdout.write(f"Every demo account's password: {DEMO_PASSWORD}\n")
        self.stdout.write(f"  {'e-mail':<38} {'role':<32} organisation")
        seen: set[tuple[str, str]] = set()
        for email, role, organisation in DEMO_LOGINS:
            if (email, role) in seen:
                continue
            seen.add((email, role))
            self.stdout.write(f"  {email:<38} {Role(role).label!s:<32} {organisation}")
        self.stdout.write(f"  {STAFF_EMAIL:<38} {'platform staff (Django admin)':<32}")
