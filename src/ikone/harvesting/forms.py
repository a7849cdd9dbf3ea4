"""The form for a harvest source (create and edit); the values go to the same services as the
API (`services.source_create`, `services.source_update`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ikone.core.errors import FieldError
from ikone.harvesting.choices import GitPlatform, SourceKind, TrustLevel
from ikone.organizations.models import Network

LIST_HELP = _("durch Kommas getrennt; leer: keine Einschränkung")
LIST_LIMITS = {"filter_lands": 20, "filter_tags": 50, "filter_services": 200, "filter_licences": 50}


class SourceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.SlugField(
        label=_("Kurzname"), max_length=60, help_text=_("Buchstaben, Ziffern, - und _; erscheint in Adressen")
    )
    kind = forms.ChoiceField(label=_("Art der Quelle"), choices=SourceKind.choices)
    base_url = forms.URLField(
        label=_("Adresse"),
        max_length=500,
        assume_scheme="https",
        help_text=_(
            "ikone: Startseite der Instanz; GitHub/GitLab: Adresse der API; sonst die Katalogadresse."
        ),
    )
    platform = forms.ChoiceField(
        label=_("Plattform"),
        required=False,
        choices=[("", "–"), *GitPlatform.choices],
        help_text=_("nur für Git-Plattformen"),
    )
    organization = forms.CharField(
        label=_("Organisation oder Gruppe"),
        required=False,
        max_length=200,
        help_text=_("nur für Git-Plattformen"),
    )
    follow_network = forms.CharField(
        label=_("Netzwerk der Quelle"),
        required=False,
        max_length=120,
        help_text=_("nur ikone: nur Lösungen übernehmen, die in diesem Netzwerk der Quelle genutzt werden"),
    )
    network = forms.ChoiceField(
        label=_("Folgendes Netzwerk hier"),
        required=False,
        help_text=_("Das Netzwerk, das diesem Katalog folgt: übernommene Lösungen werden darin geteilt."),
    )
    filter_lands = forms.CharField(
        label=_("nur Länder (Schlüssel, z. B. 07)"), required=False, max_length=500, help_text=LIST_HELP
    )
    filter_tags = forms.CharField(
        label=_("nur Merkmale"), required=False, max_length=2000, help_text=LIST_HELP
    )
    filter_services = forms.CharField(
        label=_("nur OZG-Leistungen (IDs)"), required=False, max_length=4000, help_text=LIST_HELP
    )
    filter_licences = forms.CharField(
        label=_("nur Lizenzen (SPDX, z. B. EUPL-1.2)"), required=False, max_length=2000, help_text=LIST_HELP
    )
    trust_level = forms.ChoiceField(
        label=_("Vertrauensstufe"),
        choices=TrustLevel.choices,
        initial=TrustLevel.MEDIUM,
        help_text=_(
            "niedrig: Warnungen der Prüfung weisen einen Eintrag ab; hoch: gewinnt gegen andere Quellen derselben Lösung."
        ),
    )
    interval_minutes = forms.IntegerField(
        label=_("Abstand der Läufe (Minuten)"),
        min_value=0,
        max_value=60 * 24 * 31,
        initial=0,
        help_text=_("0: nur von Hand"),
    )
    enabled = forms.BooleanField(
        label=_("aktiv"),
        required=False,
        initial=True,
        help_text=_("ausgeschaltet: keine geplanten Läufe"),
        widget=forms.CheckboxInput(
            attrs={"class": "kern-form-check__input", "aria-describedby": "id_enabled-hint"}
        ),
    )

    def __init__(self, *args: Any, networks: list[Network], allow_none: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.networks = {network.slug: network for network in networks}
        choices = [(network.slug, network.name) for network in networks]
        self.fields["network"].choices = [("", _("keines")), *choices] if allow_none else choices  # type: ignore[attr-defined]
        self.fields["network"].required = not allow_none

    def clean_network(self) -> Network | None:
        slug = self.cleaned_data.get("network") or ""
        return self.networks.get(slug)

    def _list(self, name: str) -> list[str]:
        values = [part.strip() for part in (self.cleaned_data.get(name) or "").split(",") if part.strip()]
        if len(values) > LIST_LIMITS[name]:
            raise forms.ValidationError(_("Höchstens %(n)s Einträge.") % {"n": LIST_LIMITS[name]})
        if any(len(value) > 100 for value in values):
            raise forms.ValidationError(_("Jeder Eintrag darf höchstens 100 Zeichen lang sein."))
        return values

    def clean_filter_lands(self) -> list[str]:
        return self._list("filter_lands")

    def clean_filter_tags(self) -> list[str]:
        return self._list("filter_tags")

    def clean_filter_services(self) -> list[str]:
        return self._list("filter_services")

    def clean_filter_licences(self) -> list[str]:
        return self._list("filter_licences")

    @staticmethod
    def initial_of(source: Any) -> dict[str, Any]:
        values = {name: getattr(source, name) for name in SourceForm.base_fields if name != "network"}
        for name in LIST_LIMITS:
            values[name] = ", ".join(values[name])
        values["network"] = source.network.slug if source.network else ""
        return values

    def add_domain_errors(self, errors: list[FieldError]) -> None:
        for error in errors:
            self.add_error(error.field if error.field in self.fields else None, error.message)
