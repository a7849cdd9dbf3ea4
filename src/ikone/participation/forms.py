"""Forms for participation: they only parse input; the rules live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ikone.core.errors import FieldError
from ikone.participation.choices import (
    COMMENT_MAX,
    DISPLAY_NAME_MAX,
    REASON_MAX,
    TEXT_MAX,
    TITLE_MAX,
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
    reason = forms.CharField(label=_("Grund der Meldung"), max_length=300, required=False)
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
