"""Derived search columns of facilities; recomputed after every write that bypasses the ORM."""
def refresh(session, facility_ids) -> None:
    """Recompute the derived search columns of these facilities (filled in by the search module)."""
