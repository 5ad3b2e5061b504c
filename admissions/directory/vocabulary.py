"""The SAMHSA service-code vocabulary (copied from the locator's code list)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

#: Types of care that make a facility a substance-use provider.
SUBSTANCE_USE_CARE = frozenset({"SA", "DT", "HH", "SUMH"})


@dataclass(frozen=True)
class ServiceCode:
    code: str
    label: str
    category: str
    category_label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    codes: dict[str, ServiceCode]
    categories: dict[str, str]  # category code -> label, in file order

    def category_of(self, code: str) -> str:
        return self.codes[code].category

    def in_category(self, category: str) -> list[ServiceCode]:
        return [c for c in self.codes.values() if c.category == category]

    def code_for_label(self, category: str, label: str) -> str | None:
        """The code whose label or alias matches ``label`` (case-insensitive) within ``category``."""
        return _label_index().get((category.upper(), label.strip().casefold()))


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """Load the vocabulary once from the packaged CSV."""
    codes: dict[str, ServiceCode] = {}
    categories: dict[str, str] = {}
    with resources.files("admissions.directory").joinpath("data/service_codes.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
            codes[row["code"]] = ServiceCode(row["code"], row["label"], row["category"],
                                             row["category_label"], aliases)
            categories.setdefault(row["category"], row["category_label"])
    return Vocabulary(codes, categories)


@lru_cache(maxsize=1)
def _label_index() -> dict[tuple[str, str], str]:
    index = {}
    for code in vocabulary().codes.values():
        for label in (code.label, *code.aliases, code.code):
            index.setdefault((code.category, label.strip().casefold()), code.code)
    return index
