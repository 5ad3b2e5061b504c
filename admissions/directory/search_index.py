"""The derived search columns of ``facilities``, recomputed from names, types and ``facility_codes``.

Search never joins ``facility_codes``: each vocabulary category has an integer column on
``facilities`` holding one bit per code (``bits_<category>``), and the folded names sit in
``search_text`` and ``sort_name``. Whatever writes facilities or their codes calls
:func:`refresh` with the ids it touched, before the transaction commits.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from sqlalchemy import bindparam, select, update

from admissions.core.text import fold
from admissions.directory.models import Facility, FacilityCode
from admissions.directory.vocabulary import SUBSTANCE_USE_CARE, vocabulary

BATCH = 500


def column_name(category: str) -> str:
    """The bitmask column of a vocabulary category: ``SET`` -> ``bits_set``."""
    return f"bits_{category.lower()}"


@lru_cache(maxsize=1)
def code_bits() -> dict[str, tuple[str, int]]:
    """code -> (category, bit value); bits follow the order of codes in their category."""
    bits: dict[str, tuple[str, int]] = {}
    position: dict[str, int] = defaultdict(int)
    for code in vocabulary().codes.values():
        bits[code.code] = (code.category, 1 << position[code.category])
        position[code.category] += 1
    return bits


def masks_for(codes: Iterable[str]) -> dict[str, int]:
    """Category -> bitmask of ``codes`` (codes outside the vocabulary are ignored)."""
    masks: dict[str, int] = defaultdict(int)
    table = code_bits()
    for code in codes:
        if code in table:
            category, bit = table[code]
            masks[category] |= bit
    return dict(masks)


def is_mental_health_only(facility_types: str, codes: Iterable[str]) -> bool:
    """Type MH with no substance-use type of care (SA, DT, HH, SUMH) and no SA or OTP type."""
    types = {t.strip().upper() for t in (facility_types or "").split(",") if t.strip()}
    if "MH" not in types or types & {"SA", "OTP"}:
        return False
    return not (set(codes) & SUBSTANCE_USE_CARE)


def derived_values(name: str, name2: str | None, facility_types: str, codes: Iterable[str]) -> dict:
    """Every derived search column for one facility."""
    codes = list(codes)
    values = {column_name(category): 0 for category in vocabulary().categories}
    for category, mask in masks_for(codes).items():
        values[column_name(category)] = mask
    values["search_text"] = fold(" ".join(part for part in (name, name2) if part))
    values["sort_name"] = fold(name)[:255]
    values["mental_health_only"] = is_mental_health_only(facility_types, codes)
    return values


def refresh(session, facility_ids: Iterable[int]) -> None:
    """Recompute the derived search columns of these facilities (flushes pending changes first)."""
    session.flush()
    ids = sorted({int(i) for i in facility_ids if i is not None})
    table = Facility.__table__
    statement = (
        update(table).where(table.c.id == bindparam("_id"))
        .values({name: bindparam(name) for name in _derived_columns()})
    )
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        codes: dict[int, list[str]] = defaultdict(list)
        for facility_id, code in session.execute(
            select(FacilityCode.facility_id, FacilityCode.code).where(FacilityCode.facility_id.in_(chunk))
        ):
            codes[facility_id].append(code)
        rows = session.execute(
            select(table.c.id, table.c.name, table.c.name2, table.c.facility_types).where(table.c.id.in_(chunk))
        ).all()
        params = [
            {"_id": row.id, **derived_values(row.name, row.name2, row.facility_types, codes[row.id])}
            for row in rows
        ]
        if params:
            session.connection().execute(statement, params)
        _expire_loaded(session, set(chunk))


def _derived_columns() -> list[str]:
    return [column_name(c) for c in vocabulary().categories] + ["search_text", "sort_name", "mental_health_only"]


def _expire_loaded(session, ids: set[int]) -> None:
    """Objects already in the session must not keep the values from before the update."""
    names = _derived_columns()
    for obj in list(session.identity_map.values()):
        if isinstance(obj, Facility) and obj.id in ids:
            session.expire(obj, names)
