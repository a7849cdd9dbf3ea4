"""gunicorn settings for ikone (`gunicorn -c python:ikone.config.gunicorn ikone.config.wsgi`):
Prometheus' multiprocess mode, so that `/metrics` adds up the counts of every worker."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any


def on_starting(server: Any) -> None:
    """Before any worker starts: an empty directory for the workers' metric files."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR") or tempfile.mkdtemp(prefix="ikone-metrics-")
    path = Path(directory)
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(path)


def child_exit(server: Any, worker: Any) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
