"""Language choice: ``?lang=``, then the remembered choice, then Accept-Language."""

from __future__ import annotations

from flask import Flask, current_app, g, request

LANG_COOKIE = "lang"


def select_locale() -> str:
    supported = current_app.config["LANGUAGES"]
    asked = request.args.get("lang")
    if asked in supported:
        return asked
    remembered = request.cookies.get(LANG_COOKIE)
    if remembered in supported:
        return remembered
    return request.accept_languages.best_match(supported) or current_app.config["BABEL_DEFAULT_LOCALE"]


def register_i18n(app: Flask) -> None:
    @app.after_request
    def remember_language(response):
        asked = request.args.get("lang")
        if asked in app.config["LANGUAGES"] and request.cookies.get(LANG_COOKIE) != asked:
            response.set_cookie(LANG_COOKIE, asked, max_age=365 * 24 * 3600, samesite="Lax",
                                secure=request.is_secure, httponly=True)
        return response

    @app.context_processor
    def inject_locale():
        from flask_babel import get_locale

        return {"current_locale": str(get_locale() or "en")}
