"""The transferability report as PDF (WeasyPrint, PDF/UA-1: tagged, with document language and title).

Fonts come with the project: Fira Sans from the KERN UX assets (built from npm into
`web/static/vendor/`), DejaVu Sans (Debian package fonts-dejavu-core) as fallback. Nothing is
loaded from the network: the URL fetcher allows local files only.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

from ikone.catalog.models import Solution
from ikone.transferability.licences import osi_list_source
from ikone.transferability.scoring import Assessment
from ikone.transferability.sources import SOURCES, sources_for

FONT_FILES = {
    "regular": "vendor/kern/fonts/fira-sans/FiraSans-Regular.woff2",
    "bold": "vendor/kern/fonts/fira-sans/FiraSans-SemiBold.woff2",
}


def _fonts() -> dict[str, str]:
    found = {}
    for weight, name in FONT_FILES.items():
        path = finders.find(name)
        if isinstance(path, str):
            found[weight] = Path(path).resolve().as_uri()
    return found


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
            "fonts": _fonts(),
            "created": timezone.localtime(),
        },
    )


def report_pdf(solution: Solution, assessment: Assessment, general: Assessment | None = None) -> bytes:
    from weasyprint import HTML, URLFetcher

    html = HTML(
        string=report_html(solution, assessment, general),
        url_fetcher=URLFetcher(allowed_protocols={"file"}),
        base_url="/",
    )
    return bytes(html.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True))


def report_filename(solution: Solution, assessment: Assessment) -> str:
    suffix = f"-{assessment.target.key}" if assessment.target else ""
    return f"uebertragbarkeit-{solution.slug}{suffix}.pdf"
