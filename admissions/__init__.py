"""admissions: a treatment directory and an admissions-navigator queue."""

from __future__ import annotations

import logging
import os

from flask import Flask

from admissions.config import Config, normalize_database_url


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: config, extensions, blueprints, error handlers, CLI."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=os.path.join(os.path.dirname(os.path.dirname(__file__)), "templates"),
    )
    configure(app, test_config)
    register_extensions(app)
    register_blueprints(app)
    register_handlers(app)
    register_cli(app)
    return app


def configure(app: Flask, test_config: dict | None) -> None:
    app.config.from_object(Config)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("ADMISSIONS")
    else:
        app.config.update(test_config)
    url = app.config.get("DATABASE_URL") or app.config.get("SQLALCHEMY_DATABASE_URI")
    if not url:
        os.makedirs(app.instance_path, exist_ok=True)
        url = "sqlite:///" + os.path.join(app.instance_path, "admissions.sqlite3")
    app.config["SQLALCHEMY_DATABASE_URI"] = normalize_database_url(url)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"timeout": 30}}
    if not app.config.get("SECRET_KEY"):
        if not (app.debug or app.testing):
            raise RuntimeError(
                "ADMISSIONS_SECRET_KEY is not set. Set it to a long random value "
                "(python -c 'import secrets; print(secrets.token_urlsafe(48))') before starting."
            )
        app.config["SECRET_KEY"] = "dev-only-not-secret"
    if not app.config.get("ENCRYPTION_KEYS") and not (app.debug or app.testing or _running_a_command()):
        # A server without keys would take call-back requests it cannot store: refuse to start.
        # Commands may run without keys (migrations need none); those that encrypt say what is missing.
        raise RuntimeError(
            "ADMISSIONS_ENCRYPTION_KEYS is not set. Generate a key with "
            "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'."
        )
    if app.debug or app.testing:
        app.config["SESSION_COOKIE_SECURE"] = app.config.get("SESSION_COOKIE_SECURE_IN_TESTS", False)
        app.config["REMEMBER_COOKIE_SECURE"] = False
    logging.getLogger("admissions").setLevel(app.config["LOG_LEVEL"])


def _running_a_command() -> bool:
    """True inside a ``flask`` command (other than the server), where the app is not serving requests."""
    import click

    return click.get_current_context(silent=True) is not None


def register_extensions(app: Flask) -> None:
    from admissions import models  # noqa: F401  (every table on the metadata)
    from admissions.extensions import babel, csrf, db, limiter, login_manager, migrate
    from admissions.core.i18n import select_locale

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(os.path.dirname(__file__)), "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        from admissions.core.database import enable_sqlite_pragmas

        with app.app_context():
            enable_sqlite_pragmas(db.engine)


def register_blueprints(app: Flask) -> None:
    from admissions.auth.routes import bp as auth_bp
    from admissions.core.routes import bp as core_bp
    from admissions.core import openapi
    from admissions.directory import api as directory_api
    from admissions.directory.admin import bp as directory_admin_bp
    from admissions.directory.routes import bp as directory_bp
    from admissions.guide.routes import bp as guide_bp
    from admissions.intake import api as intake_api
    from admissions.intake.blueprints import BLUEPRINTS as intake_blueprints
    from admissions.meetings import api as meetings_api, routes as meetings_routes
    from admissions.metrics import api as metrics_api, routes as metrics_routes
    from admissions.navigator import api as navigator_api, openapi as navigator_openapi, routes as navigator_routes

    for blueprint in (core_bp, auth_bp, directory_bp, directory_api.bp, directory_admin_bp, openapi.bp, guide_bp,
                      meetings_routes.bp, meetings_api.bp, *intake_blueprints, navigator_routes.bp,
                      navigator_api.bp, metrics_routes.bp, metrics_api.bp):
        app.register_blueprint(blueprint)
    openapi.contribute(app, directory_api.OPENAPI_PATHS, directory_api.OPENAPI_SCHEMAS)
    openapi.contribute(app, meetings_api.OPENAPI_PATHS, meetings_api.OPENAPI_SCHEMAS)
    openapi.contribute(app, intake_api.OPENAPI_PATHS, {})
    openapi.contribute(app, metrics_api.OPENAPI_PATHS, {})
    openapi.contribute(app, navigator_openapi.OPENAPI_PATHS, navigator_openapi.OPENAPI_SCHEMAS)


def register_handlers(app: Flask) -> None:
    from admissions.core.errors import register_error_handlers
    from admissions.core.i18n import register_i18n
    from admissions.core.security import register_security_headers

    register_error_handlers(app)
    register_security_headers(app)
    register_i18n(app)


def register_cli(app: Flask) -> None:
    from admissions.auth.cli import users_cli
    from admissions.core.cli import demo_cli
    from admissions.directory.cli import directory_cli
    from admissions.core.keys import keys_cli
    from admissions.meetings.cli import meetings_cli
    from admissions.navigator.cli import queue_cli

    for group in (demo_cli, directory_cli, users_cli, keys_cli, meetings_cli, queue_cli):
        app.cli.add_command(group)
