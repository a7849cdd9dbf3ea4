"""The metrics endpoint (Prometheus, operator's network only) and the operator page (platform
administration)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import render
from django.utils.translation import gettext as _
from prometheus_client import CONTENT_TYPE_LATEST

from ikone.accounts import policy
from ikone.core.ratelimit import client_ip
from ikone.operations import selectors
from ikone.operations.metrics import exposition


def metrics(request: HttpRequest) -> HttpResponse:
    if client_ip(request) not in settings.METRICS_ALLOWED_IPS:
        return HttpResponseForbidden("Metriken nur für die in METRICS_ALLOWED_IPS genannten Adressen.")
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)


@login_required(login_url="accounts:login")
def operations_overview(request: HttpRequest) -> HttpResponse:
    policy.require(
        policy.is_platform_admin(request.user), request.user, _("Nur für die Plattformadministration.")
    )
    overview = selectors.overview()
    return render(
        request,
        "operations/overview.html",
        {
            "overview": overview,
            "schedules": [(selectors.schedule_label(s), s) for s in overview.schedules],
            "breadcrumbs": [{"label": _("Betrieb")}],
        },
    )
