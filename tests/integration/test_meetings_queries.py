"""Meeting search on a database: time windows across daylight saving, distance, attendance."""

from datetime import datetime

from admissions.meetings import formats, queries
from admissions.meetings.queries import MeetingSearch, meetings_near, search_meetings
from tests.factories import make_meeting

LAS_VEGAS = (36.2047, -115.2232)  # ZIP 89108
ONLINE_ONLY = dict(address=None, latitude=None, longitude=None, postal_code=None, approximate="yes",
                   conference_url="https://meet.example.org/room")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def names(search: MeetingSearch) -> list[str]:
    return [hit.meeting.name for hit in search_meetings(search).items]


def soon(when: str, minutes: int, **fields) -> MeetingSearch:
    fields.setdefault("attendance", (formats.IN_PERSON, formats.HYBRID, formats.ONLINE))
    return MeetingSearch(at=at(when), starting_within_minutes=minutes, **fields)


def test_starting_within_uses_daylight_time_on_the_spring_forward_day(app):
    make_meeting(name="NY Sunday", day=0, time="19:00", timezone="America/New_York")
    # 17:30 EDT; the meeting starts at 23:00Z, 90 minutes later (150 if EST were wrongly kept).
    assert names(soon("2026-03-08T21:30:00Z", 90)) == ["NY Sunday"]
    assert names(soon("2026-03-08T21:30:00Z", 89)) == []


def test_starting_within_uses_standard_time_on_the_fall_back_day(app):
    make_meeting(name="LA Sunday", day=0, time="19:00", timezone="America/Los_Angeles")
    # 17:30 PST on 1 November; the meeting starts at 03:00Z on 2 November.
    assert names(soon("2026-11-02T01:30:00Z", 90)) == ["LA Sunday"]
    assert names(soon("2026-11-02T01:30:00Z", 60)) == []


def test_phoenix_keeps_its_offset_while_denver_springs_forward(app):
    make_meeting(name="Phoenix", day=0, time="19:00", timezone="America/Phoenix", postal_code="85004")
    make_meeting(name="Denver", day=0, time="19:00", timezone="America/Denver", postal_code="80202")
    # 00:30Z on 9 March: Denver (MDT) starts at 01:00Z, Phoenix (MST all year) at 02:00Z.
    assert names(soon("2026-03-09T00:30:00Z", 60)) == ["Denver"]
    assert names(soon("2026-03-09T00:30:00Z", 120)) == ["Denver", "Phoenix"]


def test_a_late_meeting_under_way_after_midnight_is_left_out_unless_asked_for(app):
    make_meeting(name="Midnight", day=1, time="23:30", end_time="00:30", timezone="America/New_York")
    tuesday_0010 = "2026-11-24T00:10:00-05:00"
    assert names(soon(tuesday_0010, 60)) == []
    page = search_meetings(soon(tuesday_0010, 60, include_in_progress=True))
    assert [h.meeting.name for h in page.items] == ["Midnight"]
    assert page.items[0].in_progress
    assert page.items[0].next_start.isoformat() == "2026-11-23T23:30:00-05:00"


def test_online_meetings_are_never_filtered_by_distance(app):
    make_meeting(name="Online far away", timezone="America/New_York", **ONLINE_ONLY)
    make_meeting(name="Online with a far address", timezone="America/New_York", address="1 Broadway",
                 latitude=40.7, longitude=-74.0, approximate="yes", conference_url="https://meet.example.org/x")
    make_meeting(name="In person here")
    make_meeting(name="In person in New York", latitude=40.7, longitude=-74.0, timezone="America/New_York")
    search = MeetingSearch(at=at("2026-11-22T12:00:00Z"), near=LAS_VEGAS, radius_miles=10,
                           attendance=(formats.IN_PERSON, formats.ONLINE))
    assert sorted(names(search)) == ["In person here", "Online far away", "Online with a far address"]


def test_the_default_attendance_is_in_person_and_hybrid(app):
    make_meeting(name="Online", **ONLINE_ONLY)
    make_meeting(name="Hybrid", conference_url="https://meet.example.org/h")
    make_meeting(name="In person")
    assert sorted(names(MeetingSearch(at=at("2026-11-22T12:00:00Z")))) == ["Hybrid", "In person"]


def test_results_sort_by_next_start_then_distance(app):
    make_meeting(name="Later", day=1, time="20:00")
    make_meeting(name="Far", day=1, time="19:00", latitude=36.25, longitude=-115.25)
    make_meeting(name="Near", day=1, time="19:00", latitude=36.2048, longitude=-115.2233)
    search = MeetingSearch(at=at("2026-11-23T12:00:00-08:00"), near=LAS_VEGAS, radius_miles=10)
    page = search_meetings(search)
    assert [h.meeting.name for h in page.items] == ["Near", "Far", "Later"]
    assert page.items[0].distance_miles < page.items[1].distance_miles


def test_day_and_clock_filters_are_local_to_each_meeting(app):
    make_meeting(name="NY 19:00", day=1, time="19:00", timezone="America/New_York")
    make_meeting(name="LA 19:00", day=1, time="19:00")
    make_meeting(name="LA 12:00", day=1, time="12:00")
    make_meeting(name="LA Tuesday", day=2, time="19:00")
    search = MeetingSearch(at=at("2026-11-22T12:00:00Z"), days=frozenset({1}), after_minute=18 * 60,
                           before_minute=20 * 60)
    assert sorted(names(search)) == ["LA 19:00", "NY 19:00"]
    assert names(MeetingSearch(at=at("2026-11-22T12:00:00Z"), after_minute=19 * 60,
                               before_minute=19 * 60)) == []


def test_types_and_fellowship_narrow_the_search(app):
    make_meeting(name="Open NA", types=["O", "ST"], fellowship="NA")
    make_meeting(name="Closed NA", types=["C"], fellowship="NA")
    make_meeting(name="Open AA", types=["O"], fellowship="AA")
    base = dict(at=at("2026-11-22T12:00:00Z"))
    assert sorted(names(MeetingSearch(types=("O",), **base))) == ["Open AA", "Open NA"]
    assert names(MeetingSearch(types=("O", "ST"), **base)) == ["Open NA"]
    assert names(MeetingSearch(types=("O",), fellowships=("NA",), **base)) == ["Open NA"]


def test_pages_split_the_sorted_results(app):
    for hour in range(10, 15):
        make_meeting(name=f"At {hour}", day=1, time=f"{hour}:00")
    search = MeetingSearch(at=at("2026-11-23T00:00:00-08:00"), per_page=2, page=2)
    page = search_meetings(search)
    assert [h.meeting.name for h in page.items] == ["At 12", "At 13"]
    assert (page.total, page.pages) == (5, 3)


def test_meetings_near_a_point_lists_the_next_few_in_person(app):
    make_meeting(name="Soonest", day=[0, 1, 2, 3, 4, 5, 6], time="07:00")
    make_meeting(name="Evening", day=[0, 1, 2, 3, 4, 5, 6], time="19:00")
    make_meeting(name="Online", **ONLINE_ONLY)
    make_meeting(name="Reno", latitude=39.5, longitude=-119.8)
    hits = meetings_near(*LAS_VEGAS, at=at("2026-11-23T06:00:00-08:00"), limit=5)
    assert [h.meeting.name for h in hits] == ["Soonest", "Evening"]
    assert meetings_near(*LAS_VEGAS, at=at("2026-11-23T06:00:00-08:00"), limit=1)[0].meeting.name == "Soonest"
    assert meetings_near(40.0, -100.0) == []


def test_a_meeting_in_a_zone_the_cached_zone_list_has_not_seen_is_still_found(app):
    queries._ZONES.clear()
    make_meeting(name="New York", day=0, time="19:00", timezone="America/New_York")
    assert names(soon("2026-03-08T21:30:00Z", 90)) == ["New York"]  # caches [America/New_York]
    assert queries.meeting_zones() == ["America/New_York"]
    make_meeting(name="Chicago", day=0, time="17:00", timezone="America/Chicago")
    # 16:30 CDT: Chicago's 17:00 start is 30 minutes away though its zone is not in the cached list.
    assert names(soon("2026-03-08T21:30:00Z", 90)) == ["Chicago", "New York"]


def test_a_nearby_meeting_in_an_unexpected_zone_is_still_found(app):
    # Las Vegas ZIPs are all Pacific; a meeting there that keeps Arizona time must not vanish.
    make_meeting(name="Arizona Time In Vegas", day=0, time="19:00", timezone="America/Phoenix")
    make_meeting(name="Pacific", day=0, time="19:00")
    search = soon("2026-03-09T01:30:00Z", 60, near=LAS_VEGAS, attendance=(formats.IN_PERSON,))
    # 18:30 PDT and 18:30 MST: both start in 30 minutes.
    assert sorted(names(search)) == ["Arizona Time In Vegas", "Pacific"]
