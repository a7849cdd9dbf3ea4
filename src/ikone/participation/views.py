"""Pages for citizen participation: the public town page, proposals, the citizen's account, the
town's moderation queue and the network's demand dashboard."""

from __future__ import annotations

import csv
import json
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ikone.accounts import policy
from ikone.core.audit import Actor
from ikone.core.errors import DomainError, NotFound
from ikone.core.ratelimit import client_ip
from ikone.coverage.outputs import export_response
from ikone.organizations.models import Network, Organization
from ikone.organizations.selectors import network_get, organization_get
from ikone.ozg.models import Service
from ikone.participation import selectors, services
from ikone.participation.charts import DemandChart, demand_chart
from ikone.participation.forms import (
    CommentForm,
    MergeForm,
    ProcessForm,
    ProfileForm,
    ProposalForm,
    RegisterForm,
    ReportForm,
    StateForm,
    VoteForm,
)
from ikone.participation.models import Process, Proposal
from ikone.participation.report import (
    network_demand_filename,
    network_demand_pdf,
    network_demand_table,
    results_pdf,
)
from ikone.web.decorators import public_page_with_writes, write_view

CITIZEN_ACTIONS = {"support", "unsupport", "follow", "unfollow", "comment", "report"}
MODERATOR_ACTIONS = {"state", "hide", "show", "merge", "hide-comment"}


def _town_crumbs(organization: Organization, *items: tuple[str, str | None]) -> list[dict[str, str]]:
    crumbs = [
        {
            "label": str(organization),
            "url": reverse("participation:town", args=[organization.key]),
        }
    ]
    for label, url in items:
        crumbs.append({"label": label, "url": url} if url else {"label": label})
    return crumbs


def town(request: HttpRequest, key: str) -> HttpResponse:
    organization = organization_get(key=key)
    page = selectors.town_page(organization=organization)
    return render(
        request,
        "participation/town.html",
        {
            "page": page,
            "chart": demand_chart([(r.service.name, r.proposals, r.supports) for r in page.wanted]),
            "organization": organization,
            "participant": selectors.participant_of(request.user),
            "can_moderate": selectors.can_moderate(request.user, organization),
        },
    )


def suggest(request: HttpRequest) -> HttpResponse:
    """htmx: OZG-Leistungen that match the title typed so far."""
    return render(
        request,
        "participation/_suggestions.html",
        {"services": selectors.service_suggestions(q=request.GET.get("title", ""))},
    )


def _service_or_error(form: ProposalForm) -> Service | None:
    ozg_id = form.cleaned_data.get("ozg_id")
    if not ozg_id:
        return None
    service = selectors.services_by_ozg_id([ozg_id]).get(ozg_id)
    if service is None:
        form.add_error("ozg_id", _("Keine OZG-Leistung mit dieser OZG-ID."))
    return service


@write_view
def proposal_create(request: HttpRequest, key: str) -> HttpResponse:
    organization = organization_get(key=key)
    participant = selectors.participant_of(request.user)
    if participant is None or not participant.is_confirmed:
        return redirect("participation:me")
    form = ProposalForm(request.POST or None, initial={"ozg_id": request.GET.get("ozg_id", "")})
    if request.method == "POST" and form.is_valid():
        if form.is_bot():
            messages.success(request, _("Vielen Dank für Ihren Vorschlag."))
            return redirect("participation:town", key=organization.key)
        service = _service_or_error(form)
        if not form.errors:
            try:
                proposal = services.proposal_create(
                    actor=Actor.of(request.user),
                    organization=organization,
                    title=form.cleaned_data["title"],
                    text=form.cleaned_data["text"],
                    service=service,
                    ip=client_ip(request),
                )
            except DomainError as error:
                if error.status in {401, 403}:
                    raise
                form.add_domain_errors(error.errors, error.detail)
            else:
                messages.success(request, _("Vielen Dank! Ihr Vorschlag ist veröffentlicht."))
                return redirect("participation:proposal-detail", proposal_id=proposal.pk)
    ozg_id = form.cleaned_data.get("ozg_id") if form.is_bound and form.is_valid() else None
    chosen = selectors.services_by_ozg_id([ozg_id]).get(ozg_id) if ozg_id else None
    return render(
        request,
        "participation/proposal_form.html",
        {
            "organization": organization,
            "form": form,
            "chosen": chosen,
            "breadcrumbs": _town_crumbs(organization, (_("Das fehlt mir"), None)),
        },
    )


def proposal_detail(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = selectors.proposal_get(proposal_id=proposal_id, user=request.user)
    moderator = selectors.can_moderate(request.user, proposal.organization)
    return render(
        request,
        "participation/proposal_detail.html",
        {
            "proposal": proposal,
            "author_name": selectors.display_name(proposal.author),
            "comments": [
                (c, selectors.display_name(c.author))
                for c in selectors.proposal_comments(proposal=proposal, include_hidden=moderator)
            ],
            "mine": selectors.personal_state(proposal=proposal, user=request.user),
            "participant": selectors.participant_of(request.user),
            "can_moderate": moderator,
            "comment_form": CommentForm(),
            "state_form": StateForm(initial={"state": proposal.state, "reason": proposal.state_reason}),
            "merge_form": MergeForm(),
            "report_form": ReportForm(),
            "breadcrumbs": _town_crumbs(proposal.organization, (proposal.title, None)),
        },
    )


def _citizen_action(request: HttpRequest, proposal: Proposal, action: str, actor: Actor, ip: str) -> str:
    if action == "support":
        services.support_add(actor=actor, proposal=proposal, ip=ip)
        return _("Danke für Ihre Unterstützung. Sie folgen dem Vorschlag jetzt.")
    if action == "unsupport":
        services.support_remove(actor=actor, proposal=proposal)
        return _("Ihre Unterstützung ist zurückgenommen.")
    if action in {"follow", "unfollow"}:
        services.follow_set(actor=actor, proposal=proposal, follow=action == "follow")
        return (
            _("Sie folgen dem Vorschlag.")
            if action == "follow"
            else _("Sie folgen dem Vorschlag nicht mehr.")
        )
    if action == "comment":
        form = CommentForm(request.POST)
        if form.is_bot():
            return _("Danke für Ihren Kommentar.")
        services.comment_add(actor=actor, proposal=proposal, text=request.POST.get("text", ""), ip=ip)
        return _("Ihr Kommentar ist veröffentlicht.")
    report = ReportForm(request.POST)
    report.is_valid()
    comment = selectors.comment_of(proposal=proposal, comment_id=report.cleaned_data.get("comment"))
    services.report_create(
        actor=actor, proposal=proposal, comment=comment, reason=report.cleaned_data.get("reason", ""), ip=ip
    )
    return _("Danke für den Hinweis. Die Moderation der Kommune sieht sich den Beitrag an.")


def _moderator_action(request: HttpRequest, proposal: Proposal, action: str, actor: Actor) -> str:
    if action == "state":
        form = StateForm(request.POST)
        form.is_valid()
        proposal = services.proposal_set_state(
            actor=actor,
            proposal=proposal,
            state=request.POST.get("state", ""),
            reason=request.POST.get("reason", ""),
        )
        return _("Neuer Stand: %(state)s. Wer dem Vorschlag folgt, wird benachrichtigt.") % {
            "state": proposal.get_state_display()
        }
    if action in {"hide", "show"}:
        services.proposal_hide(actor=actor, proposal=proposal, hidden=action == "hide")
        return (
            _("Der Vorschlag ist ausgeblendet.")
            if action == "hide"
            else _("Der Vorschlag ist wieder sichtbar.")
        )
    if action == "hide-comment":
        comment = selectors.comment_of(proposal=proposal, comment_id=request.POST.get("comment"))
        if comment is None:
            raise NotFound(_("Kein solcher Kommentar."))
        services.comment_hide(actor=actor, comment=comment)
        return _("Der Kommentar ist ausgeblendet.")
    merge = MergeForm(request.POST)
    if not merge.is_valid():
        raise DomainError(
            detail=_("Bitte die Nummer des Vorschlags angeben, in den übernommen wird."), status=422
        )
    into = selectors.proposal_find(proposal_id=merge.cleaned_data["into"])
    if into is None:
        raise NotFound(_("Kein Vorschlag mit dieser Nummer."))
    services.proposal_merge(actor=actor, proposal=proposal, into=into)
    return _("Der Vorschlag ist mit Vorschlag %(id)s zusammengeführt.") % {"id": into.pk}


@write_view
@require_POST
def proposal_act(request: HttpRequest, proposal_id: int, action: str) -> HttpResponse:
    proposal = selectors.proposal_get(proposal_id=proposal_id, user=request.user)
    if action not in CITIZEN_ACTIONS | MODERATOR_ACTIONS:
        raise NotFound(_("Unbekannte Aktion „%(action)s“.") % {"action": action})
    actor = Actor.of(request.user)
    try:
        if action in CITIZEN_ACTIONS:
            message = _citizen_action(request, proposal, action, actor, client_ip(request))
        else:
            message = _moderator_action(request, proposal, action, actor)
    except DomainError as error:
        if error.status in {401, 403}:
            raise
        details = "; ".join(e.message for e in error.errors)
        messages.error(request, f"{error.detail} {details}".strip())
    else:
        messages.success(request, message)
    if action == "hide":
        return redirect("participation:moderation", key=proposal.organization.key)
    return redirect("participation:proposal-detail", proposal_id=proposal.pk)


@login_required(login_url="accounts:login")
def moderation(request: HttpRequest, key: str) -> HttpResponse:
    organization = organization_get(key=key)
    policy.require(
        selectors.can_moderate(request.user, organization),
        request.user,
        _("Nur die Redaktion der Kommune moderiert ihre Vorschläge."),
    )
    return render(
        request,
        "participation/moderation.html",
        {
            "organization": organization,
            "queue": selectors.moderation_queue(organization=organization),
            "breadcrumbs": _town_crumbs(organization, (_("Moderation"), None)),
        },
    )


@public_page_with_writes
def register(request: HttpRequest) -> HttpResponse:
    """Sign up for participation (new account, or a profile for the signed-in account)."""
    signed_in = policy.is_authenticated(request.user)
    if selectors.participant_of(request.user) is not None:
        return redirect("participation:me")
    form_class = ProfileForm if signed_in else RegisterForm
    form: Any = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not signed_in and form.is_bot():
            return render(request, "participation/registered.html", {})
        try:
            services.participant_register(
                actor=Actor.of(request.user),
                display_name=form.cleaned_data["display_name"],
                email=form.cleaned_data.get("email", ""),
                password=form.cleaned_data.get("password", ""),
                ip=client_ip(request),
            )
        except DomainError as error:
            if error.status in {401, 403}:
                raise
            form.add_domain_errors(error.errors, error.detail)
        else:
            return render(request, "participation/registered.html", {})
    return render(request, "participation/register.html", {"form": form, "signed_in": signed_in})


@public_page_with_writes
def confirm(request: HttpRequest, key: str) -> HttpResponse:
    """The link from the e-mail: a button confirms (a GET alone, e.g. a link preview, does not)."""
    if request.method == "POST":
        services.participant_confirm(raw=key)
        if policy.is_authenticated(request.user):
            messages.success(request, _("Ihre E-Mail-Adresse ist bestätigt. Sie können jetzt mitmachen."))
            return redirect("participation:me")
        return render(request, "participation/confirm.html", {"confirmed": True})
    return render(request, "participation/confirm.html", {"confirmed": False})


@login_required(login_url="accounts:login")
def me(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "participation/me.html",
        {
            "participant": selectors.participant_of(request.user),
            "data": selectors.participant_data(user=request.user),
        },
    )


@login_required(login_url="accounts:login")
def export(request: HttpRequest) -> HttpResponse:
    body = json.dumps(selectors.participant_data(user=request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ikone-meine-daten.json"'
    return response


@write_view
@require_POST
def delete(request: HttpRequest) -> HttpResponse:
    if request.POST.get("confirm") != "loeschen":
        messages.error(request, _("Bitte bestätigen Sie das Löschen mit dem Häkchen."))
        return redirect("participation:me")
    user = request.user
    try:
        services.participant_delete(actor=Actor.of(user), user=user)  # type: ignore[arg-type]
    except DomainError as error:
        if error.status in {401, 403}:
            raise
        messages.error(request, error.detail)
        return redirect("participation:me")
    logout(request)
    messages.success(request, _("Ihr Konto ist gelöscht. Ihre Unterstützungen zählen anonym weiter."))
    return redirect("web:home")


AREA_CHART_ROWS = 20  # bars on the Kreis and network pages; the table lists every OZG-Leistung


def _area_chart(rows: list[selectors.NetworkDemandRow]) -> DemandChart:
    return demand_chart([(r.service.name, r.proposals, r.supports) for r in rows[:AREA_CHART_ROWS]])


def kreis_dashboard(request: HttpRequest, kreis_key: str) -> HttpResponse:
    kreis = selectors.kreis_get(kreis_key=kreis_key)
    rows = selectors.kreis_demand(kreis=kreis)
    return render(
        request,
        "participation/network.html",
        {
            "area": kreis,
            "rows": rows,
            "chart": _area_chart(rows),
            "chart_rows": AREA_CHART_ROWS,
            "breadcrumbs": [{"label": str(kreis)}, {"label": _("Bürgerbeteiligung")}],
        },
    )


def _network_demand(
    request: HttpRequest, network: Network
) -> tuple[list[selectors.KreisOption], selectors.KreisOption | None, list[selectors.NetworkDemandRow]]:
    """The Kreise of the members, the chosen one (`?kreis=`; a Kreis without members chooses none,
    so all members count) and the demand rows: the same for the page and its downloads."""
    kreise = selectors.network_kreise(network=network)
    kreis = request.GET.get("kreis", "")
    chosen = next((k for k in kreise if k.kreis_key == kreis), None)
    return (
        kreise,
        chosen,
        selectors.network_demand(network=network, kreis_key=chosen.kreis_key if chosen else ""),
    )


def _network_downloads(network: Network, kreis: selectors.KreisOption | None) -> list[dict[str, str]]:
    """Links to the page's figures as files, keeping the Kreis filter."""
    query = f"?kreis={kreis.kreis_key}" if kreis else ""
    return [
        {
            "label": label,
            "name": _("Nachfrage als %(format)s herunterladen") % {"format": label},
            "url": reverse("participation:network-download", args=[network.slug, fmt]) + query,
        }
        for fmt, label in [("csv", "CSV"), ("xlsx", "Excel"), ("pdf", "PDF")]
    ]


def network_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    network = network_get(slug=slug)
    kreise, chosen, rows = _network_demand(request, network)
    kreis = request.GET.get("kreis", "")
    return render(
        request,
        "participation/network.html",
        {
            "area": network,
            "rows": rows,
            "chart": _area_chart(rows),
            "chart_rows": AREA_CHART_ROWS,
            "kreise": kreise,
            "kreis": chosen,
            "unknown_kreis": bool(kreis) and chosen is None,
            "api_url": f"/api/v1/networks/{network.slug}/demand",
            "downloads": _network_downloads(network, chosen),
            "breadcrumbs": [
                {"label": _("Netzwerke"), "url": reverse("organizations:network-list")},
                {"label": str(network), "url": reverse("organizations:network-detail", args=[network.slug])},
                {"label": _("Bürgerbeteiligung")},
            ],
        },
    )


def network_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The figures of the network page (same Kreis filter) as CSV, XLSX or PDF."""
    network = network_get(slug=slug)
    _kreise, chosen, rows = _network_demand(request, network)
    name = network_demand_filename(network, chosen)
    if fmt != "pdf":
        return export_response(network_demand_table(rows), fmt, name)
    response = HttpResponse(network_demand_pdf(network, chosen, rows), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


# --- participation processes -----------------------------------------------------------------


@write_view
def process_create(request: HttpRequest, key: str) -> HttpResponse:
    organization = organization_get(key=key)
    policy.require(
        selectors.can_moderate(request.user, organization),
        request.user,
        _("Nur die Redaktion der Kommune legt Beteiligungsverfahren an."),
    )
    form = ProcessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            process = services.process_create(
                actor=Actor.of(request.user),
                organization=organization,
                title=data["title"],
                description=data["description"],
                kind=data["kind"],
                budget=data["budget"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                items=services.item_drafts(rows=data["items"]),
            )
        except DomainError as error:
            if error.status in {401, 403}:
                raise
            form.add_domain_errors(error.errors, error.detail)
        else:
            messages.success(request, _("Das Beteiligungsverfahren ist angelegt."))
            return redirect("participation:process-detail", process_id=process.pk)
    return render(
        request,
        "participation/process_form.html",
        {
            "organization": organization,
            "form": form,
            "breadcrumbs": _town_crumbs(organization, (_("Neues Beteiligungsverfahren"), None)),
        },
    )


def _process_initial(process: Process) -> dict[str, Any]:
    """The form's values of a process (options as lines "Titel; Kosten; OZG-ID")."""

    def line(item: Any) -> str:
        parts = [item.title, str(item.cost).replace(".", ",") if item.cost is not None else ""]
        parts.append(str(item.service.ozg_id) if item.service else "")
        return "; ".join(parts).rstrip("; ")

    return {
        "title": process.title,
        "description": process.description,
        "kind": process.kind,
        "budget": process.budget,
        "starts_at": timezone.localtime(process.starts_at),
        "ends_at": timezone.localtime(process.ends_at),
        "items": "\n".join(line(item) for item in selectors.process_items(process=process)),
    }


@write_view
def process_edit(request: HttpRequest, process_id: int) -> HttpResponse:
    process = selectors.process_get(process_id=process_id)
    policy.require(
        selectors.can_moderate(request.user, process.organization),
        request.user,
        _("Nur die Redaktion der Kommune ändert Beteiligungsverfahren."),
    )
    form = ProcessForm(request.POST or None, initial=_process_initial(process))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.process_update(
                actor=Actor.of(request.user),
                process=process,
                title=data["title"],
                description=data["description"],
                kind=data["kind"],
                budget=data["budget"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                items=services.item_drafts(rows=data["items"]),
            )
        except DomainError as error:
            if error.status in {401, 403}:
                raise
            form.add_domain_errors(error.errors, error.detail)
        else:
            messages.success(request, _("Das Beteiligungsverfahren ist geändert."))
            return redirect("participation:process-detail", process_id=process.pk)
    return render(
        request,
        "participation/process_form.html",
        {
            "organization": process.organization,
            "process": process,
            "voted": process.ballot_count > 0,  # type: ignore[attr-defined]
            "form": form,
            "breadcrumbs": _town_crumbs(
                process.organization,
                (process.title, reverse("participation:process-detail", args=[process.pk])),
                (_("Bearbeiten"), None),
            ),
        },
    )


def _vote_form(process: Process, data: Any = None) -> VoteForm:
    return VoteForm(data, items=selectors.process_items(process=process), kind=process.kind)


def process_detail(request: HttpRequest, process_id: int) -> HttpResponse:
    process = selectors.process_get(process_id=process_id)
    return render(
        request,
        "participation/process_detail.html",
        {
            "process": process,
            "is_open": process.is_open(),
            "phase": process.phase(),
            "rows": selectors.process_results(process=process),
            "voted": selectors.has_voted(process=process, user=request.user),
            "can_moderate": selectors.can_moderate(request.user, process.organization),
            "participant": selectors.participant_of(request.user),
            "form": _vote_form(process),
            "breadcrumbs": _town_crumbs(process.organization, (process.title, None)),
        },
    )


@write_view
@require_POST
def process_vote(request: HttpRequest, process_id: int) -> HttpResponse:
    process = selectors.process_get(process_id=process_id)
    form = _vote_form(process, request.POST)
    if not form.is_valid():
        messages.error(request, _("Bitte wählen Sie mindestens eine Option."))
        return redirect("participation:process-detail", process_id=process.pk)
    try:
        services.ballot_cast(
            actor=Actor.of(request.user), process=process, item_ids=form.item_ids(), ip=client_ip(request)
        )
    except DomainError as error:
        if error.status in {401, 403}:
            raise
        details = "; ".join(e.message for e in error.errors)
        messages.error(request, f"{error.detail} {details}".strip())
    else:
        messages.success(request, _("Danke! Ihre Stimme ist gezählt."))
    return redirect("participation:process-detail", process_id=process.pk)


def process_csv(request: HttpRequest, process_id: int) -> HttpResponse:
    process = selectors.process_get(process_id=process_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="beteiligung-{process.pk}-ergebnis.csv"'
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["Platz", "Option", "OZG-ID", "Kosten (Euro)", "Stimmen", "Punkte", "finanziert"])
    for place, row in enumerate(selectors.process_results(process=process), start=1):
        writer.writerow(
            [
                place,
                row.item.title,
                row.item.service.ozg_id if row.item.service else "",
                f"{row.item.cost:.2f}".replace(".", ",") if row.item.cost is not None else "",
                row.result.votes,
                row.result.points,
                ("ja" if row.result.funded else "nein") if process.kind == "budget" else "",
            ]
        )
    return response


def process_pdf(request: HttpRequest, process_id: int) -> HttpResponse:
    process = selectors.process_get(process_id=process_id)
    response = HttpResponse(
        results_pdf(process, selectors.process_results(process=process)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="beteiligung-{process.pk}-ergebnis.pdf"'
    return response
