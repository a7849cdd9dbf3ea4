"""The "Offene Daten" page and the open data downloads (CSV, XLSX, Atom): public, no sign-in."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from ikone.coverage.outputs import Table, export_response, to_xlsx
from ikone.federation import opendata, selectors
from ikone.federation.licences import open_data_licence
from ikone.notifications.feeds import atom_response
from ikone.organizations.selectors import network_get


def _with_licence(response: HttpResponse) -> HttpResponse:
    response["Link"] = f'<{open_data_licence().uri}>; rel="license"'
    return response


def open_data(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "federation/open_data.html",
        {
            "datasets": opendata.datasets(absolute=request.build_absolute_uri),
            "licence": open_data_licence(),
            "dcat_links": [
                ("JSON-LD", reverse("api:dcat_catalog_jsonld")),
                ("Turtle", reverse("api:dcat_catalog_ttl")),
                ("RDF/XML", reverse("api:dcat_catalog_rdf")),
            ],
            "breadcrumbs": [{"label": _("Offene Daten")}],
        },
    )


def _xlsx(table: Table, *, title: str, source: str) -> HttpResponse:
    metadata = opendata.metadata_table(title=title, licence=open_data_licence(), source=source)
    response = HttpResponse(
        to_xlsx(table, title="Daten", more=[("Metadaten", metadata)]),
        content_type=opendata.XLSX.media_type,
    )
    return response


def catalog_export(request: HttpRequest, fmt: str) -> HttpResponse:
    table = opendata.catalog_table(absolute=request.build_absolute_uri)
    if fmt == "xlsx":
        response = _xlsx(table, title="Lösungskatalog", source=request.build_absolute_uri())
        response["Content-Disposition"] = 'attachment; filename="loesungskatalog.xlsx"'
    else:
        response = export_response(table, fmt, "loesungskatalog")
    return _with_licence(response)


def coverage_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    network = network_get(slug=slug)
    table = opendata.coverage_table(network=network)
    name = f"umsetzungsstand-{network.slug}"
    if fmt == "xlsx":
        response = _xlsx(
            table,
            title=f"OZG-Umsetzungsstand {network.short_name or network.name}",
            source=request.build_absolute_uri(),
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    else:
        response = export_response(table, fmt, name)
    return _with_licence(response)


def catalog_atom(request: HttpRequest) -> HttpResponse:
    return _with_licence(
        atom_response(
            request,
            title="ikone: Änderungen im Lösungskatalog",
            link=reverse("catalog:solution-list"),
            feed_url=request.build_absolute_uri(),
            events=selectors.catalog_changes(),
        )
    )
