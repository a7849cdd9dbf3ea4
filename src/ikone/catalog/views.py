from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ikone.accounts import policy
from ikone.catalog import listing, selectors, services
from ikone.catalog.facets import FACETS
from ikone.catalog.forms import PubliccodeUploadForm, SolutionForm, SolutionSearchForm
from ikone.catalog.publiccode import message_de
from ikone.core.audit import Actor
from ikone.core.errors import DomainError, NotFound
from ikone.core.selectors import changes_for_object
from ikone.organizations.selectors import network_get, organization_get
from ikone.ozg.models import Service
from ikone.web.changes import render_changes
from ikone.web.decorators import write_view
from ikone.web.paging import page_context


def _crumbs(*items: tuple[str, str | None]) -> list[dict[str, str | None]]:
    first: dict[str, str | None] = {"label": _("Lösungen"), "url": reverse("catalog:solution-list")}
    return [first] + [{"label": label, "url": url} for label, url in items]


def solution_list(request: HttpRequest) -> HttpResponse:
    form = SolutionSearchForm(request.GET or None)
    filters = form.to_filter(request.GET) if request.GET else selectors.SolutionFilter()
    shown, counts = listing.solution_page(user=request.user, filters=filters, number=request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    facets = []
    for facet in FACETS:
        values = []
        for value in counts[facet.name]:
            toggled = query.copy()
            if value.selected:
                toggled.pop(facet.name, None)
            else:
                toggled[facet.name] = value.value
            values.append({"item": value, "query": toggled.urlencode()})
        facets.append({"name": facet.name, "label": facet.label, "values": values})
    return render(
        request,
        "catalog/solution_list.html",
        {
            "form": form,
            "filters": filters,
            "facets": facets,
            "count": shown.paginator.count,
            **page_context(request, shown),
            "breadcrumbs": [{"label": _("Lösungen")}],
            "can_publish": policy.is_authenticated(request.user)
            and (
                policy.is_platform_admin(request.user)
                or bool(policy.organization_ids(request.user, roles=policy.EDIT_ROLES))
            ),
        },
    )


def solution_detail(request: HttpRequest, slug: str) -> HttpResponse:
    solution = selectors.solution_get(user=request.user, slug=slug)
    return render(
        request,
        "catalog/solution_detail.html",
        {
            "solution": solution,
            "family": selectors.solution_family(user=request.user, solution=solution),
            "can_edit": policy.can_edit_organization_data(request.user, solution.owner_id),
            "can_read_history": policy.can_read_history(request.user, solution.owner_id),
            "breadcrumbs": _crumbs((solution.name, None)),
        },
    )


def publiccode_response(solution: Any) -> HttpResponse:
    """The solution's publiccode.yml as a download (page and API)."""
    response = HttpResponse(
        services.solution_export(solution=solution), content_type="application/yaml; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{solution.slug}-publiccode.yml"'
    return response


def solution_download(request: HttpRequest, slug: str) -> HttpResponse:
    return publiccode_response(selectors.solution_get(user=request.user, slug=slug))


def solution_similar(request: HttpRequest) -> HttpResponse:
    """htmx partial: "Hat das schon jemand gebaut?" while a new solution is being described."""
    name = request.GET.get("name", "")[:200]
    description = request.GET.get("short_description", "")[:300]
    similar = selectors.solution_similar(user=request.user, name=name, description=description)
    return render(request, "catalog/_similar.html", {"similar": similar, "asked": bool(name or description)})


@write_view
def solution_upload(request: HttpRequest) -> HttpResponse:
    form = PubliccodeUploadForm(request.POST or None, request.FILES or None)
    results: list[dict[str, Any]] = []
    if request.method == "POST" and form.is_valid():
        try:
            owner = organization_get(key=form.cleaned_data["owner"]) if form.cleaned_data["owner"] else None
            network = network_get(slug=form.cleaned_data["network"]) if form.cleaned_data["network"] else None
            report = services.solution_import(
                actor=Actor.of(request.user),
                content=form.cleaned_data["file"].read(),
                owner=owner,
                network=network,
            )
        except services.PubliccodeInvalid as exc:
            results = [{"result": r, "message": message_de(r)} for r in exc.results]
            form.add_error("file", _("Die Datei enthält %(count)d Fehler.") % {"count": len(results)})
        except NotFound as exc:
            form.add_error(None, exc.detail)
        else:
            labels = {"created": _("angelegt"), "updated": _("aktualisiert"), "unchanged": _("unverändert")}
            messages.success(
                request,
                _("Lösung „%(name)s“ %(status)s.")
                % {"name": report.solution.name, "status": labels[report.status]},
            )
            for warning in report.warnings:
                messages.warning(request, warning)
            return redirect("catalog:solution-detail", slug=report.solution.slug)
    return render(
        request,
        "catalog/solution_upload.html",
        {"form": form, "results": results, "breadcrumbs": _crumbs((_("publiccode.yml hochladen"), None))},
    )


def _links(form: SolutionForm) -> services.SolutionLinks | None:
    """Resolve owner, networks and OZG-IDs typed into the form; report unknown ones on their field."""
    data = form.cleaned_data
    links = services.SolutionLinks(visibility=data["visibility"])
    try:
        links.owner = organization_get(key=data["owner"]) if data["owner"] else None
    except NotFound as exc:
        form.add_error("owner", exc.detail)
    networks = []
    for slug in [s.strip() for s in data["networks"].split(",") if s.strip()]:
        try:
            networks.append(network_get(slug=slug))
        except NotFound as exc:
            form.add_error("networks", exc.detail)
    links.networks = networks
    ids = [s.strip() for s in data["services"].split(",") if s.strip()]
    wrong = [s for s in ids if not s.isdigit()]
    found = list(Service.objects.filter(ozg_id__in=[int(s) for s in ids if s.isdigit()]))
    unknown = sorted({int(s) for s in ids if s.isdigit()} - {s.ozg_id for s in found})
    if wrong or unknown:
        form.add_error(
            "services", _("Unbekannte OZG-IDs: %(ids)s") % {"ids": ", ".join([*wrong, *map(str, unknown)])}
        )
    links.services = found
    return None if form.errors else links


def _edit(request: HttpRequest, solution: Any | None) -> HttpResponse:
    initial = (
        SolutionForm.initial_from(solution)
        if solution
        else {"visibility": "public", "available_languages": "de"}
    )
    form = SolutionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        links = _links(form)
        if links is not None:
            try:
                document = form.document(solution.document if solution else None)
                actor = Actor.of(request.user)
                if solution is None:
                    saved = services.solution_create(actor=actor, document=document, links=links, german=True)
                else:
                    saved = services.solution_update(
                        actor=actor, solution=solution, document=document, links=links, german=True
                    )
            except DomainError as exc:
                if exc.status in {401, 403}:
                    raise
                form.add_domain_errors(exc.errors)
                if not exc.errors:
                    form.add_error(None, exc.detail)
            else:
                messages.success(request, _("Lösung „%(name)s“ gespeichert.") % {"name": saved.name})
                return redirect("catalog:solution-detail", slug=saved.slug)
    title = _("Lösung bearbeiten") if solution else _("Lösung anlegen")
    crumbs = (
        _crumbs((solution.name, reverse("catalog:solution-detail", args=[solution.slug])), (title, None))
        if solution
        else _crumbs((title, None))
    )
    return render(
        request,
        "catalog/solution_form.html",
        {"form": form, "solution": solution, "title": title, "breadcrumbs": crumbs},
    )


@write_view
def solution_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@write_view
def solution_edit(request: HttpRequest, slug: str) -> HttpResponse:
    return _edit(request, selectors.solution_get(user=request.user, slug=slug))


@write_view
def solution_delete(request: HttpRequest, slug: str) -> HttpResponse:
    solution = selectors.solution_get(user=request.user, slug=slug)
    if request.method == "POST":
        services.solution_delete(actor=Actor.of(request.user), solution=solution)
        messages.success(request, _("Lösung „%(name)s“ gelöscht.") % {"name": solution.name})
        return redirect("catalog:solution-list")
    return render(
        request,
        "catalog/solution_confirm_delete.html",
        {
            "solution": solution,
            "breadcrumbs": _crumbs(
                (solution.name, reverse("catalog:solution-detail", args=[solution.slug])),
                (_("Löschen"), None),
            ),
        },
    )


def solution_changes(request: HttpRequest, slug: str) -> HttpResponse:
    solution = selectors.solution_get(user=request.user, slug=slug)
    policy.require(
        policy.can_read_history(request.user, solution.owner_id),
        request.user,
        _("Den Änderungsverlauf sehen nur Angehörige der Eigentümerin."),
    )
    return render_changes(
        request,
        changes_for_object(instance=solution),
        title=_("Änderungsverlauf: %(name)s") % {"name": solution.name},
        filename=f"aenderungen-{solution.slug}",
        breadcrumbs=_crumbs(
            (solution.name, reverse("catalog:solution-detail", args=[solution.slug])),
            (_("Änderungsverlauf"), None),
        ),
    )
