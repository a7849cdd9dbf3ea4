"""People who sign in to ikone. Login is by e-mail address."""

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailUserManager(UserManager["User"]):
    def _create_user_by_email(self, email: str, password: str | None, **extra: Any) -> "User":
        email = self.normalize_email(email).lower()
        user = self.model(email=email, username=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra: Any
    ) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user_by_email(email, password, **extra)

    def create_superuser(  # type: ignore[override]
        self, email: str, password: str | None = None, **extra: Any
    ) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user_by_email(email, password, **extra)


class User(AbstractUser):
    """A person with an account; identified by e-mail."""

    email = models.EmailField(_("E-Mail-Adresse"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[EmailUserManager] = EmailUserManager()

    class Meta:
        verbose_name = _("Benutzerkonto")
        verbose_name_plural = _("Benutzerkonten")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email


class OrganizationRole(models.TextChoices):
    VIEWER = "viewer", _("lesend")
    EDITOR = "editor", _("bearbeitend")
    ORG_ADMIN = "orgadmin", _("Organisationsadministration")


class OrganizationMember(models.Model):
    """A person's role in an organisation (a person may belong to several organisations)."""

    user = models.ForeignKey(
        User, verbose_name=_("Person"), on_delete=models.CASCADE, related_name="org_roles"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("Organisation"),
        on_delete=models.CASCADE,
        related_name="people",
    )
    role = models.CharField(_("Rolle"), max_length=20, choices=OrganizationRole.choices)
    created_at = models.DateTimeField(_("seit"), auto_now_add=True)

    class Meta:
        verbose_name = _("Rolle in einer Organisation")
        verbose_name_plural = _("Rollen in Organisationen")
        ordering = ["organization", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="%(app_label)s_%(class)s_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


class NetworkCoordinator(models.Model):
    """A person who coordinates a network (manages membership, settings, later plans and standards)."""

    user = models.ForeignKey(
        User, verbose_name=_("Person"), on_delete=models.CASCADE, related_name="coordinated_networks"
    )
    network = models.ForeignKey(
        "organizations.Network",
        verbose_name=_("Netzwerk"),
        on_delete=models.CASCADE,
        related_name="coordinators",
    )
    created_at = models.DateTimeField(_("seit"), auto_now_add=True)

    class Meta:
        verbose_name = _("Netzwerkkoordination")
        verbose_name_plural = _("Netzwerkkoordinationen")
        ordering = ["network", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "network"], name="%(app_label)s_%(class)s_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} koordiniert {self.network}"


class TokenScope(models.TextChoices):
    READ = "read", _("nur lesen")
    WRITE = "write", _("lesen und schreiben")


class ApiToken(models.Model):
    """A personal API token. Only a hash is stored; the token itself is shown once."""

    user = models.ForeignKey(
        User, verbose_name=_("Person"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("Bezeichnung"), max_length=100)
    prefix = models.CharField(_("Anfang"), max_length=12, db_index=True)
    key_hash = models.CharField(_("Prüfsumme"), max_length=64, unique=True)
    scope = models.CharField(_("Umfang"), max_length=10, choices=TokenScope.choices, default=TokenScope.READ)
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    expires_at = models.DateTimeField(_("läuft ab"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("widerrufen"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("zuletzt benutzt"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-Token")
        verbose_name_plural = _("API-Tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class ColleagueInvitation(models.Model):
    """An org admin invites a colleague by e-mail; the link in the e-mail carries a one-time token."""

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("Organisation"),
        on_delete=models.CASCADE,
        related_name="colleague_invitations",
    )
    email = models.EmailField(_("E-Mail-Adresse"))
    role = models.CharField(_("Rolle"), max_length=20, choices=OrganizationRole.choices)
    key_hash = models.CharField(_("Prüfsumme"), max_length=64, unique=True)
    invited_by = models.ForeignKey(
        User, verbose_name=_("eingeladen von"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("angelegt"), auto_now_add=True)
    expires_at = models.DateTimeField(_("gültig bis"))
    accepted_at = models.DateTimeField(_("angenommen"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User,
        verbose_name=_("angenommen von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Einladung einer Kollegin oder eines Kollegen")
        verbose_name_plural = _("Einladungen von Kolleginnen und Kollegen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organization} ({self.get_role_display()})"
