"""Local try-out and development: embedded SQLite under var/, DEBUG on."""

from .base import *  # noqa: F403
from .base import SECRET_KEY, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-not-secret"
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
