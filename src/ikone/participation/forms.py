"""Forms for participation: they only parse input; the rules live in the services."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ikone.core.errors import FieldError
from ikone.participation.choices import (
    COMMENT_MAX,
    DISPLAY_NAME_MAX,
    REASON_MAX,
    REPORT_REASON_MAX,
    TEXT_MAX,
    TITLE_MAX,
    ProcessKind,
    ProposalState,
)

HONEYPOT = "website"


class DomainErrorsMixin:
    def add_domain_errors(self, errors: list[FieldError], detail: str = "") -> None:
        form = self
        assert isinstance(form, forms.Form)
        for error in errors:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        if not errors and detail:
            form.add_error(None, detail)


class HoneypotMixin:
    """A field people never see (hidden from screen readers too); bots fill it in."""

    def is_bot(self) -> bool:
        form = self
        assert isinstance(form, forms.Form)
        return bool(form.data.get(HONEYPOT))


class RegisterForm(DomainErrorsMixin, HoneypotMixin, forms.Form):
    display_name = forms.CharField(
        label=_("Anzeigename"),
        max_length=DISPLAY_NAME_MAX,
        help_text=_(
            "Wird öffentlich neben Ihren Beiträgen gezeigt. Ein Pseudonym genügt, z. B. „Anna aus Speyer“."
        ),
    )
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        help_text=_("Nur für die Anmeldung und Benachrichtigungen; wird nie angezeigt."),
    )
    password = forms.CharField(
        label=_("Passwort"), widget=forms.PasswordInput, help_text=_("Mindestens 12 Zeichen.")
    )


class ProfileForm(DomainErrorsMixin, forms.Form):
    display_name = forms.CharField(
        label=_("Anzeigename"),
        max_length=DISPLAY_NAME_MAX,
        help_text=_("Wird öffentlich neben Ihren Beiträgen gezeigt. Ein Pseudonym genügt."),
    )


class ProposalForm(DomainErrorsMixin, HoneypotMixin, forms.Form):
    title = forms.CharField(
        label=_("Was fehlt Ihnen?"),
        max_length=TITLE_MAX,
        help_text=_("Ein kurzer Titel, z. B. „Anwohnerparkausweis online beantragen“."),
    )
    text = forms.CharField(
        label=_("Beschreibung"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Was möchten Sie online erledigen können, und warum? Bitte keine persönlichen Daten."),
    )
    ozg_id = forms.IntegerField(
        label=_("Passende OZG-Leistung"),
        required=False,
        min_value=1,
        max_value=999999,
        help_text=_("Wird beim Tippen des Titels vorgeschlagen; Sie können das Feld auch leer lassen."),
    )


class CommentForm(DomainErrorsMixin, HoneypotMixin, forms.Form):
    text = forms.CharField(
        label=_("Ihr Kommentar"), max_length=COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReportForm(forms.Form):
    reason = forms.CharField(label=_("Grund der Meldung"), max_length=REPORT_REASON_MAX, required=False)
    comment = forms.IntegerField(required=False, widget=forms.HiddenInput, max_value=2**31 - 1)


class StateForm(DomainErrorsMixin, forms.Form):
    state = forms.ChoiceField(label=_("Neuer Stand"), choices=ProposalState.choices)
    reason = forms.CharField(
        label=_("Antwort an die Bürgerinnen und Bürger"),
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wird öffentlich beim Vorschlag gezeigt; Pflicht außer bei „offen“."),
    )


class MergeForm(forms.Form):
    into = forms.IntegerField(
        label=_("Nummer des Vorschlags, in den dieser übernommen wird"), min_value=1, max_value=2**31 - 1
    )


class ProcessForm(DomainErrorsMixin, forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=TITLE_MAX)
    description = forms.CharField(
        label=_("Beschreibung"), max_length=TEXT_MAX, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    kind = forms.ChoiceField(label=_("Art der Abstimmung"), choices=ProcessKind.choices)
    budget = forms.DecimalField(
        label=_("Budget (Euro)"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        help_text=_("Nur beim Bürgerhaushalt."),
    )
    starts_at = forms.DateTimeField(
        label=_("Beginn"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    ends_at = forms.DateTimeField(
        label=_("Ende"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    items = forms.CharField(
        label=_("Optionen"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        help_text=_(
            "Eine Option je Zeile: Titel; Kosten in Euro (nur Bürgerhaushalt); OZG-ID (optional), "
            "z. B. „Online-Fundbüro; 12000; 10244“."
        ),
    )

    def clean_items(self) -> list[tuple[str, Decimal | None, int | None]]:
        rows = []
        for number, line in enumerate(str(self.cleaned_data["items"]).splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split(";")]
            cost: Decimal | None = None
            ozg_id: int | None = None
            try:
                if len(parts) > 1 and parts[1]:
                    cost = Decimal(parts[1].replace(".", "").replace(",", "."))
                if len(parts) > 2 and parts[2]:
                    ozg_id = int(parts[2])
            except (InvalidOperation, ValueError):
                raise forms.ValidationError(
                    _("Zeile %(number)s: Kosten oder OZG-ID sind keine Zahl.") % {"number": number}
                ) from None
            rows.append((parts[0], cost, ozg_id))
        return rows


class VoteForm(forms.Form):
    """Ranking: up to three places; budget: any options (the service checks the budget)."""

    def __init__(self, *args: Any, items: list[Any], kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(item.pk), item.title) for item in items]
        if kind == ProcessKind.BUDGET:
            self.fields["chosen"] = forms.MultipleChoiceField(
                label=_("Ihre Auswahl"),
                choices=[
                    (str(item.pk), f"{item.title} ({item.cost:,.0f} €)".replace(",", ".")) for item in items
                ],
                widget=forms.CheckboxSelectMultiple,
            )
        else:
            labels = [_("Ihre erste Wahl"), _("Ihre zweite Wahl"), _("Ihre dritte Wahl")]
            for place, label in enumerate(labels, start=1):
                self.fields[f"place_{place}"] = forms.ChoiceField(
                    label=label, choices=[("", _("– keine –")), *choices], required=place == 1
                )

    def item_ids(self) -> list[int]:
        data = self.cleaned_data
        if "chosen" in data:
            return [int(value) for value in data["chosen"]]
        return [int(data[name]) for name in ("place_1", "place_2", "place_3") if data.get(name)]
