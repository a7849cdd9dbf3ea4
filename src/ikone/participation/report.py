"""The result of a participation process as PDF (WeasyPrint, PDF/UA-1: tagged, with language and
title), like the transferability report: fonts from the project's static files, no network."""

from __future__ import annotations

from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

from ikone.participation.models import Process
from ikone.participation.selectors import ResultRow

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


def results_pdf(process: Process, rows: list[ResultRow]) -> bytes:
    from weasyprint import HTML, URLFetcher

    html = render_to_string(
        "participation/results_pdf.html",
        {"process": process, "rows": rows, "fonts": _fonts(), "created": timezone.localtime()},
    )
    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"file"}), base_url="/")
    return bytes(document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True))
