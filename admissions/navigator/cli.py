"""``flask queue ...``: housekeeping for the work queue."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from admissions.core.time import utcnow
from admissions.extensions import db

queue_cli = AppGroup("queue", help="The navigator work queue.")


@queue_cli.command("expire-leases")
def expire_leases():
    """Return inquiries whose lease ran out to the queue (Next takes them anyway; this tidies the counts)."""
    from admissions.navigator import services

    count = services.expire_leases(now=utcnow())
    db.session.commit()
    click.echo(f"{count} expired lease(s) returned to the queue.")
