"""``flask keys rotate``: re-encrypt every encrypted column under the newest key.

Walks the metadata for columns named ``*_encrypted`` so a new encrypted column is rotated
without touching this file.
"""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import LargeBinary, select, update

from admissions.core.crypto import keyring
from admissions.extensions import db

keys_cli = AppGroup("keys", help="Encryption keys.")
BATCH = 500


def encrypted_columns() -> list[tuple]:
    """(table, primary key column, encrypted column) for every ``*_encrypted`` column."""
    found = []
    for table in db.metadata.sorted_tables:
        primary = list(table.primary_key.columns)
        if len(primary) != 1:
            continue
        for column in table.columns:
            if column.name.endswith("_encrypted"):
                found.append((table, primary[0], column))
    return found


def rotate_all() -> dict[str, int]:
    """Re-encrypt every value under the first key of ENCRYPTION_KEYS; returns counts per column."""
    ring = keyring()
    counts: dict[str, int] = {}
    for table, primary, column in encrypted_columns():
        binary = isinstance(column.type, LargeBinary)
        done, last = 0, None
        while True:
            query = select(primary, column).where(column.is_not(None)).order_by(primary).limit(BATCH)
            if last is not None:
                query = query.where(primary > last)
            rows = db.session.execute(query).all()
            if not rows:
                break
            for key, token in rows:
                if binary:
                    new = ring.rotate(bytes(token))
                else:
                    new = ring.rotate(token.encode("ascii")).decode("ascii")
                db.session.execute(update(table).where(primary == key).values({column.name: new}))
            done += len(rows)
            last = rows[-1][0]
        counts[f"{table.name}.{column.name}"] = done
    return counts


@keys_cli.command("rotate")
def rotate():
    """Re-encrypt every encrypted value under the newest key (put the new key first in ENCRYPTION_KEYS)."""
    counts = rotate_all()
    db.session.commit()
    for name, count in counts.items():
        click.echo(f"{name}: {count} re-encrypted")
    click.echo("Done. Once this has run everywhere, the old key can be removed from ENCRYPTION_KEYS.")
