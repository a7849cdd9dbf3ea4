"""Forms: the owner's facts and the choice of a target organisation. They only parse input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ikone.organizations import keys
from ikone.organizations.models import Organization
from ikone.transferability.models import LegalScope, TransferabilityFacts
from ikone.transferability.scoring import SIZE_CLASS_LABELS
from ikone.transferability.services import FactValues

TRISTATE = [("", _("keine Angabe")), ("ja", _("ja")), ("nein", _("nein"))]
BOOLEAN_FIELDS = ["container", "saas", "on_premise", "multi_tenant", "personal_data"]


def _tristate(label: Any, help_text: Any = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        required=False,
        choices=TRISTATE,
        coerce=lambda v: {"ja": True, "nein": False}.get(v),
        empty_value=None,
        help_text=help_text,
    )


def land_choices() -> list[tuple[str, str]]:
    names = dict(Organization.objects.filter(level="land").values_list("land_key", "short_name"))
    return [(key, names.get(key, key)) for key in sorted(keys.LAND_KEYS)]


class FactsForm(forms.Form):
    container = _tristate(_("als Container lieferbar (z. B. Docker-Image, Helm-Chart)"))
    saas = _tristate(_("als Dienst nutzbar (SaaS, z. B. beim IT-Dienstleister)"))
    on_premise = _tristate(_("im eigenen Rechenzentrum betreibbar (On-Premise)"))
    multi_tenant = _tristate(
        _("mandantenfähig"), _("Mehrere Kommunen können eine Installation getrennt nutzen.")
    )
    personal_data = _tristate(_("verarbeitet personenbezogene Daten"))
    data_protection_url = forms.URLField(
        label=_("Datenschutz-Dokumentation (URL)"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_(
            "Datenschutz-Folgenabschätzung (Art. 35 DSGVO) oder Muster für das Verzeichnis von Verarbeitungstätigkeiten"
        ),
    )
    accessibility_url = forms.URLField(
        label=_("Erklärung zur Barrierefreiheit (URL)"), required=False, max_length=500, assume_scheme="https"
    )
    legal_scope = forms.ChoiceField(
        label=_("Rechtsbezug"), required=False, choices=[("", _("keine Angabe")), *LegalScope.choices]
    )
    law_land_keys = forms.MultipleChoiceField(
        label=_("Landesrecht dieser Länder ist umgesetzt"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    size_classes = forms.MultipleChoiceField(
        label=_("geeignet für diese Größenklassen (BBSR)"),
        required=False,
        choices=list(SIZE_CLASS_LABELS.items()),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "kern-form-check__input"}),
    )
    it_providers = forms.CharField(
        label=_("IT-Dienstleister, die die Lösung betreiben"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("einer je Zeile"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lands = self.fields["law_land_keys"]
        assert isinstance(lands, forms.MultipleChoiceField)
        lands.choices = land_choices()

    @staticmethod
    def initial_from(facts: TransferabilityFacts) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: {True: "ja", False: "nein"}.get(getattr(facts, name), "") for name in BOOLEAN_FIELDS
        }
        initial.update(
            data_protection_url=facts.data_protection_url,
            accessibility_url=facts.accessibility_url,
            legal_scope=facts.legal_scope,
            law_land_keys=facts.law_land_keys,
            size_classes=facts.size_classes,
            it_providers=facts.it_providers,
        )
        return initial

    def values(self) -> FactValues:
        data = self.cleaned_data
        return FactValues(
            **{name: data[name] for name in BOOLEAN_FIELDS},
            data_protection_url=data["data_protection_url"],
            accessibility_url=data["accessibility_url"],
            legal_scope=data["legal_scope"],
            law_land_keys=data["law_land_keys"],
            size_classes=data["size_classes"],
            it_providers=[line.strip() for line in data["it_providers"].splitlines() if line.strip()],
        )
