"""Browser journeys: Playwright drives Debian's headless Chromium against Django's live server."""

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def browser_type_launch_args():
    executable = os.environ.get("IKONE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return {
        "executable_path": executable,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "de-DE"}


# Collects Content-Security-Policy violations on every page so that the journeys also prove the
# pages work under the real CSP (no inline scripts or styles): checked in assert_accessible.
CSP_WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def context(context):
    context.add_init_script(CSP_WATCH)
    return context


@pytest.fixture
def assert_accessible():
    """Run axe-core (WCAG 2.1 A/AA rules) on the current page and fail on any violation.

    axe is evaluated through the DevTools protocol (page.evaluate), which the page's CSP does not
    govern, instead of an inline <script> tag (add_script_tag), which `script-src 'self'` blocks.
    The application's CSP stays exactly as in production, and the page is also checked for CSP
    violations of its own.
    """
    source = AXE.read_text(encoding="utf-8")

    def check(page):
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(source)
        result = page.evaluate(
            "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
        )
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:5]}"
            for v in result["violations"]
        ]
        assert violations == [], f"{page.url}: " + "; ".join(violations)
        csp_violations = page.evaluate("() => window.__cspViolations || []")
        assert csp_violations == [], f"{page.url}: Content-Security-Policy violations: {csp_violations}"

    return check
