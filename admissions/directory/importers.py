"""Parsers for the two directory sources: the locator's JSON and the national CSV.

Each parser turns one file into ``ParsedRow``s: a normalized ``FacilityRecord``, or the reason the
row was rejected. Nothing here touches the database, so every quirk of the sources is tested as a
plain function. ``merge_same_sites`` folds the locator's duplicate SA and MH rows into one record.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import re
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from typing import IO, Iterable, Iterator

from admissions.core.geo import US_STATES, in_us, zip_info
from admissions.core.text import fold as _fold_any
from admissions.directory.vocabulary import SUBSTANCE_USE_CARE, vocabulary

#: The locator's facility types; anything else is dropped from ``facility_types``.
FACILITY_TYPES = ("SA", "MH", "OTP", "HRSA")
#: Types that make a facility a substance-use provider whatever its codes say.
SUBSTANCE_USE_TYPES = frozenset({"SA", "OTP"})

# Widths of the facility columns; longer values are cut rather than failing the row.
_MAX = {"name": 255, "name2": 255, "street1": 255, "street2": 255, "city": 120, "website": 500}

_NON_WORD = re.compile(r"[^0-9a-z]+")
_FRID = re.compile(r"^[0-9a-fA-F]{16,64}$")
_ZIP = re.compile(r"^(\d{5})(?:-?(\d{4}))?$")
_PHONE_DIGITS = re.compile(r"\d")
_EXTENSION = re.compile(r"(?:ext\.?|extension|x)\s*(\d{1,6})\s*$", re.IGNORECASE)
_PLACEHOLDER_PHONES = {"1234567890", "5555555555", "0123456789"}


class SourceFileError(ValueError):
    """The file cannot be read at all (not JSON, not CSV, wrong shape)."""


@dataclass(frozen=True)
class FacilityRecord:
    """One facility as a source describes it, normalized and ready to store."""

    name: str
    name2: str | None
    street1: str | None
    street2: str | None
    city: str | None
    state: str
    zip: str | None
    latitude: float
    longitude: float
    location_approximate: bool
    phone: str | None
    intake_phone: str | None
    hotline_phone: str | None
    website: str | None
    facility_types: tuple[str, ...]
    codes: frozenset[str]
    #: The locator's 64-hex id, lower-cased, when the row has one.
    frid: str | None = None

    @cached_property
    def folded_name(self) -> str:
        return fold(self.name)

    @cached_property
    def folded_city(self) -> str:
        return fold(self.city or "")

    @cached_property
    def address_key(self) -> str:
        """"h:" + a hash of the normalized name, street, city, state and ZIP: the id of a row without frid."""
        parts = (self.folded_name, fold(self.street1 or ""), self.folded_city, self.state, (self.zip or "")[:5])
        return "h:" + hashlib.sha256("|".join(parts).encode()).hexdigest()

    @property
    def source_key(self) -> str:
        return self.frid or self.address_key

    @cached_property
    def site_key(self) -> tuple[str, ...]:
        """The street address alone: the SA and MH rows of one site share it."""
        return (fold(self.street1 or ""), fold(self.street2 or ""), self.folded_city, self.state,
                (self.zip or "")[:5])

    @property
    def mental_health_only(self) -> bool:
        return is_mental_health_only(self.facility_types, self.codes)


@dataclass
class ParsedRow:
    """A source row: its number in the file, the record or why it was rejected, and notes."""

    row: int
    record: FacilityRecord | None = None
    reason: str | None = None
    #: Things skipped without rejecting the row (unknown service labels, a bad phone...).
    warnings: list[str] = field(default_factory=list)


def is_mental_health_only(facility_types: Iterable[str], codes: Iterable[str]) -> bool:
    """Type MH with no substance-use type of care (SA, DT, HH, SUMH) and no SA or OTP type."""
    types = set(facility_types)
    return "MH" in types and not (types & SUBSTANCE_USE_TYPES) and not (set(codes) & SUBSTANCE_USE_CARE)


# -- field normalizers (pure; each returns the clean value or None) --------------------------------


def clean(value) -> str:
    """Same result as ``core.text.clean`` (entities, non-breaking and repeated spaces), faster:
    it runs some sixty times per row of a 100,000-row file."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if "&" in text:
        text = html.unescape(text)
    return " ".join(text.split())


def fold(value: str) -> str:
    """``core.text.fold`` with a shortcut for plain ASCII, which has no accents to strip."""
    if value.isascii() and "&" not in value:
        return " ".join(_NON_WORD.sub(" ", value.lower()).split())
    return _fold_any(value)


def clean_text(value, max_length: int | None = None) -> str | None:
    """Entities unescaped, non-breaking and repeated spaces collapsed; None when empty."""
    text = clean(value)
    if not text:
        return None
    return text[:max_length] if max_length else text


def clean_phone(value) -> str | None:
    """``(AAA) EEE-NNNN`` with an optional `` x123``; None for placeholders and non-numbers."""
    text = clean(value)
    if not text:
        return None
    extension = None
    if match := _EXTENSION.search(text):
        extension = match.group(1)
        text = text[: match.start()]
    digits = "".join(_PHONE_DIGITS.findall(text))
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10 or digits[0] in "01" or digits[3] in "01":
        return None
    if len(set(digits)) == 1 or digits in _PLACEHOLDER_PHONES or digits[:3] in {"999", "000"}:
        return None
    phone = f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
    return f"{phone} x{extension}" if extension else phone


def clean_website(value) -> str | None:
    """An http(s) address; ``"http://"`` alone, other schemes and garbage mean none."""
    text = clean(value)
    if not text or " " in text:
        return None
    lowered = text.lower()
    if lowered.startswith(("http://", "https://")):
        host = text.split("://", 1)[1]
    elif "://" in text or lowered.startswith(("javascript:", "mailto:", "data:")):
        return None
    else:
        host, text = text, "http://" + text
    if "." not in host.split("/", 1)[0]:
        return None
    return text[: _MAX["website"]]


def clean_zip(value) -> str | None:
    """``12345`` or ``12345-6789``; a four-digit ZIP lost its leading zero in a spreadsheet."""
    text = clean(value).replace(" ", "")
    if re.fullmatch(r"\d{4}", text) or re.fullmatch(r"\d{8}", text) or re.fullmatch(r"\d{4}-\d{4}", text):
        text = "0" + text
    match = _ZIP.match(text)
    if not match:
        return None
    return f"{match.group(1)}-{match.group(2)}" if match.group(2) else match.group(1)


def parse_coordinate(value) -> float | None:
    """A float from a string or number; None when missing, zero or not a number."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(clean(value)) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        return None
    if number != number or number == 0 or abs(number) > 180:  # NaN, zero, nonsense
        return None
    return number


def resolve_location(lat, lon, zip_code: str | None) -> tuple[float, float, bool, str | None]:
    """(latitude, longitude, approximate, warning) or raise ``ValueError`` when there is no place.

    Coordinates inside the US are kept; swapped ones are swapped back; missing, zero or foreign
    ones fall back to the ZIP centroid, marked approximate.
    """
    lat, lon = parse_coordinate(lat), parse_coordinate(lon)
    warning = None
    if lat is not None and lon is not None:
        if in_us(lat, lon):
            return lat, lon, False, None
        if in_us(lon, lat):
            return lon, lat, False, "latitude and longitude were swapped"
        warning = "coordinates outside the US were replaced by the ZIP centroid"
    elif lat is not None or lon is not None:
        warning = "incomplete coordinates were replaced by the ZIP centroid"
    info = zip_info(zip_code)
    if info is None:
        raise ValueError("no usable coordinates and no known ZIP code")
    return info.latitude, info.longitude, True, warning


def _build_record(row: int, fields: dict, codes: set[str], types: list[str], frid: str | None,
                  warnings: list[str]) -> ParsedRow:
    """Validate the shared fields of both formats into a record or a rejection."""
    name = clean_text(fields.get("name1"), _MAX["name"])
    if not name:
        return ParsedRow(row, reason="missing name1", warnings=warnings)
    state = clean(fields.get("state")).upper()
    if state not in US_STATES:
        return ParsedRow(row, reason="missing or unknown state", warnings=warnings)
    raw_zip = fields.get("zip")
    zip_code = clean_zip(raw_zip)
    if clean(raw_zip) and zip_code is None:
        warnings.append("ZIP code is not a US ZIP; left empty")
    try:
        lat, lon, approximate, warning = resolve_location(fields.get("latitude"), fields.get("longitude"), zip_code)
    except ValueError as exc:
        return ParsedRow(row, reason=str(exc), warnings=warnings)
    if warning:
        warnings.append(warning)
    phones = {}
    for key in ("phone", "intake1", "hotline1"):
        phones[key] = clean_phone(fields.get(key))
        if phones[key] is None and clean(fields.get(key)):
            warnings.append(f"{key} is a placeholder or not a phone number; left empty")
    website = clean_website(fields.get("website"))
    record = FacilityRecord(
        name=name,
        name2=clean_text(fields.get("name2"), _MAX["name2"]),
        street1=clean_text(fields.get("street1"), _MAX["street1"]),
        street2=clean_text(fields.get("street2"), _MAX["street2"]),
        city=clean_text(fields.get("city"), _MAX["city"]),
        state=state,
        zip=zip_code,
        latitude=round(lat, 6),
        longitude=round(lon, 6),
        location_approximate=approximate,
        phone=phones["phone"],
        intake_phone=phones["intake1"],
        hotline_phone=phones["hotline1"],
        website=website,
        facility_types=tuple(t for t in FACILITY_TYPES if t in types),
        codes=frozenset(codes),
        frid=frid,
    )
    return ParsedRow(row, record=record, warnings=warnings)


# -- locator JSON -----------------------------------------------------------------------------------


def read_locator_json(stream: IO[bytes] | IO[str]) -> list:
    """The ``rows`` of a locator response (or a bare list of rows); raise ``SourceFileError``."""
    try:
        data = json.load(stream)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SourceFileError(f"not JSON: {exc}") from None
    if isinstance(data, dict):
        data = data.get("rows")
    if not isinstance(data, list):
        raise SourceFileError('no "rows" list in the file')
    return data


def parse_locator_json(stream: IO[bytes] | IO[str]) -> Iterator[ParsedRow]:
    """Parse a locator response file, row by row (row numbers start at 1)."""
    rows = read_locator_json(stream)
    for number, raw in enumerate(rows, start=1):
        yield parse_locator_row(number, raw)


def parse_locator_row(number: int, raw) -> ParsedRow:
    """One locator row; ``_irow`` and ``miles`` are properties of the response and ignored."""
    if not isinstance(raw, dict):
        return ParsedRow(number, reason="row is not an object")
    warnings: list[str] = []
    codes = service_codes_from_locator(raw.get("services"), warnings)
    types = [t.strip().upper() for t in re.split(r"[,;\s]+", clean(raw.get("typeFacility"))) if t.strip()]
    frid = clean(raw.get("frid"))
    if frid and not _FRID.match(frid):
        warnings.append("frid is not a hex id; the address identifies the facility")
        frid = ""
    return _build_record(number, raw, codes, types, frid.lower() or None, warnings)


def service_codes_from_locator(services, warnings: list[str]) -> set[str]:
    """Map the ``f3`` labels of each category to codes; unknown labels are noted and skipped."""
    codes: set[str] = set()
    if not isinstance(services, list):
        return codes  # null services: a facility with no codes yet
    vocab = vocabulary()
    for service in services:
        if not isinstance(service, dict):
            continue
        category = clean(service.get("f2")).upper()
        if category not in vocab.categories:
            warnings.append(f'unknown service category "{clean(service.get("f2"))[:40]}" skipped')
            continue
        for label in clean(service.get("f3")).split(";"):
            label = label.strip()
            if not label:
                continue
            code = _code_for_label(category, label)
            if code is None:
                warnings.append(f'unknown service "{label[:80]}" in {category} skipped')
            else:
                codes.add(code)
    return codes


@lru_cache(maxsize=8192)
def _code_for_label(category: str, label: str) -> str | None:
    """The vocabulary's lookup, remembered: the same few hundred labels repeat on every row."""
    return vocabulary().code_for_label(category, label)


# -- national CSV -----------------------------------------------------------------------------------


def read_national_csv(stream: IO[bytes]) -> csv.DictReader:
    """A reader over the CSV with lower-cased headers; UTF-8 (with or without BOM), else Windows-1252."""
    data = stream.read()
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    else:
        text = data.lstrip("\ufeff")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames:
        raise SourceFileError("the file is empty")
    reader.fieldnames = [clean(name).lower() for name in reader.fieldnames]
    if "name1" not in reader.fieldnames:
        raise SourceFileError("no name1 column: not a national directory CSV")
    return reader


def parse_national_csv(stream: IO[bytes]) -> Iterator[ParsedRow]:
    """Parse the national spreadsheet; row numbers count data lines from 1 (the header is 0)."""
    reader = read_national_csv(stream)
    for number, raw in enumerate(reader, start=1):
        yield parse_national_row(number, raw)


def parse_national_row(number: int, raw: dict) -> ParsedRow:
    """One spreadsheet row: space-separated codes; intake1 or intake1a for the intake line."""
    warnings: list[str] = []
    vocab = vocabulary()
    codes = set()
    for code in clean(raw.get("service_code_info")).upper().split():
        if code in vocab.codes:
            codes.add(code)
        else:
            warnings.append(f'unknown service code "{code[:12]}" skipped')
    fields = dict(raw)
    fields["intake1"] = raw.get("intake1") or raw.get("intake1a") or raw.get("intake2") or raw.get("intake2a")
    declared = clean(raw.get("type_facility") or raw.get("typefacility")).upper()
    types = [t for t in re.split(r"[,;\s]+", declared) if t]
    if not types:
        types = (["SA"] if codes & SUBSTANCE_USE_CARE else []) + (["OTP"] if "OTP" in codes else [])
    return _build_record(number, fields, codes, types, None, warnings)


PARSERS = {"samhsa-json": parse_locator_json, "nsumhss-csv": parse_national_csv}


# -- merging ----------------------------------------------------------------------------------------


def merge_same_sites(rows: Iterable[ParsedRow]) -> list[ParsedRow]:
    """Fold rows that describe one facility into the first of them.

    Two rows are one facility when they share a source key (a page repeated in an export), or
    when one is an MH row and the other a substance-use row at the same street address (the
    locator lists such a site twice). The merged record keeps the substance-use row's identity
    and fields, whichever came first, so the result does not depend on the order of the file.
    """
    merged: list[ParsedRow] = []
    by_key: dict[str, int] = {}
    by_site: dict[tuple, int] = {}
    for parsed in rows:
        record = parsed.record
        if record is None:
            merged.append(parsed)
            continue
        index = by_key.get(record.source_key)
        if index is None:
            candidate = by_site.get(record.site_key) if record.street1 else None
            if candidate is not None and _is_mh_row(merged[candidate].record) != _is_mh_row(record):
                index = candidate
        if index is None:
            by_site.setdefault(record.site_key, len(merged))
            by_key[record.source_key] = len(merged)
            merged.append(parsed)
            continue
        first = merged[index]
        first.record = _merge_records(first.record, record)
        first.warnings.extend(f"row {parsed.row}: {w}" for w in parsed.warnings)
        first.warnings.append(f"merged with row {parsed.row} (same facility)")
        by_key[record.source_key] = index
        by_key[first.record.source_key] = index
    return merged


def _is_mh_row(record: FacilityRecord) -> bool:
    return "MH" in record.facility_types and not (set(record.facility_types) & SUBSTANCE_USE_TYPES)


def _merge_records(a: FacilityRecord, b: FacilityRecord) -> FacilityRecord:
    """Union of types and codes; the substance-use row's fields win, the other fills gaps."""
    primary, other = (b, a) if _is_mh_row(a) and not _is_mh_row(b) else (a, b)
    filled = {name: getattr(primary, name) or getattr(other, name)
              for name in ("name2", "street2", "phone", "intake_phone", "hotline_phone", "website")}
    types = set(primary.facility_types) | set(other.facility_types)
    return replace(primary, facility_types=tuple(t for t in FACILITY_TYPES if t in types),
                   codes=primary.codes | other.codes, **filled)
