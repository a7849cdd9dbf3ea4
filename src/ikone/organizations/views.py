from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from ikone.organizations import selectors
from ikone.organizations.choices import Level
from ikone.organizations.forms import OrganizationFilterForm
from ikone.web.paging import paginate


def network_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "organizations/network_list.html",
        {"networks": selectors.network_list(), "breadcrumbs": [{"label": _("Netzwerke")}]},
    )


def network_detail(request: HttpRequest, slug: str) -> HttpResponse:
    network = selectors.network_get(slug=slug)
    return render(
        request,
        "organizations/network_detail.html",
        {
            "network": network,
            "breadcrumbs": [
                {"label": _("Netzwerke"), "url": reverse("organizations:network-list")},
                {"label": str(network)},
            ],
        },
    )


def organization_list(request: HttpRequest) -> HttpResponse:
    lands = list(
        selectors.organization_list(filters=selectors.OrganizationFilter(level=Level.LAND)).values_list(
            "land_key", "short_name"
        )
    )
    form = OrganizationFilterForm(request.GET or None, lands=lands)
    filters = selectors.OrganizationFilter(level=Level.GEMEINDE)
    if form.is_valid():
        filters = selectors.OrganizationFilter(**{k: v or None for k, v in form.cleaned_data.items()})
    organizations = selectors.organization_list(filters=filters).select_related("kreis")
    return render(
        request,
        "organizations/organization_list.html",
        {
            "form": form,
            "count": organizations.count(),
            **paginate(request, organizations),
            "breadcrumbs": [{"label": _("Kommunen")}],
        },
    )


def organization_detail(request: HttpRequest, key: str) -> HttpResponse:
    organization = selectors.organization_get(key=key)
    children = selectors.organization_children(organization=organization)
    return render(
        request,
        "organizations/organization_detail.html",
        {
            "organization": organization,
            "memberships": selectors.organization_memberships(organization=organization),
            "children": children.order_by("short_name")[:200],
            "children_count": children.count(),
            "breadcrumbs": [
                {"label": _("Kommunen"), "url": reverse("organizations:organization-list")},
                {"label": str(organization)},
            ],
        },
    )
