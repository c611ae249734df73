"""Settings for the newsroom CMS: one module, configured by the environment.

Every value has a safe local default so that ``make run`` works on a fresh
machine with nothing else installed. See ``.env.example`` for production.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE as CSP_NONCE
from csp.constants import NONE as CSP_NONE
from csp.constants import SELF as CSP_SELF
from csp.constants import UNSAFE_INLINE as CSP_UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean environment variable ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    """Read a comma-separated environment variable as a list."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Core -------------------------------------------------------------------

DEBUG = env_bool("DJANGO_DEBUG", False)
# The fallback key is only good for local development and tests; production
# must set DJANGO_SECRET_KEY (``check --deploy`` flags this insecure one).
SECRET_KEY = os.environ.get(
    "DJANGO_SECRET_KEY", "django-insecure-local-development-key-do-not-use-in-production"
)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # modeltranslation must come before django.contrib.admin.
    "modeltranslation",
    "newsroom.apps.AdminConfig",  # django.contrib.admin with our admin site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_prose_editor",
    "taggit",
    "reversion",
    "csp",
    "newsroom.apps.AxesConfig",  # django-axes under a translated name
    "newsroom",
    "people",
    "articles",
    "devdata",  # loaddemo, generate_corpus: no models
    "wire",  # agency ingest: ninjs and NewsML-G2 items become drafts
    "django_q",  # the task queue (django-q2): webhook deliveries, agency ingest
    "syndication",  # ninjs / NewsML-G2 out: the partner API and webhooks
]

MIDDLEWARE = [
    # First: an anonymous request for a cached page is answered before anything else runs.
    "articles.caching.CachedPageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "newsroom.text.RejectControlCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "newsroom.db_router.PrimaryPinMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The admin in each staff member's own language (after the user is known).
    "newsroom.admin_language.AdminLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsroom.csp.MediaNonceMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database ----------------------------------------------------------------
# DATABASE_URL: sqlite:///path.sqlite3 (default, embedded) or
# postgres://user:password@host:5432/name (production, through psycopg 3).

# The health check ("SELECT 1" before a request's first query) is one more round
# trip per request; off by default: a connection PostgreSQL dropped fails that
# one request's query, and Django closes it for the next (DATABASE_HEALTH_CHECKS=1
# turns it back on, e.g. behind a failover that leaves dead connections open).
DATABASE_HEALTH_CHECKS = os.environ.get("DATABASE_HEALTH_CHECKS", "").lower() in (
    "1",
    "true",
    "yes",
)


def _database(url: str) -> dict:
    config = dj_database_url.parse(
        url,
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=DATABASE_HEALTH_CHECKS,
    )
    if config["ENGINE"] == "django.db.backends.postgresql":
        options = config.setdefault("OPTIONS", {})
        # A slow query is cut off instead of holding a worker and a connection;
        # the reader gets the 503 page (newsroom.health) rather than a hung request.
        options["options"] = (
            f"-c statement_timeout={int(os.environ.get('DATABASE_STATEMENT_TIMEOUT_MS', '15000'))}"
        )
        options.setdefault("connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5")))
        # Server-side parameter binding, and statements prepared after they ran
        # DATABASE_PREPARE_THRESHOLD times on a connection: PostgreSQL then plans a
        # page's queries once per connection instead of once per request. Behind
        # PgBouncer in transaction mode, prepared statements need PgBouncer 1.21+
        # with max_prepared_statements set; otherwise DATABASE_PREPARE_THRESHOLD=off.
        options["server_side_binding"] = os.environ.get(
            "DATABASE_SERVER_SIDE_BINDING", "true"
        ).lower() in ("1", "true", "yes")
        threshold = os.environ.get("DATABASE_PREPARE_THRESHOLD", "2")
        options["prepare_threshold"] = None if threshold.lower() in ("off", "") else int(threshold)
    return config


DATABASES = {
    "default": _database(os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"))
}

# DATABASE_REPLICA_URL: a read replica of the same database (streaming
# replication). Public reads go there; writes, transactions and signed-in
# users' requests stay on the primary (newsroom/db_router.py).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {**_database(DATABASE_REPLICA_URL), "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["newsroom.db_router.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ---------------------------------------------------------------------
# With REDIS_URL set, Redis is the cache every app process shares; otherwise a
# per-process memory cache. Either is bounded: the memory cache by its number
# of entries, Redis by its own maxmemory and eviction policy (README,
# "Production topology"). Either is an accelerator: while Redis does not answer,
# pages are served uncached (newsroom/cache.py).

REDIS_URL = os.environ.get("REDIS_URL", "")
# Seconds to wait for Redis to connect or answer before serving uncached: a
# dead server must not hold a worker.
REDIS_SOCKET_TIMEOUT = float(os.environ.get("REDIS_SOCKET_TIMEOUT", "0.5"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "newsroom"),
            "TIMEOUT": 300,  # anything stored without a lifetime of its own
            "OPTIONS": {
                "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
                "socket_timeout": REDIS_SOCKET_TIMEOUT,
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "TIMEOUT": 300,
            # Per process: the least recently used third goes when it is full.
            "OPTIONS": {"MAX_ENTRIES": 500},
        }
    }

# Public pages: how long a CDN or browser may keep a page (Cache-Control max-age)
# and how long our own cache keeps it. Publishing, editing or unpublishing an
# article invalidates our cache at once (articles.caching), so the second value
# can be long; the first bounds how stale a CDN copy may be.
NEWSROOM_PAGE_MAX_AGE = int(os.environ.get("NEWSROOM_PAGE_MAX_AGE", "60"))
NEWSROOM_PAGE_CACHE_SECONDS = int(os.environ.get("NEWSROOM_PAGE_CACHE_SECONDS", "3600"))
# Proxies in front of the app (Varnish, a load balancer) whose X-Forwarded-For is believed:
# the most-read counter tells readers apart by their own address (articles/mostread.py).
NEWSROOM_TRUSTED_PROXIES = frozenset(
    a.strip() for a in os.environ.get("NEWSROOM_TRUSTED_PROXIES", "").split(",") if a.strip()
)
# How long the article count of a list page ("page 1 of N") is kept; the same
# content changes make it stale at once (articles/pagination.py; 0: count every time).
NEWSROOM_COUNT_CACHE_SECONDS = int(os.environ.get("NEWSROOM_COUNT_CACHE_SECONDS", "3600"))
# HTTP caches in front of the site, purged by dependency key when content changes
# (newsroom/purge.py; Cloudflare and Fastly are configured here in the same form).
# NEWSROOM_VARNISH_URL: Varnish with deploy/varnish/newsroom.vcl, e.g. http://127.0.0.1:6081
# (several, comma-separated).
NEWSROOM_PURGE_BACKENDS = {}
if os.environ.get("NEWSROOM_VARNISH_URL"):
    NEWSROOM_PURGE_BACKENDS["varnish"] = {
        "BACKEND": "newsroom.purge.VarnishBackend",
        "LOCATION": os.environ["NEWSROOM_VARNISH_URL"],
    }

# --- Task queue ------------------------------------------------------------------------
# django-q2 with its Django ORM broker: the queue lives in the database itself
# (SQLite for `make run`, PostgreSQL in production), so it needs no other server.
# Workers: `manage.py qcluster` (README, "Task queue").

Q_CLUSTER = {
    "name": "newsroom",
    "orm": "default",
    "workers": int(os.environ.get("NEWSROOM_QUEUE_WORKERS", "2")),
    "timeout": 120,  # seconds a task may run
    "retry": 300,  # seconds before a task whose worker died is handed out again (> timeout)
    "max_attempts": 3,
    "catch_up": False,  # after downtime, run a missed schedule once, not once per missed run
    "save_limit": 1000,  # successful task results kept (failures are all kept)
    "label": _("Task queue"),
}

# --- Syndication (ninjs / NewsML-G2 to partners) ------------------------------------------

# The public site's address, for the links and identifiers in items sent to partners.
NEWSROOM_SITE_URL = os.environ.get("NEWSROOM_SITE_URL", "http://127.0.0.1:8000")
# Who sends them: the provider and copyright holder named in every item.
NEWSROOM_WIRE_PROVIDER = os.environ.get("NEWSROOM_WIRE_PROVIDER", "Newsroom")
# Webhook deliveries: seconds to wait for a partner's server, the first retry's
# delay (doubled at every failure up to the maximum), and attempts before giving up.
NEWSROOM_DELIVERY_TIMEOUT_SECONDS = float(os.environ.get("NEWSROOM_DELIVERY_TIMEOUT_SECONDS", "10"))
NEWSROOM_DELIVERY_RETRY_BASE_SECONDS = int(
    os.environ.get("NEWSROOM_DELIVERY_RETRY_BASE_SECONDS", "30")
)
NEWSROOM_DELIVERY_RETRY_MAX_SECONDS = int(
    os.environ.get("NEWSROOM_DELIVERY_RETRY_MAX_SECONDS", str(6 * 3600))
)
NEWSROOM_DELIVERY_MAX_ATTEMPTS = int(os.environ.get("NEWSROOM_DELIVERY_MAX_ATTEMPTS", "15"))
# The partner API: items per page (at most), and the page size partners may ask for.
NEWSROOM_API_PAGE_SIZE = 20
NEWSROOM_API_MAX_PAGE_SIZE = 100

# --- Authentication -------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# django-axes first: it refuses a locked-out login before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, loading the user's admin language with the user.
    "newsroom.admin_language.StaffBackend",
]
# Five wrong passwords for one account from one address lock that pair out for
# half an hour; locking a user name alone would let anyone lock an editor out.
AXES_FAILURE_LIMIT = int(os.environ.get("NEWSROOM_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "newsroom/lockout.html"
# The address is REMOTE_ADDR: behind a proxy that is the proxy's, so the lock then
# acts per account (still five tries per half hour, never an unbounded guess).
AXES_VERBOSE = False

# --- Languages and time ------------------------------------------------------------

LANGUAGE_CODE = "ar"
LANGUAGES = [
    ("ar", _("Arabic")),
    ("ru", _("Russian")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
# Our date formats per language (newsroom/formats/<code>/formats.py), over Django's.
FORMAT_MODULE_PATH = ["newsroom.formats"]

# Arabic dates in Arabic-Indic digits (٠٤ ديسمبر ٢٠٢٠); Maghreb newsrooms set
# this to false for Western digits.
NEWSROOM_ARABIC_INDIC_DIGITS = env_bool("NEWSROOM_ARABIC_INDIC_DIGITS", True)
# The Hijri date (Umm al-Qura calendar) beside the Gregorian one on Arabic article pages.
NEWSROOM_HIJRI_DATES = env_bool("NEWSROOM_HIJRI_DATES", True)

MODELTRANSLATION_DEFAULT_LANGUAGE = "ar"
# A public page never shows another language's text as if it were a translation.
MODELTRANSLATION_ENABLE_FALLBACKS = False
MODELTRANSLATION_FALLBACK_LANGUAGES = ("ar",)
# The newsroom's recommended longest headline, in characters: the article form counts
# each language's headline against it as the editor types (a hint, not a limit).
NEWSROOM_HEADLINE_MAX_CHARS = int(os.environ.get("NEWSROOM_HEADLINE_MAX_CHARS", "90"))
# The admin's tabs use jQuery UI, served from our own static files (no CDN).
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

TAGGIT_CASE_INSENSITIVE = True
FORMS_URLFIELD_ASSUME_HTTPS = True

# --- Static and media files --------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files served at the site's root (favicon.ico, which browsers ask for on every page).
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Larger than any upload the admin should take; images are checked separately.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Email ---------------------------------------------------------------------------

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "newsroom@localhost")

# --- Security (production values come from the environment) --------------------------

SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_HTTPS_PROXY", False) else None
)
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", False)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts only from our own origin, or
# inline ones carrying this request's nonce (the prose editor's import map,
# see newsroom.csp). Styles allow inline attributes: the admin and the editor
# set them, and a style cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [CSP_SELF],
        "script-src": [CSP_SELF, CSP_NONCE],
        "style-src": [CSP_SELF, CSP_UNSAFE_INLINE],
        "img-src": [CSP_SELF, "data:"],
        "font-src": [CSP_SELF],
        "connect-src": [CSP_SELF],
        "object-src": [CSP_NONE],
        "base-uri": [CSP_SELF],
        "form-action": [CSP_SELF],
        "frame-ancestors": [CSP_NONE],
    }
}

# --- Logging -------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# Agency ingest (wire): the largest item and delivery accepted, the drop folder the worker
# reads, and the hosts whose feeds may be polled.
WIRE_MAX_ITEM_BYTES = int(os.environ.get("NEWSROOM_WIRE_MAX_ITEM_BYTES", 1_000_000))
WIRE_MAX_DELIVERY_BYTES = int(os.environ.get("NEWSROOM_WIRE_MAX_DELIVERY_BYTES", 10_000_000))
WIRE_DROP_FOLDER = os.environ.get("NEWSROOM_WIRE_DROP_FOLDER", str(BASE_DIR / "wire-drop"))
WIRE_POLL_HOSTS = [h for h in os.environ.get("NEWSROOM_WIRE_POLL_HOSTS", "").split(",") if h]
WIRE_POLL_TIMEOUT = float(os.environ.get("NEWSROOM_WIRE_POLL_TIMEOUT", 10))
