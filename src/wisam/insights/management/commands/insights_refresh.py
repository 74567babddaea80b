"""`wisam insights_refresh`: rebuild the dashboards' derived rows (taught skills, linter findings); run it nightly."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from wisam.insights.services import insights_refresh


class Command(BaseCommand):
    help = "Rebuild the skills taught by register entries and the linter findings the quality dashboard counts."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = insights_refresh()
        self.stdout.write(", ".join(f"{name}: {count}" for name, count in counts.items()))
