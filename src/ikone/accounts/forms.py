from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from ikone.accounts.models import OrganizationRole, TokenScope


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Bezeichnung"), max_length=100, help_text=_("z. B. Fachverfahren Bürgerbüro")
    )
    scope = forms.ChoiceField(label=_("Umfang"), choices=TokenScope.choices)
    expires = forms.IntegerField(
        label=_("gültig für (Tage)"),
        min_value=1,
        max_value=3650,
        required=False,
        help_text=_("leer: unbegrenzt"),
    )


class ColleagueInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-Mail-Adresse"))
    role = forms.ChoiceField(label=_("Rolle"), choices=OrganizationRole.choices)
    organization = forms.IntegerField(widget=forms.HiddenInput)


class AcceptInvitationForm(forms.Form):
    password = forms.CharField(
        label=_("Passwort wählen"), widget=forms.PasswordInput, help_text=_("mindestens 10 Zeichen")
    )

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        validate_password(password)
        return password
