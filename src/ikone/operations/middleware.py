"""Times every request into the latency histogram (per URL pattern, never per raw path, so the
number of series stays bounded) and logs one structured line per request on `ikone.request`."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from ikone.core.metrics import REQUEST_SECONDS

log = logging.getLogger("ikone.request")


class RequestMetricsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        seconds = time.perf_counter() - started
        match = request.resolver_match
        route = "/" + match.route if match is not None else "(keine Route)"
        REQUEST_SECONDS.labels(route, request.method or "", f"{response.status_code // 100}xx").observe(
            seconds
        )
        if log.isEnabledFor(logging.INFO):
            log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "route": route,
                    "status": response.status_code,
                    "duration_ms": round(seconds * 1000, 1),
                },
            )
        return response
