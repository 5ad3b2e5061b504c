"""Text normalization shared by importers and search."""

from __future__ import annotations

import html
import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^0-9a-z]+")


def clean(value) -> str:
    """Unescape HTML entities, turn non-breaking and repeated spaces into one space, strip."""
    if value is None:
        return ""
    text = html.unescape(str(value)).replace("\u00a0", " ")
    return _SPACES.sub(" ", text).strip()


def fold(value: str) -> str:
    """Lower-case, accent-free, punctuation-free words joined by single spaces."""
    text = unicodedata.normalize("NFKD", clean(value))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return _NON_WORD.sub(" ", text).strip()


def slugify(value: str, max_length: int = 80) -> str:
    """A URL-safe slug made of folded words."""
    return fold(value).replace(" ", "-")[:max_length].strip("-")
