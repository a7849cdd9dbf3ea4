from django.db import models
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    PUBLIC = "public", _("öffentlich")
    NETWORK = "network", _("nur im Netzwerk")
    DRAFT = "draft", _("Entwurf")


class TagKind(models.TextChoices):
    PLATFORM = "platform", _("Plattform")
    CATEGORY = "category", _("Kategorie")


DEVELOPMENT_STATUS_LABELS = {
    "concept": _("Konzept"),
    "development": _("in Entwicklung"),
    "beta": _("Beta"),
    "stable": _("stabil"),
    "obsolete": _("veraltet"),
}
SOFTWARE_TYPE_LABELS = {
    "standalone/mobile": _("eigenständig: mobil"),
    "standalone/iot": _("eigenständig: IoT"),
    "standalone/desktop": _("eigenständig: Desktop"),
    "standalone/web": _("eigenständig: Web"),
    "standalone/backend": _("eigenständig: Backend"),
    "standalone/other": _("eigenständig: sonstige"),
    "addon": _("Erweiterung"),
    "library": _("Bibliothek"),
    "configurationFiles": _("Konfigurationsdateien"),
}
MAINTENANCE_TYPE_LABELS = {
    "internal": _("intern"),
    "contract": _("Vertrag"),
    "community": _("Community"),
    "none": _("keine Wartung"),
}


# "Nutzende laut publiccode.yml" facet: bucket → (lowest, highest or None) number of usedBy entries.
USED_BY_RANGES: dict[str, tuple[int, int | None]] = {"0": (0, 0), "1": (1, 1), "2-5": (2, 5), "6+": (6, None)}
