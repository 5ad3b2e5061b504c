"""Language choice: ``?lang=``, then the remembered choice, then Accept-Language.

Templates get ``current_locale``, ``language_url(lang)`` (this page in another language, query
kept) and ``meeting_type_label(code)`` (Meeting Guide type names, in the page's language).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from urllib.parse import urlencode

from flask import Flask, current_app, request

LANG_COOKIE = "lang"
LANG_COOKIE_SECONDS = 365 * 24 * 3600

LANGUAGE_NAMES = {"en": "English", "es": "Español"}


def select_locale() -> str:
    supported = current_app.config["LANGUAGES"]
    asked = request.args.get("lang")
    if asked in supported:
        return asked
    remembered = request.cookies.get(LANG_COOKIE)
    if remembered in supported:
        return remembered
    return request.accept_languages.best_match(supported) or current_app.config["BABEL_DEFAULT_LOCALE"]


def language_url(lang: str) -> str:
    """This page's address with ``lang`` set and every other query argument kept."""
    args = [(key, value) for key, value in request.args.items(multi=True) if key != "lang"]
    args.append(("lang", lang))
    return request.path + "?" + urlencode(args)


@lru_cache(maxsize=1)
def _meeting_types() -> dict[str, dict[str, str]]:
    with resources.files("admissions.core").joinpath("data/tsml-types.json").open(encoding="utf-8") as fh:
        return json.load(fh)


def meeting_type_label(code: str, locale: str | None = None) -> str:
    """The Meeting Guide name of a type code in ``locale`` (default: the request's), else English."""
    if locale is None:
        from flask_babel import get_locale

        locale = str(get_locale() or "en")
    names = _meeting_types().get(code)
    if not names:
        return code
    return names.get(locale) or names.get("en") or code


def register_i18n(app: Flask) -> None:
    @app.before_request
    def choose_language_afresh():
        # Flask-Babel caches the locale on ``g``; an app context that outlives one request (tests,
        # CLI-driven renders) must not carry the previous request's language into this one.
        from flask_babel import refresh

        refresh()

    @app.after_request
    def remember_language(response):
        asked = request.args.get("lang")
        if asked in app.config["LANGUAGES"] and request.cookies.get(LANG_COOKIE) != asked:
            response.set_cookie(LANG_COOKIE, asked, max_age=LANG_COOKIE_SECONDS, samesite="Lax",
                                secure=request.is_secure, httponly=True)
        response.vary.update(("Accept-Language", "Cookie"))
        return response

    @app.context_processor
    def inject_locale():
        from flask_babel import get_locale

        locale = str(get_locale() or "en")
        return {
            "current_locale": locale,
            "other_languages": [(code, LANGUAGE_NAMES.get(code, code))
                                for code in app.config["LANGUAGES"] if code != locale],
            "language_url": language_url,
            "meeting_type_label": meeting_type_label,
            "quick_exit_url": app.config["QUICK_EXIT_URL"],
        }
