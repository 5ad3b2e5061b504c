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

    #: Public pages cache for this many seconds; staff pages are never cached.
    PUBLIC_CACHE_SECONDS = 0
    LOG_LEVEL = "INFO"


def normalize_database_url(url: str) -> str:
    """Use the psycopg 3 driver for every PostgreSQL URL spelling."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url
