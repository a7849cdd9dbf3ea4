"""Audit scenarios for the operations services (see tests/test_every_service_audits.py)."""

from functools import partial

from ikone.core.audit import Actor

SYSTEM = Actor.system("audit test")

SCENARIOS = {
    "ikone.operations.services.job_run_start": lambda m, t: partial(
        m.job_run_start,
        actor=SYSTEM,
        kind="test",
        title="Prüfvorgang",
        work="ikone.operations.tests.jobs.rejecting",
        args=(),
    ),
}
READS: dict[str, str] = {}
