"""Message catalogs: what to extract, and which public strings still lack a translation.

Used by ``bin/translations`` and by ``tests/unit/test_translations.py``; nothing here runs while
the app serves requests.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from fnmatch import fnmatch

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BABEL_CFG = os.path.join(ROOT, "babel.cfg")
TRANSLATIONS = os.path.join(ROOT, "translations")

#: ``lazy_gettext`` is imported as ``_l`` in forms and page registries.
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2)}

#: Staff-only code and templates: English is enough there. Paths relative to the project root.
STAFF_ONLY = (
    "templates/auth/*", "templates/navigator/*", "templates/metrics/*", "templates/audit/*",
    "templates/staff*",
    "admissions/auth/*", "admissions/navigator/*", "admissions/metrics/*", "admissions/audit/*",
    "admissions/*/cli.py", "admissions/core/cli.py",
)


@dataclass(frozen=True)
class Message:
    msgid: str
    where: str  # "path:line"


def extract_service_codes(fileobj, keywords, comment_tags, options) -> Iterator[tuple]:
    """Babel extractor: every label and category label of the service-code vocabulary."""
    rows = csv.DictReader(io.StringIO(fileobj.read().decode("utf-8")))
    seen: set[str] = set()
    for lineno, row in enumerate(rows, start=2):
        for text, note in ((row["category_label"], f"service-code category {row['category']}"),
                           (row["label"], f"service code {row['code']}")):
            if text and text not in seen:
                seen.add(text)
                yield lineno, None, text, [note]


def is_staff_only(path: str) -> bool:
    return any(fnmatch(path, pattern) for pattern in STAFF_ONLY)


def extract_messages(root: str = ROOT, cfg: str = BABEL_CFG, *, public_only: bool = True) -> list[Message]:
    """Every translatable string babel.cfg names, in memory; staff-only files left out on request."""
    with open(cfg, encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh, cfg)
    messages = []
    for filename, lineno, message, _comments, context in extract_from_dir(
        root, method_map, options_map, keywords=KEYWORDS, directory_filter=_skip_hidden,
    ):
        path = filename.replace(os.sep, "/")
        if context or (public_only and is_staff_only(path)):
            continue
        # A plural is one catalog entry, keyed by its singular; the check covers all its forms.
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            messages.append(Message(msgid, f"{path}:{lineno}"))
    return messages


def _skip_hidden(dirpath: str) -> bool:
    name = os.path.basename(dirpath)
    return not name.startswith((".", "_")) and name not in ("node_modules", "translations", "instance")


def load_catalog(locale: str, directory: str = TRANSLATIONS):
    with open(os.path.join(directory, locale, "LC_MESSAGES", "messages.po"), "rb") as fh:
        return read_po(fh, locale=locale)


def missing_translations(messages: Iterable[Message], catalog) -> list[Message]:
    """The messages with no entry, an empty translation, or only a fuzzy guess in ``catalog``."""
    missing = []
    for message in messages:
        entry = catalog.get(message.msgid)
        translated = entry is not None and not entry.fuzzy and (
            all(entry.string) if isinstance(entry.string, tuple) else bool(entry.string))
        if not translated:
            missing.append(message)
    return missing
