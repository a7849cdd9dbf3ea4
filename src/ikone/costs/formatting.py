"""German formats for money, percentages and dates (UI, PDF and CSV): 1.234,56 €, 12,50 %, 31.12.2025."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal


def number_de(value: Decimal, places: int = 2) -> str:
    quantised = Decimal(value).quantize(Decimal(1).scaleb(-places))
    text = f"{quantised:,.{places}f}"
    return text.replace(",", "\u0001").replace(".", ",").replace("\u0001", ".")


def eur(value: Decimal | None) -> str:
    return "–" if value is None else f"{number_de(value)} €"


def percent(value: Decimal | None) -> str:
    return "–" if value is None else f"{number_de(value)} %"


def date_de(value: dt.date | None) -> str:
    return "" if value is None else value.strftime("%d.%m.%Y")
