"""Rules for the official keys AGS (Amtlicher Gemeindeschlüssel) and ARS (Amtlicher Regionalschlüssel).

AGS = Land (2) + Regierungsbezirk (1) + Kreis (2) + Gemeinde (3): 8 digits.
ARS = Land (2) + Regierungsbezirk (1) + Kreis (2) + Verband (4) + Gemeinde (3): 12 digits.
"""

from __future__ import annotations

import re

LAND_KEYS = {f"{n:02d}" for n in range(1, 17)}
_AGS = re.compile(r"^[0-9]{8}$")
_ARS = re.compile(r"^[0-9]{12}$")


def ags_problems(ags: str) -> list[str]:
    """German messages for what is wrong with an AGS (empty list when it is well-formed)."""
    if not _AGS.match(ags):
        return ["Der AGS muss aus genau 8 Ziffern bestehen."]
    if ags[:2] not in LAND_KEYS:
        return [f"Der AGS beginnt mit „{ags[:2]}“, das ist kein Länderschlüssel (01–16)."]
    return []


def ars_problems(ars: str) -> list[str]:
    if not _ARS.match(ars):
        return ["Der ARS muss aus genau 12 Ziffern bestehen."]
    if ars[:2] not in LAND_KEYS:
        return [f"Der ARS beginnt mit „{ars[:2]}“, das ist kein Länderschlüssel (01–16)."]
    return []


def ags_from_ars(ars: str) -> str:
    """The AGS contained in a municipality's ARS (the Verband part is left out)."""
    return ars[:5] + ars[9:]


def consistency_problems(ags: str, ars: str) -> list[str]:
    if ags and ars and not ags_problems(ags) and not ars_problems(ars) and ags_from_ars(ars) != ags:
        return [f"AGS {ags} passt nicht zum ARS {ars} (erwartet AGS {ags_from_ars(ars)})."]
    return []


def pad_ars(prefix: str) -> str:
    """Complete a key prefix (Land 2, RB 3, Kreis 5, Verband 9 digits) to a 12-digit ARS."""
    return prefix.ljust(12, "0")
