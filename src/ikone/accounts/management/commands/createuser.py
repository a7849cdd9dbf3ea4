"""`ikone createuser --email E --org KEY --role viewer|editor|orgadmin [--password P]`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from ikone.accounts.models import OrganizationRole, User
from ikone.accounts.services import organization_role_set, user_create
from ikone.core.audit import Actor
from ikone.core.errors import DomainError
from ikone.organizations.selectors import organization_get


class Command(BaseCommand):
    help = "Legt ein Konto an (oder nimmt ein vorhandenes) und gibt ihm eine Rolle in einer Organisation."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--org", required=True, help="AGS oder Kurzname der Organisation")
        parser.add_argument("--role", required=True, choices=OrganizationRole.values)
        parser.add_argument("--password", help="ohne Angabe: Anmeldung erst nach „Passwort vergessen“")

    def handle(
        self, *args: Any, email: str, org: str, role: str, password: str | None, **options: Any
    ) -> None:
        actor = Actor.system("createuser")
        try:
            with transaction.atomic():
                organization = organization_get(key=org)
                user = User.objects.filter(email=email.strip().lower()).first()
                created = user is None
                if user is None:
                    user = user_create(actor=actor, email=email, password=password)
                elif password:
                    raise CommandError(
                        "Das Konto gibt es schon; das Passwort wird nicht geändert.", returncode=2
                    )
                organization_role_set(actor=actor, user=user, organization=organization, role=role)
        except DomainError as exc:
            raise CommandError(exc.detail, returncode=2) from exc
        verb = "angelegt" if created else "vorhanden"
        self.stdout.write(f"{user.email} ({verb}): {OrganizationRole(role).label} in {organization}")
