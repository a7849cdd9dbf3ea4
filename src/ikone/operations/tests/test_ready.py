"""Readiness touches the database and the job queue; liveness does not."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError, ProgrammingError
from django.test import Client


@pytest.mark.django_db
def test_ready_when_the_database_answers(client: Client) -> None:
    response = client.get("/api/v1/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "queue": "ok"}}


@pytest.mark.django_db
def test_not_ready_when_the_database_fails(client: Client) -> None:
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError("weg")):
        response = client.get("/api/v1/ready")
    assert response.status_code == 503
    body = response.json()
    assert body["detail"] == "ikone ist nicht bereit."
    assert body["errors"] == [
        {"field": "database", "message": "nicht erreichbar: OperationalError"},
        {"field": "queue", "message": "nicht erreichbar: Datenbank"},
    ]


@pytest.mark.django_db
def test_not_ready_when_the_queue_cannot_be_read(client: Client) -> None:
    with mock.patch("django_q.models.OrmQ.objects.only", side_effect=ProgrammingError("keine Tabelle")):
        response = client.get("/api/v1/ready")
    assert response.status_code == 503
    assert response.json()["errors"] == [{"field": "queue", "message": "nicht erreichbar: ProgrammingError"}]
