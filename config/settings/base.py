"""Settings shared by every environment; every value comes from XXGK_* environment variables."""

import json
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("XXGK_VAR_DIR", BASE_DIR / "var"))

# A development key that production settings refuse (see production.py).
DEV_SECRET_KEY = "xxgk-development-only-secret-key-never-use-in-production-0123456789"
SECRET_KEY = os.environ.get("XXGK_SECRET_KEY", DEV_SECRET_KEY)
DEBUG = os.environ.get("XXGK_DEBUG", "0") == "1"
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("XXGK_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],::1").split(",") if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("XXGK_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]


def database_from_url(url: str) -> dict:
    """Return a Django DATABASES entry for a URL; SQLite gets WAL mode and immediate transactions."""
    config = dj_database_url.parse(url, conn_max_age=int(os.environ.get("XXGK_DB_CONN_MAX_AGE", "0")))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets the web process read while the worker writes; IMMEDIATE avoids
        # "database is locked" on lock upgrades inside transactions.
        # xxgk's engine is Django's SQLite backend with a fair writer queue (see its docstring).
        config["ENGINE"] = "xxgk.platform.dbbackends.sqlite3"
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
            "transaction_mode": "IMMEDIATE",
        }
    return config


DEFAULT_DATABASE_URL = f"sqlite:///{VAR_DIR / 'xxgk.sqlite3'}"
DATABASES = {"default": database_from_url(os.environ.get("XXGK_DATABASE_URL", DEFAULT_DATABASE_URL))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "mozilla_django_oidc",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "xxgk.platform",
    "xxgk.agencies",
    "xxgk.catalog",
    "xxgk.cases",
    "xxgk.identity",
    "xxgk.interaction",
    "xxgk.monitoring",
    "xxgk.reports",
    "xxgk.search",
    "xxgk.review",
    "xxgk.portal",
    "xxgk.workspace",
    "xxgk.demo",
    "xxgk.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "xxgk.platform.middleware.StaffIdleTimeoutMiddleware",
    "xxgk.identity.second_factor.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "xxgk.platform.middleware.DomainErrorMiddleware",
    "xxgk.platform.middleware.ApiNullCharacterMiddleware",
    # Axes must be last: it turns lock-outs into our Chinese 429 page.
    "axes.middleware.AxesMiddleware",
]

# PostgreSQL read replicas (streaming replicas of the primary): anonymous portal pages read from them.
_REPLICAS = [u.strip() for u in os.environ.get("XXGK_REPLICA_DATABASE_URLS", "").split(",") if u.strip()]
for _n, _url in enumerate(_REPLICAS, start=1):
    DATABASES[f"replica_{_n}"] = {**database_from_url(_url), "TEST": {"MIRROR": "default"}}
if _REPLICAS:
    DATABASE_ROUTERS = ["xxgk.platform.replicas.PortalReadRouter"]
    MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
                      "xxgk.platform.replicas.PortalReadMiddleware")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "xxgk.platform.context_processors.site",
            ],
        },
    },
]

AUTH_USER_MODEL = "agencies.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "xxgk.identity.backends.PasswordBackend",
    "xxgk.identity.backends.ProviderBackend",
]
# Password login per kind of user; a province with 统一身份认证 can switch it off for one kind or both.
XXGK_PASSWORD_LOGIN = {
    "staff": os.environ.get("XXGK_PASSWORD_LOGIN_STAFF", "1") != "0",
    "applicant": os.environ.get("XXGK_PASSWORD_LOGIN_APPLICANT", "1") != "0",
}

# Shared cache (Redis) for a tier of several web processes: pages for anonymous visitors and sessions.
# Without it each process keeps a private memory cache, pages are not cached, sessions live in the database.
XXGK_CACHE_URL = os.environ.get("XXGK_CACHE_URL", "")
if XXGK_CACHE_URL:
    CACHES = {"default": {"BACKEND": "xxgk.platform.cache.RedisCache", "LOCATION": XXGK_CACHE_URL,
                          "KEY_PREFIX": os.environ.get("XXGK_CACHE_PREFIX", "xxgk"), "TIMEOUT": 300}}
    # Read from Redis, written through to the database: a Redis restart signs no one out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Public pages served to anonymous visitors from the shared cache for at most this long; every change
# to what the portal shows invalidates them at once (xxgk/platform/pagecache.py). 0 switches it off.
XXGK_PAGE_CACHE_SECONDS = int(os.environ.get("XXGK_PAGE_CACHE_SECONDS", "300" if XXGK_CACHE_URL else "0"))

# Search: `database` (SQLite FTS5 / PostgreSQL GIN) or `tantivy` (an index directory written by the worker).
# DOCX/XLSX/ZIP uploads are refused when their entries would unpack to more than this (zip bombs).
XXGK_MAX_UNPACKED_BYTES = int(os.environ.get("XXGK_MAX_UNPACKED_MB", "200")) * 1024 * 1024
XXGK_SEARCH_BACKEND = os.environ.get("XXGK_SEARCH_BACKEND", "database")
XXGK_SEARCH_INDEX_DIR = os.environ.get("XXGK_SEARCH_INDEX_DIR", str(VAR_DIR / "search-index"))
# The search's public check runs as a statement prepared once per PostgreSQL session; set 0 behind a
# pooler that hands each transaction another session (PgBouncer in transaction mode before 1.21).
XXGK_DB_PREPARED = os.environ.get("XXGK_DB_PREPARED", "1") != "0"

# 统一身份认证 over OpenID Connect (mozilla-django-oidc as the relying party); off unless an issuer is set.
XXGK_OIDC_ISSUER = os.environ.get("XXGK_OIDC_ISSUER", "")
XXGK_OIDC_ENABLED = bool(XXGK_OIDC_ISSUER)
XXGK_OIDC_LABEL = os.environ.get("XXGK_OIDC_LABEL", "统一身份认证登录")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("XXGK_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("XXGK_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("XXGK_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("XXGK_OIDC_JWKS_ENDPOINT", "")
XXGK_OIDC_END_SESSION_ENDPOINT = os.environ.get("XXGK_OIDC_END_SESSION_ENDPOINT", "")
OIDC_RP_CLIENT_ID = os.environ.get("XXGK_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("XXGK_OIDC_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("XXGK_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("XXGK_OIDC_SCOPES", "openid profile email phone")
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = True  # kept for RP-initiated logout (id_token_hint)
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATE_CLASS = "xxgk.identity.views.ProviderSignInView"
LOGIN_REDIRECT_URL_FAILURE = "/workspace/login/"
# Which claims carry what: {"name", "phone", "email", "organisation", "credit_code", "link", "link_verified", "staff"}.
XXGK_OIDC_CLAIMS = json.loads(os.environ.get("XXGK_OIDC_CLAIMS", "{}"))
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
LOGIN_URL = "workspace:login"
LOGIN_REDIRECT_URL = "after_login"
LOGOUT_REDIRECT_URL = "portal:home"

# Login throttling (django-axes): 5 failures per username+address lock for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("XXGK_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("XXGK_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "xxgk.workspace.views.login_locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("XXGK_SESSION_SECONDS", str(8 * 3600)))
# TOTP codes for 审核人, 负责人, 公开办 and 系统管理员 (xxgk/identity/second_factor.py); on unless switched off.
XXGK_STAFF_2FA = os.environ.get("XXGK_STAFF_2FA", "1") == "1"
OTP_TOTP_ISSUER = os.environ.get("XXGK_SITE_NAME", "政府信息公开平台")
# Staff sessions end after this long without a request (unattended office screens).
XXGK_STAFF_IDLE_SECONDS = int(os.environ.get("XXGK_STAFF_IDLE_SECONDS", str(30 * 60)))
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Everything is served from this origin: government intranets have no CDN.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        # Signing out of a provider session posts here and is redirected to the provider's end-session page.
        "form-action": [SELF, *([_oidc_origin] if (_oidc_origin := "/".join(
            os.environ.get("XXGK_OIDC_END_SESSION_ENDPOINT", "").split("/")[:3])) else [])],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = Path(os.environ.get("XXGK_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve app static files straight from the installed packages: no collectstatic step is
# needed for the demo, and production may still collect them for the proxy.
WHITENOISE_USE_FINDERS = True

# A task marked running for longer than this belongs to a worker that died; it is queued again.
XXGK_TASK_STALE_SECONDS = int(os.environ.get("XXGK_TASK_STALE_SECONDS", "600"))
TASKS = {
    "default": {
        "BACKEND": os.environ.get("XXGK_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("XXGK_LOG_LEVEL", "WARNING")},
}

XXGK_SITE_NAME = os.environ.get("XXGK_SITE_NAME", "政府信息公开平台")

# The pre-publication scan: words an agency must not publish (comma-separated) and extra
# patterns as NAME=REGEX;NAME=REGEX.
XXGK_SCAN_WORDS = [w for w in os.environ.get("XXGK_SCAN_WORDS", "").split(",") if w.strip()]
XXGK_SCAN_PATTERNS = dict(
    p.split("=", 1) for p in os.environ.get("XXGK_SCAN_PATTERNS", "").split(";") if "=" in p
)

# 索引号 scheme per agency: {credit_code}, {year} (of the 成文日期) and {serial} (never reused).
XXGK_INDEX_SCHEME = os.environ.get("XXGK_INDEX_SCHEME", "{credit_code}/{year}-{serial:05d}")

# Mail: by default written to files under var/mail (the demo and a closed intranet need no server);
# production sets XXGK_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and the SMTP host.
EMAIL_BACKEND = os.environ.get("XXGK_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = os.environ.get("XXGK_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("XXGK_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("XXGK_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("XXGK_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("XXGK_EMAIL_TLS", "0") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("XXGK_EMAIL_FROM", "xxgk@localhost")
