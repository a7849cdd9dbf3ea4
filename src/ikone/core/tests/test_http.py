"""JSON responses are gzip-compressed for clients that accept it."""

import gzip
import json

from django.test import RequestFactory

from ikone.core.http import json_response


def test_compressed_only_for_clients_that_accept_gzip_and_bodies_worth_it() -> None:
    body = json.dumps({"items": [{"name": f"Lösung {n}"} for n in range(200)]})
    plain = json_response(RequestFactory().get("/"), body)
    assert plain.content.decode() == body
    assert "Content-Encoding" not in plain
    assert plain["Vary"] == "Accept-Encoding"

    packed = json_response(RequestFactory().get("/", HTTP_ACCEPT_ENCODING="br, gzip"), body)
    assert packed["Content-Encoding"] == "gzip"
    assert packed["Vary"] == "Accept-Encoding"
    assert gzip.decompress(packed.content).decode() == body
    assert len(packed.content) < len(body) / 3

    small = json_response(RequestFactory().get("/", HTTP_ACCEPT_ENCODING="gzip"), '{"count":0}')
    assert "Content-Encoding" not in small
