"""The transferability report as PDF (`core.pdf`: PDF/UA-1, project fonts, no network)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from ikone.catalog.models import Solution
from ikone.core.pdf import fonts, html_to_pdf
from ikone.transferability.licences import osi_list_source
from ikone.transferability.scoring import Assessment
from ikone.transferability.sources import SOURCES, sources_for


def report_html(solution: Solution, assessment: Assessment, general: Assessment | None = None) -> str:
    rows = [(result, sources_for(result.key)) for result in assessment.results]
    return render_to_string(
        "transferability/report.html",
        {
            "solution": solution,
            "assessment": assessment,
            "general": general,
            "rows": rows,
            "sources": SOURCES,
            "osi_source": osi_list_source(),
            "fonts": fonts(),
            "created": timezone.localtime(),
        },
    )


def report_pdf(solution: Solution, assessment: Assessment, general: Assessment | None = None) -> bytes:
    return html_to_pdf(report_html(solution, assessment, general))


def report_filename(solution: Solution, assessment: Assessment) -> str:
    suffix = f"-{assessment.target.key}" if assessment.target else ""
    return f"uebertragbarkeit-{solution.slug}{suffix}.pdf"
