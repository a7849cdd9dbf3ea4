from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ikone.planning.choices import DEFAULT_EFFORT_DAYS, PERIOD_PATTERN, PreferenceChoice
from ikone.planning.services import MAX_TIME_LIMIT


def _period_field(**kwargs: Any) -> forms.CharField:
    return forms.RegexField(
        regex=PERIOD_PATTERN,
        label=_("Planungszeitraum"),
        help_text=_("Halbjahr im Format JJJJ-H1 oder JJJJ-H2, z. B. 2027-H1."),
        error_messages={"invalid": _("Bitte im Format JJJJ-H1 oder JJJJ-H2 angeben.")},
        max_length=7,
        **kwargs,
    )


class PlanForm(forms.Form):
    period = _period_field()
    time_limit = forms.FloatField(
        label=_("Zeitlimit (Sekunden)"),
        min_value=1,
        max_value=MAX_TIME_LIMIT,
        initial=10,
        help_text=_("So lange rechnet der Löser höchstens; die Seite wartet darauf."),
    )
    fairness_slack = forms.DecimalField(
        label=_("Fairness-Faktor"),
        min_value=Decimal("1"),
        max_value=Decimal("10"),
        decimal_places=2,
        initial=Decimal("1.25"),
        help_text=_(
            "Kein Mitglied wird stärker ausgelastet als dieser Faktor mal die mittlere Auslastung des "
            "Netzwerks (plus der Aufwand einer Leistung)."
        ),
    )
    default_effort = forms.IntegerField(
        label=_("Standardaufwand je Leistung (PT)"),
        min_value=1,
        max_value=10000,
        initial=DEFAULT_EFFORT_DAYS,
        help_text=_("Gilt, wenn weder die Koordination noch frühere Übernahmen einen Aufwand nennen."),
    )


class CapacityForm(forms.Form):
    network = forms.ChoiceField(label=_("Netzwerk"))
    period = _period_field()
    person_days = forms.IntegerField(
        label=_("Kapazität (Personentage)"),
        min_value=0,
        max_value=10000,
        help_text=_(
            "Wie viele Personentage Ihre Organisation in diesem Halbjahr für das Netzwerk einbringt."
        ),
    )
    note = forms.CharField(label=_("Notiz"), required=False, max_length=500)

    def __init__(self, *args: Any, networks: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["network"].choices = [(n.slug, str(n)) for n in networks]  # type: ignore[attr-defined]


class PreferencesForm(forms.Form):
    """One choice per Themenfeld (field name `tf-<id>`)."""

    def __init__(self, *args: Any, themenfelder: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.themenfelder = themenfelder
        for themenfeld in themenfelder:
            self.fields[f"tf-{themenfeld.pk}"] = forms.TypedChoiceField(
                label=themenfeld.name,
                choices=PreferenceChoice.choices,
                coerce=int,
                initial=PreferenceChoice.NEUTRAL,
            )


class ServiceOverrideForm(forms.Form):
    ozg_id = forms.IntegerField(label=_("OZG-ID der OZG-Leistung"), min_value=1)
    effort_days = forms.IntegerField(
        label=_("Aufwand (Personentage)"),
        min_value=1,
        max_value=10000,
        required=False,
        help_text=_("Leer lassen, um den Aufwand aus Übernahmen oder den Standardaufwand zu nutzen."),
    )
    weight = forms.DecimalField(
        label=_("Gewicht"),
        min_value=Decimal("0"),
        max_value=Decimal("10"),
        decimal_places=2,
        initial=Decimal("1"),
        help_text=_("Multipliziert die Priorität; 0 nimmt die Leistung aus der Planung."),
    )
