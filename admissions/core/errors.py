"""Domain errors and the JSON error answers of the API."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException


class DomainError(Exception):
    """A business rule refused an action; the message is safe to show to the user."""

    status_code = 400

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(DomainError):
    status_code = 404


class Conflict(DomainError):
    """Someone else changed or holds the thing first (lease lost, stale write)."""

    status_code = 409


class Forbidden(DomainError):
    status_code = 403


class ApiError(Exception):
    """An API answer other than success: ``{"error": message, "field": field}``."""

    def __init__(self, message: str, field: str | None = None, status: int = 400, **extra):
        super().__init__(message)
        self.message = message
        self.field = field
        self.status = status
        self.extra = extra


def api_error_response(message: str, field: str | None = None, status: int = 400, **extra):
    body = {"error": message}
    if field is not None:
        body["field"] = field
    body.update(extra)
    return jsonify(body), status


def wants_json() -> bool:
    return request.path.startswith("/api/")


def register_error_handlers(app: Flask) -> None:
    """JSON errors under /api/, friendly pages elsewhere; never a stack trace or personal data."""

    @app.errorhandler(ApiError)
    def handle_api_error(exc: ApiError):
        return api_error_response(exc.message, exc.field, exc.status, **exc.extra)

    @app.errorhandler(DomainError)
    def handle_domain_error(exc: DomainError):
        if wants_json():
            return api_error_response(exc.message, exc.field, exc.status_code)
        return render_template("core/error.html", code=exc.status_code, message=exc.message), exc.status_code

    @app.errorhandler(HTTPException)
    def handle_http_error(exc: HTTPException):
        code = exc.code or 500
        if wants_json():
            return api_error_response(exc.description or exc.name, None, code)
        response = exc.get_response()
        if code in (301, 302, 303, 307, 308):
            return exc
        body = render_template("core/error.html", code=code, message=exc.description)
        response.set_data(body)
        response.content_type = "text/html; charset=utf-8"
        return response

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception):
        # Log the type and place only: messages may hold personal data.
        app.logger.error("unhandled %s at %s %s", type(exc).__name__, request.method, request.url_rule)
        if app.testing and app.config.get("PROPAGATE_TEST_ERRORS", True):
            raise exc
        if wants_json():
            return api_error_response("Internal error", None, 500)
        return render_template("core/error.html", code=500, message=None), 500
