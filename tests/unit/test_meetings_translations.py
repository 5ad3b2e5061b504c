"""Every public string of the meetings pages has a Spanish translation ready to merge."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
METHODS = [("**.py", "python"), ("**.html", "jinja2")]
KEYWORDS = {"_": None, "_l": None, "gettext": None, "lazy_gettext": None, "ngettext": (1, 2)}


def test_every_meetings_string_is_in_the_spanish_fragment():
    with open(ROOT / "admissions" / "meetings" / "data" / "messages.es.po", "rb") as fh:
        catalog = read_po(fh)
    missing = []
    for folder in ("admissions/meetings", "templates/meetings"):
        for filename, lineno, message, _comments, _context in extract_from_dir(
                str(ROOT / folder), METHODS, keywords=KEYWORDS):
            msgid = message[0] if isinstance(message, tuple) else message
            entry = catalog.get(msgid)
            translated = entry.string if entry else None
            if not entry or not (translated if isinstance(translated, str) else all(translated)) or entry.fuzzy:
                missing.append(f"{folder}/{filename}:{lineno}: {msgid!r}")
    assert not missing, "\n".join(missing)
