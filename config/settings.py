"""Settings for Ceasefire Positions, read from the environment (12-factor).

One file on purpose: every value a deployment changes comes from an environment variable,
with a default that suits a developer's machine.
"""

import datetime
import hashlib
import ipaddress
import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


TRUE_WORDS, FALSE_WORDS = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


def env_bool(name, default=False):
    """A yes/no setting. A value it does not know is refused: a typo must not quietly read as "off"."""
    value = os.environ.get(name, str(default)).strip().lower()
    if value not in TRUE_WORDS | FALSE_WORDS:
        raise ImproperlyConfigured(f"{name}={value!r}: use 1/0, true/false, yes/no or on/off.")
    return value in TRUE_WORDS


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def networks(items, name):
    """Addresses or networks (10.0.0.2, 10.0.0.0/24, ::1), each written as a network; a typo is refused at start."""
    try:
        return [str(ipaddress.ip_network(item)) for item in items]
    except ValueError as error:
        raise ImproperlyConfigured(f"{name}: {error} (give addresses or networks, comma-separated)") from None


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
# deploy.env.example's placeholder is published too: a deployment that copied the sample unchanged must not start.
EXAMPLE_SECRET_KEY = "change-me-to-50-random-characters"
if SECRET_KEY == EXAMPLE_SECRET_KEY and not DEBUG:
    raise ImproperlyConfigured("SECRET_KEY is deploy.env.example's placeholder: set a random key of your own.")
if not SECRET_KEY:
    # A published fallback key would sign sessions anyone can forge: without DEBUG, refuse to start.
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set in the environment when DEBUG is off.")
    # A fixed key for a developer's machine only (`make run` sets DEBUG); the tests set their own (pyproject).
    SECRET_KEY = "insecure-local-development-key-not-for-production-use-0123456789"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Django's widget templates, for the query forms' renderer (web/field_rendering.py), which reads templates
    # as every page does.
    "django.forms",
    "django_filters",
    "django_htmx",
    "simple_history",
    "axes",
    "concurrency",
    # The background tasks' queue, in the database (Django's task framework): proposing a document's positions
    # runs there (negotiations/intake/tasks.py), picked up by `manage.py db_worker`, which `make run` and
    # `make serve` start beside the server.
    "django_tasks_db",
    "negotiations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "negotiations.web.middleware.DatabaseUnavailableMiddleware",
    "negotiations.web.middleware.AdminWithoutStatementTimeoutMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # A page not found under a record's old slug answers 301 to the record (models.FormerSlug).
    "negotiations.web.moved.FormerSlugRedirectMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that it sees failed logins from the admin's login view.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Counts failed logins and refuses a locked-out username + IP before checking any password.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# SQLite file in the project by default; PostgreSQL (psycopg 3) when DATABASE_URL names one.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
# A public statement running longer than this is cancelled (the page answers 503, "narrow the search"); 0: no limit.
# manage.py sets 0 for every command (migrate, backup, restore, seed_synthetic, shell), and the admin lifts it for
# each of its requests (negotiations/middleware.py), so only public pages are cut short.
DATABASE_STATEMENT_TIMEOUT_MS = int(os.environ.get("DATABASE_STATEMENT_TIMEOUT_MS", "5000"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A pooled connection that died while idle (database restart) is replaced, not reused.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A database that stops answering must not hold every worker: connecting gives up after a few seconds, and
    # the timeout is set at connection start (no query per request) as the session's default, which the admin's
    # RESET returns to.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options.setdefault("connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "3")))
    if DATABASE_STATEMENT_TIMEOUT_MS:
        timeout = f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT_MS}"
        options["options"] = f"{options.get('options', '')} {timeout}".strip()
        # A server that never sees the query cannot cancel it: past this, the app gives up on the connection
        # (negotiations/web/postgresql). Later than the server's own cancellation, which then always comes first.
        options["answer_timeout"] = DATABASE_STATEMENT_TIMEOUT_MS / 1000 + 2
    DATABASES["default"]["ENGINE"] = "negotiations.web.postgresql"
else:
    DATABASES["default"]["CONN_MAX_AGE"] = 0


# Rendered pages are cached by URL and data version (negotiations/caching.py): in each process's memory by
# default, in Redis (shared by every worker and server) when REDIS_URL is set.
def database_identity(database):
    """Which database a deployment reads: two deployments sharing one Redis must never serve each other's pages
    (their data versions count apart), while every server of one deployment, on one database, shares its pages."""
    where = "|".join(str(database.get(key) or "") for key in ("ENGINE", "HOST", "PORT", "NAME"))
    return hashlib.sha256(where.encode()).hexdigest()[:12]


# CACHE_KEY_PREFIX names the deployment's entries in Redis; by default, the database it reads.
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX") or f"ceasefire-{database_identity(DATABASES['default'])}"
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "negotiations.web.redis_cache.PageCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            # A cache that stops answering must not hold a page up: give up quickly and render uncached.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 2000}}}
# With a shared cache every worker reads the data version from it (rewritten on every change), so a cached
# page touches no database; a per-process cache cannot hear of other workers' changes, so the database says.
DATA_VERSION_IN_CACHE = bool(os.environ.get("REDIS_URL"))

# PAGE_CACHE=0 turns the page cache off (the benchmark's "cold" figures); BENCH_VIEWS=1 adds the
# benchmark's ceiling views under /_bench/ (never in a deployment).
PAGE_CACHE = env_bool("PAGE_CACHE", True)
# At most this many pages rendered afresh at once on one machine (negotiations/render_slots.py), one per core by
# default; beyond, a 503 at once, so that a flood of unique expensive requests cannot starve cached pages.
# 0: no limit (developing).
RENDER_SLOTS = int(os.environ.get("RENDER_SLOTS", "0" if DEBUG else str(os.cpu_count() or 1)))
# The slots are shared fairly (negotiations/web/render_slots.py): a client that kept a slot busy for more than
# RENDER_SHARE_SECONDS of the last RENDER_SHARE_WINDOW seconds or so (a decaying sum) no longer gets the last slot,
# which stays free for everyone else's fresh pages.
RENDER_SHARE_SECONDS = float(os.environ.get("RENDER_SHARE_SECONDS", "3"))
RENDER_SHARE_WINDOW = float(os.environ.get("RENDER_SHARE_WINDOW", "10"))
# One set of slots per checkout, so that two deployments on one host do not share them.
RENDER_SLOT_DIR = os.environ.get("RENDER_SLOT_DIR") or str(
    Path(tempfile.gettempdir()) / f"ceasefire-render-slots-{hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:12]}"
)
BENCH_VIEWS = env_bool("BENCH_VIEWS", False)

# The edge cache in front (Varnish, `make serve-edge`, or a managed CDN; negotiations/web/edge.py): how long it may
# keep a public page (the targeted CDN-Cache-Control's s-maxage; browsers still revalidate every time), and how
# long past that it may serve the page it has while it fetches the new one (stale-while-revalidate). Every data
# change purges it at once (a BAN to each EDGE_PURGE_URL, comma-separated; empty: no edge to purge), so the TTL
# only bounds how stale a page can be when a purge is lost.
EDGE_TTL_SECONDS = int(os.environ.get("EDGE_TTL_SECONDS", "600"))
EDGE_STALE_SECONDS = int(os.environ.get("EDGE_STALE_SECONDS", "30"))
EDGE_PURGE_URLS = env_list("EDGE_PURGE_URL")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background tasks: queued in the database, run by `manage.py db_worker`. TASKS_BACKEND may name another backend:
# the tests run them at once, in the request (django.tasks.backends.immediate.ImmediateBackend), needing no worker.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed files in production (`make serve` runs collectstatic); plain files while developing.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or env_bool("PLAIN_STATIC_FILES")
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Security -------------------------------------------------------------------------------

# No inline script or style anywhere, so the policy needs neither 'unsafe-inline' nor 'unsafe-eval'
# (htmx is configured in base.html not to inject its indicator styles nor to evaluate code).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# TLS ends at the proxy in front of gunicorn, which says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SILENCED_SYSTEM_CHECKS = [
    # Joining the browsers' HSTS preload list binds every subdomain for good: the operator's decision
    # (SECURE_HSTS_PRELOAD=1), not a default.
    "security.W021",
]
if not SECURE_SSL_REDIRECT:
    # The proxy redirects http to https before a request reaches Django (see README, Deployment).
    SILENCED_SYSTEM_CHECKS.append("security.W008")

# Over plain http on a developer's machine (`make run`, DEBUG on) cookies cannot be Secure; everywhere else
# they are, with the __Host- prefix that pins them to this host and path.
SECURE_COOKIES = not DEBUG
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
if SECURE_COOKIES:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Admin login: five wrong passwords for one username from one address lock that pair for 15 minutes, and twenty
# from one address, whatever the usernames, lock the address (negotiations/web/throttling.py): one address may
# hold a few curators who mistype, not someone trying username after username.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_ADDRESS_FAILURE_LIMIT = int(os.environ.get("AXES_ADDRESS_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "negotiations.web.throttling.AddressLimitHandler"
# Behind a proxy, set PROXY_COUNT (how many proxies append to X-Forwarded-For) so that the client's own
# address is the one counted: the right-most one the proxies did not vouch for (negotiations/web/client_ip.py).
# With none set, the socket's address is used and the header is not trusted. The header is believed only from
# TRUSTED_PROXIES (addresses or networks; loopback by default): anyone reaching gunicorn directly is counted at
# their own address, whatever they write in it.
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
TRUSTED_PROXIES = networks(env_list("TRUSTED_PROXIES", "127.0.0.0/8,::1"), "TRUSTED_PROXIES")
AXES_CLIENT_IP_CALLABLE = "negotiations.web.client_ip.client_ip"

# --- Logging: 5xx responses go to stderr with their path (django.request logs them) ----------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    # A fresh render refused because the render slots are taken is counted and summed up once a minute
    # (render_slots.Shedding), not logged as an error each time.
    "filters": {"not_refusals": {"()": "negotiations.web.render_slots.NotRefusals"}},
    "loggers": {
        "django.request": {
            "handlers": ["stderr"],
            "level": "ERROR",
            "propagate": False,
            "filters": ["not_refusals"],
        },
        "negotiations": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
    },
}
