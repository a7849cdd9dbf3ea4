"""Planning pages: the coordinator's planning page and plan, the member's capacity page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ikone.accounts import policy
from ikone.claims.selectors import claim_members
from ikone.core.audit import Actor
from ikone.core.errors import DomainError
from ikone.operations.services import job_run_start
from ikone.organizations.models import Network
from ikone.organizations.selectors import network_get, organization_get
from ikone.ozg.models import Themenfeld
from ikone.ozg.selectors import service_get
from ikone.planning import selectors, services
from ikone.planning.charts import FREE_COLOUR, OVER_COLOUR, USED_COLOUR, usage_chart
from ikone.planning.choices import PERIOD_PATTERN, PlanStatus
from ikone.planning.forms import CapacityForm, PlanForm, PreferencesForm, ServiceOverrideForm
from ikone.planning.instance import PlanParameters, default_period, open_services
from ikone.web.decorators import write_view

OPEN_WORK_SHOWN = 50


def _crumbs(network: Network, *more: dict[str, str]) -> list[dict[str, str]]:
    return [
        {"label": _("Netzwerke"), "url": reverse("organizations:network-list")},
        {"label": str(network), "url": reverse("organizations:network-detail", args=[network.slug])},
        *more,
    ]


def network_planning(request: HttpRequest, slug: str) -> HttpResponse:
    network = network_get(slug=slug)
    period = request.GET.get("period", "")
    if not PERIOD_PATTERN.match(period):
        period = default_period()
    parameters = PlanParameters(period=period)
    work = sorted(
        open_services(network, parameters, claim_members(network)),
        key=lambda o: (-o.priority, o.effort, o.service.ozg_id),
    )
    capacity_rows = selectors.capacities(network=network, period=period)
    return render(
        request,
        "planning/network_planning.html",
        {
            "network": network,
            "period": period,
            "open_work": work[:OPEN_WORK_SHOWN],
            "open_count": len(work),
            "open_effort": sum(o.effort for o in work),
            "capacities": capacity_rows,
            "total_capacity": sum(row.total for row in capacity_rows),
            "plans": selectors.plan_list(network=network)[:20],
            "can_coordinate": policy.can_coordinate(request.user, network.pk),
            "my_members": [
                row.organization
                for row in capacity_rows
                if policy.can_edit_organization_data(request.user, row.organization.pk)
                and policy.is_authenticated(request.user)
            ],
            "form": PlanForm(initial={"period": period}),
            "override_form": ServiceOverrideForm(),
            "breadcrumbs": _crumbs(network, {"label": _("Verteilungsplanung")}),
        },
    )


@write_view
@require_POST
def plan_compute(request: HttpRequest, slug: str) -> HttpResponse:
    network = network_get(slug=slug)
    policy.require(policy.can_coordinate(request.user, network.pk), request.user)
    form = PlanForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(str(e) for e in errors)}")
        return redirect("planning:network", slug=network.slug)
    parameters = PlanParameters(
        period=form.cleaned_data["period"],
        time_limit=form.cleaned_data["time_limit"],
        fairness_slack=form.cleaned_data["fairness_slack"],
        default_effort=form.cleaned_data["default_effort"],
    )
    run = job_run_start(
        actor=Actor.of(request.user),
        kind="plan",
        title=_("Plan für %(period)s berechnen: %(network)s")
        % {"period": parameters.period, "network": network},
        work="ikone.planning.jobs.compute",
        args=(network.pk, request.user.pk, parameters.as_json()),
        back_url=reverse("planning:network", args=[network.slug]),
    )
    return redirect("operations:job-run", run_id=run.pk)


@write_view
@require_POST
def service_override(request: HttpRequest, slug: str) -> HttpResponse:
    network = network_get(slug=slug)
    policy.require(policy.can_coordinate(request.user, network.pk), request.user)
    form = ServiceOverrideForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(str(e) for e in errors)}")
        return redirect("planning:network", slug=network.slug)
    try:
        service = service_get(ozg_id=form.cleaned_data["ozg_id"])
        services.service_override_set(
            actor=Actor.of(request.user),
            network=network,
            service=service,
            effort_days=form.cleaned_data["effort_days"],
            weight=form.cleaned_data["weight"],
        )
    except DomainError as exc:
        if exc.status in (401, 403):
            raise
        messages.error(request, exc.detail)
    else:
        messages.success(
            request, _("Die Angaben zu „%(service)s“ sind gespeichert.") % {"service": service.name}
        )
    return redirect("planning:network", slug=network.slug)


def plan_detail(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    network = network_get(slug=slug)
    plan = selectors.plan_get(plan_id=plan_id)
    if plan.network_id != network.pk:
        return redirect("planning:plan", slug=plan.network.slug, plan_id=plan.pk)
    usage = selectors.plan_usage(plan=plan)
    can_change = policy.can_coordinate(request.user, network.pk) and plan.status == PlanStatus.DRAFT
    return render(
        request,
        "planning/plan_detail.html",
        {
            "network": network,
            "plan": plan,
            "assignments": list(selectors.assignments(plan=plan)),
            "unassigned": selectors.unassigned(plan=plan),
            "usage": usage,
            "chart": usage_chart(usage),
            "colours": {"used": USED_COLOUR, "free": FREE_COLOUR, "over": OVER_COLOUR},
            "violations": services.plan_violations(plan),
            "can_change": can_change,
            "members": [row.organization for row in usage],
            "gain": plan.objective - plan.greedy_objective,
            "breadcrumbs": _crumbs(
                network,
                {"label": _("Verteilungsplanung"), "url": reverse("planning:network", args=[network.slug])},
                {"label": _("Plan %(period)s") % {"period": plan.period}},
            ),
        },
    )


@write_view
@require_POST
def assignment_change(request: HttpRequest, slug: str, plan_id: int, assignment_id: int) -> HttpResponse:
    plan = selectors.plan_get(plan_id=plan_id)
    assignment = selectors.assignment_get(plan=plan, assignment_id=assignment_id)
    key = request.POST.get("member", "").strip()
    try:
        organization = organization_get(key=key) if key else None
        violations = services.plan_assignment_change(
            actor=Actor.of(request.user), assignment=assignment, organization=organization
        )
    except DomainError as exc:
        if exc.status in (401, 403):
            raise
        messages.error(request, exc.detail)
    else:
        if organization is None:
            messages.success(
                request, _("„%(service)s“ ist aus dem Plan genommen.") % {"service": assignment.service.name}
            )
        else:
            messages.success(
                request,
                _("„%(service)s“ ist jetzt %(member)s zugeteilt.")
                % {"service": assignment.service.name, "member": organization},
            )
        if violations:
            messages.warning(request, _("Der Plan verletzt jetzt Regeln; siehe „Prüfung“."))
    return redirect("planning:plan", slug=plan.network.slug, plan_id=plan.pk)


@write_view
@require_POST
def plan_accept(request: HttpRequest, slug: str, plan_id: int) -> HttpResponse:
    plan = selectors.plan_get(plan_id=plan_id)
    try:
        claims = services.plan_accept(actor=Actor.of(request.user), plan=plan)
    except DomainError as exc:
        if exc.status in (401, 403):
            raise
        messages.error(request, exc.detail)
        return redirect("planning:plan", slug=plan.network.slug, plan_id=plan.pk)
    messages.success(
        request,
        _("Der Plan ist angenommen: %(count)s vorgeschlagene Übernahmen.") % {"count": len(claims)},
    )
    return redirect("claims:board", slug=plan.network.slug)


def _member_context(
    request: HttpRequest,
    organization: Any,
    capacity_form: CapacityForm | None = None,
    preference_form: PreferencesForm | None = None,
) -> dict[str, Any]:
    networks = selectors.member_networks(organization=organization)
    themenfelder = list(Themenfeld.objects.order_by("name"))
    preferences = selectors.member_preferences(organization=organization)
    return {
        "organization": organization,
        "networks": networks,
        "capacities": selectors.member_capacities(organization=organization),
        "capacity_form": capacity_form
        or CapacityForm(networks=networks, initial={"period": default_period()}),
        "preference_form": preference_form
        or PreferencesForm(
            themenfelder=themenfelder,
            initial={f"tf-{t.pk}": preferences.get(t.pk, 0) for t in themenfelder},
        ),
        "breadcrumbs": [
            {"label": _("Kommunen"), "url": reverse("organizations:organization-list")},
            {
                "label": str(organization),
                "url": reverse("organizations:organization-detail", args=[organization.key]),
            },
            {"label": _("Kapazität und Themenfelder")},
        ],
    }


@login_required(login_url="accounts:login")
def member_planning(request: HttpRequest, key: str) -> HttpResponse:
    organization = organization_get(key=key)
    policy.require(policy.can_edit_organization_data(request.user, organization.pk), request.user)
    return render(request, "planning/member_planning.html", _member_context(request, organization))


@write_view
@require_POST
def member_capacity(request: HttpRequest, key: str) -> HttpResponse:
    organization = organization_get(key=key)
    policy.require(policy.can_edit_organization_data(request.user, organization.pk), request.user)
    networks = selectors.member_networks(organization=organization)
    form = CapacityForm(request.POST, networks=networks)
    if form.is_valid():
        network = next(n for n in networks if n.slug == form.cleaned_data["network"])
        try:
            services.capacity_set(
                actor=Actor.of(request.user),
                network=network,
                organization=organization,
                period=form.cleaned_data["period"],
                person_days=form.cleaned_data["person_days"],
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            if exc.status in (401, 403):
                raise
            form.add_error(None, exc.detail)
        else:
            messages.success(request, _("Die Kapazität ist gespeichert."))
            return redirect("planning:member", key=organization.key)
    return render(
        request, "planning/member_planning.html", _member_context(request, organization, capacity_form=form)
    )


@write_view
@require_POST
def member_preferences(request: HttpRequest, key: str) -> HttpResponse:
    organization = organization_get(key=key)
    policy.require(policy.can_edit_organization_data(request.user, organization.pk), request.user)
    themenfelder = list(Themenfeld.objects.order_by("name"))
    form = PreferencesForm(request.POST, themenfelder=themenfelder)
    if not form.is_valid():
        return render(
            request,
            "planning/member_planning.html",
            _member_context(request, organization, preference_form=form),
        )
    for themenfeld in themenfelder:
        services.preference_set(
            actor=Actor.of(request.user),
            organization=organization,
            themenfeld=themenfeld,
            preference=form.cleaned_data[f"tf-{themenfeld.pk}"],
        )
    messages.success(request, _("Die Angaben zu den Themenfeldern sind gespeichert."))
    return redirect("planning:member", key=organization.key)
