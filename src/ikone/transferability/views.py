from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ikone.accounts import policy
from ikone.catalog import selectors as catalog_selectors
from ikone.catalog.models import Solution
from ikone.core.audit import Actor
from ikone.core.errors import DomainError, NotFound
from ikone.transferability import selectors, services
from ikone.transferability.forms import FactsForm
from ikone.transferability.report import report_filename, report_pdf
from ikone.web.decorators import write_view


def pdf_response(solution: Solution, target_key: str) -> HttpResponse:
    """The PDF report (page and API): general, or for the organisation with the key `target_key`."""
    target = None
    if target_key:
        target, _candidates = selectors.target_resolve(target_key)
        if target is None:
            raise NotFound(f"Keine Organisation mit dem Schlüssel „{target_key[:120]}“.")
    general = selectors.transferability(solution)
    assessment = selectors.transferability(solution, target) if target else general
    response = HttpResponse(report_pdf(solution, assessment, general), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{report_filename(solution, assessment)}"'
    return response


def report(request: HttpRequest, slug: str) -> HttpResponse:
    solution = catalog_selectors.solution_get(user=request.user, slug=slug)
    return pdf_response(solution, request.GET.get("target", "").strip())


@write_view
def facts_edit(request: HttpRequest, slug: str) -> HttpResponse:
    solution = catalog_selectors.solution_get(user=request.user, slug=slug)
    policy.require(
        policy.can_edit_organization_data(request.user, solution.owner_id),
        request.user,
        _("Die Angaben zur Übertragbarkeit ändern nur Bearbeitende der Eigentümerin."),
    )
    facts = selectors.facts_get(solution)
    form = FactsForm(request.POST or None, initial=FactsForm.initial_from(facts))
    if request.method == "POST" and form.is_valid():
        try:
            services.facts_update(actor=Actor.of(request.user), solution=solution, values=form.values())
        except DomainError as exc:
            if exc.status in {401, 403}:
                raise
            for error in exc.errors:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            if not exc.errors:
                form.add_error(None, exc.detail)
        else:
            messages.success(request, _("Angaben zur Übertragbarkeit gespeichert."))
            return redirect(reverse("catalog:solution-detail", args=[solution.slug]) + "#uebertragbarkeit")
    detail = reverse("catalog:solution-detail", args=[solution.slug])
    return render(
        request,
        "transferability/facts_form.html",
        {
            "form": form,
            "solution": solution,
            "breadcrumbs": [
                {"label": _("Lösungen"), "url": reverse("catalog:solution-list")},
                {"label": solution.name, "url": detail},
                {"label": _("Angaben zur Übertragbarkeit")},
            ],
        },
    )
