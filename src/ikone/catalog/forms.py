"""Forms of the solution catalog. They only parse input; the rules live in the validator and services."""

from __future__ import annotations

import copy
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ikone.catalog.choices import (
    DEVELOPMENT_STATUS_LABELS,
    MAINTENANCE_TYPE_LABELS,
    SOFTWARE_TYPE_LABELS,
    Visibility,
)
from ikone.catalog.documents import preferred_description
from ikone.catalog.publiccode import CATEGORIES
from ikone.catalog.selectors import SolutionFilter
from ikone.core.errors import FieldError


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def _items(value: str) -> list[str]:
    return [item.strip() for item in value.replace("\n", ",").split(",") if item.strip()]


class SolutionSearchForm(forms.Form):
    q = forms.CharField(label=_("Suchbegriff"), required=False, max_length=200)
    sort = forms.ChoiceField(
        label=_("Sortierung"),
        required=False,
        choices=[
            ("relevance", _("Relevanz")),
            ("name", _("Name")),
            ("updated", _("zuletzt geändert")),
            ("transferability", _("Übertragbarkeit")),
        ],
    )

    def to_filter(self, params: Any) -> SolutionFilter:
        """The filter from the form and the facet parameters of the URL (invalid values are ignored)."""
        data = self.cleaned_data if self.is_valid() else {}
        facet_values = {
            name: params.get(name) or None
            for name in (
                "themenfeld",
                "license",
                "development_status",
                "software_type",
                "platform",
                "category",
                "maintenance_type",
                "land",
                "network",
                "owner",
                "used_by",
                "transferability",
            )
        }
        service = params.get("service", "")
        return SolutionFilter(
            q=data.get("q") or None,
            sort=data.get("sort") or "relevance",
            service=int(service) if service.isdigit() else None,
            **{k: (v[:200] if v else None) for k, v in facet_values.items()},
        )


class PubliccodeUploadForm(forms.Form):
    file = forms.FileField(
        label=_("publiccode.yml-Datei"),
        help_text=_("YAML-Datei nach dem Standard publiccode.yml (höchstens 1 MiB)."),
    )
    owner = forms.CharField(
        label=_("Eigentümerin (AGS oder Kurzname)"),
        required=False,
        max_length=120,
        help_text=_("z. B. 07318000 für Speyer"),
    )
    network = forms.CharField(
        label=_("Netzwerk (Kurzname)"), required=False, max_length=100, help_text=_("z. B. ikone-ds")
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 1024 * 1024:
            raise forms.ValidationError(_("Die Datei ist größer als 1 MiB."))
        return upload


# publiccode.yml key (prefix) → form field that shows its errors
KEY_TO_FIELD = [
    ("name", "name"),
    ("url", "url"),
    ("landingURL", "landing_url"),
    ("platforms", "platforms"),
    ("categories", "categories"),
    ("developmentStatus", "development_status"),
    ("softwareType", "software_type"),
    ("description.de.shortDescription", "short_description"),
    ("description.de.longDescription", "long_description"),
    ("description.de.features", "features"),
    ("legal.license", "license"),
    ("maintenance.type", "maintenance_type"),
    ("maintenance.contacts", "contact_name"),
    ("localisation.availableLanguages", "available_languages"),
]


class SolutionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    url = forms.CharField(
        label=_("URL des Quellcode-Repositorys"),
        max_length=500,
        help_text=_("z. B. https://gitlab.opencode.de/stadt/loesung"),
    )
    landing_url = forms.CharField(label=_("Website der Lösung"), max_length=500, required=False)
    short_description = forms.CharField(
        label=_("Kurzbeschreibung"), max_length=300, help_text=_("höchstens 150 Zeichen")
    )
    long_description = forms.CharField(
        label=_("Beschreibung"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("mindestens 150 Zeichen"),
    )
    features = forms.CharField(
        label=_("Funktionen"), widget=forms.Textarea(attrs={"rows": 4}), help_text=_("eine Funktion je Zeile")
    )
    license = forms.CharField(label=_("Lizenz (SPDX)"), max_length=200, help_text=_("z. B. EUPL-1.2"))
    development_status = forms.ChoiceField(
        label=_("Entwicklungsstand"), choices=list(DEVELOPMENT_STATUS_LABELS.items())
    )
    software_type = forms.ChoiceField(label=_("Softwaretyp"), choices=list(SOFTWARE_TYPE_LABELS.items()))
    platforms = forms.CharField(
        label=_("Plattformen"), max_length=300, help_text=_("kommagetrennt, z. B. web, ios")
    )
    categories = forms.MultipleChoiceField(
        label=_("Kategorien"),
        required=False,
        choices=[(c, c) for c in CATEGORIES],
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    maintenance_type = forms.ChoiceField(label=_("Wartung"), choices=list(MAINTENANCE_TYPE_LABELS.items()))
    contact_name = forms.CharField(
        label=_("Ansprechperson"),
        max_length=200,
        required=False,
        help_text=_("Pflicht bei interner Wartung oder Wartung per Vertrag"),
    )
    contact_email = forms.EmailField(label=_("E-Mail der Ansprechperson"), required=False)
    available_languages = forms.CharField(
        label=_("Sprachen"), max_length=200, initial="de", help_text=_("kommagetrennt, z. B. de, en")
    )
    owner = forms.CharField(label=_("Eigentümerin (AGS oder Kurzname)"), max_length=120, required=False)
    networks = forms.CharField(
        label=_("Netzwerke (Kurznamen)"),
        max_length=300,
        required=False,
        help_text=_("kommagetrennt, z. B. ikone-ds"),
    )
    services = forms.CharField(
        label=_("OZG-Leistungen (OZG-IDs)"),
        max_length=500,
        required=False,
        help_text=_("kommagetrennt, z. B. 10200, 10110"),
    )
    visibility = forms.ChoiceField(label=_("Sichtbarkeit"), choices=Visibility.choices)

    @classmethod
    def initial_from(cls, solution: Any) -> dict[str, Any]:
        document = solution.document
        _language, block = preferred_description(document)
        contacts = (document.get("maintenance") or {}).get("contacts") or [{}]
        return {
            "name": solution.name,
            "url": solution.url,
            "landing_url": solution.landing_url,
            "short_description": block.get("shortDescription", ""),
            "long_description": block.get("longDescription", ""),
            "features": "\n".join(block.get("features") or []),
            "license": solution.license,
            "development_status": solution.development_status,
            "software_type": solution.software_type,
            "platforms": ", ".join(document.get("platforms") or []),
            "categories": document.get("categories") or [],
            "maintenance_type": solution.maintenance_type,
            "contact_name": contacts[0].get("name", ""),
            "contact_email": contacts[0].get("email", ""),
            "available_languages": ", ".join(
                (document.get("localisation") or {}).get("availableLanguages") or []
            ),
            "owner": solution.owner.key if solution.owner else "",
            "networks": ", ".join(n.slug for n in solution.networks.all()),
            "services": ", ".join(str(s.ozg_id) for s in solution.services.all()),
            "visibility": solution.visibility,
        }

    def document(self, base: dict[str, Any] | None = None) -> dict[str, Any]:
        """The publiccode.yml content: the fields of this form written over `base` (other keys stay)."""
        data = self.cleaned_data
        document = copy.deepcopy(base or {})
        document["publiccodeYmlVersion"] = "0"
        document["name"] = data["name"]
        document["url"] = data["url"]
        if data["landing_url"]:
            document["landingURL"] = data["landing_url"]
        else:
            document.pop("landingURL", None)
        document["platforms"] = _items(data["platforms"])
        if data["categories"]:
            document["categories"] = data["categories"]
        else:
            document.pop("categories", None)
        document["developmentStatus"] = data["development_status"]
        document["softwareType"] = data["software_type"]
        description = dict(document.get("description") or {})
        german = dict(description.get("de") or {})
        german.update(
            shortDescription=data["short_description"],
            longDescription=data["long_description"],
            features=_lines(data["features"]),
        )
        description["de"] = german
        document["description"] = description
        document["legal"] = {**(document.get("legal") or {}), "license": data["license"]}
        maintenance: dict[str, Any] = {
            **(document.get("maintenance") or {}),
            "type": data["maintenance_type"],
        }
        if data["contact_name"]:
            contact = {"name": data["contact_name"]}
            if data["contact_email"]:
                contact["email"] = data["contact_email"]
            maintenance["contacts"] = [contact, *(maintenance.get("contacts") or [])[1:]]
        document["maintenance"] = maintenance
        localisation = {**(document.get("localisation") or {}), "localisationReady": True}
        localisation["availableLanguages"] = _items(data["available_languages"]) or ["de"]
        document["localisation"] = localisation
        return document

    def add_domain_errors(self, errors: list[FieldError]) -> None:
        for error in errors:
            field = next(
                (
                    f
                    for key, f in KEY_TO_FIELD
                    if error.field == key
                    or error.field.startswith(key + ".")
                    or error.field.startswith(key + "[")
                ),
                None,
            )
            self.add_error(field, error.message)
