"""PDF documents (WeasyPrint, PDF/UA-1: tagged, with document language and title) from HTML.

Fonts come with the project: Fira Sans from the KERN UX assets (built from npm into
`web/static/vendor/`), DejaVu Sans (Debian package fonts-dejavu-core) as fallback. Nothing is
loaded from the network: the URL fetcher allows local files only.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.staticfiles import finders

FONT_FILES = {
    "regular": "vendor/kern/fonts/fira-sans/FiraSans-Regular.woff2",
    "bold": "vendor/kern/fonts/fira-sans/FiraSans-SemiBold.woff2",
}


def fonts() -> dict[str, str]:
    """`file:` URLs of the fonts by weight, for the templates' @font-face rules."""
    found = {}
    for weight, name in FONT_FILES.items():
        path = finders.find(name)
        if isinstance(path, str):
            found[weight] = Path(path).resolve().as_uri()
    return found


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML, URLFetcher

    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"file"}), base_url="/")
    return bytes(document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True))
