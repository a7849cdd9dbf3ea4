"""`ikone coverage-synthetic [--seed 1] [--limit-orgs N]`: synthetic statuses for load tests."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ikone.core.audit import Actor
from ikone.core.progress import progress_bar
from ikone.coverage import services
from ikone.organizations.choices import Level
from ikone.organizations.models import Organization
from ikone.ozg.models import Service


class Command(BaseCommand):
    help = (
        "Erzeugt synthetische Umsetzungsstände (Herkunft „synthetisch“) für alle Gemeinden × alle "
        "OZG-Leistungen, deterministisch je Seed, und baut die Zählungen neu auf."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--limit-orgs", type=int, default=None, help="nur die ersten N Gemeinden (nach AGS)"
        )
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args: Any, seed: int, limit_orgs: int | None, quiet: bool, **options: Any) -> None:
        organizations = Organization.objects.filter(level=Level.GEMEINDE).count()
        if limit_orgs:
            organizations = min(organizations, limit_orgs)
        total = organizations * Service.objects.count()
        with progress_bar("Synthetische Stände", total, quiet=quiet) as advance:
            result = services.coverage_synthetic_generate(
                actor=Actor.system("coverage-synthetic"), seed=seed, limit_orgs=limit_orgs, progress=advance
            )
        self.stdout.write(
            f"{result.rows:,} Stände für {result.organizations:,} Gemeinden × {result.services} OZG-Leistungen "
            f"in {result.seconds_insert:.1f} s geschrieben, Zählungen in {result.seconds_aggregates:.1f} s aufgebaut.".replace(
                ",", "."
            )
        )
