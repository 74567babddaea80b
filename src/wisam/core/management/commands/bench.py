"""`wisam bench`: run every app's benchmark (`wisam.<app>.bench.run`) and print the figures.

Benchmarks seed their own data, so run them against a scratch database (`make bench` does).
"""

from __future__ import annotations

import json
import time
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand


def benchmark_modules(only: list[str] | None = None) -> list[tuple[str, Any]]:
    names = ["wisam.vc", *(app for app in settings.INSTALLED_APPS if app.startswith("wisam."))]
    found = []
    for name in names:
        label = name.removeprefix("wisam.")
        if only and label not in only:
            continue
        if find_spec(f"{name}.bench") is not None:
            found.append((label, import_module(f"{name}.bench")))
    return found


class Command(BaseCommand):
    help = "Run the performance benchmarks and print their figures."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--only", nargs="*", help="Benchmark only these apps (e.g. vc accreditation).")
        parser.add_argument("--json", action="store_true", help="Print the figures as JSON as well.")

    def handle(self, *args: Any, **options: Any) -> None:
        vendor = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        results: dict[str, Any] = {}
        for label, module in benchmark_modules(options.get("only")):
            self.stdout.write(self.style.MIGRATE_HEADING(f"== {label} (database: {vendor})"))
            started = time.perf_counter()
            if hasattr(module, "run"):
                results[label] = module.run(stdout=self.stdout)
            elif hasattr(module, "run_benchmark"):
                results[label] = module.run_benchmark()
                for key, value in results[label].items():
                    self.stdout.write(f"  {key}: {value}")
            self.stdout.write(f"  ({time.perf_counter() - started:.1f} s)")
        if options["json"]:
            self.stdout.write(json.dumps(results, indent=2, default=str))
