"""Every public string has a Spanish translation.

Strings are extracted in memory with Babel, from the files ``babel.cfg`` names, and compared with
``translations/es/LC_MESSAGES/messages.po``. Staff-only code and templates are left out on purpose
(``admissions.core.catalog.STAFF_ONLY``). To fix a failure: ``bin/translations update``, translate
the new entries in the .po file, ``bin/translations missing`` until it prints nothing.
"""

from __future__ import annotations

import textwrap

from babel.messages.catalog import Catalog

from admissions.core.catalog import extract_messages, is_staff_only, load_catalog, missing_translations


def test_every_public_string_has_a_spanish_translation():
    messages = extract_messages()
    assert any(m.where.startswith("templates/guide/") for m in messages)
    assert any(m.where.startswith("admissions/directory/data/service_codes.csv") for m in messages)
    missing = missing_translations(messages, load_catalog("es"))
    listing = "\n".join(f"  {m.where}: {m.msgid!r}" for m in missing)
    assert not missing, f"{len(missing)} public strings have no Spanish translation:\n{listing}"


def test_staff_only_templates_are_excluded_and_public_ones_are_not():
    assert is_staff_only("templates/navigator/queue.html")
    assert is_staff_only("templates/staff_home.html")
    assert is_staff_only("admissions/auth/routes.py")
    assert not is_staff_only("templates/guide/withdrawal.html")
    assert not is_staff_only("templates/core/_crisis_bar.html")
    assert not is_staff_only("admissions/guide/forms.py")


def test_a_new_untranslated_template_string_is_reported(tmp_path):
    (tmp_path / "templates" / "callback").mkdir(parents=True)
    (tmp_path / "templates" / "navigator").mkdir(parents=True)
    (tmp_path / "templates" / "callback" / "form.html").write_text(
        '<h1>{{ _("Ask for a call") }}</h1>\n<p>{% trans %}We call you back.{% endtrans %}</p>\n'
        '<p>{{ _("Only English so far") }}</p>\n')
    (tmp_path / "templates" / "navigator" / "queue.html").write_text('<h1>{{ _("The queue") }}</h1>\n')
    (tmp_path / "app.py").write_text('from flask_babel import lazy_gettext as _l\nLABEL = _l("Your phone")\n')
    cfg = tmp_path / "babel.cfg"
    cfg.write_text(textwrap.dedent("""\
        [python: **.py]
        [jinja2: templates/**.html]
        """))
    catalog = Catalog(locale="es")
    catalog.add("Ask for a call", "Pedir una llamada")
    catalog.add("We call you back.", "Le llamamos.")
    catalog.add("Your phone", "")

    messages = extract_messages(str(tmp_path), str(cfg))
    missing = {m.msgid for m in missing_translations(messages, catalog)}

    assert missing == {"Only English so far", "Your phone"}


def test_a_fuzzy_guess_counts_as_missing():
    catalog = Catalog(locale="es")
    catalog.add("Quick exit", "Salida rápida", flags=["fuzzy"])
    messages = [m for m in extract_messages() if m.msgid == "Quick exit"]
    assert messages
    assert missing_translations(messages, catalog) == messages


def test_the_compiled_spanish_catalog_is_current():
    """The app reads the .mo file; `make test` / `make run` (or bin/translations compile) build it."""
    import os

    from admissions.core.catalog import TRANSLATIONS

    po = os.path.join(TRANSLATIONS, "es", "LC_MESSAGES", "messages.po")
    mo = po[:-3] + ".mo"
    assert os.path.exists(mo), "translations are not compiled: run `bin/translations compile`"
    assert os.path.getmtime(mo) >= os.path.getmtime(po), "the .mo is older than the .po: run `bin/translations compile`"
