"""Load the default maturity model and seed the national recommendations (safe to run again)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from wisam.institutions.models import Organisation
from wisam.strategy.services import maturity_model_load, recommendations_seed


class Command(BaseCommand):
    help = "Load the default maturity model (or --model FILE) and seed the national recommendations."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--model", type=Path, help="a maturity-model JSON file (default: the shipped one)")
        parser.add_argument("--owner", default="mohe", help="slug of the ministry that owns the recommendations")

    def handle(self, *args: Any, **options: Any) -> None:
        model = maturity_model_load(path=options["model"])
        self.stdout.write(f"maturity model {model.slug} v{model.version}: {model.dimensions.count()} dimensions")
        owner = Organisation.objects.filter(slug=options["owner"]).first()
        seeded = recommendations_seed(owner=owner)
        self.stdout.write(f"{len(seeded)} national recommendations")
