"""``flask users ...``: staff accounts from the command line."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup
from sqlalchemy import select

from admissions.auth.models import Role, User
from admissions.audit import services as audit
from admissions.auth.passwords import hash_password, password_problem
from admissions.core.geo import US_STATES
from admissions.extensions import db

users_cli = AppGroup("users", help="Staff accounts.")


def _account(email: str) -> User:
    """The account for EMAIL, or a clear error for the command line."""
    user = db.session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise click.ClickException(f"No account for {email}.")
    return user


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
    languages = ",".join(code.strip().lower() for code in languages.split(",") if code.strip())
    states = ",".join(code.strip().upper() for code in states.split(",") if code.strip())
    if bad := [code for code in states.split(",") if code and code not in US_STATES]:
        raise click.ClickException(f"Unknown state codes: {', '.join(bad)}.")
    password = _read_password()
    if problem := password_problem(password):
        raise click.ClickException(problem)
    user = User(email=email, name=name, role=Role(role), languages=languages or "en",
                states=states, password_hash=hash_password(password))
    db.session.add(user)
    db.session.flush()
    audit.record(None, "user.created", user, actor_label="cli")
    db.session.commit()
    click.echo(f"Created {role} {email}.")
    if user.totp_required:
        click.echo("Managers and admins set up two-step sign-in (TOTP) at their first sign-in.")


@users_cli.command("token")
@click.argument("email")
def token(email: str):
    """Print a new API token for EMAIL (shown once; the last word of the output)."""
    from admissions.auth.tokens import issue_token

    user = _account(email)
    if not user.active:
        raise click.ClickException(f"The account {user.email} is disabled.")
    value = issue_token(user)
    audit.record(None, "user.token_issued", user, actor_label="cli")
    db.session.commit()
    click.echo(f"New API token for {user.email} (store it now, it is not shown again): {value}")


@users_cli.command("disable")
@click.argument("email")
def disable(email: str):
    """Disable EMAIL: its sessions end and its API tokens stop working at once."""
    from admissions.auth.services import disable_user
    from admissions.core.time import utcnow

    user = _account(email)
    disable_user(user, now=utcnow())
    db.session.commit()
    click.echo(f"Disabled {user.email}; every session and API token of it is revoked.")


@users_cli.command("sign-out")
@click.argument("email")
def sign_out(email: str):
    """End every live session of EMAIL (the account stays usable)."""
    from admissions.auth.services import revoke_all_sessions
    from admissions.core.time import utcnow

    user = _account(email)
    count = revoke_all_sessions(user, now=utcnow(), reason="admin")
    audit.record(None, "user.signed_out", user, actor_label="cli")
    db.session.commit()
    click.echo(f"Ended {count} session(s) of {user.email}.")
