"""Template helpers shared by every page."""

from typing import Any

from django import template
from django.forms import BoundField

register = template.Library()

_INPUT_CLASSES = {"select": "kern-form-input__select", "checkbox": "kern-form-check__input"}


@register.inclusion_tag("web/components/field.html")
def field(bound: BoundField) -> dict[str, Any]:
    """Render a form field the accessible way (KERN classes, hint and error ids in aria-describedby)."""
    widget = bound.field.widget
    input_type = getattr(widget, "input_type", "select" if widget.__class__.__name__ == "Select" else "text")
    widget.input_type = input_type
    css = _INPUT_CLASSES.get(input_type, "kern-form-input__input")
    if bound.errors:
        css += f" {css}--error"
    described = [f"{bound.id_for_label}-hint"] if bound.help_text else []
    if bound.errors:
        described.append(f"{bound.id_for_label}-error")
    attrs = {"class": css}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if bound.errors:
        attrs["aria-invalid"] = "true"
    widget.attrs.update(attrs)
    return {"field": bound}
