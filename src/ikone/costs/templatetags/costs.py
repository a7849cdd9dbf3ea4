from decimal import Decimal

from django import template

from ikone.costs import formatting

register = template.Library()


@register.filter
def eur(value: Decimal | None) -> str:
    return formatting.eur(value)


@register.filter
def percent_de(value: Decimal | None) -> str:
    return formatting.percent(value)


@register.filter
def number_de(value: Decimal | None, places: int = 2) -> str:
    return "–" if value is None else formatting.number_de(value, int(places))
