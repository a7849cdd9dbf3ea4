from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ikone.accounts import policy
from ikone.catalog.models import Solution
from ikone.core.audit import Actor
from ikone.core.errors import DomainError
from ikone.coverage import maps, outputs, selectors, services
from ikone.coverage.charts import LEVEL_COLOURS, OTHER_COLOUR, UNREPORTED_COLOUR, stacked_bars
from ikone.coverage.choices import AreaScope
from ikone.coverage.forms import BulkForm, MapForm, StatusForm, ThresholdForm, UploadForm
from ikone.operations.services import job_run_start
from ikone.organizations.selectors import network_get, organization_get
from ikone.ozg.models import Service, Themenfeld
from ikone.web.decorators import public_page_with_writes

LEVEL_LABELS = [
    "0 Offline",
    "1 Information",
    "2 Formular-Assistent",
    "3 Online-Leistung",
    "4 Online-Transaktion",
]


def _export(request: HttpRequest, tables: dict[str, Any], name: str) -> HttpResponse | None:
    """?format=csv|xlsx&table=… downloads a dashboard table instead of the page."""
    fmt = request.GET.get("format")
    if fmt not in {"csv", "xlsx"}:
        return None
    table = request.GET.get("table", next(iter(tables)))
    if table not in tables:
        table = next(iter(tables))
    return outputs.export_response(tables[table](), fmt, f"{name}-{table}")


def _chart(summary: selectors.OrganizationSummary) -> dict[str, Any]:
    rows = [
        (
            row.themenfeld.name,
            [(LEVEL_LABELS[lv], row.by_level.get(lv, 0), LEVEL_COLOURS[lv]) for lv in summary.levels]
            + [
                (_("Modell 2.0"), row.other_model, OTHER_COLOUR),
                (_("ohne Angabe"), row.unreported, UNREPORTED_COLOUR),
            ],
        )
        for row in summary.rows
    ]
    bars, height = stacked_bars(rows)
    return {"bars": bars, "height": height, "legend": [*zip(LEVEL_LABELS, range(5), strict=True)]}


def _status_form(request: HttpRequest, data: Any = None, initial: dict[str, Any] | None = None) -> StatusForm:
    services_choices = [(s.ozg_id, f"{s.ozg_id} – {s.name}") for s in Service.objects.order_by("ozg_id")]
    return StatusForm(
        data,
        initial=initial,
        services=services_choices,
        solutions=Solution.objects.visible_to(request.user).order_by("name"),
    )


@public_page_with_writes
def organization_coverage(request: HttpRequest, key: str) -> HttpResponse:
    organization = organization_get(key=key)
    summary = selectors.organization_summary(organization=organization)
    gaps = selectors.organization_gaps(organization=organization)
    exported = _export(
        request,
        {"themenfelder": lambda: outputs.summary_table(summary), "luecken": lambda: outputs.gaps_table(gaps)},
        f"ozg-stand-{organization.key}",
    )
    if exported:
        return exported
    can_edit = policy.can_edit_organization_data(request.user, organization.pk)
    status_form = upload_form = bulk_form = None
    if can_edit and request.method == "POST":
        if "upload" in request.POST:
            upload_form = UploadForm(request.POST, request.FILES)
            if upload_form.is_valid():
                return _start_upload(request, organization, upload_form)
        elif "bulk" in request.POST:
            bulk_form = _bulk_form(request.POST)
            if bulk_form.is_valid() and _save_bulk(request, organization, bulk_form):
                return redirect(reverse("coverage:organization", args=[organization.key]) + "#staende")
        else:
            status_form = _status_form(request, request.POST)
            if status_form.is_valid() and _save_status(request, organization, status_form):
                return redirect(reverse("coverage:organization", args=[organization.key]) + "#staende")
    elif request.method == "POST":
        policy.require(False, request.user)
    if can_edit:
        initial = {"ozg_id": request.GET.get("ozg_id")} if request.GET.get("ozg_id") else None
        status_form = status_form or _status_form(request, initial=initial)
        bulk_form = bulk_form or _bulk_form()
        upload_form = upload_form or UploadForm()
    return render(
        request,
        "coverage/organization_coverage.html",
        {
            "organization": organization,
            "summary": summary,
            "chart": _chart(summary),
            "gaps": gaps,
            "statuses": selectors.status_list(organization=organization),
            "history": selectors.status_history(organization=organization)[:20],
            "can_edit": can_edit,
            "status_form": status_form,
            "bulk_form": bulk_form,
            "upload_form": upload_form,
            "breadcrumbs": [
                {"label": _("Kommunen"), "url": reverse("organizations:organization-list")},
                {
                    "label": str(organization),
                    "url": reverse("organizations:organization-detail", args=[organization.key]),
                },
                {"label": _("OZG-Umsetzungsstand")},
            ],
        },
    )


def _form_errors(form: StatusForm | BulkForm, exc: DomainError) -> None:
    for error in exc.errors or []:
        form.add_error(error.field if error.field in form.fields else None, error.message)
    if not exc.errors:
        form.add_error(None, exc.detail)


def _save_status(request: HttpRequest, organization: Any, form: StatusForm) -> bool:
    try:
        services.service_status_set(
            actor=Actor.of(request.user),
            organization=organization,
            service=selectors.service_get(ozg_id=form.cleaned_data["ozg_id"]),
            values=form.values(),
        )
    except DomainError as exc:
        _form_errors(form, exc)
        return False
    messages.success(request, _("Der Stand wurde gespeichert."))
    return True


def _bulk_form(data: Any = None) -> BulkForm:
    themenfelder = [(t.slug, t.name) for t in Themenfeld.objects.order_by("name")]
    return BulkForm(data, themenfelder=themenfelder)


def _save_bulk(request: HttpRequest, organization: Any, form: BulkForm) -> bool:
    themenfeld = selectors.themenfeld_get(slug=form.cleaned_data["themenfeld"])
    try:
        result = services.themenfeld_status_set(
            actor=Actor.of(request.user),
            organization=organization,
            themenfeld=themenfeld,
            values=form.values(),
            only_unreported=form.cleaned_data["only_unreported"],
        )
    except DomainError as exc:
        _form_errors(form, exc)
        return False
    messages.success(
        request,
        _("%(themenfeld)s: %(changed)d Stände gesetzt, %(unchanged)d unverändert.")
        % {"themenfeld": themenfeld.name, "changed": result.changed, "unchanged": result.unchanged},
    )
    return True


def _start_upload(request: HttpRequest, organization: Any, form: UploadForm) -> HttpResponse:
    """The import runs as a background job; its status page shows the outcome, with every bad row."""
    upload = form.cleaned_data["file"]
    run = job_run_start(
        actor=Actor.of(request.user),
        kind="coverage-import",
        title=_("Umsetzungsstand aus „%(file)s“ übernehmen: %(organization)s")
        % {"file": upload.name, "organization": organization},
        work="ikone.coverage.jobs.import_file",
        args=(organization.pk, request.user.pk, upload.read(), form.cleaned_data["partial"]),
        back_url=reverse("coverage:organization", args=[organization.key]) + "#import",
    )
    return redirect("operations:job-run", run_id=run.pk)


def network_coverage(request: HttpRequest, slug: str) -> HttpResponse:
    network = network_get(slug=slug)
    result = selectors.network_matrix(network=network)
    themenfeld_slug = request.GET.get("themenfeld")
    grid = (
        selectors.network_services(network=network, themenfeld=selectors.themenfeld_get(slug=themenfeld_slug))
        if themenfeld_slug
        else None
    )
    tables: dict[str, Any] = {"matrix": lambda: outputs.matrix_table(result)}
    if grid is not None:
        tables = {"leistungen": lambda: outputs.grid_table(grid), **tables}
    exported = _export(request, tables, f"ozg-stand-{network.slug}")
    if exported:
        return exported
    return render(
        request,
        "coverage/network_coverage.html",
        {
            "network": network,
            "result": result,
            "rows": [(row, [*zip(result.themenfelder, row.cells, strict=True)]) for row in result.ranking],
            "grid": grid,
            "grid_query": f"themenfeld={themenfeld_slug}&" if grid else "",
            "breadcrumbs": [
                {"label": _("Netzwerke"), "url": reverse("organizations:network-list")},
                {"label": str(network), "url": reverse("organizations:network-detail", args=[network.slug])},
                {"label": _("OZG-Umsetzungsstand")},
            ],
        },
    )


def land_coverage(request: HttpRequest, land: str) -> HttpResponse:
    form = ThresholdForm(request.GET or None)
    threshold = 3
    if form.is_valid() and form.cleaned_data.get("min_level"):
        threshold = form.cleaned_data["min_level"]
    result = selectors.area_coverage(scope=AreaScope.LAND, key=land, threshold=threshold)
    exported = _export(request, {"leistungen": lambda: outputs.area_table(result)}, f"ozg-stand-land-{land}")
    if exported:
        return exported
    ordered = sorted(result.figures.services, key=lambda s: (-s.share, result.services[s.service_id].ozg_id))
    return render(
        request,
        "coverage/land_coverage.html",
        {
            "result": result,
            "form": form,
            "services": [(result.services[s.service_id], s) for s in ordered],
            "lands": selectors.land_list(),
            "export_query": f"min_level={threshold}&",
            "breadcrumbs": [{"label": _("OZG-Umsetzungsstand der Länder")}, {"label": result.name}],
        },
    )


def land_index(request: HttpRequest) -> HttpResponse:
    return redirect(reverse("coverage:land", args=["07"]))


def coverage_map(request: HttpRequest) -> HttpResponse:
    """Choropleth: Kreise of Germany by share of municipalities offering a service (or all on
    average) at ≥ a level, or the municipalities of one Land by their own level / share."""
    lands = [(land.land_key, str(land)) for land in selectors.land_list()]
    default_land = "07" if any(key == "07" for key, _n in lands) else (lands[0][0] if lands else "")
    defaults = {"min_level": "3", "scope": "kreise", "land": default_land}
    form = MapForm(
        {**defaults, **request.GET.dict()} if request.GET else None,
        services=[
            (str(i), f"{i} – {n}")
            for i, n in Service.objects.order_by("ozg_id").values_list("ozg_id", "name")
        ],
        lands=lands,
        initial={"min_level": 3, "scope": "kreise", "land": default_land},
    )
    ozg_id, threshold, scope, land = "", 3, "kreise", default_land
    if form.is_valid():
        ozg_id = form.cleaned_data["ozg_id"] or ""
        threshold = form.cleaned_data["min_level"] or 3
        scope = form.cleaned_data["scope"] or "kreise"
        land = form.cleaned_data["land"] or default_land
    service = selectors.service_get(ozg_id=int(ozg_id)) if ozg_id else None
    land_name = dict(lands).get(land, land)
    if scope == "gemeinden":
        figures = selectors.municipality_levels(land_key=land, threshold=threshold, service=service)
        chart = maps.municipality_map(figures, land_key=land, by_level=service is not None)
        if service is not None:
            caption = _("Reifegrad von „%(service)s“ je Gemeinde in %(land)s (Modell 1.1)") % {
                "service": service.name,
                "land": land_name,
            }
        else:
            caption = _("Anteil der OZG-Leistungen ab Stufe %(n)s je Gemeinde in %(land)s") % {
                "n": threshold,
                "land": land_name,
            }
    else:
        figures = selectors.kreis_shares(threshold=threshold, service=service)
        chart = maps.kreis_map(figures)
        if service is not None:
            caption = _("Anteil der Gemeinden je Kreis, die „%(service)s“ ab Stufe %(n)s anbieten") % {
                "service": service.name,
                "n": threshold,
            }
        else:
            caption = _(
                "Mittlerer Anteil der Gemeinden je Kreis, die eine OZG-Leistung ab Stufe %(n)s anbieten "
                "(über alle OZG-Leistungen)"
            ) % {"n": threshold}
    return render(
        request,
        "coverage/map.html",
        {
            "form": form,
            "chart": chart,
            "caption": caption,
            "scope": scope,
            "service": service,
            "threshold": threshold,
            "land": land,
            "land_name": land_name,
            "attribution": maps.ATTRIBUTION,
            "attribution_url": maps.ATTRIBUTION_URL,
            "breadcrumbs": [
                {"label": _("OZG-Umsetzungsstand der Länder"), "url": reverse("coverage:land-index")},
                {"label": _("Karte")},
            ],
        },
    )
