"""Fetching a document from a URL (only on request): scheme, size and failure handling."""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client

from ikone.core.errors import DomainError
from ikone.standards.fetching import fetch_text
from ikone.standards.models import InterfaceSpec

from .conftest import DATA


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture
def server(settings):
    settings.OUTGOING_ALLOWED_HOSTS = ["127.0.0.1"]
    handler = functools.partial(QuietHandler, directory=str(DATA))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_fetch_text(server):
    assert fetch_text(f"{server}/24d586d-after.yaml").startswith("openapi:")
    with pytest.raises(DomainError) as too_big:
        fetch_text(f"{server}/24d586d-after.yaml", max_bytes=100)
    assert too_big.value.status == 413
    with pytest.raises(DomainError) as missing:
        fetch_text(f"{server}/gibt-es-nicht.yaml")
    assert missing.value.status == 422
    with pytest.raises(DomainError) as scheme:
        fetch_text("file:///etc/passwd")
    assert scheme.value.errors[0].field == "url"


def test_an_internal_address_is_not_fetched_unless_allowed(server, settings):
    settings.OUTGOING_ALLOWED_HOSTS = []
    with pytest.raises(DomainError) as refused:
        fetch_text(f"{server}/24d586d-after.yaml")
    assert refused.value.status == 422
    assert "internen Netz" in refused.value.detail


def test_upload_by_url_records_the_source(setup, server):
    client = Client()
    client.force_login(setup.editor)
    url = f"{server}/24d586d-after.yaml"
    response = client.post(
        f"/api/v1/solutions/{setup.solution.slug}/releases/2.0/interfaces", {"url": url, "name": "Katalog"}
    )
    assert response.status_code == 201, response.content
    assert InterfaceSpec.objects.get().source_url == url
