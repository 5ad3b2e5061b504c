"""An "add to calendar" file for a meeting: weekly, in the meeting's own time zone."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from icalendar import Calendar, Event, vRecur

from admissions.meetings import schedule
from admissions.meetings.models import Meeting


def meeting_ics(meeting: Meeting, *, url: str, today: datetime) -> bytes:
    """A VCALENDAR with one weekly VEVENT (RRULE BYDAY) and the VTIMEZONE it needs."""
    tz = schedule.zone(meeting.timezone)
    local_today = today.astimezone(tz).date()
    first = schedule.first_start_on_or_after(meeting.days, meeting.start_minute, meeting.timezone, local_today)
    length = schedule.duration_minutes(meeting.start_minute, meeting.end_minute)
    # Wall-clock times with the zone: the calendar shows 19:00-20:00 every week whatever DST does
    # (and a start that falls in a spring-forward gap stays 02:30 for the other weeks).
    start = datetime.combine(first.date(), meeting.start_time, tzinfo=tz)
    end = start + timedelta(minutes=length)

    cal = Calendar()
    cal.add("prodid", "-//admissions//meetings//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    event = Event()
    event.add("uid", f"meeting-{meeting.id}-{meeting.slug}@admissions")
    event.add("summary", meeting.name)
    event.add("dtstamp", today)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("rrule", vRecur(freq="WEEKLY", byday=[schedule.ICAL_DAYS[d] for d in meeting.days]))
    where = ", ".join(p for p in (meeting.location_name, meeting.address, meeting.city, meeting.state) if p)
    if where:
        event.add("location", where)
    description = [url]
    if meeting.conference_url:
        description.append(meeting.conference_url)
    if meeting.conference_phone:
        description.append(meeting.conference_phone)
    event.add("description", "\n".join(description))
    event.add("url", url)
    cal.add_component(event)
    cal.add_missing_timezones(first_date=date(local_today.year - 1, 1, 1))
    return cal.to_ical()
