"""Route guards: HTML pages redirect to sign-in, the API answers 401/403 in JSON."""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user

from admissions.auth.models import Role
from admissions.extensions import login_manager


def role_required(*roles: Role):
    """Let only signed-in staff with one of ``roles`` through (403 otherwise)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if roles and current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


STAFF = (Role.NAVIGATOR, Role.MANAGER, Role.ADMIN)
MANAGERS = (Role.MANAGER, Role.ADMIN)
ADMINS = (Role.ADMIN,)
