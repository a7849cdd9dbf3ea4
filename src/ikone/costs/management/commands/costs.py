"""`ikone costs allocate --agreement ID [--key KIND] [--join KEY …] [--leave KEY …] [--year YYYY] [--json]`
prints the
shares per member of a cost-sharing agreement: as JSON exactly what
`GET /api/v1/networks/{slug}/cost-agreements/{id}/allocations` returns, otherwise as a table."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ikone.core.errors import DomainError
from ikone.costs import outputs, selectors
from ikone.costs.choices import KeyKind
from ikone.costs.schemas import AllocationOut


class Command(BaseCommand):
    help = "Kosten: Anteile je Mitglied einer Kostenteilungsvereinbarung berechnen (allocate)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
        allocate = sub.add_parser("allocate", help="Anteile je Mitglied (Summe exakt gleich den Kosten)")
        allocate.add_argument("--agreement", required=True, type=int, help="Nummer der Vereinbarung")
        allocate.add_argument("--key", choices=KeyKind.values, help="anderer Schlüssel zum Vergleich")
        allocate.add_argument("--join", action="append", default=[], help="Szenario: AGS/Kurzname tritt bei")
        allocate.add_argument("--leave", action="append", default=[], help="Szenario: AGS/Kurzname tritt aus")
        allocate.add_argument("--year", type=int, help="nur dieses Jahr des Zeitraums (JJJJ)")
        allocate.add_argument("--json", action="store_true", help="wie die API als JSON ausgeben")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            agreement = selectors.agreement_by_id(agreement_id=options["agreement"])
            view = selectors.allocation_or_error(
                selectors.agreement_allocation(
                    agreement=agreement,
                    kind=options.get("key"),
                    join=selectors.organizations_by_keys(options["join"], "join"),
                    leave=selectors.organizations_by_keys(options["leave"], "leave"),
                    year=options.get("year"),
                )
            )
        except DomainError as exc:
            messages = "; ".join(f"{e.field}: {e.message}" for e in exc.errors)
            raise CommandError(
                f"{exc.detail} {messages}".strip(), returncode=2 if exc.status == 404 else 1
            ) from exc
        data = AllocationOut.model_validate(
            outputs.allocation_out(agreement, view, year=options.get("year"))
        ).model_dump(mode="json")
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self.stdout.write(f"{agreement.title} – {view.key_label}: {_eur(data['total_eur'])}")
        for share in data["shares"]:
            self.stdout.write(
                f"  {share['organization']['name']:<40} {_eur(share['amount_eur']):>18}  {share['percent']:>6} %"
            )
        self.stdout.write(f"  {'Summe':<40} {_eur(data['sum_eur']):>18}")


def _eur(value: str) -> str:
    whole, _, cents = value.partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{grouped},{cents or '00'} EUR"
