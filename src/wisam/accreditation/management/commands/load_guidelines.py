"""`wisam load_guidelines`: load the shipped national accreditation guideline versions (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from wisam.accreditation.services import guideline_in_force, guidelines_load


class Command(BaseCommand):
    help = "Load data/guidelines-*.json; loaded versions are left alone, and the first one comes into force."

    def handle(self, *args: Any, **options: Any) -> None:
        for guideline, created in guidelines_load():
            self.stdout.write(f"{'loaded' if created else 'already loaded'}: {guideline}")
        self.stdout.write(f"in force: {guideline_in_force() or '—'}")
