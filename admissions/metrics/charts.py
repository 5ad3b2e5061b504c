"""Charts drawn on the server as SVG: no script, no CDN, presentation attributes only (CSP-safe).

Each chart carries a <title> and a <desc> (named by aria-labelledby / aria-describedby); the page
puts the same numbers in a table right under it for screen readers and for copying.
"""

from __future__ import annotations

from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 12, 36
BAR = "#1d5f8a"
GRID = "#c9d1d9"
INK = "#1f2933"


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    candidates = [m * s for m in (1, 10, 100, 1000, 10000, 100000, 1000000) for s in (1, 2, 5)]
    return next(c for c in sorted(candidates) if c >= value)


def bar_chart(chart_id: str, title: str, description: str, labels: list[str], values: list[float | None], *,
              as_percent: bool = False) -> Markup:
    """A vertical bar chart of ``values`` over ``labels`` (missing values draw no bar)."""
    numbers = [v for v in values if v is not None]
    top = 1.0 if as_percent else _nice_max(max(numbers, default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(values), 1)
    parts = [
        f'<svg class="chart" id="{chart_id}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for fraction in (0, 0.5, 1):
        y = TOP + plot_h * (1 - fraction)
        tick = f"{fraction * 100:.0f}%" if as_percent else f"{top * fraction:g}"
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        parts.append(f'<text x="{LEFT - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="{INK}">'
                     f'{tick}</text>')
    every = max(1, len(labels) // 8)
    for i, (label, value) in enumerate(zip(labels, values)):
        x = LEFT + i * slot
        if value is not None and value > 0:
            h = plot_h * min(value / top, 1)
            parts.append(f'<rect x="{x + slot * 0.15:.1f}" y="{TOP + plot_h - h:.1f}" width="{slot * 0.7:.1f}" '
                         f'height="{h:.1f}" fill="{BAR}"/>')
        if i % every == 0:
            parts.append(f'<text x="{x + slot / 2:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
                         f'font-size="11" fill="{INK}">{escape(label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def daily_charts(report) -> tuple[Markup, Markup]:
    """The dashboard's two charts over the report's days: inquiries, and service level."""
    daily, period = report.tables["daily"].rows, report.period
    labels = [row["day"][5:] for row in daily]
    created = bar_chart("chart-created", "Inquiries per day",
                        f"Inquiries created each day from {period.first} to {period.last} ({period.tz}); "
                        "the table below lists the numbers.", labels, [row["created"] for row in daily])
    service = bar_chart("chart-service", "Service level per day",
                        f"Share of each day's inquiries first attempted within "
                        f"{report.settings.service_level_minutes:g} minutes; the table below lists the numbers.",
                        labels, [row["service_level"] for row in daily], as_percent=True)
    return created, service
