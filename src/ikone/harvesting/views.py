"""Pages of harvesting: the sources with their runs, one run with its items, and creating,
editing and removing a source (platform administration and coordination; the same services as
the API)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ikone.accounts import policy
from ikone.core.audit import Actor
from ikone.core.errors import DomainError
from ikone.harvesting import selectors, services
from ikone.harvesting.forms import SourceForm
from ikone.harvesting.models import HarvestSource
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


def _source_form_page(request: HttpRequest, source: HarvestSource | None) -> HttpResponse:
    policy.require(
        services.can_manage(request.user, source.network_id if source else None),
        request.user,
        _("Nur Plattformadministration und Koordination verwalten Quellen."),
    )
    form = SourceForm(
        request.POST or None,
        initial=SourceForm.initial_of(source) if source else None,
        networks=selectors.manageable_networks(user=request.user),
        allow_none=services.can_manage(request.user, None),
    )
    if request.method == "POST" and form.is_valid():
        actor = Actor.of(request.user)
        try:
            if source is None:
                saved = services.source_create(actor=actor, values=form.cleaned_data)
            else:
                saved = services.source_update(actor=actor, source=source, values=form.cleaned_data)
        except DomainError as exc:
            if exc.status in {401, 403, 404}:
                raise
            form.add_domain_errors(exc.errors)
            if not exc.errors:
                form.add_error(None, exc.detail)
        else:
            text = _("Quelle „%(name)s“ angelegt.") if source is None else _("Quelle „%(name)s“ gespeichert.")
            messages.success(request, text % {"name": saved.name})
            return redirect("harvesting:overview")
    title = (
        _("Quelle anlegen") if source is None else _("Quelle bearbeiten: %(name)s") % {"name": source.name}
    )
    return render(
        request,
        "harvesting/source_form.html",
        {
            "form": form,
            "source": source,
            "title": title,
            "breadcrumbs": [
                {"label": _("Import aus anderen Katalogen"), "url": reverse("harvesting:overview")},
                {"label": title},
            ],
        },
    )


@write_view
def harvest_source_create(request: HttpRequest) -> HttpResponse:
    return _source_form_page(request, None)


@write_view
def harvest_source_edit(request: HttpRequest, slug: str) -> HttpResponse:
    return _source_form_page(request, selectors.source_get(user=request.user, slug=slug))


@write_view
@require_POST
def harvest_source_delete(request: HttpRequest, slug: str) -> HttpResponse:
    source = selectors.source_get(user=request.user, slug=slug)
    services.source_delete(actor=Actor.of(request.user), source=source)
    messages.success(
        request,
        _("Quelle „%(name)s“ entfernt; die übernommenen Lösungen bleiben.") % {"name": source.name},
    )
    return redirect("harvesting:overview")
