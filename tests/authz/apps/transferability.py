"""Authorisation cases of the transferability endpoints and pages (see tests/authz/common.py)."""

from ..common import EDITORS_OF_A, Case

API_CASES = [
    Case(
        "GET",
        "/api/v1/solutions/{slug}/transferability",
        lambda w: f"/api/v1/solutions/{w.solution.slug}/transferability?target={w.org_b.ags}",
    ),
    Case(
        "GET",
        "/api/v1/solutions/{slug}/transferability.pdf",
        lambda w: f"/api/v1/solutions/{w.solution.slug}/transferability.pdf",
    ),
    Case(
        "GET",
        "/api/v1/solutions/{slug}/transferability/facts",
        lambda w: f"/api/v1/solutions/{w.solution.slug}/transferability/facts",
    ),
    Case(
        "PUT",
        "/api/v1/solutions/{slug}/transferability/facts",
        lambda w: f"/api/v1/solutions/{w.solution.slug}/transferability/facts",
        allowed=EDITORS_OF_A,
        body=lambda w: ({"multi_tenant": True, "size_classes": ["kleinstadt"]}, "application/json"),
    ),
]

UI_WRITE_CASES = [
    Case(
        "POST",
        "transferability:facts-edit",
        lambda w: f"/loesungen/{w.solution.slug}/uebertragbarkeit/angaben/",
        allowed=EDITORS_OF_A,
        body=lambda w: ({"container": "ja", "legal_scope": "federal", "it_providers": "KommWis"}, None),
    ),
]
