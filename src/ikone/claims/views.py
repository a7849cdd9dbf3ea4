"""Pages for claims: the network board, the roadmap, a claim with its history, and the write forms."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ikone.accounts import policy
from ikone.catalog.models import Solution
from ikone.claims import roadmap, selectors, services
from ikone.claims.choices import ClaimAction
from ikone.claims.forms import BoardFilterForm, ClaimForm, TransitionForm
from ikone.claims.models import Claim
from ikone.claims.statemachine import TRANSITIONS, allowed_actions
from ikone.core.audit import Actor
from ikone.core.errors import DomainError, NotFound
from ikone.organizations.models import Network
from ikone.organizations.selectors import network_get, organization_get
from ikone.ozg.models import Service, Themenfeld
from ikone.web.decorators import write_view

ACCEPT_CONFLICTS = "accept-conflicts"


def _crumbs(network: Network, *items: tuple[str, str | None]) -> list[dict[str, str]]:
    crumbs = [
        {"label": _("Netzwerke"), "url": reverse("organizations:network-list")},
        {"label": str(network), "url": reverse("organizations:network-detail", args=[network.slug])},
    ]
    for label, url in items:
        crumbs.append({"label": label, "url": url} if url else {"label": label})
    return crumbs


def _filtered(request: HttpRequest, network: Network) -> tuple[BoardFilterForm, list[Claim]]:
    form = BoardFilterForm(
        request.GET or None,
        themenfelder=list(Themenfeld.objects.order_by("name")),
        members=selectors.claim_members(network),
    )
    filters = selectors.ClaimFilter()
    if form.is_valid():
        filters = selectors.ClaimFilter(
            themenfeld=form.cleaned_data["themenfeld"], organization=form.cleaned_data["organization"]
        )
    return form, list(selectors.claim_list(network=network, filters=filters))


def _editable_members(request: HttpRequest, network: Network) -> list:
    return [
        m for m in selectors.claim_members(network) if policy.can_edit_organization_data(request.user, m.pk)
    ]


def board(request: HttpRequest, slug: str) -> HttpResponse:
    network = network_get(slug=slug)
    form, claims = _filtered(request, network)
    findings = selectors.conflicts_by_claim(claims)
    open_conflicts = {
        claim.pk: selectors.unaccepted_conflicts(claim=claim, findings=findings.get(claim.pk, []))
        for claim in claims
    }
    return render(
        request,
        "claims/board.html",
        {
            "network": network,
            "form": form,
            "columns": selectors.board_columns(claims, open_conflicts),
            "conflicted": [(c, open_conflicts[c.pk]) for c in claims if open_conflicts.get(c.pk)],
            "count": len(claims),
            "can_claim": bool(_editable_members(request, network)),
            "query": request.GET.urlencode(),
            "breadcrumbs": _crumbs(network, (_("Übernahmen"), None)),
        },
    )


def roadmap_page(request: HttpRequest, slug: str) -> HttpResponse:
    network = network_get(slug=slug)
    form, claims = _filtered(request, network)
    items = selectors.roadmap_items(claims)
    today = timezone.localdate()
    return render(
        request,
        "claims/roadmap.html",
        {
            "network": network,
            "form": form,
            "chart": roadmap.layout(items, today=today),
            "items": sorted(items, key=lambda i: (i.member, i.end, i.claim_id)),
            "undated": [c for c in claims if c.is_open and not c.target_date],
            "overdue_count": sum(1 for i in items if i.overdue),
            "today": today,
            "breadcrumbs": _crumbs(
                network,
                (_("Übernahmen"), reverse("claims:board", args=[network.slug])),
                (_("Zeitplan"), None),
            ),
        },
    )


def _actions_for(request: HttpRequest, claim: Claim) -> list[tuple[str, str]]:
    may_coordinate = policy.can_coordinate(request.user, claim.network_id)
    may_edit = policy.can_edit_organization_data(request.user, claim.organization_id)
    return [
        (action, str(ClaimAction(action).label))
        for action in allowed_actions(claim.state)
        if (may_coordinate if TRANSITIONS[action].by_coordinator else may_edit)
    ]


def claim_detail(request: HttpRequest, slug: str, claim_id: int) -> HttpResponse:
    network = network_get(slug=slug)
    claim = selectors.claim_get(claim_id=claim_id, network=network)
    findings = selectors.claim_conflicts(claim=claim)
    accepted = set(claim.conflicts_accepted or [])
    return render(
        request,
        "claims/claim_detail.html",
        {
            "network": network,
            "claim": claim,
            "findings": [(f, f.key in accepted) for f in findings],
            "unaccepted": selectors.unaccepted_conflicts(claim=claim, findings=findings),
            "actions": _actions_for(request, claim),
            "can_accept_conflicts": claim.is_open and policy.can_coordinate(request.user, claim.network_id),
            "insider": selectors.can_see_contacts(request.user, network),
            "form": TransitionForm(),
            "breadcrumbs": _crumbs(
                network,
                (_("Übernahmen"), reverse("claims:board", args=[network.slug])),
                (_("Übernahme %(id)s") % {"id": claim.pk}, None),
            ),
        },
    )


def _solution_or_error(form: ClaimForm) -> Solution | None:
    slug = form.cleaned_data.get("solution") or ""
    if not slug:
        return None
    solution = Solution.objects.filter(slug=slug).first()
    if solution is None:
        form.add_error("solution", _("Keine Lösung mit diesem Kurznamen im Katalog."))
    return solution


@write_view
def claim_create(request: HttpRequest, slug: str) -> HttpResponse:
    network = network_get(slug=slug)
    members = _editable_members(request, network)
    policy.require(
        bool(members), request.user, _("Nur Redakteurinnen und Redakteure von Mitgliedern übernehmen.")
    )
    initial = {"ozg_id": request.GET.get("ozg_id", "")}
    form = ClaimForm(request.POST or None, members=members, initial=initial)
    findings = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        service = Service.objects.filter(ozg_id=data["ozg_id"]).first()
        if service is None:
            form.add_error("ozg_id", _("Keine OZG-Leistung mit dieser OZG-ID."))
        solution = _solution_or_error(form)
        partners = []
        for key in form.partner_keys():
            try:
                partners.append(organization_get(key=key))
            except NotFound:
                form.add_error("partners", _("Unbekannte Organisation „%(key)s“.") % {"key": key})
        if not form.errors and service is not None:
            organization = organization_get(key=data["organization"])
            findings = selectors.draft_conflicts(
                network=network,
                organization=organization,
                service=service,
                maturity_model=data["maturity_model"],
                target_level=data["target_level"],
                solution_id=solution.pk if solution else None,
                new_solution_name=data["new_solution_name"],
            )
            fingerprint = " ".join(sorted(f.key for f in findings))
            if not findings or data["confirm"] == fingerprint:
                try:
                    result = services.claim_create(
                        actor=Actor.of(request.user),
                        network=network,
                        organization=organization,
                        service=service,
                        solution=solution,
                        new_solution_name=data["new_solution_name"],
                        target_level=data["target_level"],
                        maturity_model=data["maturity_model"],
                        target_date=data["target_date"],
                        effort_days=data["effort_days"],
                        partners=partners,
                        contact=data["contact"],
                        note=data["note"],
                    )
                except DomainError as error:
                    if error.status in {401, 403}:
                        raise
                    form.add_domain_errors(error.errors)
                    if not error.errors:
                        form.add_error(None, error.detail)
                else:
                    messages.success(request, _("Übernahme angelegt; die Koordination entscheidet darüber."))
                    return redirect("claims:claim-detail", slug=network.slug, claim_id=result.claim.pk)
            else:
                data_with_confirm = request.POST.copy()
                data_with_confirm["confirm"] = fingerprint
                form.data = data_with_confirm
    return render(
        request,
        "claims/claim_form.html",
        {
            "network": network,
            "form": form,
            "findings": findings,
            "breadcrumbs": _crumbs(
                network,
                (_("Übernahmen"), reverse("claims:board", args=[network.slug])),
                (_("Übernehmen"), None),
            ),
        },
    )


@write_view
@require_POST
def claim_act(request: HttpRequest, slug: str, claim_id: int, action: str) -> HttpResponse:
    network = network_get(slug=slug)
    claim = selectors.claim_get(claim_id=claim_id, network=network)
    if action != ACCEPT_CONFLICTS and action not in TRANSITIONS:
        raise NotFound(_("Unbekannte Aktion „%(action)s“.") % {"action": action})
    form = TransitionForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("reason", "")
    actor = Actor.of(request.user)
    try:
        if action == ACCEPT_CONFLICTS:
            services.claim_conflicts_accept(actor=actor, claim=claim, reason=reason)
            messages.success(request, _("Überschneidungen akzeptiert."))
        else:
            slug_of_solution = form.cleaned_data.get("solution", "")
            solution = Solution.objects.filter(slug=slug_of_solution).first() if slug_of_solution else None
            if slug_of_solution and solution is None:
                raise NotFound(_("Keine Lösung mit dem Kurznamen „%(slug)s“.") % {"slug": slug_of_solution})
            claim = services.claim_transition(
                actor=actor, claim=claim, action=action, reason=reason, solution=solution
            )
            messages.success(request, _("Neuer Stand: %(state)s.") % {"state": claim.get_state_display()})
    except DomainError as error:
        if error.status in {401, 403}:
            raise
        details = "; ".join(e.message for e in error.errors)
        messages.error(request, f"{error.detail} {details}".strip())
    return redirect("claims:claim-detail", slug=network.slug, claim_id=claim.pk)
