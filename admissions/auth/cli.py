"""``flask users ...``: staff accounts from the command line."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup
from sqlalchemy import select

from admissions.auth.models import Role, User
from admissions.auth.passwords import hash_password
from admissions.extensions import db

users_cli = AppGroup("users", help="Staff accounts.")


def _read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    first = sys.stdin.readline().rstrip("\n")
    second = sys.stdin.readline().rstrip("\n")
    if first != second:
        raise click.ClickException("The two passwords differ.")
    return first


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--name", required=True)
@click.option("--languages", default="en", show_default=True)
@click.option("--states", default="")
def create(email: str, role: str, name: str, languages: str, states: str):
    """Create a staff account; the password is asked twice."""
    email = email.strip().lower()
    if db.session.scalar(select(User).where(User.email == email)):
        raise click.ClickException(f"An account for {email} exists already.")
    password = _read_password()
    if len(password) < 8:
        raise click.ClickException("The password needs at least 8 characters.")
    db.session.add(User(email=email, name=name, role=Role(role), languages=languages,
                        states=states.upper(), password_hash=hash_password(password)))
    db.session.commit()
    click.echo(f"Created {role} {email}.")


@users_cli.command("token")
@click.argument("email")
def token(email: str):
    """Print a new API token for EMAIL (shown once; the last word of the output)."""
    from admissions.auth.tokens import issue_token

    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"No account for {email}.")
    value = issue_token(user)
    db.session.commit()
    click.echo(f"New API token for {user.email} (store it now, it is not shown again): {value}")
