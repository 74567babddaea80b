"""Update the shared Arabic catalogue (src/wisam/locale) from the source, leaving apps' own catalogues alone."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand

import wisam


def own_catalogue_apps() -> list[str]:
    """Apps that keep a locale/ of their own: makemessages would rewrite it, so the shared run skips them."""
    return sorted(
        Path(config.path).name
        for config in apps.get_app_configs()
        if config.name.startswith("wisam.") and (Path(config.path) / "locale").is_dir()
    )


class Command(BaseCommand):
    help = "makemessages -l ar for the shared catalogue, skipping wisam.vc and apps that ship their own catalogue."

    def handle(self, *args: Any, **options: Any) -> None:
        package = Path(wisam.__file__).parent
        ignore = ["vc/*", *(f"{name}/*" for name in own_catalogue_apps())]
        self.stdout.write(f"skipping: {', '.join(ignore)}")
        previous = Path.cwd()
        # makemessages walks the current directory and writes to the nearest locale/; run it from the package.
        os.chdir(package)
        try:
            call_command("makemessages", locale=["ar"], ignore_patterns=ignore, verbosity=options["verbosity"])
        finally:
            os.chdir(previous)
