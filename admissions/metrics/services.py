"""Writes of the metrics area: the settings managers save (the caller commits)."""

from __future__ import annotations

from admissions.audit import services as audit
from admissions.core.settings import set_setting

SETTING_KEYS = ("business_timezone", "business_hours", "business_holidays", "business_closed_dates",
                "sla_minutes", "service_level_minutes", "callback_grace_minutes")


def save_settings(values: dict, *, by) -> None:
    """Store the business calendar, SLA minutes and the metric thresholds, and audit the change."""
    unknown = set(values) - set(SETTING_KEYS)
    if unknown:
        raise ValueError(f"not a metrics setting: {sorted(unknown)}")
    for key, value in values.items():
        set_setting(key, value, by=by)
    audit.record(by, "settings.changed", target_type="app_settings", target_id="metrics")


def set_user_timezone(user, zone: str | None) -> None:
    """Remember the zone ``user`` reads the dashboard in (None: the business zone)."""
    user.timezone = zone or None
