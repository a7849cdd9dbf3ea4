"""Pages of harvesting: the sources with their runs, and one run with its items (platform
administration and coordination)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ikone.core.audit import Actor
from ikone.harvesting import selectors, services
from ikone.web.decorators import write_view

ITEMS_PER_PAGE = 100


@login_required(login_url="accounts:login")
def harvest_overview(request: HttpRequest) -> HttpResponse:
    sources = list(selectors.sources(user=request.user))
    runs = list(selectors.runs(user=request.user)[:30])
    return render(
        request,
        "harvesting/overview.html",
        {
            "sources": sources,
            "runs": [(run, selectors.run_counts_of(run)) for run in runs],
            "breadcrumbs": [{"label": _("Import aus anderen Katalogen")}],
        },
    )


@login_required(login_url="accounts:login")
def harvest_run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.run_get(user=request.user, pk=pk)
    problems_only = request.GET.get("alle") != "1"
    items = Paginator(selectors.run_items(run=run, problems_only=problems_only), ITEMS_PER_PAGE)
    return render(
        request,
        "harvesting/run_detail.html",
        {
            "run": run,
            "counts": selectors.run_counts_of(run),
            "page": items.get_page(request.GET.get("seite")),
            "problems_only": problems_only,
            "breadcrumbs": [
                {"label": _("Import aus anderen Katalogen"), "url": reverse("harvesting:overview")},
                {"label": _("Lauf %(number)s") % {"number": run.pk}},
            ],
        },
    )


@write_view
@require_POST
def harvest_run_start(request: HttpRequest, slug: str) -> HttpResponse:
    source = selectors.source_get(user=request.user, slug=slug)
    services.run_request(actor=Actor.of(request.user), source=source)
    messages.success(
        request, _("Der Lauf für „%(name)s“ ist eingereiht und beginnt gleich.") % {"name": source.name}
    )
    return redirect("harvesting:overview")
