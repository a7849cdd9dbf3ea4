"""How a background run of long work proceeds (see `ikone.operations.services.job_run_start`):
the job `execute` runs the work function, which reports its steps through a `Progress` and returns
an `Outcome`. A `JobFailed` (e.g. rejected rows of an import) ends the run as failed with its
problems; any other error too, and is raised again so that the queue retries the job (as after a
worker's death); a retried run starts over, so work functions must be idempotent. A run that has
ended successfully is not run again."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from ikone.operations.models import JobRun


@dataclass
class Outcome:
    summary: str
    problems: list[str] = field(default_factory=list)
    result_url: str = ""


class JobFailed(Exception):
    def __init__(self, summary: str, problems: list[str] | None = None) -> None:
        super().__init__(summary)
        self.summary, self.problems = summary, problems or []


class Progress:
    """Steps of a run, saved as they happen (outside the work's transaction)."""

    def __init__(self, run: JobRun) -> None:
        self.run = run

    def step(self, label: str, done: int, total: int) -> None:
        self.run.step, self.run.progress_done, self.run.progress_total = label[:200], done, total
        JobRun.objects.filter(pk=self.run.pk).update(
            step=self.run.step, progress_done=done, progress_total=total
        )


def execute(run_id: int, work: str, *args: Any) -> None:
    """The job: run `work` for the run `run_id` and record how it ended."""
    run = JobRun.objects.filter(pk=run_id).first()
    if run is None or run.state == JobRun.State.DONE:
        return
    JobRun.objects.filter(pk=run.pk).update(state=JobRun.State.RUNNING, started_at=timezone.now())
    run.state = JobRun.State.RUNNING
    try:
        outcome = import_string(work)(Progress(run), *args)
    except JobFailed as failure:
        _finish(run, JobRun.State.FAILED, failure.summary, failure.problems)
    except Exception:
        _finish(
            run,
            JobRun.State.FAILED,
            _("Ein unerwarteter Fehler ist aufgetreten; der Vorgang wird wiederholt."),
        )
        raise
    else:
        _finish(run, JobRun.State.DONE, outcome.summary, outcome.problems, outcome.result_url)


def _finish(
    run: JobRun, state: str, summary: str, problems: list[str] | None = None, result_url: str = ""
) -> None:
    JobRun.objects.filter(pk=run.pk).update(
        state=state,
        summary=summary[:500],
        problems=problems or [],
        result_url=result_url,
        finished_at=timezone.now(),
    )
