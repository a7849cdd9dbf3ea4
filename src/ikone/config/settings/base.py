"""Settings shared by every environment. Configuration is read from the environment only here."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

SRC_DIR = Path(__file__).resolve().parents[3]
BASE_DIR = Path(os.environ.get("IKONE_HOME", SRC_DIR.parent))
VAR_DIR = Path(os.environ.get("IKONE_VAR_DIR", BASE_DIR / "var"))
DATA_DIR = Path(os.environ.get("IKONE_DATA_DIR", BASE_DIR / "data"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")  # for links in e-mails

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "axes",
    "csp",
    "django_q",
    "ikone.core",
    "ikone.accounts",
    "ikone.organizations",
    "ikone.ozg",
    "ikone.catalog",
    "ikone.coverage",
    "ikone.claims",
    "ikone.planning",
    "ikone.reuse",
    "ikone.notifications",
    "ikone.standards",
    "ikone.transferability",
    "ikone.operations",
    "ikone.participation",
    "ikone.costs",
    "ikone.federation",
    "ikone.harvesting",
    "ikone.api",
    "ikone.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ikone.core.middleware.RequestIdMiddleware",
    "ikone.operations.middleware.RequestMetricsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ikone.accounts.middleware.ApiTokenMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "ikone.web.middleware.RejectNulMiddleware",
    "ikone.web.middleware.DomainErrorMiddleware",
    "axes.middleware.AxesMiddleware",  # keep last: turns a failed login into the lockout page
]

ROOT_URLCONF = "ikone.config.urls"
WSGI_APPLICATION = "ikone.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ikone.web.context_processors.site",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'ikone.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "600")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Connections persist on SQLite too: opening one (pragmas, functions, schema) costs ~3 ms,
    # more than a cached dashboard or a catalog page; an idle connection holds no snapshot.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

# Read replicas (optional, comma-separated URLs like DATABASE_URL): reads of GET requests that have
# not written go to one of them; see ikone.core.replicas for the consistency rule.
DATABASE_REPLICAS: list[str] = []
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    _alias = f"replica{_number}"
    DATABASES[_alias] = dj_database_url.parse(_url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"])
    DATABASES[_alias]["TEST"] = {"MIRROR": "default"}
    DATABASE_REPLICAS.append(_alias)
DATABASE_REPLICA_PIN_SECONDS = int(os.environ.get("DATABASE_REPLICA_PIN_SECONDS", "10"))
if DATABASE_REPLICAS:
    DATABASE_ROUTERS = ["ikone.core.replicas.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("ikone.core.middleware.RequestIdMiddleware"), "ikone.core.replicas.ReplicaMiddleware"
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/anmelden/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch"), ("en", "English")]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [SRC_DIR / "ikone" / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500

# Background jobs (django-q2, queue in the database; `ikone qcluster` runs them): a job that fails
# or whose worker dies is retried after JOB_RETRY_SECONDS, at most JOB_MAX_ATTEMPTS times.
Q_CLUSTER = {
    "name": "ikone",
    "label": "Hintergrundaufgaben",
    "orm": "default",
    "workers": int(os.environ.get("JOB_WORKERS", "2")),
    "timeout": int(os.environ.get("JOB_TIMEOUT_SECONDS", "1800")),
    "retry": int(os.environ.get("JOB_RETRY_SECONDS", "1860")),
    "max_attempts": int(os.environ.get("JOB_MAX_ATTEMPTS", "5")),
    "ack_failures": False,
    "catch_up": False,
    "poll": float(os.environ.get("JOB_POLL_SECONDS", "1")),
    "save_limit": 1000,
    "recycle": 500,
    "sync": env_bool("JOBS_SYNC", False),
}

# Client addresses that may read /metrics (Prometheus); comma-separated.
# Hosts, addresses or networks (CIDR) in internal networks that ikone may call anyway (webhooks,
# harvest sources); everything else in private, loopback or link-local networks is refused.
OUTGOING_ALLOWED_HOSTS = env_list("OUTGOING_ALLOWED_HOSTS", "")
HARVEST_TIMEOUT_SECONDS = float(os.environ.get("HARVEST_TIMEOUT_SECONDS", "15"))
HARVEST_MAX_BYTES = int(os.environ.get("HARVEST_MAX_BYTES", str(5 * 1024 * 1024)))
HARVEST_WORKERS = int(os.environ.get("HARVEST_WORKERS", "8"))
HARVEST_PARSE_PROCESSES = int(os.environ.get("HARVEST_PARSE_PROCESSES", "2"))
# Catalog search: "memory" (a snapshot and index per worker), "postgres" (full-text search in
# PostgreSQL, no snapshot) or "auto" (postgres on PostgreSQL above CATALOG_MEMORY_INDEX_LIMIT solutions).
CATALOG_SEARCH_BACKEND = os.environ.get("CATALOG_SEARCH_BACKEND", "memory").strip().lower()
CATALOG_MEMORY_INDEX_LIMIT = int(os.environ.get("CATALOG_MEMORY_INDEX_LIMIT", "20000"))
METRICS_ALLOWED_IPS = [ip.strip() for ip in os.environ.get("METRICS_ALLOWED_IPS", "127.0.0.1,::1").split(",")]

# LOG_FORMAT=json: one JSON object per line with the request id (production); text otherwise.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "ikone.core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "ikone.core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Security baseline: sessions, login throttling, CSP, e-mail, OpenID Connect -------------------

SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 60 * 60)))  # one working day
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Reverse proxies in front of ikone whose X-Forwarded-For is trusted (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out (e-mail, IP) pairs
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "ikone.accounts.throttling.login_username"
AXES_CLIENT_IP_CALLABLE = "ikone.core.ratelimit.client_ip"
AXES_LOCKOUT_CALLABLE = "ikone.accounts.throttling.lockout_response"
AXES_VERBOSE = False

# Public forms besides the login: (requests, seconds) per client IP and, where given, per e-mail.
# Where rate-limit counters live: "database" (exact across workers and hosts) or "cache" (the
# default cache; exact only when it is shared, e.g. Redis).
RATE_LIMIT_STORE = os.environ.get("RATE_LIMIT_STORE", "database")
if RATE_LIMIT_STORE not in ("database", "cache"):
    raise ImproperlyConfigured("RATE_LIMIT_STORE must be 'database' or 'cache'")
RATE_LIMITS = {
    "login": (int(os.environ.get("LOGIN_RATE_LIMIT", "100")), 15 * 60),  # many users share one town-hall IP
    "password-reset": (int(os.environ.get("PASSWORD_RESET_RATE_LIMIT", "5")), 60 * 60),
    "participation-signup": (int(os.environ.get("PARTICIPATION_SIGNUP_RATE_LIMIT", "10")), 60 * 60),
    "participation-write": (int(os.environ.get("PARTICIPATION_WRITE_RATE_LIMIT", "30")), 60 * 60),
}
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2

# Only local assets; no inline scripts. Images may come from https (logos named in publiccode.yml).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "https:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = EMAIL_HOST or "localhost"
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 15
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ikone <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# OpenID Connect (e.g. Keycloak): on only when client and endpoints are configured.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = "openid email profile"
OIDC_TIMEOUT = 10
OIDC_CREATE_USER = env_bool("OIDC_CREATE_USER", True)
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc-callback"
LOGIN_REDIRECT_URL_FAILURE = LOGIN_URL
OIDC_ENABLED = all(
    (OIDC_RP_CLIENT_ID, OIDC_OP_AUTHORIZATION_ENDPOINT, OIDC_OP_TOKEN_ENDPOINT, OIDC_OP_USER_ENDPOINT)
) and (OIDC_RP_SIGN_ALGO.startswith("HS") or bool(OIDC_OP_JWKS_ENDPOINT))
OIDC_BACKEND = "ikone.accounts.oidc.EmailOIDCBackend"
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append(OIDC_BACKEND)

# Open data (federation): licence of the published datasets ("dl-by-de/2.0" or "cc-by/4.0", the
# keys of the DCAT-AP.de licence vocabulary), the publisher named in the DCAT-AP.de catalogue, and
# the optional GovData contributor ID (an IRI of http://dcat-ap.de/def/contributors/).
OPEN_DATA_LICENSE = os.environ.get("OPEN_DATA_LICENSE", "dl-by-de/2.0")
OPEN_DATA_PUBLISHER = os.environ.get("OPEN_DATA_PUBLISHER", "ikone")
OPEN_DATA_CONTRIBUTOR_ID = os.environ.get("OPEN_DATA_CONTRIBUTOR_ID", "")
