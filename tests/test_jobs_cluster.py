"""The job queue with a real `ikone jobs worker` on a shared database: jobs queued by one process
run in the cluster's workers; a worker killed with SIGKILL in the middle of a job loses nothing:
the job runs again after the retry interval and its effect happens once."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from tests.processes import ikone_python, start_cluster, stop, wait_for

ENQUEUE = (
    "from ikone.core.jobs import enqueue; "
    "enqueue('ikone.operations.tests.jobs.slow_effect', {directory!r}, {seconds}, name={name!r})"
)
COUNT_SUCCESSES = "from django_q.models import Success; print(Success.objects.filter(name={name!r}).count())"


@pytest.fixture
def cluster_env(shared_database: dict[str, str]) -> dict[str, str]:
    return shared_database | {
        "JOBS_SYNC": "false",
        "JOB_WORKERS": "1",
        "JOB_TIMEOUT_SECONDS": "10",
        "JOB_RETRY_SECONDS": "12",
        "JOB_POLL_SECONDS": "0.2",
    }


def _starts(directory: Path) -> list[str]:
    path = directory / "starts"
    return path.read_text().split() if path.exists() else []


def test_a_queued_job_runs_in_the_cluster(cluster_env: dict[str, str], tmp_path: Path) -> None:
    ikone_python(cluster_env, ENQUEUE.format(directory=str(tmp_path), seconds=0, name=tmp_path.name))
    cluster = start_cluster(cluster_env)
    try:
        assert wait_for(lambda: (tmp_path / "effect").exists(), seconds=120)
        assert wait_for(
            lambda: ikone_python(cluster_env, COUNT_SUCCESSES.format(name=tmp_path.name)) == "1", seconds=60
        )
    finally:
        stop([cluster])
    assert len(_starts(tmp_path)) == 1


def test_a_worker_killed_during_a_job_leads_to_one_retry_and_one_effect(
    cluster_env: dict[str, str], tmp_path: Path
) -> None:
    ikone_python(cluster_env, ENQUEUE.format(directory=str(tmp_path), seconds=4, name=tmp_path.name))
    cluster = start_cluster(cluster_env)
    try:
        assert wait_for(lambda: len(_starts(tmp_path)) == 1, seconds=120), "the job started"
        (worker,) = _starts(tmp_path)
        os.kill(int(worker), signal.SIGKILL)
        assert not (tmp_path / "effect").exists()
        # the cluster replaces the worker; the unacknowledged job comes back after the retry interval
        assert wait_for(lambda: (tmp_path / "effect").exists(), seconds=150), "the job ran again"
        assert wait_for(
            lambda: ikone_python(cluster_env, COUNT_SUCCESSES.format(name=tmp_path.name)) == "1", seconds=60
        )
    finally:
        stop([cluster])
    first, second = _starts(tmp_path)
    assert first == worker
    assert second != worker
    assert (tmp_path / "effect").read_text() == "1"


@pytest.mark.parametrize("whole_group", [False, True], ids=["worker-only", "whole-group"])
def test_the_worker_stops_on_sigterm(cluster_env: dict[str, str], tmp_path: Path, whole_group: bool) -> None:
    """SIGTERM to the worker (systemd KillMode=mixed, `docker stop`) or to its whole process group
    (a `pkill`, Ctrl+C in a terminal) ends it, without waiting forever for a sentinel that died."""
    ikone_python(cluster_env, ENQUEUE.format(directory=str(tmp_path), seconds=0, name=tmp_path.name))
    cluster = start_cluster(cluster_env)
    try:
        assert wait_for(lambda: (tmp_path / "effect").exists(), seconds=120), "the cluster is working"
        if whole_group:
            os.killpg(cluster.pid, signal.SIGTERM)
        else:
            cluster.send_signal(signal.SIGTERM)
        assert wait_for(lambda: cluster.poll() is not None, seconds=60), "the worker ended"
    finally:
        if cluster.poll() is None:
            os.killpg(cluster.pid, signal.SIGKILL)
            cluster.wait(timeout=30)
