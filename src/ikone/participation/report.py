"""The result of a participation process as PDF (WeasyPrint, PDF/UA-1: tagged, with language and
title), like the transferability report: fonts from the project's static files, no network."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from ikone.core.pdf import fonts, html_to_pdf
from ikone.participation.models import Process
from ikone.participation.selectors import ResultRow


def results_pdf(process: Process, rows: list[ResultRow]) -> bytes:
    html = render_to_string(
        "participation/results_pdf.html",
        {"process": process, "rows": rows, "fonts": fonts(), "created": timezone.localtime()},
    )
    return html_to_pdf(html)
