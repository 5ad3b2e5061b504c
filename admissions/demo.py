"""Demo data for a first run, made of each product area's demo step."""

from __future__ import annotations

from sqlalchemy import func, select

from admissions.extensions import db


def load_demo(*, facilities: int, seed: int, if_empty: bool, echo) -> None:
    """Run every area's demo step in order (directory first; later areas build on it)."""
    from admissions.directory.models import Facility
    from admissions.directory import demo as directory_demo
    from admissions.auth import demo as auth_demo
    from admissions.meetings import demo as meetings_demo
    from admissions.metrics import demo as metrics_demo
    from admissions.navigator import demo as navigator_demo

    if if_empty and db.session.scalar(select(func.count()).select_from(Facility)):
        echo("Demo data already loaded.")
        auth_demo.print_logins(echo)
        return
    auth_demo.create_demo_staff(echo)
    directory_demo.load_demo_facilities(count=facilities, seed=seed, echo=echo)
    meetings_demo.load_demo_meetings(seed=seed, echo=echo)
    navigator_demo.load_demo_queue(echo)
    metrics_demo.load_demo_history(seed=seed, echo=echo)
    db.session.commit()
    auth_demo.print_logins(echo)
