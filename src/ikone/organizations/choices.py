from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    LAND = "land", _("Land")
    REGIERUNGSBEZIRK = "regierungsbezirk", _("Regierungsbezirk")
    KREIS = "kreis", _("Kreis")
    GEMEINDEVERBAND = "gemeindeverband", _("Gemeindeverband")
    GEMEINDE = "gemeinde", _("Gemeinde")
    OTHER = "other", _("sonstige Organisation")


class Source(models.TextChoices):
    REFERENCE = "reference", _("Gemeindeverzeichnis (Destatis)")
    DEMO = "demo", _("Demodaten")
    MANUAL = "manual", _("manuell erfasst")


class MembershipRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Koordination")
    MEMBER = "member", _("Mitglied")
    OBSERVER = "observer", _("beobachtend")


# Destatis GV100 "Textkennzeichen" → kind label, per record type (Satzart).
KREIS_KINDS = {
    "41": "Kreisfreie Stadt",
    "42": "Stadtkreis",
    "43": "Kreis",
    "44": "Landkreis",
    "45": "Regionalverband",
}
GEMEINDEVERBAND_KINDS = {
    "50": "verbandsfrei",
    "51": "Amt",
    "52": "Samtgemeinde",
    "53": "Verbandsgemeinde",
    "54": "Verwaltungsgemeinschaft",
    "55": "Kirchspielslandgemeinde",
    "56": "Verwaltungsverband",
    "57": "Verwaltungsgemeinschaft (Trägermodell)",
    "58": "erfüllende Gemeinde",
}
GEMEINDE_KINDS = {
    "60": "Markt",
    "61": "Kreisfreie Stadt",
    "62": "Stadtkreis",
    "63": "Stadt",
    "64": "Kreisangehörige Gemeinde",
    "65": "gemeindefreies Gebiet, bewohnt",
    "66": "gemeindefreies Gebiet, unbewohnt",
    "67": "Große Kreisstadt",
}
OTHER_KINDS = [
    "kommunales Unternehmen",
    "IT-Dienstleister",
    "Ministerium",
    "Verband",
    "Zweckverband",
    "Unternehmen",
    "Hochschule",
    "Bundesbehörde",
]
