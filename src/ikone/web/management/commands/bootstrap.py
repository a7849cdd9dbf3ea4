"""`ikone bootstrap`: on the first start, import the reference data and the demo networks."""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from ikone.accounts.models import User
from ikone.organizations.models import Network, Organization
from ikone.web.demo_login import DEMO_EMAIL, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Importiert beim ersten Start die Referenz- und Demodaten; später tut es nichts."

    def handle(self, *args: Any, **options: Any) -> None:
        if not Organization.objects.exists():
            self.stdout.write("Erster Start: Referenzdaten werden importiert …")
            call_command("import-reference")
        if not Network.objects.exists():
            call_command("load-demo")
        if User.objects.filter(email=DEMO_EMAIL).exists():
            self.stdout.write(f"Demo-Anmeldung (Verwaltung unter /admin/): {DEMO_EMAIL} / {DEMO_PASSWORD}")
