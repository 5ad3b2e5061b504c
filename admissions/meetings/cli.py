"""``flask meetings ...``: import Meeting Guide (TSML) and BMLT feeds."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from admissions.extensions import db
from admissions.meetings import schedule, services

meetings_cli = AppGroup("meetings", help="Recovery meetings.")


@meetings_cli.command("import")
@click.option("--format", "fmt", type=click.Choice(["tsml", "bmlt"]), required=True,
              help="tsml: Meeting Guide JSON; bmlt: BMLT GetSearchResults JSON.")
@click.option("--fellowship", default=None, help="Fellowship of rows that do not say (default: AA for tsml, NA for bmlt).")
@click.option("--timezone", "default_timezone", default=None,
              help="IANA zone for rows with neither a time zone nor a known ZIP.")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(fmt: str, fellowship: str | None, default_timezone: str | None, files: tuple[Path, ...]):
    """Create or update meetings from FILE...; re-importing a file changes nothing."""
    if default_timezone and not schedule.is_zone(default_timezone):
        raise click.BadParameter(f"{default_timezone!r} is not an IANA time zone such as America/New_York.",
                                 param_hint="--timezone")
    if fellowship and fellowship.upper() not in ("NA", "AA", "OTHER"):
        raise click.BadParameter("use NA, AA or other.", param_hint="--fellowship")
    unreadable = 0
    for path in files:
        try:
            text = path.read_text(encoding="utf-8-sig")
            report = services.import_feed(text, fmt, fellowship=fellowship, default_timezone=default_timezone)
        except (OSError, UnicodeDecodeError, services.FeedError) as exc:
            unreadable += 1
            reason = exc.message if isinstance(exc, services.FeedError) else type(exc).__name__
            click.echo(f"{path}: cannot read the file: {reason}", err=True)
            continue
        db.session.commit()
        click.echo(f"{path}: {report.rows} rows: {report.summary()}")
        for where, reason in report.rejected:
            click.echo(f"  {where}: rejected: {reason}")
    if unreadable:
        raise SystemExit(1)
