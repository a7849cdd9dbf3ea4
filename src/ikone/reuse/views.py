from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ikone.accounts import policy
from ikone.catalog.models import Solution
from ikone.catalog.selectors import solution_get
from ikone.core.audit import Actor
from ikone.core.errors import DomainError
from ikone.organizations.models import Organization
from ikone.organizations.selectors import organization_get
from ikone.reuse import selectors, services, statemachine
from ikone.reuse.forms import (
    AdoptionForm,
    AnswerForm,
    ConfirmForm,
    LinkForm,
    ModerationForm,
    QuestionForm,
    ReportForm,
    TransitionForm,
)
from ikone.reuse.models import Adoption
from ikone.reuse.recommend import organization_recommendations
from ikone.web.decorators import write_view


def _solution_crumbs(solution: Solution, *items: tuple[str, str | None]) -> list[dict[str, str | None]]:
    return [
        {"label": _("Lösungen"), "url": reverse("catalog:solution-list")},
        {"label": solution.name, "url": reverse("catalog:solution-detail", args=[solution.slug])},
        *[{"label": label, "url": url} for label, url in items],
    ]


def _raise_permission(exc: DomainError) -> None:
    if exc.status in {401, 403, 404}:
        raise exc


def _editable_organizations(user: Any) -> list[Organization]:
    if policy.is_platform_admin(user):
        return []
    return list(Organization.objects.filter(pk__in=policy.organization_ids(user, roles=policy.EDIT_ROLES)))


@write_view
def adoption_create(request: HttpRequest, slug: str) -> HttpResponse:
    solution = solution_get(user=request.user, slug=slug)
    orgs = [o for o in _editable_organizations(request.user) if o.pk != solution.owner_id]
    releases = {r.version: r for r in solution.releases.all()}
    choices = [(o.key, str(o)) for o in orgs]
    form = AdoptionForm(
        request.POST or None,
        organizations=choices,
        releases=list(releases),
        any_organization=policy.is_platform_admin(request.user),
    )
    if request.method == "POST" and not policy.is_platform_admin(request.user):
        posted = request.POST.get("organization", "")
        policy.require(any(key == posted for key, _label in choices), request.user)
    if request.method == "POST" and form.is_valid():
        try:
            adoption = services.adoption_create(
                actor=Actor.of(request.user),
                organization=organization_get(key=form.cleaned_data["organization"]),
                solution=solution,
                state=form.cleaned_data["state"],
                details=form.details(releases),
            )
        except DomainError as exc:
            _raise_permission(exc)
            form.add_domain_errors(exc.errors)
            if not exc.errors:
                form.add_error(None, exc.detail)
        else:
            messages.success(request, _("Nachnutzung erfasst."))
            return redirect("reuse:adoption-detail", pk=adoption.pk)
    return render(
        request,
        "reuse/adoption_form.html",
        {
            "form": form,
            "solution": solution,
            "title": _("Nachnutzung erfassen"),
            "no_organization": not choices and not policy.is_platform_admin(request.user),
            "breadcrumbs": _solution_crumbs(solution, (_("Nachnutzung erfassen"), None)),
        },
    )


def adoption_detail(request: HttpRequest, pk: int) -> HttpResponse:
    adoption = selectors.adoption_get(user=request.user, pk=pk)
    as_adopter = policy.can_edit_organization_data(request.user, adoption.organization_id)
    as_owner = policy.can_edit_organization_data(request.user, adoption.solution.owner_id)
    return render(
        request,
        "reuse/adoption_detail.html",
        {
            "adoption": adoption,
            "as_adopter": as_adopter,
            "as_owner": as_owner,
            "transition_form": TransitionForm(
                targets=sorted(statemachine.allowed_targets(adoption.state)), prefix="stand"
            ),
            "confirm_form": ConfirmForm(prefix="bestaetigung"),
            "reports": selectors.report_list(user=request.user).filter(adoption=adoption),
            "breadcrumbs": _solution_crumbs(adoption.solution, (str(adoption.organization), None)),
        },
    )


def _adoption_form_page(request: HttpRequest, adoption: Adoption) -> HttpResponse:
    releases = {r.version: r for r in adoption.solution.releases.all()}
    initial = {
        "release": adoption.release.version if adoption.release else "",
        "services": ", ".join(str(s.ozg_id) for s in adoption.services.all()),
        **{
            name: getattr(adoption, name)
            for name in (
                "started_on",
                "production_since",
                "effort_days",
                "operator_model",
                "it_provider",
                "contact_name",
                "contact_email",
                "review_due",
            )
        },
    }
    form = AdoptionForm(request.POST or None, organizations=None, releases=list(releases), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.adoption_update(
                actor=Actor.of(request.user), adoption=adoption, details=form.details(releases)
            )
        except DomainError as exc:
            _raise_permission(exc)
            form.add_domain_errors(exc.errors)
            if not exc.errors:
                form.add_error(None, exc.detail)
        else:
            messages.success(request, _("Nachnutzung gespeichert."))
            return redirect("reuse:adoption-detail", pk=adoption.pk)
    return render(
        request,
        "reuse/adoption_form.html",
        {
            "form": form,
            "solution": adoption.solution,
            "adoption": adoption,
            "title": _("Nachnutzung bearbeiten"),
            "breadcrumbs": _solution_crumbs(adoption.solution, (_("Nachnutzung bearbeiten"), None)),
        },
    )


@write_view
def adoption_edit(request: HttpRequest, pk: int) -> HttpResponse:
    adoption = selectors.adoption_get(user=request.user, pk=pk)
    if request.method != "POST":
        policy.require(
            policy.can_edit_organization_data(request.user, adoption.organization_id)
            or policy.can_edit_organization_data(request.user, adoption.solution.owner_id),
            request.user,
        )
    return _adoption_form_page(request, adoption)


def _flash_error(request: HttpRequest, exc: DomainError) -> None:
    _raise_permission(exc)
    details = "; ".join(e.message for e in exc.errors)
    messages.error(request, f"{exc.detail} {details}".strip())


@write_view
@require_POST
def adoption_transition(request: HttpRequest, pk: int) -> HttpResponse:
    adoption = selectors.adoption_get(user=request.user, pk=pk)
    form = TransitionForm(request.POST, prefix="stand")
    if not form.is_valid():
        policy.require(
            policy.can_edit_organization_data(request.user, adoption.organization_id), request.user
        )
        messages.error(request, _("Bitte wählen Sie einen Stand."))
        return redirect("reuse:adoption-detail", pk=pk)
    try:
        services.adoption_transition(
            actor=Actor.of(request.user),
            adoption=adoption,
            state=form.cleaned_data["state"],
            on=form.cleaned_data["on"],
            reason=form.cleaned_data["reason"],
        )
    except DomainError as exc:
        _flash_error(request, exc)
    else:
        messages.success(request, _("Stand geändert: %(state)s.") % {"state": adoption.get_state_display()})
    return redirect("reuse:adoption-detail", pk=pk)


@write_view
@require_POST
def adoption_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    adoption = selectors.adoption_get(user=request.user, pk=pk)
    form = ConfirmForm(request.POST, prefix="bestaetigung")
    review_due = form.cleaned_data["review_due"] if form.is_valid() else None
    try:
        services.adoption_confirm(actor=Actor.of(request.user), adoption=adoption, review_due=review_due)
    except DomainError as exc:
        _flash_error(request, exc)
    else:
        messages.success(request, _("Nachnutzung bestätigt."))
    return redirect("reuse:adoption-detail", pk=pk)


@write_view
@require_POST
def adoption_support(request: HttpRequest, pk: int) -> HttpResponse:
    adoption = selectors.adoption_get(user=request.user, pk=pk)
    supported = request.POST.get("supported") == "1"
    services.adoption_support_set(actor=Actor.of(request.user), adoption=adoption, supported=supported)
    messages.success(
        request,
        _("Als unterstützt markiert.") if supported else _("Markierung „unterstützt“ entfernt."),
    )
    return redirect("reuse:adoption-detail", pk=pk)


@write_view
def report_create(request: HttpRequest, pk: int) -> HttpResponse:
    adoption = selectors.adoption_get(user=request.user, pk=pk)
    policy.require(policy.can_edit_organization_data(request.user, adoption.organization_id), request.user)
    form = ReportForm(
        request.POST or None,
        initial={
            "effort_days": adoption.effort_days,
            "it_provider": adoption.it_provider,
            "visibility": "public",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_create(
                actor=Actor.of(request.user), adoption=adoption, values=form.values()
            )
        except DomainError as exc:
            _raise_permission(exc)
            form.add_domain_errors(exc.errors)
            if not exc.errors:
                form.add_error(None, exc.detail)
        else:
            messages.success(request, _("Erfahrungsbericht veröffentlicht."))
            return redirect(
                reverse("catalog:solution-detail", args=[adoption.solution.slug]) + f"#bericht-{report.pk}"
            )
    return render(
        request,
        "reuse/report_form.html",
        {
            "form": form,
            "adoption": adoption,
            "title": _("Erfahrungsbericht zu %(name)s") % {"name": adoption.solution.name},
            "breadcrumbs": _solution_crumbs(adoption.solution, (_("Erfahrungsbericht"), None)),
        },
    )


def _back_to_questions(solution: Solution, anchor: str = "fragen") -> HttpResponse:
    return redirect(reverse("catalog:solution-detail", args=[solution.slug]) + f"#{anchor}")


@write_view
@require_POST
def question_create(request: HttpRequest, slug: str) -> HttpResponse:
    solution = solution_get(user=request.user, slug=slug)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            question = services.question_create(
                actor=Actor.of(request.user),
                solution=solution,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
        except DomainError as exc:
            _flash_error(request, exc)
        else:
            messages.success(request, _("Ihre Frage ist gestellt."))
            return _back_to_questions(solution, f"frage-{question.pk}")
    else:
        messages.error(request, _("Bitte formulieren Sie Ihre Frage."))
    return _back_to_questions(solution)


@write_view
@require_POST
def answer_create(request: HttpRequest, pk: int) -> HttpResponse:
    question = selectors.question_get(user=request.user, pk=pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        parent = (
            selectors.answer_get(user=request.user, pk=form.cleaned_data["parent"])
            if form.cleaned_data["parent"]
            else None
        )
        try:
            services.answer_create(
                actor=Actor.of(request.user), question=question, body=form.cleaned_data["body"], parent=parent
            )
        except DomainError as exc:
            _flash_error(request, exc)
        else:
            messages.success(request, _("Ihre Antwort ist veröffentlicht."))
    else:
        messages.error(request, _("Bitte schreiben Sie eine Antwort."))
    return _back_to_questions(question.solution, f"frage-{question.pk}")


@write_view
@require_POST
def question_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    question = selectors.question_get(user=request.user, pk=pk)
    form = ModerationForm(request.POST)
    hidden = form.cleaned_data["hidden"] if form.is_valid() else True
    try:
        services.question_moderate(
            actor=Actor.of(request.user),
            question=question,
            hidden=hidden,
            reason=request.POST.get("reason", ""),
        )
    except DomainError as exc:
        _flash_error(request, exc)
    else:
        messages.success(request, _("Frage ausgeblendet.") if hidden else _("Frage wieder sichtbar."))
    return _back_to_questions(question.solution, f"frage-{question.pk}")


@write_view
@require_POST
def answer_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    answer = selectors.answer_get(user=request.user, pk=pk)
    form = ModerationForm(request.POST)
    hidden = form.cleaned_data["hidden"] if form.is_valid() else True
    try:
        services.answer_moderate(
            actor=Actor.of(request.user), answer=answer, hidden=hidden, reason=request.POST.get("reason", "")
        )
    except DomainError as exc:
        _flash_error(request, exc)
    else:
        messages.success(request, _("Antwort ausgeblendet.") if hidden else _("Antwort wieder sichtbar."))
    return _back_to_questions(answer.question.solution, f"frage-{answer.question_id}")


@write_view
@require_POST
def solution_link(request: HttpRequest, slug: str) -> HttpResponse:
    solution = solution_get(user=request.user, slug=slug)
    form = LinkForm(request.POST)
    if not form.is_valid():
        policy.require(policy.can_edit_organization_data(request.user, solution.owner_id), request.user)
        messages.error(request, _("Bitte wählen Sie eine Beziehung."))
        return redirect("catalog:solution-detail", slug=slug)
    try:
        target = solution_get(user=request.user, slug=form.cleaned_data["target"])
    except DomainError as exc:
        policy.require(policy.can_edit_organization_data(request.user, solution.owner_id), request.user)
        messages.error(request, exc.detail)
        return redirect("catalog:solution-detail", slug=slug)
    try:
        services.solution_link_set(
            actor=Actor.of(request.user), source=solution, target=target, kind=form.cleaned_data["kind"]
        )
    except DomainError as exc:
        _flash_error(request, exc)
    else:
        messages.success(request, _("Verknüpfung mit „%(name)s“ gespeichert.") % {"name": target.name})
    return redirect(reverse("catalog:solution-detail", args=[slug]) + "#nachnutzung")


def recommendations_top(request: HttpRequest, key: str) -> HttpResponse:
    """The organisation page's three recommendations, loaded after the page (htmx)."""
    organization = organization_get(key=key)
    return render(
        request,
        "reuse/_recommendations_top.html",
        {
            "recommendations": organization_recommendations(
                user=request.user, organization=organization, limit=3
            )
        },
    )


def recommendations(request: HttpRequest, key: str) -> HttpResponse:
    organization = organization_get(key=key)
    return render(
        request,
        "reuse/recommendations.html",
        {
            "organization": organization,
            "recommendations": organization_recommendations(
                user=request.user, organization=organization, limit=20
            ),
            "breadcrumbs": [
                {
                    "label": str(organization),
                    "url": reverse("organizations:organization-detail", args=[organization.key]),
                },
                {"label": _("Empfehlungen"), "url": None},
            ],
        },
    )
