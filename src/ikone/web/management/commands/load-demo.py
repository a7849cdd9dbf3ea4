"""`ikone load-demo`: the demo networks IKONE-DS and Smart-City Fichtelgebirge, and a demo login."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ikone.accounts.models import User
from ikone.catalog.demo import load_demo_solutions
from ikone.claims.demo import load_demo_claims
from ikone.core.audit import Actor
from ikone.core.errors import DomainError
from ikone.costs.demo import load_demo_costs
from ikone.coverage.demo import load_demo_statuses
from ikone.organizations.demo import load_demo_networks
from ikone.organizations.demo_requests import load_demo_requests
from ikone.organizations.selectors import network_get
from ikone.participation.demo import load_demo_proposals
from ikone.planning.demo import load_demo_capacities
from ikone.reuse.demo import load_demo_adoptions
from ikone.standards.demo import load_demo_interfaces, load_demo_standards
from ikone.transferability.demo import load_demo_facts
from ikone.web.demo_login import DEMO_EMAIL, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Legt die Demonetzwerke und ein Demo-Konto an (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-user", action="store_true", help="kein Demo-Konto anlegen")
        parser.add_argument(
            "--scale",
            choices=["demo", "national"],
            default="demo",
            help="national: zusätzlich synthetische Umsetzungsstände für alle Gemeinden (≈ 6,1 Mio. Zeilen)",
        )

    def handle(self, *args: Any, no_user: bool, scale: str, **options: Any) -> None:
        actor = Actor.system("load-demo")
        try:
            report = load_demo_networks(actor=actor)
            ikone_ds = network_get(slug="ikone-ds")
            report.created += load_demo_solutions(actor=actor, network=ikone_ds)
            statuses = load_demo_statuses(actor=actor, network=ikone_ds)
            adoptions = load_demo_adoptions(actor=actor, network=ikone_ds)
            claims = load_demo_claims(actor=actor, network=ikone_ds)
            capacities = load_demo_capacities(actor=actor, network=ikone_ds)
            standards = load_demo_standards(actor=actor, network=ikone_ds)
            standards += load_demo_interfaces(actor=actor)
            facts = load_demo_facts(actor=actor)
            requests = load_demo_requests(actor=actor, network=ikone_ds)
            proposals = load_demo_proposals(actor=actor, network=ikone_ds)
            report.created += load_demo_costs(actor=actor, network=ikone_ds)
        except DomainError as exc:
            raise CommandError(exc.detail) from exc
        if statuses:
            report.created.append(f"{statuses} OZG-Umsetzungsstände")
        if adoptions:
            report.created.append(f"{adoptions} Nachnutzungen")
        if claims:
            report.created.append(f"{claims} Übernahmen")
        if capacities:
            report.created.append(f"{capacities} Kapazitäten")
        if standards:
            report.created.append(f"{standards} Einträge zu Standards")
        if facts:
            report.created.append(f"{facts} Angaben zur Übertragbarkeit")
        if requests:
            report.created.append(f"{requests} Beitrittsanfrage")
        if proposals:
            report.created.append(f"{proposals} Vorschläge von Bürgerinnen und Bürgern")
        if report.created:
            self.stdout.write("Angelegt (Demodaten): " + ", ".join(report.created))
        else:
            self.stdout.write("Keine Änderungen: die Demodaten sind vorhanden.")
        if not no_user and not User.objects.filter(email=DEMO_EMAIL).exists():
            User.objects.create_superuser(email=DEMO_EMAIL, password=DEMO_PASSWORD, first_name="Demo")
            self.stdout.write(f"Demo-Konto: {DEMO_EMAIL} / {DEMO_PASSWORD}")
        if scale == "national":
            call_command("coverage-synthetic", "--seed", "1", stdout=self.stdout, stderr=self.stderr)
