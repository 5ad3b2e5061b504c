"""Writes to the directory: importing facilities from a parsed source file."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, Iterable

from sqlalchemy import bindparam, delete, insert, select, update

from admissions.directory import search_index
from admissions.directory.importers import FacilityRecord, ParsedRow, merge_same_sites
from admissions.directory.models import Facility, FacilityCode
from admissions.extensions import db

#: Rows written per statement batch; one batch is one transaction when the caller commits per batch.
BATCH_SIZE = 2000

_facilities = Facility.__table__
_facility_codes = FacilityCode.__table__

#: Columns an import rewrites when a listing's content changed. Never ``verified_at``,
#: ``verified_by_id``, ``active``, ``public_id`` or ``slug``: people own those.
_CONTENT_COLUMNS = (
    "source_key", "name", "name2", "street1", "street2", "city", "state",
    "zip", "latitude", "longitude", "location_approximate", "phone", "intake_phone", "hotline_phone",
    "website", "facility_types", "source", "imported_at", "content_hash", "updated_at",
)


def _written_columns() -> tuple[str, ...]:
    """The content columns plus the derived search columns (``search_index.derived_values``)."""
    return (*_CONTENT_COLUMNS, *search_index.derived_columns())


@dataclass(frozen=True)
class RowNote:
    """Something about one row of the file: why it was rejected, or what was skipped."""

    row: int
    message: str


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RowNote] = field(default_factory=list)
    warnings: list[RowNote] = field(default_factory=list)
    #: Facilities created or updated, in file order.
    facility_ids: list[int] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return (f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, "
                f"rejected {len(self.rejected)}")


def import_facilities(rows: Iterable[ParsedRow], *, source: str, now: datetime,
                      batch_size: int = BATCH_SIZE,
                      on_batch: Callable[[], None] | None = None) -> ImportReport:
    """Create or update a facility for every good row; count the rest as rejected.

    A facility is found again by its ``frid``, else by the hash of its name and address, so a
    re-import updates in place and keeps the public id and slug. A facility and its codes are
    written in the same batch; ``on_batch`` runs after each batch is flushed (the command line
    commits there, so a killed import keeps whole batches and never half a facility).
    """
    report = ImportReport()
    _enlarge_sqlite_cache()
    batch: list[ParsedRow] = []
    claimed: dict[int, int] = {}  # facility id -> row that wrote it in this import
    for parsed in merge_same_sites(rows):
        report.warnings.extend(RowNote(parsed.row, message) for message in parsed.warnings)
        if parsed.record is None:
            report.rejected.append(RowNote(parsed.row, parsed.reason or "rejected"))
            continue
        batch.append(parsed)
        if len(batch) >= batch_size:
            _write_batch(batch, source=source, now=now, report=report, claimed=claimed)
            batch = []
            if on_batch:
                on_batch()
    if batch:
        _write_batch(batch, source=source, now=now, report=report, claimed=claimed)
        if on_batch:
            on_batch()
    db.session.expire_all()  # the ORM did not see these writes
    report.rejected.sort(key=lambda note: note.row)
    report.warnings.sort(key=lambda note: note.row)
    return report


def _enlarge_sqlite_cache() -> None:
    """Give SQLite 64 MB of page cache on this connection: the two indexes of a quarter of a
    million codes per 10,000 rows otherwise thrash the default 2 MB and the import slows down."""
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("PRAGMA cache_size=-65536")


def content_hash(record: FacilityRecord, source: str) -> str:
    """A digest of everything an import stores, to tell "updated" from "unchanged"."""
    values = [
        source, record.name, record.name2, record.street1, record.street2, record.city, record.state,
        record.zip, record.latitude, record.longitude, record.location_approximate, record.phone,
        record.intake_phone, record.hotline_phone, record.website, list(record.facility_types),
        sorted(record.codes),
    ]
    return hashlib.sha256(json.dumps(values, separators=(",", ":")).encode()).hexdigest()


def public_id_for(source_key: str, length: int = 12) -> str:
    """A short, URL-safe id derived from the source key, so it survives a rebuilt database."""
    return hashlib.sha256(source_key.encode()).hexdigest()[:length]


def _write_batch(batch: list[ParsedRow], *, source: str, now: datetime, report: ImportReport,
                 claimed: dict[int, int]) -> None:
    """Classify the batch against what is stored, then insert, update and rewrite codes in bulk."""
    keys = {p.record.source_key for p in batch} | {p.record.address_key for p in batch if p.record.frid}
    existing = {
        row.source_key: (row.id, row.content_hash)
        for row in db.session.execute(
            select(_facilities.c.id, _facilities.c.source_key, _facilities.c.content_hash)
            .where(_facilities.c.source_key.in_(keys))
        )
    }
    new: list[tuple[ParsedRow, str]] = []
    changed: list[tuple[int, ParsedRow, str]] = []
    for parsed in batch:
        record = parsed.record
        digest = content_hash(record, source)
        match = existing.get(record.source_key)
        if match is None and record.frid:
            match = existing.get(record.address_key)  # first seen without frid, now it has one
        if match is None:
            new.append((parsed, digest))
            continue
        facility_id, stored_hash = match
        if facility_id in claimed:
            report.rejected.append(RowNote(parsed.row, f"same facility as row {claimed[facility_id]}"))
            continue
        claimed[facility_id] = parsed.row
        if stored_hash == digest and record.source_key in existing:
            report.unchanged += 1
        else:
            changed.append((facility_id, parsed, digest))

    created_ids = _insert_new(new, source=source, now=now)
    for facility_id, (parsed, _digest) in zip(created_ids, new):
        claimed[facility_id] = parsed.row
    updated_ids = _update_changed(changed, source=source, now=now)
    _replace_codes(created_ids, [p.record for p, _ in new], updated_ids, [p.record for _, p, _ in changed])
    db.session.flush()
    search_index.refresh(db.session, created_ids + updated_ids)
    report.created += len(created_ids)
    report.updated += len(updated_ids)
    report.facility_ids.extend(created_ids + updated_ids)


def _content_values(record: FacilityRecord, *, source: str, now: datetime, digest: str) -> dict:
    """The row an import writes, derived search columns included, so the refresh after the batch
    finds nothing left to write."""
    facility_types = ",".join(record.facility_types)
    return {
        "source_key": record.source_key,
        "name": record.name,
        "name2": record.name2,
        "street1": record.street1,
        "street2": record.street2,
        "city": record.city,
        "state": record.state,
        "zip": record.zip,
        "latitude": record.latitude,
        "longitude": record.longitude,
        "location_approximate": record.location_approximate,
        "phone": record.phone,
        "intake_phone": record.intake_phone,
        "hotline_phone": record.hotline_phone,
        "website": record.website,
        "facility_types": facility_types,
        "source": source,
        "imported_at": now,
        "content_hash": digest,
        "updated_at": now,
        **search_index.derived_values(record.name, record.name2, facility_types, record.codes),
    }


def _insert_new(new: list[tuple[ParsedRow, str]], *, source: str, now: datetime) -> list[int]:
    """Insert the new facilities with unused public ids and slugs; their ids in the same order."""
    if not new:
        return []
    public_ids = _unused_public_ids([p.record.source_key for p, _ in new])
    slugs = _unused_slugs([p.record for p, _ in new], public_ids)
    values = []
    for (parsed, digest), public_id, slug in zip(new, public_ids, slugs):
        row = _content_values(parsed.record, source=source, now=now, digest=digest)
        row.update(public_id=public_id, slug=slug, created_at=now, active=True)
        values.append(row)
    _bulk_insert(_facilities, values)
    keys = [row["source_key"] for row in values]
    ids = dict(db.session.execute(
        select(_facilities.c.source_key, _facilities.c.id).where(_facilities.c.source_key.in_(keys))
    ).all())
    return [ids[key] for key in keys]


def _bulk_insert(table, values: list[dict]) -> None:
    """Insert many rows in the session's transaction: COPY on PostgreSQL, executemany elsewhere."""
    if not values:
        return
    connection = db.session.connection()
    if connection.dialect.name != "postgresql":
        connection.execute(insert(table), values)
        return
    _copy_rows(table.name, values)


def _copy_rows(table_name: str, values: list[dict]) -> None:
    """PostgreSQL's COPY ... FROM STDIN on the session's connection, inside its transaction."""
    columns = list(values[0])
    names = ", ".join(f'"{name}"' for name in columns)
    driver_connection = db.session.connection().connection.driver_connection
    with driver_connection.cursor() as cursor:
        with cursor.copy(f'COPY "{table_name}" ({names}) FROM STDIN') as copy:
            for row in values:
                copy.write_row([row[name] for name in columns])


def _unused_public_ids(source_keys: list[str]) -> list[str]:
    """Twelve characters from the key's hash; sixteen in the rare case twelve are taken."""
    short = [public_id_for(key) for key in source_keys]
    taken = set(db.session.scalars(select(_facilities.c.public_id).where(_facilities.c.public_id.in_(short))))
    chosen = []
    for key, candidate in zip(source_keys, short):
        if candidate in taken:
            candidate = public_id_for(key, 16)
        taken.add(candidate)
        chosen.append(candidate)
    return chosen


def _unused_slugs(records: list[FacilityRecord], public_ids: list[str]) -> list[str]:
    """``name-city-st``; when taken, the same with part of the public id appended."""
    bases = [_slugify(r) for r in records]
    options = [(base, f"{base}-{pid[:6]}", f"{base}-{pid}") for base, pid in zip(bases, public_ids)]
    candidates = {slug for option in options for slug in option}
    taken = set(db.session.scalars(select(_facilities.c.slug).where(_facilities.c.slug.in_(candidates))))
    chosen = []
    for option in options:
        slug = next((s for s in option if s not in taken), option[-1])
        taken.add(slug)
        chosen.append(slug)
    return chosen


def _slugify(record: FacilityRecord, max_length: int = 80) -> str:
    """``core.text.slugify`` of "name city state", from the record's folded parts."""
    words = " ".join(part for part in (record.folded_name, record.folded_city, record.state.lower()) if part)
    return words.replace(" ", "-")[:max_length].strip("-") or "facility"


def _update_changed(changed: list[tuple[int, ParsedRow, str]], *, source: str, now: datetime) -> list[int]:
    if not changed:
        return []
    statement = (
        update(_facilities)
        .where(_facilities.c.id == bindparam("facility_id"))
        .values({column: bindparam(column) for column in _written_columns()})
    )
    values = []
    for facility_id, parsed, digest in changed:
        row = _content_values(parsed.record, source=source, now=now, digest=digest)
        row["facility_id"] = facility_id
        values.append(row)
    if db.session.connection().dialect.name == "postgresql":
        _update_from_copy(values)
    else:
        db.session.execute(statement, values)
    return [facility_id for facility_id, _, _ in changed]


def _update_from_copy(values: list[dict]) -> None:
    """PostgreSQL: COPY the new values into a scratch table, then one UPDATE ... FROM it."""
    connection = db.session.connection()
    columns = ", ".join(f'"{name}"' for name in _written_columns())
    connection.exec_driver_sql(
        f"CREATE TEMP TABLE IF NOT EXISTS facility_import_updates ON COMMIT DROP AS "
        f"SELECT id AS facility_id, {columns} FROM facilities WITH NO DATA"
    )
    _copy_rows("facility_import_updates", values)
    assignments = ", ".join(f'"{name}" = u."{name}"' for name in _written_columns())
    connection.exec_driver_sql(
        f"UPDATE facilities SET {assignments} FROM facility_import_updates AS u WHERE facilities.id = u.facility_id"
    )
    connection.exec_driver_sql("TRUNCATE facility_import_updates")


def _replace_codes(created_ids: list[int], created: list[FacilityRecord],
                   updated_ids: list[int], updated: list[FacilityRecord]) -> None:
    """Delete the codes of updated facilities and insert every code of the batch."""
    if updated_ids:
        db.session.execute(delete(_facility_codes).where(_facility_codes.c.facility_id.in_(updated_ids)))
    pairs = [
        (facility_id, code)
        for facility_id, record in zip(created_ids + updated_ids, created + updated)
        for code in sorted(record.codes)
    ]
    if not pairs:
        return
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":  # a quarter of a million rows: skip the statement compiler
        connection.exec_driver_sql("INSERT INTO facility_codes (facility_id, code) VALUES (?, ?)", pairs)
    else:
        _bulk_insert(_facility_codes, [{"facility_id": f, "code": c} for f, c in pairs])
