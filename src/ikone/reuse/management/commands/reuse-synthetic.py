"""`ikone reuse-synthetic [--seed 1] [--share 0.3]`: synthetic adoptions and experience reports."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ikone.core.audit import Actor
from ikone.reuse import services


class Command(BaseCommand):
    help = (
        "Ersetzt die synthetischen Nachnutzungen (Herkunft „synthetisch“) für alle Gemeinden und alle "
        "Lösungen mit OZG-Leistungen, deterministisch je Seed (Aufbau in docs/reuse.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--share", type=float, default=0.3, help="Anteil nachnutzender Gemeinden")

    def handle(self, *args: Any, seed: int, share: float, **options: Any) -> None:
        result = services.adoptions_synthetic_generate(
            actor=Actor.system("reuse-synthetic"), seed=seed, adopter_share=share
        )
        self.stdout.write(
            f"{result.adoptions} synthetische Nachnutzungen und {result.reports} Erfahrungsberichte für "
            f"{result.municipalities} Gemeinden und {result.solutions} Lösungen angelegt."
        )
