"""Database engine tweaks."""

from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.engine import Engine


def enable_sqlite_pragmas(engine: Engine) -> None:
    """WAL for concurrent readers, enforced foreign keys, a busy timeout for concurrent writers."""

    @event.listens_for(engine, "connect")
    def _set_pragmas(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()


def is_postgres(engine_or_session) -> bool:
    bind = getattr(engine_or_session, "bind", None) or engine_or_session
    if hasattr(engine_or_session, "get_bind"):
        bind = engine_or_session.get_bind()
    return bind.dialect.name == "postgresql"
