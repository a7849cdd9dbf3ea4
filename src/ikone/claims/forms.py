"""Forms for claims: they only parse input; the rules live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ikone.core.errors import FieldError

LEVEL_CHOICES = [(level, str(level)) for level in range(8)]
MODEL_CHOICES = [("1.1", "1.1"), ("2.0", "2.0")]


def _items(value: str) -> list[str]:
    return [item.strip() for item in value.replace("\n", ",").split(",") if item.strip()]


class BoardFilterForm(forms.Form):
    themenfeld = forms.ChoiceField(label=_("Themenfeld"), required=False)
    organization = forms.ChoiceField(label=_("Mitglied"), required=False)

    def __init__(self, *args: Any, themenfelder: list[Any], members: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices("themenfeld", [("", _("alle"))] + [(t.slug, t.name) for t in themenfelder])
        self._choices("organization", [("", _("alle"))] + [(m.key, str(m)) for m in members])

    def _choices(self, name: str, choices: list[tuple[str, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices


class ClaimForm(forms.Form):
    organization = forms.ChoiceField(label=_("Übernehmendes Mitglied"))
    ozg_id = forms.IntegerField(
        label=_("OZG-ID der OZG-Leistung"),
        min_value=1,
        help_text=_("Die Nummer aus dem OZG-Katalog, z. B. 10200."),
    )
    solution = forms.CharField(
        label=_("Lösung aus dem Katalog (Kurzname)"),
        required=False,
        max_length=120,
        help_text=_("Wenn eine vorhandene Lösung nachgenutzt wird."),
    )
    new_solution_name = forms.CharField(
        label=_("oder: Name einer neuen Lösung"), required=False, max_length=200
    )
    target_level = forms.TypedChoiceField(
        label=_("Ziel-Reifegrad"), choices=LEVEL_CHOICES, coerce=int, initial=3
    )
    maturity_model = forms.ChoiceField(label=_("Reifegradmodell"), choices=MODEL_CHOICES, initial="1.1")
    target_date = forms.DateField(
        label=_("Zieltermin"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Format TT.MM.JJJJ oder JJJJ-MM-TT"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
    )
    effort_days = forms.DecimalField(
        label=_("Aufwand (Personentage)"), required=False, min_value=0, max_digits=7, decimal_places=1
    )
    partners = forms.CharField(
        label=_("Mitfinanzierende (AGS oder Kurznamen, kommagetrennt)"), required=False, max_length=1000
    )
    contact = forms.CharField(label=_("Ansprechperson"), required=False, max_length=200)
    note = forms.CharField(label=_("Notiz"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    confirm = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)

    def __init__(self, *args: Any, members: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(m.key, str(m)) for m in members]

    def partner_keys(self) -> list[str]:
        return _items(self.cleaned_data.get("partners") or "")

    def add_domain_errors(self, errors: list[FieldError]) -> None:
        names = {"service": "ozg_id", "maturity_model": "maturity_model"}
        for error in errors:
            name = names.get(error.field, error.field)
            self.add_error(name if name in self.fields else None, error.message)


class TransitionForm(forms.Form):
    reason = forms.CharField(
        label=_("Begründung"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )
    solution = forms.CharField(label=_("Lösung aus dem Katalog (Kurzname)"), required=False, max_length=120)
