"""`{% transferability_section solution %}`: the transferability section of the solution page."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from ikone.accounts import policy
from ikone.catalog.models import Solution
from ikone.transferability import selectors
from ikone.transferability.sources import sources_for

register = template.Library()


def section_context(request: Any, solution: Solution) -> dict[str, Any]:
    query = request.GET.get("target", "").strip()[:120]
    target, candidates = selectors.target_resolve(query)
    general = selectors.transferability(solution)
    specific = selectors.transferability(solution, target) if target is not None else None
    assessment = specific or general
    pdf_url = reverse("transferability:report-pdf", args=[solution.slug])
    return {
        "solution": solution,
        "general": general,
        "specific": specific,
        "assessment": assessment,
        "rows": [(result, sources_for(result.key)) for result in assessment.results],
        "query": query,
        "target": target,
        "candidates": candidates,
        "suggestions": selectors.target_suggestions(user=request.user, solution=solution),
        "pdf_url": f"{pdf_url}?target={target.key}" if target else pdf_url,
        "can_edit": policy.can_edit_organization_data(request.user, solution.owner_id),
    }


@register.inclusion_tag("transferability/_section.html", takes_context=True)
def transferability_section(context: template.Context, solution: Solution) -> dict[str, Any]:
    return section_context(context["request"], solution)
