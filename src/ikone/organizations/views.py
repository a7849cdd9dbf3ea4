from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ikone.accounts import policy
from ikone.core.audit import Actor
from ikone.core.errors import Conflict, NotFound
from ikone.core.selectors import changes_for_organization
from ikone.organizations import membership, selectors
from ikone.organizations.choices import Level
from ikone.organizations.forms import OrganizationFilterForm
from ikone.organizations.models import MembershipRequest
from ikone.web.changes import render_changes
from ikone.web.decorators import write_view
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
            "can_coordinate": policy.can_coordinate(request.user, network.pk),
            "pending": selectors.pending_requests(network=network)
            if policy.can_coordinate(request.user, network.pk)
            else [],
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
            "can_read_history": policy.can_read_history(request.user, organization.pk),
            "can_manage": policy.can_manage_organization_users(request.user, organization.pk),
            "invitations": selectors.pending_requests(organization=organization)
            if policy.can_manage_organization_users(request.user, organization.pk)
            else [],
            "networks": selectors.network_list(),
            "breadcrumbs": [
                {"label": _("Kommunen"), "url": reverse("organizations:organization-list")},
                {"label": str(organization)},
            ],
        },
    )


def organization_changes(request: HttpRequest, key: str) -> HttpResponse:
    organization = selectors.organization_get(key=key)
    policy.require(
        policy.can_read_history(request.user, organization.pk),
        request.user,
        _("Den Änderungsverlauf sehen nur Angehörige der Organisation."),
    )
    return render_changes(
        request,
        changes_for_organization(organization_id=organization.pk),
        title=_("Änderungsverlauf: %(name)s") % {"name": organization},
        filename=f"aenderungen-{organization.key}",
        breadcrumbs=[
            {"label": _("Kommunen"), "url": reverse("organizations:organization-list")},
            {
                "label": str(organization),
                "url": reverse("organizations:organization-detail", args=[organization.key]),
            },
            {"label": _("Änderungsverlauf")},
        ],
    )


@write_view
@require_POST
def network_invite(request: HttpRequest, slug: str) -> HttpResponse:
    network = selectors.network_get(slug=slug)
    key = request.POST.get("organization", "").strip()
    try:
        organization = selectors.organization_get(key=key)
        membership.network_invite(
            actor=Actor.of(request.user),
            network=network,
            organization=organization,
            message=request.POST.get("message", "")[:2000],
        )
    except (NotFound, Conflict) as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, _("%(org)s wurde eingeladen.") % {"org": organization})
    return redirect("organizations:network-detail", slug=network.slug)


@write_view
@require_POST
def network_join_request(request: HttpRequest, key: str) -> HttpResponse:
    organization = selectors.organization_get(key=key)
    try:
        network = selectors.network_get(slug=request.POST.get("network", "").strip())
        membership.network_join_request(
            actor=Actor.of(request.user),
            network=network,
            organization=organization,
            message=request.POST.get("message", "")[:2000],
        )
    except (NotFound, Conflict) as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, _("Der Beitritt zu %(network)s wurde beantragt.") % {"network": network})
    return redirect("organizations:organization-detail", key=organization.key)


@write_view
@require_POST
def membership_request_decide(request: HttpRequest, request_id: int) -> HttpResponse:
    item = get_object_or_404(
        MembershipRequest.objects.select_related("network", "organization"), pk=request_id
    )
    accept = request.POST.get("decision") == "accept"
    try:
        membership.membership_request_decide(actor=Actor.of(request.user), request=item, accept=accept)
    except Conflict as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, _("Angenommen.") if accept else _("Abgelehnt."))
    target = request.POST.get("next") or "/"
    return redirect(
        target if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) else "/"
    )
