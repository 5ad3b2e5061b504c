"""``flask demo ...``: demo data for a first run."""

from __future__ import annotations

import click
from flask.cli import AppGroup

demo_cli = AppGroup("demo", help="Demo data.")

#: Steps that ``demo load`` runs in order; each product area appends its own.
#: A step is ``fn(*, facilities: int, seed: int, echo) -> None``.
DEMO_STEPS: list = []


def demo_step(fn):
    """Register ``fn`` as a step of ``flask demo load``."""
    DEMO_STEPS.append(fn)
    return fn


@demo_cli.command("load")
@click.option("--facilities", default=2000, show_default=True, help="How many facilities to create.")
@click.option("--seed", default=1, show_default=True, help="Random seed; the same seed gives the same data.")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has facilities.")
def load(facilities: int, seed: int, if_empty: bool):
    """Create realistic, deterministic demo data."""
    from admissions.demo import load_demo

    load_demo(facilities=facilities, seed=seed, if_empty=if_empty, echo=click.echo)
