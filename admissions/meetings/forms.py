"""Meeting search (a GET form, no CSRF) and the "report a change" form."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, SelectChoice, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from admissions.core.geo import Place, PlaceError, resolve_place
from admissions.meetings import formats, schedule
from admissions.meetings.queries import PHYSICAL, MeetingSearch


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


WHEN_CHOICES = [
    ("soon", _l("Starting in the next 3 hours")),
    ("tonight", _l("Tonight")),
    ("tomorrow", _l("Tomorrow")),
    ("day", _l("On a day")),
    ("any", _l("Any time")),
]
DAY_CHOICES = [
    ("0", _l("Sunday")), ("1", _l("Monday")), ("2", _l("Tuesday")), ("3", _l("Wednesday")),
    ("4", _l("Thursday")), ("5", _l("Friday")), ("6", _l("Saturday")),
]
ATTENDANCE_CHOICES = [
    (formats.IN_PERSON, _l("In person")), (formats.HYBRID, _l("Hybrid (in person and online)")),
    (formats.ONLINE, _l("Online or by phone")),
]
FELLOWSHIP_CHOICES = [("", _l("Any fellowship")), ("NA", _l("Narcotics Anonymous (NA)")),
                      ("AA", _l("Alcoholics Anonymous (AA)")), ("other", _l("Other fellowships"))]
RADIUS_CHOICES = [("5", _l("5 miles")), ("10", _l("10 miles")), ("25", _l("25 miles")), ("50", _l("50 miles"))]
PROBLEM_CHOICES = [
    ("closed", _l("The meeting no longer happens")), ("wrong_time", _l("The day or time is wrong")),
    ("wrong_place", _l("The place or address is wrong")), ("wrong_link", _l("The online link or phone is wrong")),
    ("other", _l("Something else")),
]


def options(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class MeetingSearchForm(FlaskForm):
    class Meta:
        csrf = False

    near = StringField(_l("ZIP code or city"), validators=[Optional(), Length(max=80)])
    radius_miles = SelectField(_l("Distance"), choices=options(RADIUS_CHOICES), default="10")
    when = RadioField(_l("When"), choices=options(WHEN_CHOICES), default="soon")
    day = SelectField(_l("Day"), choices=options(DAY_CHOICES), validators=[Optional()])
    attendance = MultiCheckboxField(_l("How to attend"), choices=options(ATTENDANCE_CHOICES),
                                    default=[formats.IN_PERSON, formats.HYBRID])
    fellowship = SelectField(_l("Fellowship"), choices=options(FELLOWSHIP_CHOICES), default="")
    page = IntegerField(_l("Page"), validators=[Optional(), NumberRange(min=1, max=1000)], default=1)


class ReportChangeForm(FlaskForm):
    problem = RadioField(_l("What is wrong?"), choices=options(PROBLEM_CHOICES),
                         validators=[InputRequired(message=_l("Choose what is wrong."))])
    details = TextAreaField(_l("What should it say? (optional)"), validators=[Optional(), Length(max=2000)])
    contact = StringField(_l("Email or phone if we may ask you about it (optional)"),
                          validators=[Optional(), Length(max=255)])


def search_from_form(form: MeetingSearchForm, *, now: datetime, viewer_tz: str | None,
                     fallback_tz: str) -> tuple[MeetingSearch, Place | None, bool]:
    """Turn the page's choices into a search, its place, and whether a place is still needed.

    A bad place becomes an error on the near field (PlaceError is raised). Without a place the
    in-person and hybrid choices are dropped (a nationwide list of rooms helps nobody) and only
    online meetings are searched. "Tonight" and "tomorrow" are the viewer's: their browser's
    zone, else the place's, else ours.
    """
    search = MeetingSearch(at=now, attendance=tuple(form.attendance.data or formats.DEFAULT_ATTENDANCE),
                           radius_miles=float(form.radius_miles.data or 10), page=form.page.data or 1,
                           per_page=25)
    if form.fellowship.data:
        search.fellowships = (form.fellowship.data,)
    place = None
    if form.near.data and form.near.data.strip():
        try:
            place = resolve_place(form.near.data)
        except PlaceError as exc:
            form.near.errors = [str(exc)]
            raise
        search.near = (place.latitude, place.longitude)
        if place.timezone and schedule.is_zone(place.timezone):
            viewer_tz = viewer_tz or place.timezone
    local_now = now.astimezone(schedule.zone(viewer_tz or fallback_tz))
    when = form.when.data
    if when == "soon":
        search.starting_within_minutes = 180
    elif when == "tonight":
        midnight = datetime.combine(local_now.date() + timedelta(days=1), time(), tzinfo=local_now.tzinfo)
        if local_now.hour < 4:  # after midnight, "tonight" still means the next few hours
            midnight = local_now.replace(hour=4, minute=0, second=0, microsecond=0)
        search.starting_within_minutes = max(0, int((midnight - local_now).total_seconds() // 60))
    elif when == "tomorrow":
        search.days = frozenset({schedule.day_of(local_now.date() + timedelta(days=1))})
    elif when == "day" and form.day.data not in (None, "", "None"):
        search.days = frozenset({int(form.day.data)})
    needs_place = search.near is None and any(a in PHYSICAL for a in search.attendance)
    if needs_place:
        search.attendance = tuple(a for a in search.attendance if a not in PHYSICAL)
    return search, place, needs_place
