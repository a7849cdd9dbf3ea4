"""JSON responses compressed for clients that accept gzip.

Catalog pages are ~20–25 KB of JSON with facets; gzip at level 1 makes them ~4.5 KB for ~0.1 ms
of CPU (measured on a 22 KB page: level 6 saves another 0.5 KB for 0.34 ms)."""

from __future__ import annotations

import gzip
import re

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

_ACCEPTS_GZIP = re.compile(r"\bgzip\b")  # as django.middleware.gzip
MIN_COMPRESSED = 1024  # smaller bodies gain less than the header costs


def accepts_gzip(request: HttpRequest) -> bool:
    return bool(_ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")))


def json_response(
    request: HttpRequest, body: str, content_type: str = "application/json; charset=utf-8"
) -> HttpResponse:
    """`body` as the response, gzip-compressed (level 1) when the client accepts it."""
    data = body.encode()
    if len(data) >= MIN_COMPRESSED and accepts_gzip(request):
        response = HttpResponse(gzip.compress(data, compresslevel=1, mtime=0), content_type=content_type)
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(data, content_type=content_type)
    patch_vary_headers(response, ("Accept-Encoding",))
    return response
