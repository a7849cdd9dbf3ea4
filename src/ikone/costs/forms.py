"""Forms for costs: they only parse input (German number formats); the rules live in the services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ikone.core.errors import DomainError, FieldError
from ikone.costs.choices import CostKind, KeyKind, Measure
from ikone.costs.models import CostAgreement, CostItem, Participant
from ikone.costs.selectors import organizations_by_keys
from ikone.costs.services import KeyInput, ParticipantInput
from ikone.organizations.models import Organization

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


def _date(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=help_text,
    )


class GermanDecimalField(forms.DecimalField):
    """Accepts German numbers with a decimal comma and dots between thousands ("1.234,56") as well
    as a decimal point ("1234.56")."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str) and "," in value:
            value = value.strip().replace(".", "").replace(" ", "").replace(",", ".")
        return super().to_python(value)


def _money(label: Any, *, required: bool = False, help_text: Any = "") -> forms.DecimalField:
    return GermanDecimalField(
        label=label,
        required=required,
        max_digits=14,
        decimal_places=2,
        localize=True,
        help_text=help_text or _("in Euro, z. B. 1.234,56"),
    )


def _weight(label: Any) -> forms.DecimalField:
    return GermanDecimalField(
        label=label, required=False, max_digits=5, decimal_places=4, localize=True, initial=Decimal(0)
    )


@dataclass(frozen=True)
class MemberFields:
    organization: Organization
    take_part: forms.BoundField
    joined_on: forms.BoundField
    left_on: forms.BoundField
    usage: forms.BoundField
    fixed_percent: forms.BoundField

    @property
    def fields(self) -> list[forms.BoundField]:
        return [self.take_part, self.joined_on, self.left_on, self.usage, self.fixed_percent]


class AgreementForm(forms.Form):
    title = forms.CharField(label=_("Bezeichnung"), max_length=200)
    solution = forms.ChoiceField(
        label=_("Kosten welcher Lösung?"),
        required=False,
        help_text=_("Ohne Lösung und Übernahme: die Kosten des Netzwerks selbst (z. B. Koordination)."),
    )
    claim = forms.TypedChoiceField(
        label=_("… oder Kosten welcher Übernahme (Netzwerkprojekt)?"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Eine Vereinbarung teilt die Kosten einer Lösung oder einer Übernahme."),
    )
    starts_on = _date(_("Beginn des Zeitraums"), help_text=_("Format TT.MM.JJJJ"))
    ends_on = _date(_("Ende des Zeitraums"), help_text=_("Format TT.MM.JJJJ"))
    kind = forms.ChoiceField(label=_("Schlüssel"), choices=KeyKind.choices, initial=KeyKind.POPULATION)
    agreed_on = _date(_("Schlüssel vereinbart am"))
    weight_population = _weight(_("Gewicht Einwohnerzahl (nur Mischung)"))
    weight_usage = _weight(_("Gewicht Nutzung (nur Mischung)"))
    weight_equal = _weight(_("Gewicht gleiche Anteile (nur Mischung)"))
    variable_measure = forms.ChoiceField(
        label=_("Variabler Anteil nach (nur Grundbetrag plus variabler Anteil)"),
        choices=Measure.choices,
        initial=Measure.POPULATION,
    )
    base_fee_eur = _money(_("Grundbetrag je Mitglied"))
    cap_eur = _money(_("Höchstbetrag je Mitglied"))
    minimum_eur = _money(_("Mindestbetrag je Mitglied"))
    note = forms.CharField(
        label=_("Notiz"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )

    def __init__(
        self,
        *args: Any,
        members: list[Organization],
        solutions: list[tuple[str, str]],
        claims: list[tuple[int, str]],
        agreement: CostAgreement | None = None,
        **kwargs: Any,
    ) -> None:
        self.members = members
        initial = kwargs.pop("initial", {}) or {}
        existing: dict[int, Participant] = {}
        if agreement is not None:
            initial.update(_agreement_initial(agreement))
            existing = {p.organization_id: p for p in agreement.participants.all()}
        for organization in members:
            p = existing.get(organization.pk)
            prefix = f"m{organization.pk}"
            initial[f"{prefix}_in"] = p is not None if agreement is not None else True
            if p is not None:
                initial[f"{prefix}_joined"] = p.joined_on
                initial[f"{prefix}_left"] = p.left_on
                initial[f"{prefix}_usage"] = p.usage
                initial[f"{prefix}_percent"] = p.fixed_percent
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        field = self.fields["solution"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("keine – Kosten des Netzwerks")), *solutions]
        claim_field = self.fields["claim"]
        assert isinstance(claim_field, forms.ChoiceField)
        claim_field.choices = [("", _("keine")), *claims]
        for organization in members:
            prefix = f"m{organization.pk}"
            name = str(organization)
            self.fields[f"{prefix}_in"] = forms.BooleanField(
                label=_("%(name)s nimmt teil") % {"name": name}, required=False
            )
            self.fields[f"{prefix}_joined"] = _date(_("%(name)s: dabei ab") % {"name": name}, required=False)
            self.fields[f"{prefix}_left"] = _date(_("%(name)s: dabei bis") % {"name": name}, required=False)
            self.fields[f"{prefix}_usage"] = forms.IntegerField(
                label=_("%(name)s: Nutzung") % {"name": name},
                required=False,
                min_value=0,
                max_value=2_000_000_000,
            )
            self.fields[f"{prefix}_percent"] = GermanDecimalField(
                label=_("%(name)s: fester Anteil (%%)") % {"name": name},
                required=False,
                min_value=0,
                max_value=100,
                max_digits=6,
                decimal_places=3,
                localize=True,
            )

    def member_rows(self) -> list[MemberFields]:
        return [
            MemberFields(
                organization=o,
                take_part=self[f"m{o.pk}_in"],
                joined_on=self[f"m{o.pk}_joined"],
                left_on=self[f"m{o.pk}_left"],
                usage=self[f"m{o.pk}_usage"],
                fixed_percent=self[f"m{o.pk}_percent"],
            )
            for o in self.members
        ]

    def participants(self) -> list[ParticipantInput]:
        data = self.cleaned_data
        return [
            ParticipantInput(
                organization=o,
                joined_on=data.get(f"m{o.pk}_joined"),
                left_on=data.get(f"m{o.pk}_left"),
                usage=data.get(f"m{o.pk}_usage"),
                fixed_percent=data.get(f"m{o.pk}_percent"),
            )
            for o in self.members
            if data.get(f"m{o.pk}_in")
        ]

    def key(self) -> KeyInput:
        data = self.cleaned_data
        weights = {
            Measure.POPULATION: data.get("weight_population") or Decimal(0),
            Measure.USAGE: data.get("weight_usage") or Decimal(0),
            Measure.EQUAL: data.get("weight_equal") or Decimal(0),
        }
        return KeyInput(
            kind=data["kind"],
            agreed_on=data["agreed_on"],
            weights={k: v for k, v in weights.items() if v} if data["kind"] == KeyKind.HYBRID else {},
            variable_measure=data["variable_measure"],
            base_fee_eur=data.get("base_fee_eur") or Decimal("0.00"),
            cap_eur=data.get("cap_eur"),
            minimum_eur=data.get("minimum_eur"),
        )

    def add_domain_errors(self, errors: list[FieldError]) -> None:
        """Errors go to the field; missing usage counts to each member's empty usage field too."""
        names = {"weights": "weight_population"}
        for error in errors:
            if error.field == "usage":
                for p in self.participants():
                    if p.usage is None:
                        self.add_error(f"m{p.organization.pk}_usage", _("Bitte die Nutzung angeben."))
            name = names.get(error.field, error.field)
            self.add_error(name if name in self.fields else None, error.message)


def _agreement_initial(agreement: CostAgreement) -> dict[str, Any]:
    key = max(agreement.keys.all(), key=lambda k: k.version)
    return {
        "title": agreement.title,
        "solution": agreement.solution.slug if agreement.solution else "",
        "claim": agreement.claim_id or "",
        "starts_on": agreement.starts_on,
        "ends_on": agreement.ends_on,
        "note": agreement.note,
        "kind": key.kind,
        "agreed_on": key.agreed_on,
        "weight_population": key.weight_population,
        "weight_usage": key.weight_usage,
        "weight_equal": key.weight_equal,
        "variable_measure": key.variable_measure,
        "base_fee_eur": key.base_fee_eur,
        "cap_eur": key.cap_eur,
        "minimum_eur": key.minimum_eur,
    }


class ScenarioForm(forms.Form):
    """Compare keys and members side by side ("what if …"): read from the query string."""

    keys = forms.MultipleChoiceField(
        label=_("Schlüssel vergleichen (bis zu drei)"),
        choices=KeyKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    join = forms.CharField(
        label=_("Was wäre, wenn … beitritt"),
        required=False,
        max_length=120,
        help_text=_("AGS oder Kurzname einer Kommune, z. B. 07211000 für Trier"),
    )
    leave = forms.ChoiceField(label=_("Was wäre, wenn … austritt"), required=False)

    def __init__(self, *args: Any, insiders: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        leave = self.fields["leave"]
        assert isinstance(leave, forms.ChoiceField)
        leave.choices = [("", _("niemand")), *((o.key, str(o)) for o in insiders)]

    def clean_join(self) -> list[Organization]:
        key = self.cleaned_data["join"].strip()
        if not key:
            return []
        try:
            return organizations_by_keys([key], "join")
        except DomainError as exc:
            raise forms.ValidationError(_("Keine Kommune mit diesem AGS oder Kurznamen.")) from exc

    def clean_keys(self) -> list[str]:
        keys: list[str] = self.cleaned_data["keys"]
        if len(keys) > 3:
            raise forms.ValidationError(_("Bitte höchstens drei Schlüssel auswählen."))
        return keys


def default_period() -> tuple[dt.date, dt.date]:
    year = timezone.localdate().year
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


class SavingsAssumptionsForm(forms.Form):
    build_alone_eur = _money(
        _("Kosten, eine Lösung allein zu bauen"),
        required=True,
        help_text=_("in Euro; gilt, wenn die Eigentümerin keine einmaligen Kosten erfasst hat"),
    )
    introduction_eur = _money(
        _("eigener Einführungsaufwand je Nachnutzung"),
        required=True,
        help_text=_("in Euro; gilt, wenn kein Erfahrungsbericht mit einmaligen Kosten vorliegt"),
    )

    def add_domain_errors(self, errors: list[FieldError]) -> None:
        for error in errors:
            self.add_error(error.field if error.field in self.fields else None, error.message)


class BuildAloneEstimateForm(forms.Form):
    ozg_id = forms.IntegerField(
        label=_("OZG-ID"), min_value=1, max_value=2_147_483_647, help_text=_("z. B. 10173")
    )
    amount_eur = _money(
        _("Kosten, eine Lösung für diese OZG-Leistung allein zu bauen"),
        help_text=_("in Euro, z. B. 60.000,00; leer lassen, um die Schätzung zu entfernen"),
    )

    def add_domain_errors(self, errors: list[FieldError]) -> None:
        for error in errors:
            self.add_error(error.field if error.field in self.fields else None, error.message)


def cost_item_initial(item: CostItem) -> dict[str, Any]:
    return {
        "title": item.title,
        "kind": item.kind,
        "amount_eur": item.amount_eur,
        "year": item.year,
        "incurred_by": item.incurred_by.key,
        "solution": item.solution.slug if item.solution else "",
        "claim": item.claim_id or "",
        "programme": item.programme_id or "",
        "evidence": item.evidence,
        "chargeable_for_reuse": item.chargeable_for_reuse,
    }


class CostItemForm(forms.Form):
    title = forms.CharField(label=_("Bezeichnung"), max_length=200)
    kind = forms.ChoiceField(label=_("Kostenart"), choices=CostKind.choices)
    amount_eur = _money(_("Betrag"), required=True)
    year = forms.IntegerField(label=_("Jahr"), min_value=1990, max_value=2100)
    incurred_by = forms.ChoiceField(label=_("getragen von"))
    solution = forms.ChoiceField(label=_("Lösung"), required=False)
    claim = forms.TypedChoiceField(
        label=_("Übernahme (Netzwerkprojekt)"), required=False, coerce=int, empty_value=None
    )
    programme = forms.TypedChoiceField(
        label=_("Förderprogramm"), required=False, coerce=int, empty_value=None
    )
    evidence = forms.CharField(label=_("Quelle / Nachweis"), required=False, max_length=500)
    chargeable_for_reuse = forms.BooleanField(
        label=_("bei Nachnutzung (EfA) umlagefähig"),
        required=False,
        help_text=_("nur für Betriebskosten (Betrieb, Lizenzen, Hosting, Support) und Weiterentwicklung"),
    )

    def __init__(
        self,
        *args: Any,
        members: list[Organization],
        solutions: list[tuple[str, str]],
        claims: list[tuple[int, str]],
        programmes: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.members = {o.key: o for o in members}
        for name, choices in (
            ("incurred_by", [(o.key, str(o)) for o in members]),
            ("solution", [("", _("keine – Kosten des Netzwerks")), *solutions]),
            ("claim", [("", _("keine")), *claims]),
            ("programme", [("", _("keines")), *programmes]),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = choices

    def add_domain_errors(self, errors: list[FieldError]) -> None:
        for error in errors:
            self.add_error(error.field if error.field in self.fields else None, error.message)


class ProgrammeForm(forms.Form):
    name = forms.CharField(label=_("Name des Programms"), max_length=200)
    funder = forms.CharField(label=_("Fördermittelgeber"), max_length=200)
    amount_eur = _money(_("Fördersumme"), required=True)
    starts_on = _date(_("Beginn der Förderung"), help_text=_("Format TT.MM.JJJJ"))
    ends_on = _date(_("Ende der Förderung"), help_text=_("Format TT.MM.JJJJ"))
    funding_rate = GermanDecimalField(
        label=_("Förderquote (%)"),
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        localize=True,
        help_text=_("Anteil der förderfähigen Kosten, z. B. 90"),
    )
    eligible_kinds = forms.MultipleChoiceField(
        label=_("förderfähige Kostenarten"),
        choices=CostKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Keine Auswahl: jede Kostenart ist förderfähig."),
    )
    claims = forms.TypedMultipleChoiceField(
        label=_("geförderte Übernahmen (Netzwerkprojekte)"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    reporting_duties = forms.CharField(
        label=_("Berichtspflichten"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )

    accept_shortfall = forms.BooleanField(
        label=_("Trotzdem speichern, auch wenn die Fördersumme danach nicht mehr reicht"),
        required=False,
        help_text=_(
            "Nur ankreuzen, wenn die Fördersumme wirklich so gilt, z. B. nach einer Kürzung durch den "
            "Fördermittelgeber: die zugeordneten Kosten bleiben zugeordnet, das Restbudget wird negativ."
        ),
    )

    def __init__(
        self, *args: Any, claims: list[tuple[int, str]], editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["claims"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = claims
        if not editing:  # a new programme has no linked costs yet
            del self.fields["accept_shortfall"]

    def add_domain_errors(self, errors: list[FieldError]) -> None:
        for error in errors:
            self.add_error(error.field if error.field in self.fields else None, error.message)
