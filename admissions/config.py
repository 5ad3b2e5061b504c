"""Default settings. Deployment overrides them with ``ADMISSIONS_*`` environment variables."""

from __future__ import annotations


class Config:
    """Defaults safe for development; production must set a secret key and a database."""

    SECRET_KEY: str | None = None
    #: ``ADMISSIONS_DATABASE_URL``; empty means the embedded SQLite file in ``instance/``.
    DATABASE_URL: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    #: Fernet keys, comma separated, newest first (MultiFernet rotates through them).
    ENCRYPTION_KEYS: str | None = None

    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SECURE = True
    MAX_CONTENT_LENGTH = 12 * 1024 * 1024

    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_ENABLED = True
    #: Public "report a problem" forms, per address.
    REPORT_RATE_LIMIT = "5 per hour"

    BABEL_DEFAULT_LOCALE = "en"
    LANGUAGES = ("en", "es")
    #: Catalogs live in the top-level ``translations/`` folder (relative to the package).
    BABEL_TRANSLATION_DIRECTORIES = "../translations"
    #: Where "Quick exit" sends people: a neutral page that says nothing about this site.
    QUICK_EXIT_URL = "https://www.weather.gov/"
    #: Where staff land after signing in.
    STAFF_HOME_ENDPOINT = "navigator.queue"

    #: Public pages cache for this many seconds; staff pages are never cached.
    PUBLIC_CACHE_SECONDS = 0
    LOG_LEVEL = "INFO"

    # The queue (see DOMAIN.md section 5)
    #: How long a claim holds before the inquiry returns to the queue.
    QUEUE_LEASE_SECONDS = 900
    #: How long an inquiry waits for a navigator with the right skills before anyone may take it.
    ROUTING_FALLBACK_SECONDS = 300
    #: How long a due callback waits for its owner before anyone may take it.
    CALLBACK_GRACE_SECONDS = 600
    #: First-attempt SLA per priority, in business minutes.
    SLA_MINUTES = {"critical": 5, "high": 15, "normal": 60}
    #: Business hours per weekday (0 = Monday), local to BUSINESS_TIMEZONE; None = closed.
    #: ``core.business_hours.calendar_from_settings(get_setting)`` builds the calendar.
    BUSINESS_HOURS = {0: ("08:00", "20:00"), 1: ("08:00", "20:00"), 2: ("08:00", "20:00"),
                      3: ("08:00", "20:00"), 4: ("08:00", "20:00"), 5: ("09:00", "17:00"), 6: None}
    BUSINESS_TIMEZONE = "America/Los_Angeles"
    #: Country and subdivision for the holidays package.
    BUSINESS_HOLIDAYS = "US"
    #: Extra closed dates, ISO strings.
    BUSINESS_CLOSED_DATES: list = []
    #: Call attempts (over at least two days) before "unreachable" is allowed.
    UNREACHABLE_MIN_ATTEMPTS = 3
    #: Service level: share of inquiries first attempted within this many minutes.
    SERVICE_LEVEL_MINUTES = 15


def normalize_database_url(url: str) -> str:
    """Use the psycopg 3 driver for every PostgreSQL URL spelling."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url
