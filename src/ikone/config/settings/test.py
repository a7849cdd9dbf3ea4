"""Test settings: fast hashing, in-memory email; the database still follows DATABASE_URL."""

from .base import *  # noqa: F403
from .base import AUTHENTICATION_BACKENDS, OIDC_BACKEND, Q_CLUSTER, env_bool

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
# django-axes needs the request in authenticate(), which Client.login() does not pass: off by
# default in tests; the lockout tests switch it on with override_settings(AXES_ENABLED=True).
AXES_ENABLED = False
# Rate limits count in the process-wide cache: generous here so unrelated tests never trip them;
# the rate-limit tests set their own limits with override_settings.
RATE_LIMITS = {
    "login": (10_000, 900),
    "password-reset": (10_000, 3600),
    "participation-signup": (10_000, 3600),
    "participation-write": (10_000, 3600),
}
# OpenID Connect off whatever the environment says; the OIDC tests switch it on themselves.
OIDC_ENABLED = False
AUTHENTICATION_BACKENDS = [backend for backend in AUTHENTICATION_BACKENDS if backend != OIDC_BACKEND]
# Background jobs run at once in the process that queues them (the cluster tests start a real one).
Q_CLUSTER = {**Q_CLUSTER, "sync": env_bool("JOBS_SYNC", True)}
