"""What a directory search asks for, read from query-string arguments (no database here).

The API takes service codes (``codes=BU,MU,MD``: OR inside a vocabulary category, AND across
categories). The page offers the same codes as plain-language filters in groups (type of care,
medication, payment, ...): options of one group combine with OR, groups with AND.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from admissions.core.geo import Place, PlaceError, resolve_place
from admissions.core.text import fold
from admissions.directory.vocabulary import vocabulary

#: Radius choices in miles; ``None`` is "any distance".
RADII = (5, 10, 25, 50, 100)
DEFAULT_RADIUS = 25
DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PAGE = 1000
MAX_WORDS = 8
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class SearchError(ValueError):
    """A search argument we cannot use; ``field`` names the argument."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Option:
    key: str
    label: str
    codes: frozenset[str]


@dataclass(frozen=True)
class FilterGroup:
    name: str
    label: str
    options: tuple[Option, ...]

    def option(self, key: str) -> Option | None:
        return next((o for o in self.options if o.key == key), None)


def _group(name, label, *options) -> FilterGroup:
    return FilterGroup(name, label, tuple(Option(key, text, frozenset(codes)) for key, text, codes in options))


#: The page's filters, in plain language. Each option stands for one or more service codes.
FILTER_GROUPS: tuple[FilterGroup, ...] = (
    _group("care", _l("Type of care"),
           ("detox_inpatient", _l("Inpatient detox"), {"HID", "RD"}),
           ("detox_outpatient", _l("Outpatient detox"), {"OD"}),
           ("residential", _l("Residential (rehab)"), {"RES", "RS", "RL"}),
           ("partial", _l("Partial hospitalization (day treatment)"), {"ODT"}),
           ("intensive", _l("Intensive outpatient"), {"OIT"}),
           ("outpatient", _l("Outpatient"), {"OP", "ORT"}),
           ("telehealth", _l("Telehealth"), {"TELE"}),
           ("sober_living", _l("Sober living"), {"HH"})),
    _group("medication", _l("Medication for opioid use"),
           ("methadone", _l("Methadone"), {"MU", "METH", "MM"}),
           ("buprenorphine", _l("Buprenorphine (Suboxone)"), {"BU", "BWN", "BWON", "BERI", "BSDM", "BUM", "UB"}),
           ("naltrexone", _l("Naltrexone (Vivitrol)"), {"NU", "NXN", "VTRL", "UN", "RPN"})),
    _group("payment", _l("Payment"),
           ("medicaid", _l("Medicaid"), {"MD"}),
           ("medicare", _l("Medicare"), {"MC"}),
           ("private", _l("Private insurance"), {"PI"}),
           ("tricare", _l("TRICARE (military)"), {"MI"}),
           ("cash", _l("Cash or self-pay"), {"SF"}),
           ("sliding", _l("Sliding fee scale"), {"SS"}),
           ("free", _l("Free (no payment)"), {"NP"})),
    _group("age", _l("Age"),
           ("children", _l("Children and teens"), {"CHLD"}),
           ("young_adults", _l("Young adults"), {"YAD"}),
           ("adults", _l("Adults"), {"ADLT"}),
           ("seniors", _l("Seniors"), {"SNR"})),
    _group("gender", _l("Gender"),
           ("female", _l("Women"), {"FEM"}),
           ("male", _l("Men"), {"MALE"})),
    _group("group", _l("Programs for"),
           ("pregnant", _l("Pregnant or postpartum women"), {"PW"}),
           ("veterans", _l("Veterans"), {"VET"}),
           ("lgbtq", _l("LGBTQ people"), {"GL"}),
           ("adolescents", _l("Adolescents"), {"AD"}),
           ("co_occurring", _l("Mental health and substance use together"), {"CO"}),
           ("justice", _l("People in the justice system"), {"CJ"})),
    _group("language", _l("Language"),
           ("spanish", _l("Spanish"), {"SP"}),
           ("sign", _l("Sign language"), {"AH"}),
           ("native", _l("American Indian or Alaska Native languages"), {"NX"}),
           ("other", _l("Other languages"), {"FX"})),
    _group("accreditation", _l("Accreditation"),
           ("carf", _l("CARF"), {"CARF"}),
           ("joint_commission", _l("The Joint Commission"), {"JC"}),
           ("state", _l("State licensed"), {"STAG"}),
           ("otp", _l("Certified opioid treatment program"), {"SOTP"})),
)

#: What each result shows under its name, in this order.
SUMMARY_GROUPS = ("care", "medication", "payment")


@dataclass(frozen=True)
class SearchCriteria:
    place: Place | None = None
    #: Miles; None means any distance.
    radius_miles: int | None = DEFAULT_RADIUS
    #: Each set is satisfied by any of its codes; every set must be satisfied.
    code_groups: tuple[frozenset[str], ...] = ()
    #: Folded words that must each start a word of the names.
    words: tuple[str, ...] = ()
    include_mental_health: bool = False
    verified_only: bool = False
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    #: The plain-language options chosen on the page, group name -> option keys.
    chosen: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def parse_codes(text: str) -> tuple[frozenset[str], ...]:
    """``"BU,MU,MD"`` -> one set per vocabulary category, in vocabulary order."""
    codes = [part.strip().upper() for part in (text or "").split(",") if part.strip()]
    known = vocabulary().codes
    by_category: dict[str, set[str]] = {}
    for code in codes:
        if code not in known:
            raise SearchError(f"Unknown service code: {code[:20]}", "codes")
        by_category.setdefault(known[code].category, set()).add(code)
    order = list(vocabulary().categories)
    return tuple(frozenset(by_category[c]) for c in sorted(by_category, key=order.index))


def parse_radius(text: str | None) -> int | None:
    """``"25"`` -> 25, ``"any"`` -> None, empty -> the default."""
    text = (text or "").strip().lower()
    if not text:
        return DEFAULT_RADIUS
    if text == "any":
        return None
    if text.isdigit() and int(text) in RADII:
        return int(text)
    raise SearchError("Radius must be one of 5, 10, 25, 50, 100 or any.", "radius_miles")


def parse_flag(text: str | None, name: str) -> bool:
    value = (text or "").strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise SearchError(f"{name} must be true or false.", name)


def parse_int(text: str | None, name: str, *, default: int, low: int, high: int) -> int:
    value = (text or "").strip()
    if not value:
        return default
    if not value.isdigit() or not low <= int(value) <= high:
        raise SearchError(f"{name} must be a whole number from {low} to {high}.", name)
    return int(value)


def parse_words(text: str | None) -> tuple[str, ...]:
    words = fold((text or "")[:200]).split()
    return tuple(dict.fromkeys(words))[:MAX_WORDS]


def parse_search(args: Mapping, *, per_page_default: int = DEFAULT_PER_PAGE) -> SearchCriteria:
    """Read a search from query-string arguments (a MultiDict); raise SearchError on bad input."""
    near = (args.get("near") or "").strip()
    place = None
    if near:
        try:
            place = resolve_place(near[:100])
        except PlaceError as exc:
            raise SearchError(str(exc), "near") from None
    groups = list(parse_codes(args.get("codes") or ""))
    chosen: dict[str, tuple[str, ...]] = {}
    getlist = getattr(args, "getlist", lambda key: [args[key]] if key in args else [])
    for group in FILTER_GROUPS:
        keys = tuple(dict.fromkeys(k for k in getlist(group.name) if k))
        if not keys:
            continue
        codes: set[str] = set()
        for key in keys:
            option = group.option(key)
            if option is None:
                raise SearchError(f"Unknown choice for {group.name}: {key[:30]}", group.name)
            codes |= option.codes
        chosen[group.name] = keys
        groups.append(frozenset(codes))
    return SearchCriteria(
        place=place,
        radius_miles=parse_radius(args.get("radius_miles")),
        code_groups=tuple(groups),
        words=parse_words(args.get("q")),
        include_mental_health=parse_flag(args.get("include_mental_health"), "include_mental_health"),
        verified_only=parse_flag(args.get("verified_only"), "verified_only"),
        page=parse_int(args.get("page"), "page", default=1, low=1, high=MAX_PAGE),
        per_page=parse_int(args.get("per_page"), "per_page", default=per_page_default, low=1, high=MAX_PER_PAGE),
        chosen=chosen,
    )


def summary(codes: set[str]) -> list[tuple[FilterGroup, list[Option]]]:
    """Plain-language lines for a facility: (group, options it offers) for the summary groups."""
    lines = []
    for group in FILTER_GROUPS:
        if group.name in SUMMARY_GROUPS:
            offered = [o for o in group.options if o.codes & codes]
            if offered:
                lines.append((group, offered))
    return lines
