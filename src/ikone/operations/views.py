"""The metrics endpoint (Prometheus, operator's network only) and the operator page (platform
administration)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from prometheus_client import CONTENT_TYPE_LATEST

from ikone.accounts import policy
from ikone.core.ratelimit import client_ip
from ikone.core.selectors import changes_all
from ikone.operations import selectors
from ikone.operations.metrics import exposition
from ikone.operations.models import JobRun
from ikone.web.changes import render_changes


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


@login_required(login_url="accounts:login")
def operations_changes(request: HttpRequest) -> HttpResponse:
    """Every change on the platform, as a page and as CSV (`?format=csv`), for audits."""
    policy.require(
        policy.is_platform_admin(request.user), request.user, _("Nur für die Plattformadministration.")
    )
    return render_changes(
        request,
        changes_all(),
        title=_("Änderungsverlauf der Plattform"),
        filename="ikone-aenderungen",
        breadcrumbs=[
            {"label": _("Betrieb"), "url": reverse("operations:overview")},
            {"label": _("Änderungen")},
        ],
    )


@login_required(login_url="accounts:login")
def job_run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    """Status of a long piece of work the person started; the status region reloads itself (htmx)
    every two seconds until the work has ended."""
    run = get_object_or_404(JobRun, pk=run_id)
    policy.require(
        run.created_by_id == request.user.pk or policy.is_platform_admin(request.user),
        request.user,
        _("Diesen Vorgang hat eine andere Person gestartet."),
    )
    context = {"run": run, "breadcrumbs": [{"label": _("Vorgang im Hintergrund")}]}
    if request.headers.get("HX-Request"):
        return render(request, "operations/_job_run_status.html", context)
    return render(request, "operations/job_run.html", context)
