"""`{% solution_standards solution %}`: conformance and interface specs on the solution page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from ikone.accounts import policy
from ikone.catalog.models import Solution
from ikone.standards import selectors
from ikone.standards.models import Conformance, InterfaceUse

register = template.Library()

CHANGE_LABELS = {
    "path_removed": _("Pfad entfernt"),
    "path_added": _("Pfad hinzugefügt"),
    "operation_removed": _("Operation entfernt"),
    "operation_added": _("Operation hinzugefügt"),
    "parameter_removed": _("Parameter entfernt"),
    "required_parameter_added": _("neuer Pflichtparameter"),
    "parameter_added": _("optionaler Parameter hinzugefügt"),
    "parameter_became_required": _("Parameter jetzt Pflicht"),
    "parameter_became_optional": _("Parameter jetzt optional"),
    "request_body_added": _("Request-Body hinzugefügt"),
    "request_body_removed": _("Request-Body entfernt"),
    "request_body_became_required": _("Request-Body jetzt Pflicht"),
    "request_media_type_removed": _("Medientyp (Anfrage) entfernt"),
    "request_media_type_added": _("Medientyp (Anfrage) hinzugefügt"),
    "response_status_removed": _("Statuscode entfernt"),
    "response_status_added": _("Statuscode hinzugefügt"),
    "response_media_type_removed": _("Medientyp (Antwort) entfernt"),
    "response_media_type_added": _("Medientyp (Antwort) hinzugefügt"),
    "type_changed": _("Typ geändert"),
    "format_changed": _("Format geändert"),
    "enum_narrowed": _("Werteliste eingeschränkt"),
    "enum_widened": _("Werteliste erweitert"),
    "request_field_removed": _("Feld (Anfrage) entfernt"),
    "response_field_removed": _("Feld (Antwort) entfernt"),
    "required_request_field_added": _("neues Pflichtfeld (Anfrage)"),
    "request_field_added": _("Feld (Anfrage) hinzugefügt"),
    "response_field_added": _("Feld (Antwort) hinzugefügt"),
    "request_field_became_required": _("Feld (Anfrage) jetzt Pflicht"),
    "response_field_became_optional": _("Feld (Antwort) nicht mehr immer vorhanden"),
    "security_changed": _("Sicherheitsanforderungen geändert"),
    "request_body_became_optional": _("Request-Body jetzt optional"),
    "request_field_became_optional": _("Feld (Anfrage) jetzt optional"),
    "response_field_became_required": _("Feld (Antwort) jetzt immer vorhanden"),
    "constraint_tightened": _("Einschränkung verschärft"),
    "constraint_loosened": _("Einschränkung gelockert"),
    "pattern_changed": _("Muster (pattern) geändert"),
    "nullable_changed": _("null-Zulässigkeit geändert"),
    "composition_changed": _("Zusammensetzung (allOf/anyOf/oneOf) geändert"),
    "default_changed": _("Standardwert geändert"),
    "response_header_removed": _("Header (Antwort) entfernt"),
    "response_header_became_optional": _("Header (Antwort) nicht mehr immer vorhanden"),
    "mutability_changed": _("readOnly/writeOnly geändert"),
    "schema_changed": _("Schema geändert"),
}

LEVEL_LABELS = {
    "error": _("Fehler"),
    "warning": _("Warnung"),
    "info": _("Hinweis"),
}


@register.filter
def change_label(code: str) -> str:
    return str(CHANGE_LABELS.get(code, code))


@register.filter
def level_label(level: str) -> str:
    """German label of a finding's level (error, warning, info); older results have none."""
    return str(LEVEL_LABELS.get(level, "")) if level else ""


@register.inclusion_tag("standards/_solution_standards.html", takes_context=True)
def solution_standards(context: template.Context, solution: Solution) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    rows: dict[tuple[str, str, str | None], dict[str, Any]] = {}
    for entry in selectors.solution_conformance(solution):
        key = (entry.standard_slug, entry.version, entry.release)
        row = rows.setdefault(
            key,
            {
                "standard_slug": entry.standard_slug,
                "abbreviation": entry.standard_abbreviation,
                "version": entry.version,
                "release": entry.release,
                "declared": None,
                "verified": None,
            },
        )
        row["verified" if entry.kind == Conformance.Kind.VERIFIED else "declared"] = entry.conformance
    specs = selectors.solution_specs(solution)
    releases = [
        (release, [s for s in specs if s.release_id == release.pk]) for release in solution.releases.all()
    ]
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "solution": solution,
        "conformance_rows": list(rows.values()),
        "releases": releases,
        "uses": InterfaceUse.objects.filter(solution=solution).select_related(
            "standard_version__standard", "provider"
        ),
        "can_edit": policy.can_edit_organization_data(user, solution.owner_id),
    }
