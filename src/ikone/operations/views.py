"""The metrics endpoint, for Prometheus on the operator's network only."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from prometheus_client import CONTENT_TYPE_LATEST

from ikone.core.ratelimit import client_ip
from ikone.operations.metrics import exposition


def metrics(request: HttpRequest) -> HttpResponse:
    if client_ip(request) not in settings.METRICS_ALLOWED_IPS:
        return HttpResponseForbidden("Metriken nur für die in METRICS_ALLOWED_IPS genannten Adressen.")
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
