"""`ikone jobs worker` runs the background jobs (django-q2's cluster: a sentinel, workers, a
monitor and the scheduler for the periodic jobs) until SIGTERM or Ctrl+C;
`ikone jobs schedule` writes the periodic jobs declared in code (also done by `ikone migrate`)."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django_q.cluster import Cluster

from ikone.operations import schedule


class Command(BaseCommand):
    help = "Hintergrundaufgaben: Worker starten oder die Zeitpläne aus dem Code übernehmen."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
        sub.add_parser("worker", help="Hintergrundaufgaben ausführen, bis SIGTERM oder Strg+C")
        sub.add_parser("schedule", help="regelmäßige Aufgaben aus dem Code in die Datenbank übernehmen")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "schedule":
            counts = schedule.sync()
            self.stdout.write(
                f"{counts['created']} angelegt, {counts['updated']} geändert, {counts['removed']} entfernt."
            )
            return
        self._work()

    def _work(self) -> None:
        """django-q2's own `qcluster` stops the cluster inside the signal handler, which can
        deadlock on the multiprocessing lock it interrupts; here the handler only notes the
        signal and the cluster is stopped from the main loop, watched so that a sentinel that died
        on its own signal cannot keep the process from ending."""
        stopping = threading.Event()
        cluster = Cluster()

        def note(signum: int, frame: Any) -> None:
            stopping.set()

        signal.signal(signal.SIGTERM, note)
        signal.signal(signal.SIGINT, note)
        cluster.start()
        while not stopping.wait(0.5) and cluster.sentinel.is_alive():
            pass
        stopper = threading.Thread(target=cluster.stop, daemon=True)
        stopper.start()
        while stopper.is_alive() and cluster.sentinel.is_alive():
            stopper.join(0.5)
        stopper.join(5)
        if stopper.is_alive():
            # The sentinel ended without taking the stop signal (it got SIGTERM itself, e.g. from a
            # `pkill` of the whole group): waking it would wait forever. End what is left and leave.
            for child in multiprocessing.active_children():
                child.kill()
            self.stderr.write("Hintergrundaufgaben: Cluster ohne Rückmeldung beendet.")
            os._exit(0)
