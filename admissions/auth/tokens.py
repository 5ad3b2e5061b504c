"""Bearer tokens for the staff API: issued once, stored hashed, checked on every call."""

from __future__ import annotations

import hashlib
import secrets
from functools import wraps

from flask import g, request
from sqlalchemy import select

from admissions.auth.models import ApiToken, Role, User
from admissions.core.errors import ApiError
from admissions.core.time import utcnow
from admissions.extensions import db


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User) -> str:
    """Create a token for ``user`` and return it; only its hash is kept."""
    token = secrets.token_urlsafe(32)
    db.session.add(ApiToken(user_id=user.id, token_hash=_digest(token)))
    return token


def user_for_token(token: str) -> User | None:
    row = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token),
                                                   ApiToken.revoked_at.is_(None)))
    if row is None or not row.user.active:
        return None
    row.last_used_at = utcnow()
    return row.user


def token_required(*roles: Role):
    """Let an API call through with a valid ``Authorization: Bearer`` token (401) of ``roles`` (403).

    The caller is in ``g.api_user``.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            header = request.headers.get("Authorization", "")
            scheme, _, token = header.partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                raise ApiError("A bearer token is required.", "Authorization", 401)
            user = user_for_token(token.strip())
            if user is None:
                raise ApiError("The token is not valid.", "Authorization", 401)
            if roles and user.role not in roles:
                raise ApiError("Your role may not do this.", None, 403)
            g.api_user = user
            return view(*args, **kwargs)

        return wrapped

    return decorator
