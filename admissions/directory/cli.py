"""``flask directory ...``: imports."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from admissions.core.time import utcnow
from admissions.directory import importers, services
from admissions.extensions import db

directory_cli = AppGroup("directory", help="Treatment directory.")


@directory_cli.command("import")
@click.option("--format", "source_format", type=click.Choice(sorted(importers.PARSERS)), required=True,
              help="samhsa-json: the locator's JSON; nsumhss-csv: the national directory spreadsheet.")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
def import_command(source_format: str, files: tuple[str, ...]):
    """Create or update facilities from FILE... and report every rejected row."""
    unreadable = 0
    for path in files:
        try:
            with open(path, "rb") as stream:
                rows = list(importers.PARSERS[source_format](stream))
        except (OSError, importers.SourceFileError) as exc:
            unreadable += 1
            click.echo(f"{path}: cannot read the file: {_describe(exc)}", err=True)
            continue
        report = services.import_facilities(rows, source=source_format, now=utcnow(),
                                            on_batch=db.session.commit)
        db.session.commit()
        click.echo(f"{path}: {len(rows)} rows: {report.summary}")
        for note in report.rejected:
            click.echo(f"  row {note.row}: rejected: {note.message}")
        for note in report.warnings:
            click.echo(f"  row {note.row}: {note.message}")
    if unreadable:
        raise SystemExit(1)


def _describe(exc: Exception) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or type(exc).__name__
    return str(exc)
