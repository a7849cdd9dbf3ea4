"""`ikone token create --email E [--name N] [--expires DAYS] [--scope read|write]`: prints the token once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ikone.accounts.models import TokenScope, User
from ikone.accounts.services import token_create
from ikone.core.audit import Actor


class Command(BaseCommand):
    help = "Persönliche API-Tokens verwalten."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
        create = sub.add_parser("create", help="Token anlegen und einmalig ausgeben")
        create.add_argument("--email", required=True)
        create.add_argument("--name", default="API-Token")
        create.add_argument("--expires", type=int, metavar="DAYS", help="gültig für so viele Tage")
        create.add_argument("--scope", choices=TokenScope.values, default=TokenScope.READ)

    def handle(
        self, *args: Any, email: str, name: str, expires: int | None, scope: str, **options: Any
    ) -> None:
        user = User.objects.filter(email=email.strip().lower()).first()
        if user is None:
            raise CommandError(f"Kein Konto mit {email}.", returncode=2)
        if expires is not None and expires < 1:
            raise CommandError("--expires muss mindestens 1 sein.", returncode=2)
        token, raw = token_create(
            actor=Actor.system("token create"), user=user, name=name, scope=scope, expires_in_days=expires
        )
        self.stderr.write(
            f"Token „{token.name}“ ({token.get_scope_display()}) für {user.email}. "
            "Es wird nur jetzt angezeigt:"
        )
        self.stdout.write(raw)
