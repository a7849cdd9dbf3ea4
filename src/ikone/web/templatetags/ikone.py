"""Template helpers shared by every page."""

from typing import Any

from django import template
from django.forms import BoundField
from django.template.base import FilterExpression
from django.template.loader import render_to_string

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


class WideTableNode(template.Node):
    def __init__(self, nodelist: template.NodeList, caption_id: FilterExpression) -> None:
        self.nodelist = nodelist
        self.caption_id = caption_id

    def render(self, context: template.Context) -> str:
        # NodeList.render gives a SafeString: the table's own escaping stands.
        return render_to_string(
            "web/components/wide_table.html",
            {
                "caption_id": self.caption_id.resolve(context),
                "table": self.nodelist.render(context),
            },
        )


@register.tag("widetable")
def widetable(parser: template.base.Parser, token: template.base.Token) -> WideTableNode:
    """`{% widetable "matrix-caption" %}<table>…<caption id="matrix-caption">…</table>{% endwidetable %}`:
    a table wider than the page scrolls sideways in its own region (named by the caption, focusable
    for the arrow keys), with a hint and a shadow at the edge where more columns follow; its first
    column stays in place. See web/static/web/wide-table.js and the wide-table rules in site.css."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("widetable takes one argument: the id of the table's caption")
    nodelist = parser.parse(("endwidetable",))
    parser.delete_first_token()
    return WideTableNode(nodelist, parser.compile_filter(bits[1]))
