from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ikone.catalog.models import Solution
from ikone.coverage.services import StatusValues


class StatusForm(forms.Form):
    """Edit one status; validates the shape, the service checks the level against the model."""

    ozg_id = forms.TypedChoiceField(label=_("OZG-Leistung"), coerce=int)
    model = forms.ChoiceField(
        label=_("Reifegradmodell"), choices=[("1.1", "1.1 (Stufen 0–4)"), ("2.0", "2.0 (Stufen 0–7)")]
    )
    level = forms.IntegerField(
        label=_("Reifegrad"),
        min_value=0,
        max_value=7,
        help_text=_("Modell 1.1: 0–4, OZG-konform ab 3; Modell 2.0: 0–7."),
    )
    online_since = forms.DateField(
        label=_("online seit"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    url = forms.URLField(
        label=_("Adresse des Online-Dienstes"), required=False, max_length=500, assume_scheme="https"
    )
    solution = forms.ModelChoiceField(
        label=_("eingesetzte Lösung"), required=False, queryset=Solution.objects.none(), to_field_name="slug"
    )
    note = forms.CharField(
        label=_("Notiz"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, services: list[tuple[int, str]], solutions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ozg_id"].choices = services  # type: ignore[attr-defined]
        self.fields["solution"].queryset = solutions  # type: ignore[attr-defined]

    def values(self) -> StatusValues:
        data = self.cleaned_data
        return StatusValues(
            level=data["level"],
            model=data["model"],
            online_since=data["online_since"],
            url=data["url"] or "",
            solution=data["solution"],
            note=data["note"] or "",
        )


class BulkForm(forms.Form):
    """One Reifegrad for every OZG-Leistung of a Themenfeld."""

    themenfeld = forms.ChoiceField(label=_("Themenfeld"))
    model = forms.ChoiceField(label=_("Reifegradmodell"), choices=StatusForm.base_fields["model"].choices)  # type: ignore[attr-defined]
    level = forms.IntegerField(
        label=_("Reifegrad"), min_value=0, max_value=7, help_text=StatusForm.base_fields["level"].help_text
    )
    only_unreported = forms.BooleanField(label=_("Nur OZG-Leistungen ohne erfassten Stand"), required=False)

    prefix = "bulk"  # its fields share labels with the single-status form on the same page

    def __init__(self, *args: Any, themenfelder: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themenfeld"].choices = themenfelder  # type: ignore[attr-defined]

    def values(self) -> StatusValues:
        return StatusValues(level=self.cleaned_data["level"], model=self.cleaned_data["model"])


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Datei (CSV oder XLSX)"),
        help_text=_("Spalten: ozg_id, name, level, model, online_since, url, note – wie in der Vorlage."),
    )
    partial = forms.BooleanField(
        label=_("Gültige Zeilen übernehmen, auch wenn andere Zeilen fehlerhaft sind"), required=False
    )


class ThresholdForm(forms.Form):
    min_level = forms.TypedChoiceField(
        label=_("ab Reifegrad (Modell 1.1)"),
        coerce=int,
        choices=[
            (1, "1 Information"),
            (2, "2 Formular-Assistent"),
            (3, "3 Online-Leistung"),
            (4, "4 Online-Transaktion"),
        ],
        initial=3,
        required=False,
    )


class MapForm(forms.Form):
    """The coverage map's GET form: service (or all), threshold, Kreise nationally or one Land."""

    SCOPES = [("kreise", _("Kreise in Deutschland")), ("gemeinden", _("Gemeinden eines Landes"))]

    ozg_id = forms.ChoiceField(label=_("OZG-Leistung"), required=False)
    min_level = forms.TypedChoiceField(
        label=_("ab Reifegrad (Modell 1.1)"),
        coerce=int,
        choices=ThresholdForm.base_fields["min_level"].choices,  # type: ignore[attr-defined]
        initial=3,
        required=False,
    )
    scope = forms.ChoiceField(label=_("Gebiete"), choices=SCOPES, initial="kreise", required=False)
    land = forms.ChoiceField(
        label=_("Land"), required=False, help_text=_("Nur für „Gemeinden eines Landes“.")
    )

    def __init__(
        self, *args: Any, services: list[tuple[str, str]], lands: list[tuple[str, str]], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.fields["ozg_id"].choices = [("", _("alle OZG-Leistungen (Mittelwert)")), *services]  # type: ignore[attr-defined]
        self.fields["land"].choices = lands  # type: ignore[attr-defined]
