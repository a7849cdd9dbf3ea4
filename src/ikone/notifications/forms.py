from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ikone.notifications.models import EmailMode


class PreferenceForm(forms.Form):
    email_mode = forms.ChoiceField(label=_("E-Mail-Benachrichtigung"), choices=EmailMode.choices)
    own_gaps = forms.BooleanField(
        label=_("Auch über neue Lösungen für Lücken meiner Organisationen benachrichtigen"),
        required=False,
        help_text=_(
            "Neue Lösungen und Versionen für OZG-Leistungen, die eine Ihrer Organisationen noch nicht "
            "OZG-konform (Reifegrad 3) anbietet – ohne diese Leistungen einzeln zu abonnieren."
        ),
    )


class WebhookForm(forms.Form):
    url = forms.URLField(
        label=_("Adresse (URL)"),
        max_length=500,
        assume_scheme="https",
        help_text=_("ikone sendet jedes Ereignis als signierten POST (JSON) an diese Adresse."),
    )
    description = forms.CharField(label=_("Bezeichnung"), max_length=200, required=False)
    owner = forms.ChoiceField(label=_("Für"), required=False)

    def __init__(self, *args: Any, organizations: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, str]] = [("", str(_("mich persönlich (meine Benachrichtigungen)")))]
        choices += [(str(o.pk), str(_("die Organisation %(org)s") % {"org": o})) for o in organizations or []]
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ChoiceField)
        owner.choices = choices
        if len(choices) == 1:
            self.fields["owner"].widget = forms.HiddenInput()
