"""Pages: standards registry, a network's standards (agreed set, compliance, compatibility),
conformance and interface specifications of solutions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ikone.accounts import policy
from ikone.catalog.models import Release, Solution
from ikone.catalog.selectors import solution_get
from ikone.core.audit import Actor
from ikone.core.errors import DomainError
from ikone.organizations.selectors import network_get
from ikone.standards import selectors, services
from ikone.standards.fetching import fetch_text
from ikone.standards.forms import (
    AdoptForm,
    ConformanceForm,
    InterfaceUseForm,
    SpecUploadForm,
    StandardSearchForm,
    add_domain_error,
)
from ikone.standards.models import Conformance, InterfaceUse, NetworkStandard
from ikone.web.decorators import write_view

USER_ERRORS = {409, 413, 422, 400}


def _registry_crumbs(*items: tuple[str, str | None]) -> list[dict[str, str | None]]:
    first: dict[str, str | None] = {"label": _("Standards"), "url": reverse("standards:standard_list")}
    return [first] + [{"label": label, "url": url} for label, url in items]


def standard_list(request: HttpRequest) -> HttpResponse:
    form = StandardSearchForm(request.GET or None)
    filters = selectors.StandardFilter()
    if form.is_valid():
        filters = selectors.StandardFilter(
            q=form.cleaned_data["q"] or None, kind=form.cleaned_data["kind"] or None
        )
    return render(
        request,
        "standards/standard_list.html",
        {"form": form, "standards": selectors.standard_list(filters=filters)},
    )


def standard_detail(request: HttpRequest, slug: str) -> HttpResponse:
    standard = selectors.standard_get(slug=slug)
    return render(
        request,
        "standards/standard_detail.html",
        {
            "standard": standard,
            "breadcrumbs": _registry_crumbs((standard.abbreviation, None)),
        },
    )


def network_standards(request: HttpRequest, slug: str) -> HttpResponse:
    network = network_get(slug=slug)
    can_coordinate = policy.can_coordinate(request.user, network.pk)
    return render(
        request,
        "standards/network_standards.html",
        {
            "network": network,
            "compliance": selectors.network_compliance(network, user=request.user),
            "matrix": selectors.compatibility_matrix(network, user=request.user),
            "can_coordinate": can_coordinate,
            "adopt_form": AdoptForm(auto_id="adopt-%s") if can_coordinate else None,
            "breadcrumbs": [
                {"label": _("Netzwerke"), "url": reverse("organizations:network-list")},
                {"label": str(network), "url": reverse("organizations:network-detail", args=[network.slug])},
                {"label": _("Standards und Schnittstellen"), "url": None},
            ],
        },
    )


@write_view
@require_POST
def network_standard_adopt(request: HttpRequest, slug: str) -> HttpResponse:
    network = network_get(slug=slug)
    policy.require(policy.can_coordinate(request.user, network.pk), request.user)
    form = AdoptForm(request.POST, auto_id="adopt-%s")
    if form.is_valid():
        try:
            entry = services.network_standard_adopt(
                actor=Actor.of(request.user),
                network=network,
                standard=form.cleaned_data["standard"],
                version=form.cleaned_data["version"],
            )
        except DomainError as exc:
            if exc.status not in USER_ERRORS:
                raise
            messages.error(request, exc.detail)
        else:
            messages.success(
                request,
                _("%(standard)s gehört jetzt zum vereinbarten Satz.") % {"standard": entry.standard_version},
            )
    else:
        messages.error(request, _("Bitte Standard und Version angeben."))
    return redirect("standards:network_standards", slug=network.slug)


@write_view
@require_POST
def network_standard_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    network = network_get(slug=slug)
    entry = get_object_or_404(
        NetworkStandard.objects.select_related("network", "standard_version"), pk=pk, network=network
    )
    services.network_standard_remove(actor=Actor.of(request.user), entry=entry)
    messages.success(
        request,
        _("%(standard)s wurde aus dem vereinbarten Satz entfernt.") % {"standard": entry.standard_version},
    )
    return redirect("standards:network_standards", slug=network.slug)


def _solution_crumbs(solution: Solution, label: str) -> list[dict[str, str | None]]:
    return [
        {"label": _("Lösungen"), "url": reverse("catalog:solution-list")},
        {"label": solution.name, "url": reverse("catalog:solution-detail", args=[solution.slug])},
        {"label": label, "url": None},
    ]


@write_view
def conformance_create(request: HttpRequest, slug: str) -> HttpResponse:
    solution = solution_get(user=request.user, slug=slug)
    policy.require(policy.can_edit_organization_data(request.user, solution.owner_id), request.user)
    form = ConformanceForm(request.POST or None, request.FILES or None, solution=solution)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.conformance_record(
                actor=Actor.of(request.user),
                solution=solution,
                data=services.ConformanceInput(
                    standard=data["standard"],
                    version=data["version"],
                    kind=data["kind"],
                    release=data["release"],
                    evidence_kind=data["evidence_kind"],
                    evidence_url=data["evidence_url"],
                    evidence_file=data["evidence_file"],
                    note=data["note"],
                ),
            )
        except DomainError as exc:
            if exc.status not in USER_ERRORS:
                raise
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Konformität erfasst."))
            return redirect(reverse("catalog:solution-detail", args=[solution.slug]) + "#standards")
    return render(
        request,
        "standards/conformance_form.html",
        {
            "form": form,
            "solution": solution,
            "breadcrumbs": _solution_crumbs(solution, _("Konformität erfassen")),
        },
    )


@write_view
@require_POST
def conformance_delete(request: HttpRequest, pk: int) -> HttpResponse:
    conformance = get_object_or_404(Conformance.objects.select_related("solution", "standard_version"), pk=pk)
    solution = solution_get(user=request.user, slug=conformance.solution.slug)
    services.conformance_delete(actor=Actor.of(request.user), conformance=conformance)
    messages.success(request, _("Angabe zur Konformität gelöscht."))
    return redirect(reverse("catalog:solution-detail", args=[solution.slug]) + "#standards")


@write_view
def spec_upload(request: HttpRequest, slug: str, version: str) -> HttpResponse:
    solution = solution_get(user=request.user, slug=slug)
    release = get_object_or_404(Release, solution=solution, version=version)
    policy.require(policy.can_edit_organization_data(request.user, solution.owner_id), request.user)
    form = SpecUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["file"]:
                if data["file"].size > services.MAX_SPEC_BYTES:
                    raise DomainError(detail=_("Das Dokument ist größer als 5 MB."), status=413)
                text, url = data["file"].read().decode("utf-8", errors="replace"), ""
            else:
                text, url = fetch_text(data["url"]), data["url"]
            spec = services.interface_spec_upload(
                actor=Actor.of(request.user), release=release, text=text, name=data["name"], source_url=url
            )
        except DomainError as exc:
            if exc.status not in USER_ERRORS:
                raise
            add_domain_error(form, exc)
        else:
            if spec.is_valid:
                messages.success(request, _("Schnittstellenbeschreibung gespeichert und gültig."))
            else:
                messages.warning(
                    request,
                    _("Gespeichert, aber das Dokument enthält %(count)d Fehler.")
                    % {"count": len(spec.errors)},
                )
            return redirect("standards:spec_detail", pk=spec.pk)
    return render(
        request,
        "standards/spec_upload.html",
        {
            "form": form,
            "solution": solution,
            "release": release,
            "breadcrumbs": _solution_crumbs(
                solution, _("Schnittstelle zu Version %(v)s") % {"v": release.version}
            ),
        },
    )


def spec_detail(request: HttpRequest, pk: int) -> HttpResponse:
    spec = selectors.spec_get(pk=pk, user=request.user)
    return render(
        request,
        "standards/spec_detail.html",
        {
            "spec": spec,
            "lines": spec.source_text.splitlines(),
            "error_lines": {e.get("line") for e in spec.errors},
            "can_edit": policy.can_edit_organization_data(request.user, spec.solution.owner_id),
            "breadcrumbs": _solution_crumbs(spec.solution, f"{spec.name} ({spec.release.version})"),
        },
    )


@write_view
@require_POST
def spec_delete(request: HttpRequest, pk: int) -> HttpResponse:
    spec = selectors.spec_get(pk=pk, user=request.user)
    slug = spec.solution.slug
    services.interface_spec_delete(actor=Actor.of(request.user), spec=spec)
    messages.success(request, _("Schnittstellenbeschreibung gelöscht."))
    return redirect(reverse("catalog:solution-detail", args=[slug]) + "#schnittstellen")


@write_view
def interface_use_create(request: HttpRequest, slug: str) -> HttpResponse:
    solution = solution_get(user=request.user, slug=slug)
    policy.require(policy.can_edit_organization_data(request.user, solution.owner_id), request.user)
    providers = (
        Solution.objects.visible_to(request.user)
        .exclude(pk=solution.pk)
        .filter(interface_specs__isnull=False)
        .distinct()
    )
    form = InterfaceUseForm(request.POST or None, providers=providers)
    if request.method == "POST" and form.is_valid():
        data: dict[str, Any] = form.cleaned_data
        try:
            services.interface_use_add(
                actor=Actor.of(request.user),
                solution=solution,
                standard=data["standard"],
                version=data["version"],
                provider=data["provider"],
                provider_version=data["provider_version"],
                note=data["note"],
            )
        except DomainError as exc:
            if exc.status not in USER_ERRORS:
                raise
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Genutzte Schnittstelle erfasst."))
            return redirect(reverse("catalog:solution-detail", args=[solution.slug]) + "#schnittstellen")
    return render(
        request,
        "standards/interface_use_form.html",
        {
            "form": form,
            "solution": solution,
            "breadcrumbs": _solution_crumbs(solution, _("Genutzte Schnittstelle")),
        },
    )


@write_view
@require_POST
def interface_use_delete(request: HttpRequest, pk: int) -> HttpResponse:
    use = get_object_or_404(InterfaceUse.objects.select_related("solution"), pk=pk)
    solution = solution_get(user=request.user, slug=use.solution.slug)
    services.interface_use_delete(actor=Actor.of(request.user), use=use)
    messages.success(request, _("Genutzte Schnittstelle gelöscht."))
    return redirect(reverse("catalog:solution-detail", args=[solution.slug]) + "#schnittstellen")
