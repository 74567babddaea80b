"""`wisam serve`: serve Wisam with waitress (a production-grade pure-Python WSGI server) and run the task worker."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Wisam on HOST:PORT with waitress, with a background task worker beside it."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--no-worker", action="store_true", help="Do not start the background task worker.")

    def handle(self, *args: Any, **options: Any) -> None:
        from waitress import serve

        from wisam.wsgi import application

        call_command("collectstatic", interactive=False, verbosity=0)
        worker = None
        if not options["no_worker"]:
            # The worker is its own process so a long task never blocks a web thread.
            worker = subprocess.Popen(
                [sys.executable, "-m", "wisam", "db_worker", "--interval", "1"], env=os.environ.copy()
            )
        url = f"http://{options['host']}:{options['port']}"
        self.stdout.write(self.style.SUCCESS(f"Wisam is serving on {url}  (Ctrl+C to stop)"))
        try:
            serve(application, host=options["host"], port=options["port"], threads=options["threads"])
        finally:
            if worker is not None:
                worker.terminate()
