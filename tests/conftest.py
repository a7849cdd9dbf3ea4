"""Fixtures for the cross-app tests that run ikone as separate processes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests import processes


@pytest.fixture(scope="session")
def migrated_template(
    tmp_path_factory: pytest.TempPathFactory, django_db_blocker: Any
) -> Iterator[dict[str, str]]:
    with processes.migrated_template(tmp_path_factory.mktemp("template"), django_db_blocker) as env:
        yield env


@pytest.fixture(scope="module")
def shared_database(
    tmp_path_factory: pytest.TempPathFactory, django_db_blocker: Any, migrated_template: dict[str, str]
) -> Iterator[dict[str, str]]:
    var = tmp_path_factory.mktemp("processes")
    with processes.shared_database(var, django_db_blocker, migrated_template) as env:
        yield env
