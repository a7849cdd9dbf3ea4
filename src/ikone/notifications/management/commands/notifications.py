"""`ikone notifications deliver` (due first tries and retries) and `send-digests` (daily summaries)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ikone.core.progress import progress_bar
from ikone.notifications import delivery


class Command(BaseCommand):
    help = "Benachrichtigungen zustellen: fällige E-Mails und Webhooks, tägliche Zusammenfassungen."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
        sub.add_parser(
            "deliver", help="fällige E-Mails und Webhook-Zustellungen senden (auch Wiederholungen)"
        )
        sub.add_parser(
            "send-digests", help="die tägliche Zusammenfassung an alle senden, die sie gewählt haben"
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "deliver":
            with progress_bar("Zustellen", delivery.due_count(), quiet=options["verbosity"] == 0) as advance:
                counts = delivery.deliver_due(advance=advance)
            self.stdout.write(
                f"{counts.sent} zugestellt, {counts.failed} fehlgeschlagen (später neuer Versuch)."
            )
        else:
            counts = delivery.send_digests()
            self.stdout.write(f"{counts.sent} Zusammenfassungen gesendet, {counts.failed} fehlgeschlagen.")
