"""Settings shared by every environment.

Every value that differs between deployments is read from the environment (django-environ). Names use the
``DJANGO_`` prefix for Django's own settings and ``HEARTH_`` for the product's; README.md lists them all.
"""

from pathlib import Path

import environ
from csp import constants as csp
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

VAR_DIR = Path(env("HEARTH_VAR_DIR", default=str(BASE_DIR / "var")))

# ------------------------------------------------------------------------------------------------------
# Core — https://docs.djangoproject.com/en/5.2/ref/settings/
# ------------------------------------------------------------------------------------------------------
# The development key is public (it is in this file): fine on a laptop, fatal anywhere else, since anyone
# could forge sessions and password-reset or guest-confirmation links with it. The "django-insecure-"
# prefix makes Django's own deploy check (security.W009) flag it; local.py and production.py refuse it on
# any host but this machine (see _refuse_development_key).
DEVELOPMENT_SECRET_KEY = "django-insecure-hearth-local-development-key-change-me-0123456789abcdef"
SECRET_KEY = env("DJANGO_SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("HEARTH_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env("HEARTH_SITE_NAME", default="Hearth")

# Host names that only reach this machine; the development key is tolerated for these and nothing else.
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]", "::1", "testserver"})


def _refuse_development_key(*, secret_key: str, allowed_hosts: list[str], anywhere: bool = False) -> None:
    """Stop at start-up when the public development key would sign cookies for a host beyond this machine.

    Raised from the settings module itself, not from a system check, because gunicorn, uvicorn and a Celery
    worker never run the checks. ``anywhere`` (production) refuses the key even for local host names.
    """
    if secret_key != DEVELOPMENT_SECRET_KEY:
        return
    public = [host for host in allowed_hosts if host not in LOCAL_HOSTS and not host.endswith(".localhost")]
    if anywhere or public:
        where = f" for {', '.join(public)}" if public else ""
        raise ImproperlyConfigured(
            f"Refusing to start{where} with the public development SECRET_KEY. Set DJANGO_SECRET_KEY to a "
            "long random value: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )


INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.headless",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "csp",
    "community",
    "moderation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "community.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "community.middleware.MemberTimezoneMiddleware",
]

ROOT_URLCONF = "community.urls"
WSGI_APPLICATION = "community.wsgi.application"
ASGI_APPLICATION = "community.asgi.application"

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
                "community.context_processors.site",
            ],
        },
    },
]

# ------------------------------------------------------------------------------------------------------
# Database — https://docs.djangoproject.com/en/5.2/ref/settings/#databases
# SQLite by default (embedded run); PostgreSQL in production via DATABASE_URL.
# ------------------------------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'hearth.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the local Celery worker writes; a busy timeout instead of
    # "database is locked" errors under the embedded run.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
    # Write transactions take the lock when they begin: a deferred one that reads first and then writes
    # fails at once with "database is locked" when another writer got in between (the busy timeout does
    # not apply to that upgrade). Found by schemathesis with two concurrent clients.
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ------------------------------------------------------------------------------------------------------
# Cache — https://docs.djangoproject.com/en/5.2/topics/cache/
# Local memory by default; Redis in production (REDIS_URL). Used for rendered fragments and throttles.
# ------------------------------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "hearth"}}

# ------------------------------------------------------------------------------------------------------
# Accounts — https://docs.allauth.org/en/latest/account/configuration.html
# ------------------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "community.Member"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "community:home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env("HEARTH_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "community.forms.SignupExtraForm"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
HEADLESS_SERVE_SPECIFICATION = False
HEADLESS_FRONTEND_URLS = {
    "account_confirm_email": f"{SITE_URL}/accounts/confirm-email/{{key}}/",
    "account_reset_password_from_key": f"{SITE_URL}/accounts/password/reset/key/{{key}}/",
    "account_signup": f"{SITE_URL}/accounts/signup/",
}

# ------------------------------------------------------------------------------------------------------
# Email — https://docs.djangoproject.com/en/5.2/topics/email/
# The embedded default writes every email as a file under var/mail/ so a person can read it.
# ------------------------------------------------------------------------------------------------------
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env("HEARTH_EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
EMAIL_HOST = env("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("DJANGO_EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="Hearth <no-reply@hearth.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# ------------------------------------------------------------------------------------------------------
# Internationalisation — https://docs.djangoproject.com/en/5.2/topics/i18n/
# ------------------------------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# ------------------------------------------------------------------------------------------------------
# Static files — https://whitenoise.readthedocs.io/
# ------------------------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# ------------------------------------------------------------------------------------------------------
# Browser security headers — https://django-csp.readthedocs.io/en/latest/configuration.html
# https://developer.mozilla.org/docs/Web/HTTP/Headers/Permissions-Policy
# ------------------------------------------------------------------------------------------------------
# Scripts run only from our own origin or from an inline <script nonce="{{ request.csp_nonce }}">, so an
# injected <script> or on*= attribute in a post, a name or a crisis-line field does not run even if it got
# past the sanitizer. <style> elements need the nonce too. Inline style="" ATTRIBUTES are allowed
# (style-src-attr 'unsafe-inline'): Django's admin, DRF's browsable API, the moderator pages and the 500
# page (rendered without a request, so it cannot carry a nonce) use them, and a style attribute cannot run
# script; what it could do (restyle the page) the sanitizer already stops in posts, which allow no style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF, csp.NONCE],  # NONCE: this request's nonce, sent only when a template used it
        "style-src": [csp.SELF, csp.NONCE],
        "style-src-attr": [csp.UNSAFE_INLINE],
        "img-src": [csp.SELF, "data:"],  # Swagger UI's icons are data: URLs
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    },
}
# Powerful browser features nothing on Hearth uses, switched off for the site and anything it embeds:
# "feature": [] sends "feature=()", i.e. allowed for no origin.
HEARTH_PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "browsing-topics", "camera", "display-capture", "geolocation",
        "gyroscope", "hid", "magnetometer", "microphone", "midi", "payment", "serial", "usb",
        "xr-spatial-tracking",
    )
}  # fmt: skip

# ------------------------------------------------------------------------------------------------------
# Celery — https://docs.celeryq.dev/en/stable/userguide/configuration.html
# Production: Redis (REDIS_URL / CELERY_BROKER_URL). Embedded default: kombu's filesystem transport, so a
# real worker and beat run with no other server.
# ------------------------------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://localhost/")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "celery-broker"
    # kombu's filesystem transport fails on publish when its folders are missing; the web process, the
    # worker and management commands all publish, so the folders are made wherever settings load.
    for _folder in ("queue", "processed", "control"):
        (_queue_dir / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir / "queue"),
        "data_folder_out": str(_queue_dir / "queue"),
        "processed_folder": str(_queue_dir / "processed"),
        "control_folder": str(_queue_dir / "control"),
        "store_processed": False,
    }
else:
    # visibility_timeout must exceed the longest task ETA/countdown, or Redis redelivers early.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("HEARTH_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("HEARTH_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_ALWAYS_EAGER = env.bool("HEARTH_CELERY_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = "UTC"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# ------------------------------------------------------------------------------------------------------
# REST API — https://www.django-rest-framework.org/api-guide/settings/
# ------------------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Apps: "Authorization: Token <key>" from POST /api/v1/auth/token/. Listed first so that a request
        # without credentials gets 401 with "WWW-Authenticate: Token" rather than a bare 403.
        "rest_framework.authentication.TokenAuthentication",
        # Browser: the Django session, with CSRF enforced on unsafe methods.
        "rest_framework.authentication.SessionAuthentication",
        # Or the X-Session-Token an app gets from allauth's headless login (/_allauth/app/v1/auth/login).
        "allauth.headless.contrib.rest_framework.authentication.XSessionTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_SCHEMA_CLASS": "community.api.schema.HearthAutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "community.api.pagination.KeysetPagination",
    "DEFAULT_THROTTLE_CLASSES": [
        "community.api.throttling.MemberRateThrottle",
        "community.api.throttling.AnonymousRateThrottle",
        "community.api.throttling.AddressRateThrottle",
    ],
    # Throttles count in the default cache: local memory in the embedded run, Redis in production.
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("HEARTH_API_THROTTLE_ANON", default="120/min"),  # per IP, signed out
        "user": env("HEARTH_API_THROTTLE_USER", default="600/min"),  # per member
        "ip": env("HEARTH_API_THROTTLE_IP", default="1200/min"),  # per IP, everyone behind it
        "writes": env("HEARTH_API_THROTTLE_WRITES", default="30/min"),  # new threads, replies, reports
        "auth": env("HEARTH_API_THROTTLE_AUTH", default="10/min"),  # token requests per IP
    },
    "NUM_PROXIES": env.int("HEARTH_API_NUM_PROXIES", default=0),
    "EXCEPTION_HANDLER": "community.api.exceptions.api_exception_handler",
    "PAGE_SIZE": env.int("HEARTH_API_PAGE_SIZE", default=25),
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Hearth API",
    "DESCRIPTION": """Peer-support community: spaces, threads, nested replies, reports and moderation.

**Signing up and in.** Accounts are django-allauth's headless API (not part of this schema):
`POST /_allauth/app/v1/auth/signup` `{"email", "password", "display_name"}` sends a confirmation email;
its answer (401, flow `verify_email`) carries `meta.session_token`; send it as `X-Session-Token` with
`POST /_allauth/app/v1/auth/email/verify` `{"key"}` (the key is the last part of the emailed link) to
confirm and sign in. Later, `POST /_allauth/app/v1/auth/login` `{"email", "password"}` answers with a new
`meta.session_token`. Browsers use
`/_allauth/browser/v1/...` instead and then the session cookie (send `X-CSRFToken` on writes).

**Calling this API.** Either `X-Session-Token: <session_token>` from the allauth login, or
`Authorization: Token <token>` from `POST /api/v1/auth/token/` (email + password, confirmed email needed;
`DELETE` the same address to revoke), or the browser session with CSRF.

**Lists** are cursor-paginated: follow `next` until it is null (`page_size` up to 100). The reply tree of a
thread pages by top-level reply with `?page=N` and nests every reply under its top-level reply.

**Errors** always look like `{"error": {"code", "message", "fields"}}`; `message` is written for people.
429 responses carry `Retry-After`. Moderation endpoints answer 404 to anyone who is not a moderator.""",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI's assets are served from drf-spectacular-sidecar, so /api/docs/ works with no internet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "PostStatusEnum": "community.models.Post.Status",
        "NotificationKindEnum": "community.models.Notification.Kind",
        "DigestFrequencyEnum": "community.models.DigestFrequency",
        "ReactionKindEnum": "community.models.ReactionKind",
        # Resolved when the schema is generated: strings, not imports (community never imports moderation).
        "AppealStatusEnum": "moderation.models.Appeal.Status",
        "ModerationNoticeActionEnum": "moderation.models.ModerationNotice.Action",
    },
}

# ------------------------------------------------------------------------------------------------------
# Hearth community — README.md "Configuration" documents each value.
# ------------------------------------------------------------------------------------------------------
HEARTH_MAX_REPLY_DEPTH = env.int("HEARTH_MAX_REPLY_DEPTH", default=5)
HEARTH_REPLY_ORDER = env("HEARTH_REPLY_ORDER", default="oldest")  # "oldest" or "newest" first among siblings
HEARTH_REPLIES_PER_PAGE = env.int("HEARTH_REPLIES_PER_PAGE", default=50)  # top-level replies per page
HEARTH_THREADS_PER_PAGE = env.int("HEARTH_THREADS_PER_PAGE", default=25)
# Thread, home and space pages as readers who are not signed in see them, kept in the default cache and
# replaced as soon as a write changes them (community/cache.py); 0 turns the page cache off.
HEARTH_PAGE_CACHE_SECONDS = env.int("HEARTH_PAGE_CACHE_SECONDS", default=300)
HEARTH_THREAD_AUTO_CLOSE_DAYS = env.int("HEARTH_THREAD_AUTO_CLOSE_DAYS", default=90)  # 0 disables
HEARTH_MAX_POST_LENGTH = env.int("HEARTH_MAX_POST_LENGTH", default=20_000)
HEARTH_GUEST_CONFIRMATION_MAX_AGE_DAYS = env.int("HEARTH_GUEST_CONFIRMATION_MAX_AGE_DAYS", default=7)
# Guest replies per IP address, per email address, per thread and across the site ("<n>/<s|min|hour|day>",
# counted in the cache like the API throttles). Anybody can fill in the guest form, so these bound how
# fast strangers can fill the Safety lane and the moderators' inboxes; members are not affected.
HEARTH_GUEST_THROTTLE_IP = env("HEARTH_GUEST_THROTTLE_IP", default="5/hour")
HEARTH_GUEST_THROTTLE_EMAIL = env("HEARTH_GUEST_THROTTLE_EMAIL", default="5/hour")
HEARTH_GUEST_THROTTLE_THREAD = env("HEARTH_GUEST_THROTTLE_THREAD", default="10/hour")
HEARTH_GUEST_THROTTLE_SITE = env("HEARTH_GUEST_THROTTLE_SITE", default="60/hour")
# Crisis alerts about unconfirmed guests' replies: one email per moderator per this many minutes.
HEARTH_GUEST_ALERT_GROUP_MINUTES = env.int("HEARTH_GUEST_ALERT_GROUP_MINUTES", default=15)
HEARTH_DEFAULT_DIGEST_FREQUENCY = env("HEARTH_DEFAULT_DIGEST_FREQUENCY", default="weekly")
HEARTH_DIGEST_HOUR = env.int("HEARTH_DIGEST_HOUR", default=8)  # local morning hour in the member's time zone
# A member counts as new for this many days after joining (rate limits, link limits, pre-moderation).
HEARTH_NEW_MEMBER_DAYS = env.int("HEARTH_NEW_MEMBER_DAYS", default=7)
# In spaces with "hold new member posts", a member's posts are held until this many have been approved.
HEARTH_PREMODERATE_FIRST_POSTS = env.int("HEARTH_PREMODERATE_FIRST_POSTS", default=3)
# Per-category score thresholds for the detectors, e.g. {"crisis": 0.5, "spam": 0.7, "off_topic": 0.6};
# values set in the admin (Detector thresholds) win over these, which win over the tuned defaults.
HEARTH_DETECTOR_THRESHOLDS = env.json("HEARTH_DETECTOR_THRESHOLDS", default={})

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# ------------------------------------------------------------------------------------------------------
# Background work: outbox, digests, reminders, escalation — README.md "Background work".
# https://docs.celeryq.dev/en/stable/userguide/tasks.html#retrying
# ------------------------------------------------------------------------------------------------------
HEARTH_OUTBOX_MAX_ATTEMPTS = env.int("HEARTH_OUTBOX_MAX_ATTEMPTS", default=15)  # then DEAD + failed task
HEARTH_OUTBOX_RETRY_BASE_SECONDS = env.int("HEARTH_OUTBOX_RETRY_BASE_SECONDS", default=30)
HEARTH_OUTBOX_RETRY_MAX_SECONDS = env.int("HEARTH_OUTBOX_RETRY_MAX_SECONDS", default=1800)
HEARTH_OUTBOX_CLAIM_SECONDS = env.int("HEARTH_OUTBOX_CLAIM_SECONDS", default=180)  # > delivery hard limit
HEARTH_OUTBOX_SWEEP_GRACE_SECONDS = env.int("HEARTH_OUTBOX_SWEEP_GRACE_SECONDS", default=30)
HEARTH_ALERT_WEBHOOK_URL = env("HEARTH_ALERT_WEBHOOK_URL", default="")
HEARTH_ALERT_WEBHOOK_SECRET = env("HEARTH_ALERT_WEBHOOK_SECRET", default="")
HEARTH_ALERT_WEBHOOK_TIMEOUT = env.int("HEARTH_ALERT_WEBHOOK_TIMEOUT", default=10)
HEARTH_DIGEST_BATCH_SIZE = env.int("HEARTH_DIGEST_BATCH_SIZE", default=200)
HEARTH_DIGEST_WEEKDAY = env.int("HEARTH_DIGEST_WEEKDAY", default=0)  # weekly digests: 0 = Monday
HEARTH_DIGEST_CATCHUP_HOURS = env.int("HEARTH_DIGEST_CATCHUP_HOURS", default=6)  # late runs still send
HEARTH_UNREAD_REMINDER_AFTER_HOURS = env.int("HEARTH_UNREAD_REMINDER_AFTER_HOURS", default=24)
HEARTH_UNREAD_REMINDER_EVERY_DAYS = env.int("HEARTH_UNREAD_REMINDER_EVERY_DAYS", default=3)
HEARTH_CONFIRM_EMAIL_REMINDER_AFTER_HOURS = env.int("HEARTH_CONFIRM_EMAIL_REMINDER_AFTER_HOURS", default=24)
HEARTH_SAFETY_ESCALATE_MINUTES = env.int("HEARTH_SAFETY_ESCALATE_MINUTES", default=15)
HEARTH_SAFETY_ESCALATE_ALL_MINUTES = env.int("HEARTH_SAFETY_ESCALATE_ALL_MINUTES", default=30)
HEARTH_SAFETY_REALERT_MINUTES = env.int("HEARTH_SAFETY_REALERT_MINUTES", default=15)
HEARTH_MODERATION_SUMMARY_HOUR = env.int("HEARTH_MODERATION_SUMMARY_HOUR", default=7)  # UTC, daily summary

# ------------------------------------------------------------------------------------------------------
# Moderation: screening, review queue, reports, trust limits — README.md "Moderation".
# ------------------------------------------------------------------------------------------------------
# Hiding a cry for help harms; crisis posts stay visible unless this is turned on.
HEARTH_CRISIS_HIDES_POST = env.bool("HEARTH_CRISIS_HIDES_POST", default=False)
# Author crisis findings at or above this severity mark the post sensitive, show the support panel and
# alert on-duty moderators; below it (e.g. past ideation) they still enter the safety lane, quietly.
HEARTH_CRISIS_ALERT_MIN_SEVERITY = env("HEARTH_CRISIS_ALERT_MIN_SEVERITY", default="medium")
# When no moderator is on duty, crisis alerts go to every moderator rather than to nobody.
HEARTH_ALERT_ALL_WHEN_NONE_ON_DUTY = env.bool("HEARTH_ALERT_ALL_WHEN_NONE_ON_DUTY", default=True)
HEARTH_REPORTS_PER_HOUR = env.int("HEARTH_REPORTS_PER_HOUR", default=10)
HEARTH_REVIEW_CLAIM_TIMEOUT_MINUTES = env.int("HEARTH_REVIEW_CLAIM_TIMEOUT_MINUTES", default=30)
HEARTH_REVIEW_PAGE_SIZE = env.int("HEARTH_REVIEW_PAGE_SIZE", default=50)
# After "reached out": ask for a check-in this many hours later; with no outcome recorded this many hours
# after that, the item goes back to the Safety lane.
HEARTH_FOLLOW_UP_HOURS = env.int("HEARTH_FOLLOW_UP_HOURS", default=24)
HEARTH_FOLLOW_UP_REQUEUE_HOURS = env.int("HEARTH_FOLLOW_UP_REQUEUE_HOURS", default=12)
# Care for moderators: after this many Safety items in a row (none more than the gap apart) the queue
# suggests a break and crisis alerts skip them for HEARTH_CARE_BREAK_MINUTES (0 = never).
HEARTH_CARE_SAFETY_STREAK = env.int("HEARTH_CARE_SAFETY_STREAK", default=5)
HEARTH_CARE_STREAK_GAP_MINUTES = env.int("HEARTH_CARE_STREAK_GAP_MINUTES", default=60)
HEARTH_CARE_BREAK_MINUTES = env.int("HEARTH_CARE_BREAK_MINUTES", default=60)
# Dashboard: a space's crisis items in a week count as a cluster at this many times its own weekly
# baseline (the previous 8 weeks' mean), and at least HEARTH_CLUSTER_MIN_ITEMS items.
HEARTH_CLUSTER_FACTOR = env.float("HEARTH_CLUSTER_FACTOR", default=2.0)
HEARTH_CLUSTER_MIN_ITEMS = env.int("HEARTH_CLUSTER_MIN_ITEMS", default=3)
HEARTH_NEW_MEMBER_THREADS_PER_DAY = env.int("HEARTH_NEW_MEMBER_THREADS_PER_DAY", default=3)
HEARTH_NEW_MEMBER_REPLIES_PER_HOUR = env.int("HEARTH_NEW_MEMBER_REPLIES_PER_HOUR", default=10)
# A post from a new member with more links than this is held for a moderator.
HEARTH_NEW_MEMBER_MAX_LINKS = env.int("HEARTH_NEW_MEMBER_MAX_LINKS", default=2)

# ------------------------------------------------------------------------------------------------------
# Members: support panel, their data, no post left alone — README.md "Configuration" (Members rows).
# ------------------------------------------------------------------------------------------------------
# Admins are emailed (weekly, via the outbox) about crisis lines nobody has confirmed for this many days.
HEARTH_CRISIS_LINE_CHECK_DAYS = env.int("HEARTH_CRISIS_LINE_CHECK_DAYS", default=180)
# A member's data export: the emailed download link works for this many days.
HEARTH_DATA_EXPORT_LINK_DAYS = env.int("HEARTH_DATA_EXPORT_LINK_DAYS", default=7)
# Account deletion runs this many days after it was asked for; signing in before then cancels it.
HEARTH_ACCOUNT_DELETION_GRACE_DAYS = env.int("HEARTH_ACCOUNT_DELETION_GRACE_DAYS", default=7)
# Supportive reactions: an author is told about new reactions to a post at most once per this many minutes.
HEARTH_REACTION_BATCH_MINUTES = env.int("HEARTH_REACTION_BATCH_MINUTES", default=30)
# "Waiting for a reply": posts older than this many days drop off the peer supporters' list.
HEARTH_WAITING_MAX_DAYS = env.int("HEARTH_WAITING_MAX_DAYS", default=7)
