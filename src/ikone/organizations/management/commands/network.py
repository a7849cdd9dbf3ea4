"""`ikone network add-coordinator --network SLUG --email E`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ikone.accounts.models import User
from ikone.accounts.services import network_coordinator_add
from ikone.core.audit import Actor
from ikone.core.errors import DomainError
from ikone.organizations.selectors import network_get


class Command(BaseCommand):
    help = "Netzwerke verwalten."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
        add = sub.add_parser("add-coordinator", help="Person als Koordination eines Netzwerks eintragen")
        add.add_argument("--network", required=True)
        add.add_argument("--email", required=True)

    def handle(self, *args: Any, network: str, email: str, **options: Any) -> None:
        user = User.objects.filter(email=email.strip().lower()).first()
        if user is None:
            raise CommandError(f"Kein Konto mit {email}.", returncode=2)
        try:
            target = network_get(slug=network)
            network_coordinator_add(actor=Actor.system("network add-coordinator"), user=user, network=target)
        except DomainError as exc:
            raise CommandError(exc.detail, returncode=2) from exc
        self.stdout.write(f"{user.email} koordiniert jetzt {target}.")
