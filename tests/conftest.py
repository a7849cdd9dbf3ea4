"""Fixtures for the cross-app tests that run ikone as separate processes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests import processes


@pytest.fixture(scope="module")
def shared_database(
    tmp_path_factory: pytest.TempPathFactory, django_db_blocker: Any
) -> Iterator[dict[str, str]]:
    with processes.shared_database(tmp_path_factory.mktemp("processes"), django_db_blocker) as env:
        yield env
