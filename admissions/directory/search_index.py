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

from sqlalchemy import bindparam, func, literal_column, select, update

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


def codes_of(facility) -> set[str]:
    """The service codes a facility offers, read back from its bitmask columns (no query)."""
    found = set()
    for code, (category, bit) in code_bits().items():
        if getattr(facility, column_name(category)) & bit:
            found.add(code)
    return found


def is_mental_health_only(facility_types: str, codes: Iterable[str]) -> bool:
    """Type MH with no substance-use type of care (SA, DT, HH, SUMH) and no SA or OTP type."""
    types = {t.strip().upper() for t in (facility_types or "").split(",") if t.strip()}
    if "MH" not in types or types & {"SA", "OTP"}:
        return False
    return not (set(codes) & SUBSTANCE_USE_CARE)


def refresh(session, facility_ids: Iterable[int]) -> None:
    """Recompute the derived search columns of these facilities (flushes pending changes first).

    Only rows whose values change are written, so a writer that already stored
    :func:`derived_values` with its rows pays for one read per batch.
    """
    session.flush()
    ids = sorted({int(i) for i in facility_ids if i is not None})
    table = Facility.__table__
    codes = FacilityCode.__table__
    derived = derived_columns()
    statement = (
        update(table).where(table.c.id == bindparam("_id"))
        # keep updated_at: a refresh is not a change of the listing
        .values({**{name: bindparam(name) for name in derived}, "updated_at": table.c.updated_at})
    )
    connection = session.connection()
    joined = (func.string_agg(codes.c.code, literal_column("','")) if connection.dialect.name == "postgresql"
              else func.group_concat(codes.c.code, ","))
    current_columns = [table.c[name] for name in derived]
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        offered = dict(connection.execute(
            select(codes.c.facility_id, joined).where(*_among(codes.c.facility_id, chunk))
            .group_by(codes.c.facility_id)
        ).all())
        rows = connection.execute(
            select(table.c.id, table.c.name, table.c.name2, table.c.facility_types, *current_columns)
            .where(*_among(table.c.id, chunk))
        ).all()
        params = []
        for row in rows:
            values = derived_values(row.name, row.name2, row.facility_types, (offered.get(row.id) or "").split(","))
            if tuple(values[name] for name in derived) != tuple(row[4:]):
                params.append({"_id": row.id, **values})
        if params:
            connection.execute(statement, params)
            _expire_loaded(session, {p["_id"] for p in params})


def _among(column, chunk: list[int]) -> tuple:
    """``column IN chunk``, plus the range around it: right after a bulk load PostgreSQL has no
    statistics yet and would scan the whole table for a long IN list; the range makes it use
    the index."""
    return column.between(chunk[0], chunk[-1]), column.in_(chunk)


def derived_values(name: str, name2: str | None, facility_types: str, codes: Iterable[str]) -> dict:
    """Every derived search column of one facility: ``bits_<category>``, ``search_text``,
    ``sort_name``, ``mental_health_only``. Writers may store these with their rows."""
    codes = list(codes)
    values = dict.fromkeys(_bit_columns(), 0)
    columns = _code_columns()
    for code in codes:
        if code in columns:
            column, bit = columns[code]
            values[column] |= bit
    values["search_text"] = fold(" ".join(part for part in (name, name2) if part))
    values["sort_name"] = fold(name)[:255]
    values["mental_health_only"] = is_mental_health_only(facility_types, codes)
    return values


@lru_cache(maxsize=1)
def _code_columns() -> dict[str, tuple[str, int]]:
    return {code: (column_name(category), bit) for code, (category, bit) in code_bits().items()}


@lru_cache(maxsize=1)
def _bit_columns() -> tuple[str, ...]:
    return tuple(column_name(c) for c in vocabulary().categories)


def derived_columns() -> list[str]:
    """The columns :func:`derived_values` fills."""
    return [*_bit_columns(), "search_text", "sort_name", "mental_health_only"]


def _expire_loaded(session, ids: set[int]) -> None:
    """Objects already in the session must not keep the values from before the update."""
    names = derived_columns()
    for obj in list(session.identity_map.values()):
        if isinstance(obj, Facility) and obj.id in ids:
            session.expire(obj, names)
