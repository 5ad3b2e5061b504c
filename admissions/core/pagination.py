"""Page arithmetic shared by every paged result (search, meetings, the audit trail)."""

from __future__ import annotations


class Paged:
    """Mixin for a result dataclass with ``total``, ``page`` and ``per_page`` fields."""

    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        """How many pages the results fill; at least one, so "page 1 of 1" reads right when empty."""
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages
