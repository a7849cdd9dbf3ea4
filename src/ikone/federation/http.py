"""Conditional JSON answers for the feeds: a weak ETag over the body; a matching If-None-Match gets 304."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers

from ikone.core.http import json_response


def etag_of(body: str) -> str:
    return f'W/"{hashlib.sha256(body.encode()).hexdigest()[:32]}"'


def _matches(header: str, etag: str) -> bool:
    wanted = etag.removeprefix("W/")
    return any(
        tag.strip() == "*" or tag.strip().removeprefix("W/") == wanted
        for tag in header.split(",")
        if tag.strip()
    )


def conditional_json(request: HttpRequest, data: Any, *, max_age: int = 60) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    etag = etag_of(body)
    if _matches(request.headers.get("If-None-Match", ""), etag):
        response: HttpResponse = HttpResponseNotModified()
        patch_vary_headers(response, ("Accept-Encoding",))
    else:
        response = json_response(request, body)
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={max_age}"
    return response
