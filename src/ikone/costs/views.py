"""Cost pages: the network's costs, an agreement with its allocation and scenarios, the agreement form,
the coordinator's sign-off and each member's statement (PDF, CSV)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ikone.accounts import policy
from ikone.core.audit import Actor
from ikone.core.errors import Conflict, DomainError, NotFound
from ikone.costs import selectors, services, statements
from ikone.costs.charts import budget_chart, member_chart, savings_chart, share_chart
from ikone.costs.choices import AgreementStatus
from ikone.costs.forms import (
    AgreementForm,
    BuildAloneEstimateForm,
    CostItemForm,
    ProgrammeForm,
    SavingsAssumptionsForm,
    ScenarioForm,
    cost_item_initial,
    default_period,
)
from ikone.costs.models import CostAgreement, CostItem, FundingProgramme
from ikone.organizations.models import Network
from ikone.organizations.selectors import network_get, organization_get
from ikone.ozg.selectors import service_get
from ikone.web.decorators import public_page_with_writes, write_view


def _crumbs(network: Network, *more: dict[str, str]) -> list[dict[str, str]]:
    return [
        {"label": _("Netzwerke"), "url": reverse("organizations:network-list")},
        {"label": str(network), "url": reverse("organizations:network-detail", args=[network.slug])},
        *more,
    ]


def _costs_crumb(network: Network) -> dict[str, str]:
    return {"label": _("Kosten"), "url": reverse("costs:network", args=[network.slug])}


def network_costs(request: HttpRequest, slug: str) -> HttpResponse:
    network = network_get(slug=slug)
    agreements = list(selectors.agreement_list(network=network))
    totals = selectors.agreement_totals(agreements)
    items = list(selectors.cost_item_list(network=network))
    budgets = selectors.programme_budgets(network=network)
    may_coordinate = policy.can_coordinate(request.user, network.pk)
    bearers = {i.incurred_by_id for i in items} if request.user.is_authenticated else set()
    editable = {o for o in bearers if may_coordinate or policy.can_edit_organization_data(request.user, o)}
    return render(
        request,
        "costs/network_costs.html",
        {
            "network": network,
            "agreements": [(a, totals[a.pk], selectors.current_key(a)) for a in agreements],
            "items": items,
            "editable_bearers": editable,
            "items_total": selectors.money_sum(i.amount_eur for i in items),
            "budgets": budgets,
            "budget_chart": budget_chart(budgets),
            "can_coordinate": policy.can_coordinate(request.user, network.pk),
            "breadcrumbs": _crumbs(network, {"label": _("Kosten")}),
        },
    )


def agreement_detail(request: HttpRequest, slug: str, agreement_id: int) -> HttpResponse:
    network = network_get(slug=slug)
    agreement = selectors.agreement_get(network=network, agreement_id=agreement_id)
    participants = [p.organization for p in agreement.participants.all()]
    form = ScenarioForm(request.GET or None, insiders=participants)
    kinds: list[str] = []
    join: list[Any] = []
    leave: list[Any] = []
    if form.is_valid():
        kinds = form.cleaned_data["keys"]
        join = form.cleaned_data["join"]
        leave = selectors.organizations_by_keys(
            [form.cleaned_data["leave"]] if form.cleaned_data["leave"] else [], "leave"
        )
    views = selectors.agreement_comparison(agreement=agreement, kinds=kinds, join=join, leave=leave)
    agreed = selectors.agreement_allocation(agreement=agreement)
    may_coordinate = policy.can_coordinate(request.user, network.pk)
    return render(
        request,
        "costs/agreement_detail.html",
        {
            "network": network,
            "agreement": agreement,
            "key": selectors.current_key(agreement),
            "key_versions": list(agreement.keys.all()),
            "items": list(selectors.agreement_cost_items(agreement)),
            "allocation": agreed,
            "chart": share_chart([agreed]),
            "form": form,
            "views": views,
            "comparison": selectors.comparison_rows(views),
            "comparison_chart": share_chart(views),
            "scenario": bool(kinds or join or leave),
            "join": join,
            "leave": leave,
            "can_coordinate": may_coordinate,
            "can_sign_off": may_coordinate
            and agreement.status == AgreementStatus.DRAFT
            and agreed.error is None,
            "years": years if len(years := selectors.agreement_years(agreement)) > 1 else [],
            "statement_keys": {
                row.organization.key
                for row in agreed.rows
                if selectors.may_read_statement(request.user, agreement, row.organization)
            },
            "breadcrumbs": _crumbs(network, _costs_crumb(network), {"label": agreement.title}),
        },
    )


def _agreement_form(request: HttpRequest, network: Network, agreement: CostAgreement | None) -> HttpResponse:
    policy.require(policy.can_coordinate(request.user, network.pk), request.user)
    starts_on, ends_on = default_period()
    form = AgreementForm(
        request.POST or None,
        members=selectors.network_members(network=network),
        solutions=selectors.solution_choices(network=network, user=request.user),
        claims=selectors.claim_choices(network=network),
        agreement=agreement,
        initial={"starts_on": starts_on, "ends_on": ends_on, "agreed_on": starts_on}
        if agreement is None
        else {},
    )
    if request.method == "POST" and form.is_valid():
        arguments = {
            "actor": Actor.of(request.user),
            "title": form.cleaned_data["title"],
            "starts_on": form.cleaned_data["starts_on"],
            "ends_on": form.cleaned_data["ends_on"],
            "participants": form.participants(),
            "key": form.key(),
            "solution": selectors.solution_by_slug(form.cleaned_data["solution"]),
            "claim": selectors.claim_by_id(form.cleaned_data["claim"]),
            "note": form.cleaned_data["note"],
        }
        try:
            if agreement is None:
                saved = services.agreement_create(network=network, **arguments)
            else:
                saved = services.agreement_update(agreement=agreement, **arguments)
        except DomainError as exc:
            if exc.status in (401, 403):
                raise
            form.add_domain_errors(exc.errors or [])
            if not exc.errors:
                form.add_error(None, exc.detail)
        else:
            messages.success(request, _("Die Vereinbarung ist gespeichert."))
            return redirect("costs:agreement", slug=network.slug, agreement_id=saved.pk)
    title = _("Vereinbarung bearbeiten") if agreement else _("Neue Kostenteilungsvereinbarung")
    return render(
        request,
        "costs/agreement_form.html",
        {
            "network": network,
            "agreement": agreement,
            "form": form,
            "title": title,
            "breadcrumbs": _crumbs(network, _costs_crumb(network), {"label": title}),
        },
    )


@write_view
def agreement_create(request: HttpRequest, slug: str) -> HttpResponse:
    return _agreement_form(request, network_get(slug=slug), None)


@write_view
def agreement_edit(request: HttpRequest, slug: str, agreement_id: int) -> HttpResponse:
    network = network_get(slug=slug)
    return _agreement_form(
        request, network, selectors.agreement_get(network=network, agreement_id=agreement_id)
    )


@write_view
@require_POST
def agreement_sign_off(request: HttpRequest, slug: str, agreement_id: int) -> HttpResponse:
    network = network_get(slug=slug)
    agreement = selectors.agreement_get(network=network, agreement_id=agreement_id)
    try:
        services.agreement_sign_off(actor=Actor.of(request.user), agreement=agreement)
    except DomainError as exc:
        if exc.status in (401, 403):
            raise
        messages.error(request, exc.detail)
    else:
        messages.success(request, _("Die Vereinbarung ist freigegeben."))
    return redirect("costs:agreement", slug=network.slug, agreement_id=agreement.pk)


def _statement(request: HttpRequest, slug: str, agreement_id: int, key: str) -> selectors.Statement:
    network = network_get(slug=slug)
    agreement = selectors.agreement_get(network=network, agreement_id=agreement_id)
    statement = selectors.statement_get(
        agreement=agreement, key=key, year=selectors.year_from_query(request.GET.get("year"))
    )
    policy.require(
        selectors.may_read_statement(request.user, agreement, statement.organization),
        request.user,
        _("Die Abrechnung sehen nur das Mitglied und die Koordination."),
    )
    return statement


def statement_pdf(request: HttpRequest, slug: str, agreement_id: int, key: str) -> HttpResponse:
    statement = _statement(request, slug, agreement_id, key)
    response = HttpResponse(statements.statement_pdf(statement), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{statements.statement_filename(statement, "pdf")}"'
    )
    return response


def statement_csv(request: HttpRequest, slug: str, agreement_id: int, key: str) -> HttpResponse:
    statement = _statement(request, slug, agreement_id, key)
    response = HttpResponse(statements.statement_csv(statement), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{statements.statement_filename(statement, "csv")}"'
    )
    return response


def statement_xlsx(request: HttpRequest, slug: str, agreement_id: int, key: str) -> HttpResponse:
    statement = _statement(request, slug, agreement_id, key)
    response = HttpResponse(
        statements.statement_xlsx(statement),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{statements.statement_filename(statement, "xlsx")}"'
    )
    return response


@public_page_with_writes
def network_savings(request: HttpRequest, slug: str) -> HttpResponse:
    network = network_get(slug=slug)
    may_coordinate = policy.can_coordinate(request.user, network.pk)
    current = selectors.savings_assumptions(network=network)
    form = SavingsAssumptionsForm(
        request.POST or None,
        initial={"build_alone_eur": current.build_alone_eur, "introduction_eur": current.introduction_eur},
    )
    if request.method == "POST":
        policy.require(may_coordinate, request.user)
        if form.is_valid():
            try:
                services.savings_assumptions_set(
                    actor=Actor.of(request.user),
                    network=network,
                    build_alone_eur=form.cleaned_data["build_alone_eur"],
                    introduction_eur=form.cleaned_data["introduction_eur"],
                )
            except DomainError as exc:
                form.add_domain_errors(exc.errors)
            else:
                messages.success(request, _("Die Annahmen sind gespeichert."))
                return redirect("costs:savings", slug=network.slug)
    view = selectors.savings_estimate(network=network, user=request.user)
    return render(
        request,
        "costs/savings.html",
        {
            "network": network,
            "view": view,
            "by_member": [(view.names[key], amount) for key, amount in view.estimate.by_member().items()],
            "chart": savings_chart(view),
            "form": form,
            "estimates": selectors.build_alone_estimate_list(network=network),
            "can_coordinate": may_coordinate,
            "breadcrumbs": _crumbs(network, _costs_crumb(network), {"label": _("Einsparungen")}),
        },
    )


@write_view
def build_alone_estimate(request: HttpRequest, slug: str) -> HttpResponse:
    """The coordination sets or removes the estimate for one OZG-Leistung (form on the savings page)."""
    network = network_get(slug=slug)
    policy.require(policy.can_coordinate(request.user, network.pk), request.user)
    form = BuildAloneEstimateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actor = Actor.of(request.user)
        try:
            service = service_get(ozg_id=form.cleaned_data["ozg_id"])
            if form.cleaned_data["amount_eur"] is None:
                services.build_alone_estimate_delete(actor=actor, network=network, service=service)
                messages.success(request, _("Die Schätzung ist entfernt."))
            else:
                services.build_alone_estimate_set(
                    actor=actor, network=network, service=service, amount_eur=form.cleaned_data["amount_eur"]
                )
                messages.success(request, _("Die Schätzung ist gespeichert."))
        except NotFound as exc:
            form.add_error("ozg_id", exc.detail)
        except DomainError as exc:
            form.add_domain_errors(exc.errors)
        else:
            return redirect("costs:savings", slug=network.slug)
    return render(
        request,
        "costs/estimate_form.html",
        {
            "network": network,
            "form": form,
            "breadcrumbs": _crumbs(
                network,
                _costs_crumb(network),
                {"label": _("Einsparungen"), "url": reverse("costs:savings", args=[network.slug])},
                {"label": _("Schätzung je OZG-Leistung")},
            ),
        },
    )


def funder_report_pdf(request: HttpRequest, slug: str, programme_id: int) -> HttpResponse:
    network = network_get(slug=slug)
    report = selectors.funder_report(network=network, programme_id=programme_id, user=request.user)
    response = HttpResponse(statements.funder_report_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="foerderbericht-{network.slug}-{programme_id}.pdf"'
    )
    return response


def member_costs(request: HttpRequest, key: str) -> HttpResponse:
    organization = organization_get(key=key)
    view = selectors.treasurer_view(organization=organization, user=request.user)
    return render(
        request,
        "costs/member_costs.html",
        {
            "organization": organization,
            "view": view,
            "chart": member_chart(view),
            "statement_agreements": {
                s.agreement.pk
                for s in view.shares
                if s.row is not None and selectors.may_read_statement(request.user, s.agreement, organization)
            },
            "breadcrumbs": [
                {
                    "label": str(organization),
                    "url": reverse("organizations:organization-detail", args=[organization.key]),
                },
                {"label": _("Kosten")},
            ],
        },
    )


def mayor_pdf(request: HttpRequest, key: str) -> HttpResponse:
    organization = organization_get(key=key)
    view = selectors.treasurer_view(organization=organization, user=request.user)
    response = HttpResponse(statements.mayor_pdf(view), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="kosten-und-nutzen-{organization.key}.pdf"'
    return response


@write_view
def cost_item_create(request: HttpRequest, slug: str) -> HttpResponse:
    return _cost_item_form(request, network_get(slug=slug), None)


@write_view
def cost_item_edit(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    network = network_get(slug=slug)
    return _cost_item_form(request, network, selectors.cost_item_get(network=network, item_id=item_id))


@require_POST
@write_view
def cost_item_delete(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    network = network_get(slug=slug)
    item = selectors.cost_item_get(network=network, item_id=item_id)
    try:
        services.cost_item_delete(actor=Actor.of(request.user), item=item)
    except DomainError as exc:
        if exc.status in (401, 403):
            raise
        messages.error(request, exc.detail)
    else:
        messages.success(request, _("Die Kostenposition ist gelöscht."))
    return redirect(reverse("costs:network", kwargs={"slug": network.slug}) + "#kostenpositionen")


def _cost_item_form(request: HttpRequest, network: Network, item: CostItem | None) -> HttpResponse:
    members = [
        o
        for o in selectors.network_members(network=network)
        if policy.can_coordinate(request.user, network.pk)
        or policy.can_edit_organization_data(request.user, o.pk)
    ]
    policy.require(
        bool(members) and (item is None or item.incurred_by in members),
        request.user,
        _("Kosten erfassen die Koordination und die Redaktion der Mitglieder."),
    )
    form = CostItemForm(
        request.POST or None,
        members=members,
        solutions=selectors.solution_choices(network=network, user=request.user),
        claims=selectors.claim_choices(network=network),
        programmes=[(b.programme.pk, b.programme.name) for b in selectors.programme_budgets(network=network)],
        initial={"year": timezone.localdate().year} if item is None else cost_item_initial(item),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        arguments = {
            "actor": Actor.of(request.user),
            "title": data["title"],
            "kind": data["kind"],
            "amount_eur": data["amount_eur"],
            "year": data["year"],
            "incurred_by": form.members[data["incurred_by"]],
            "solution": selectors.solution_by_slug(data["solution"]),
            "claim": selectors.claim_by_id(data["claim"]),
            "programme": selectors.programme_by_id(network=network, programme_id=data["programme"]),
            "evidence": data["evidence"],
            "chargeable_for_reuse": data["chargeable_for_reuse"],
        }
        try:
            if item is None:
                services.cost_item_create(network=network, **arguments)
            else:
                services.cost_item_update(item=item, **arguments)
        except DomainError as exc:
            if exc.status in (401, 403):
                raise
            form.add_domain_errors(exc.errors)
            if not exc.errors:
                form.add_error(None, exc.detail)
        else:
            messages.success(request, _("Die Kostenposition ist gespeichert."))
            return redirect("costs:network", slug=network.slug)
    label = _("Kostenposition bearbeiten") if item else _("Kosten erfassen")
    return render(
        request,
        "costs/cost_item_form.html",
        {
            "network": network,
            "form": form,
            "item": item,
            "breadcrumbs": _crumbs(network, _costs_crumb(network), {"label": label}),
        },
    )


def _programme_form(
    request: HttpRequest, network: Network, programme: FundingProgramme | None
) -> HttpResponse:
    policy.require(
        policy.can_coordinate(request.user, network.pk),
        request.user,
        _("Förderprogramme legt die Koordination des Netzwerks an und ändert sie."),
    )
    claims = selectors.programme_claim_choices(network=network, programme=programme)
    form = ProgrammeForm(
        request.POST or None,
        claims=claims,
        editing=programme is not None,
        initial=selectors.programme_values(programme) if programme is not None else {},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        arguments = {
            "actor": Actor.of(request.user),
            "name": data["name"],
            "funder": data["funder"],
            "amount_eur": data["amount_eur"],
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "funding_rate": data["funding_rate"],
            "eligible_kinds": data["eligible_kinds"],
            "reporting_duties": data["reporting_duties"],
            "claims": selectors.claims_by_ids(data["claims"]),
        }
        try:
            if programme is None:
                services.programme_create(network=network, **arguments)
            else:
                services.programme_update(
                    programme=programme, accept_shortfall=data["accept_shortfall"], **arguments
                )
        except DomainError as exc:
            if exc.status in (401, 403):
                raise
            form.add_domain_errors(exc.errors)
            if not exc.errors:
                form.add_error(None, exc.detail)
        else:
            messages.success(request, _("Das Förderprogramm ist gespeichert."))
            return redirect(reverse("costs:network", kwargs={"slug": network.slug}) + "#foerderung")
    label = _("Förderprogramm bearbeiten") if programme else _("Neues Förderprogramm")
    return render(
        request,
        "costs/programme_form.html",
        {
            "network": network,
            "programme": programme,
            "form": form,
            "checkboxes": [
                form["eligible_kinds"],
                *([form["claims"]] if claims else []),
            ],
            "breadcrumbs": _crumbs(network, _costs_crumb(network), {"label": label}),
        },
    )


@write_view
def programme_create(request: HttpRequest, slug: str) -> HttpResponse:
    return _programme_form(request, network_get(slug=slug), None)


@write_view
def programme_edit(request: HttpRequest, slug: str, programme_id: int) -> HttpResponse:
    network = network_get(slug=slug)
    return _programme_form(
        request, network, selectors.programme_get(network=network, programme_id=programme_id)
    )


@write_view
def programme_delete(request: HttpRequest, slug: str, programme_id: int) -> HttpResponse:
    """Confirmation page; the POST deletes a programme nothing is linked to (otherwise the message says
    how many cost items and claims must be unlinked first)."""
    network = network_get(slug=slug)
    programme = selectors.programme_get(network=network, programme_id=programme_id)
    policy.require(
        policy.can_coordinate(request.user, network.pk),
        request.user,
        _("Förderprogramme löscht die Koordination des Netzwerks."),
    )
    if request.method == "POST":
        try:
            services.programme_delete(actor=Actor.of(request.user), programme=programme)
        except Conflict:
            pass  # linked meanwhile: the page below says what to unlink first
        else:
            messages.success(
                request, _("Das Förderprogramm „%(name)s“ ist gelöscht.") % {"name": programme.name}
            )
            return redirect(reverse("costs:network", kwargs={"slug": network.slug}) + "#foerderung")
    links = selectors.programme_links(programme=programme)
    return render(
        request,
        "costs/programme_confirm_delete.html",
        {
            "network": network,
            "programme": programme,
            "links": links,
            "items": list(selectors.programme_cost_items(programme=programme)),
            "claims": selectors.programme_claims(programme=programme),
            "breadcrumbs": _crumbs(network, _costs_crumb(network), {"label": _("Förderprogramm löschen")}),
        },
    )
