"""Template tags for pages of other apps: where a harvested solution comes from (catalog) and
the last harvest run (operator page)."""

from __future__ import annotations

from typing import Any

from django import template

from ikone.harvesting import selectors

register = template.Library()


@register.inclusion_tag("harvesting/_origin.html")
def harvest_origin(solution: Any) -> dict[str, Any]:
    """Badge of a withdrawn solution, "übernommen aus …" with a link, and its use in the
    networks of the source."""
    return {
        "withdrawn_at": solution.withdrawn_at,
        "origin": selectors.solution_origin(solution.pk),
        "usage": selectors.solution_usage(solution.pk),
    }


@register.inclusion_tag("harvesting/_last_run.html")
def last_harvest() -> dict[str, Any]:
    run = selectors.last_run()
    return {"run": run, "counts": selectors.run_counts_of(run) if run else {}}
