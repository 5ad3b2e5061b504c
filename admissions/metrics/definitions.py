"""What each figure means, shown beside it on the page and returned by the API (DOMAIN.md section 5)."""

from __future__ import annotations

ABANDON_DISPOSITIONS = ("unreachable", "not_ready")

#: key -> (label, definition). Keys are the names the API and the CSV files use.
FIGURES: dict[str, tuple[str, str]] = {
    "created": ("Inquiries", "Inquiries created in the range (days in the chosen time zone)."),
    "speed_to_first_attempt_median_seconds": (
        "Speed to first attempt, median",
        "First call attempt minus creation, over inquiries created in the range that have been attempted; "
        "median with linear interpolation between neighbouring ranks (like PERCENTILE.INC)."),
    "speed_to_first_attempt_p90_seconds": (
        "Speed to first attempt, 90th percentile",
        "As the median, at the 90th percentile: nine in ten first attempts came at least this fast."),
    "speed_to_contact_median_seconds": (
        "Speed to contact, median",
        "First attempt that reached the person minus creation, over inquiries created in the range that "
        "were reached; same interpolation as above."),
    "speed_to_contact_p90_seconds": (
        "Speed to contact, 90th percentile", "As the median, at the 90th percentile."),
    "service_level": (
        "Service level",
        "Share of inquiries created in the range whose first attempt came within X minutes of creation "
        "(X is a setting). Inquiries not attempted yet count as missed."),
    "service_level_business_hours": (
        "Service level, business hours",
        "The same share for inquiries created while the business calendar was open."),
    "service_level_after_hours": (
        "Service level, after hours",
        "The same share for inquiries created while the business calendar was closed (nights, closed "
        "days, holidays)."),
    "abandonment_rate": (
        "Abandonment",
        "Inquiries closed as unreachable or not ready before anyone reached the person, over inquiries "
        "created. An inquiry waiting for a scheduled callback is not an abandon."),
    "callback_adherence": (
        "Callback adherence",
        "Callbacks attempted within N minutes either side of their due time, over callbacks due in the "
        "range whose N-minute grace is over (N is a setting). Callbacks cancelled before their time are "
        "not due."),
    "contact_rate": ("Contact rate", "Inquiries ever reached over inquiries created."),
    "admitted_conversion": ("Conversion: admitted", "Inquiries closed as admitted over inquiries reached."),
    "referred_conversion": ("Conversion: referred", "Inquiries closed as referred over inquiries reached."),
    "attempts_per_inquiry": ("Attempts per inquiry", "Call attempts on inquiries created in the range, over "
                                                     "those inquiries."),
    "handle_time_median_seconds": (
        "Handle time, median",
        "From claim to release or close, over claims taken in the range that ended that way (leases that "
        "expired or were reassigned are left out)."),
    "handle_time_p90_seconds": ("Handle time, 90th percentile", "As the median, at the 90th percentile."),
}

LIVE: dict[str, tuple[str, str]] = {
    "waiting": ("Waiting now", "Open inquiries nobody holds, by priority."),
    "oldest_waiting": ("Oldest waiting", "Age of the oldest open inquiry nobody holds."),
    "callbacks_due": ("Callbacks due", "Promised callbacks whose time has come, not attempted yet, still "
                                       "within the N-minute grace."),
    "callbacks_overdue": ("Callbacks overdue", "Promised callbacks not attempted N minutes after their time."),
    "sla_at_risk": ("SLA at risk", "Open inquiries not attempted yet whose first-attempt deadline falls in "
                                   "the next 15 minutes."),
    "sla_breached": ("SLA breached", "Open inquiries not attempted yet whose first-attempt deadline has "
                                     "passed."),
    "signed_in": ("Navigators signed in", "Navigators with a live staff session (signed in, not signed out, "
                                          "active in the last 30 minutes, within 12 hours of signing in) or "
                                          "holding an inquiry, with what each holds."),
}


def label(key: str) -> str:
    return FIGURES[key][0]
