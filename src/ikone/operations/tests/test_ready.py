"""Readiness touches the database; liveness does not."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client


@pytest.mark.django_db
def test_ready_when_the_database_answers(client: Client) -> None:
    response = client.get("/api/v1/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok"}}


@pytest.mark.django_db
def test_not_ready_when_the_database_fails(client: Client) -> None:
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("weg")):
        response = client.get("/api/v1/ready")
    assert response.status_code == 503
    body = response.json()
    assert body["detail"] == "ikone ist nicht bereit."
    assert body["errors"] == [{"field": "database", "message": "nicht erreichbar: OperationalError"}]
