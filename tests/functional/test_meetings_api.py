"""GET /api/v1/meetings and the Meeting Guide feed, through the test client."""

import json

import pytest
from sqlalchemy import select

from admissions.extensions import db
from admissions.meetings import services
from admissions.meetings.api import OPENAPI_PATHS, OPENAPI_SCHEMAS
from admissions.meetings.models import Meeting
from tests.conftest import empty_database
from tests.factories import make_meeting
from tests.integration.test_meetings_import import bmlt_text, tsml_text

ITEM_KEYS = {"id", "name", "fellowship", "day", "start_time", "end_time", "timezone", "next_start", "in_progress",
             "attendance", "types", "address", "latitude", "longitude", "distance_miles", "conference_url",
             "conference_phone"}


def test_search_near_a_zip_answers_items_with_every_documented_field(client, app):
    make_meeting(name="Here", day=1, time="19:00")
    db.session.commit()
    body = client.get("/api/v1/meetings?near=89108&radius_miles=10&at=2026-11-23T12:00:00-08:00").get_json()
    assert body["total"] == 1
    item = body["items"][0]
    assert ITEM_KEYS <= set(item)
    assert item["next_start"] == "2026-11-23T19:00:00-08:00"
    assert (item["day"], item["start_time"], item["end_time"]) == ([1], "19:00", "20:00")
    assert item["in_progress"] is False and item["distance_miles"] < 1


def test_starting_within_minutes_across_spring_forward(client, app):
    make_meeting(name="NY Sunday", day=0, time="19:00", timezone="America/New_York")
    db.session.commit()
    url = "/api/v1/meetings?starting_within_minutes={}&at=2026-03-08T21:30:00Z"
    assert [i["name"] for i in client.get(url.format(90)).get_json()["items"]] == ["NY Sunday"]
    assert client.get(url.format(89)).get_json()["items"] == []


def test_an_offset_plus_sign_left_unencoded_still_reads(client, app):
    make_meeting(name="NY Sunday", day=0, time="19:00", timezone="America/New_York")
    db.session.commit()
    body = client.get("/api/v1/meetings?starting_within_minutes=90&at=2026-03-08T17:30:00+04:00").get_json()
    assert body["total"] == 0  # 13:30Z: five and a half hours before the start
    body = client.get("/api/v1/meetings?starting_within_minutes=90&at=2026-03-09T01:30:00%2B04:00").get_json()
    assert body["total"] == 1


def test_in_progress_needs_to_be_asked_for_and_is_flagged(client, app):
    make_meeting(name="Late", day=1, time="23:30", end_time="00:30", timezone="America/New_York")
    db.session.commit()
    base = "/api/v1/meetings?starting_within_minutes=60&at=2026-11-24T05:10:00Z"
    assert client.get(base).get_json()["items"] == []
    items = client.get(base + "&include_in_progress=true").get_json()["items"]
    assert items[0]["in_progress"] is True


def test_online_meetings_stay_in_a_distance_search(client, app):
    make_meeting(name="Online", address=None, latitude=None, longitude=None, postal_code=None, approximate="yes",
                 conference_url="https://meet.example.org/o", timezone="America/New_York")
    make_meeting(name="Far", latitude=40.7, longitude=-74.0)
    db.session.commit()
    items = client.get("/api/v1/meetings?near=89108&attendance=in_person,online").get_json()["items"]
    assert [i["name"] for i in items] == ["Online"]
    assert items[0]["attendance"] == "online"
    assert client.get("/api/v1/meetings?near=89108").get_json()["items"] == []


def test_filters_by_day_clock_types_fellowship_and_pages(client, app):
    make_meeting(name="Mon NA", day=1, time="19:00", types=["O"], fellowship="NA")
    make_meeting(name="Mon AA", day=1, time="19:30", types=["C"], fellowship="AA")
    make_meeting(name="Wed NA", day=3, time="07:00", types=["O"], fellowship="NA")
    db.session.commit()

    def names(query):
        return sorted(i["name"] for i in client.get("/api/v1/meetings?" + query).get_json()["items"])

    assert names("day=1") == ["Mon AA", "Mon NA"]
    assert names("day=1,3&after=07:00&before=19:15") == ["Mon NA", "Wed NA"]
    assert names("types=O&fellowship=na") == ["Mon NA", "Wed NA"]
    assert names("fellowship=AA") == ["Mon AA"]
    page = client.get("/api/v1/meetings?per_page=2&page=2&at=2026-11-22T12:00:00Z").get_json()
    assert (page["total"], page["pages"], len(page["items"])) == (3, 2, 1)


@pytest.mark.parametrize("query, field", [
    ("day=9", "day"), ("day=mon", "day"), ("after=25:00", "after"), ("before=7pm", "before"),
    ("at=yesterday", "at"), ("at=2026-03-08T12:00:00", "at"), ("starting_within_minutes=-5", "starting_within_minutes"),
    ("starting_within_minutes=ten", "starting_within_minutes"), ("radius_miles=-1", "radius_miles"),
    ("near=00000", "near"), ("attendance=walking", "attendance"), ("types=NOPE", "types"),
    ("fellowship=XYZ", "fellowship"), ("page=0", "page"), ("per_page=1000", "per_page"),
    ("include_in_progress=maybe", "include_in_progress"), ("radius_miles=nan", "radius_miles"),
])
def test_bad_parameters_answer_400_in_json_naming_the_field(client, query, field):
    response = client.get("/api/v1/meetings?" + query)
    assert response.status_code == 400
    assert response.is_json and response.get_json()["field"] == field and response.get_json()["error"]


def test_feed_lists_every_meeting_once_in_meeting_guide_format(client, app):
    services.import_feed(tsml_text(), "tsml")
    db.session.commit()
    feed = client.get("/api/v1/meetings/feed.json").get_json()
    slugs = [row["slug"] for row in feed]
    assert len(slugs) == len(set(slugs)) == 5
    hope = next(row for row in feed if row["slug"] == "monday-night-hope")
    assert (hope["day"], hope["time"], hope["end_time"], hope["timezone"]) == (1, "19:00", "20:00", "America/New_York")
    assert hope["types"] == ["D", "O", "X"] and hope["updated"] == "2026-10-01 14:00:00"
    assert next(row for row in feed if row["slug"] == "midnight-serenity")["day"] == [5, 6]


def test_importing_our_own_feed_gives_the_same_meetings_back(client, app):
    services.import_feed(tsml_text(), "tsml")
    services.import_feed(bmlt_text(), "bmlt")
    db.session.commit()
    columns = ("slug", "fellowship", "name", "day_mask", "start_minute", "end_minute", "timezone", "location_name",
               "address", "city", "state", "postal_code", "latitude", "longitude", "approximate", "conference_url",
               "conference_url_notes", "conference_phone", "type_codes", "attendance", "notes")

    def snapshot():
        return sorted(tuple(getattr(m, c) for c in columns) for m in db.session.scalars(select(Meeting)))

    before = snapshot()
    feed = client.get("/api/v1/meetings/feed.json").get_data(as_text=True)
    db.session.remove()
    empty_database()
    report = services.import_feed(feed, "tsml")
    db.session.commit()
    assert (report.created, len(report.rejected)) == (len(before), 0)
    assert snapshot() == before
    assert json.loads(client.get("/api/v1/meetings/feed.json").get_data(as_text=True)) == json.loads(feed)


def test_openapi_fragments_describe_both_endpoints():
    assert set(OPENAPI_PATHS) == {"/api/v1/meetings", "/api/v1/meetings/feed.json"}
    params = {p["name"] for p in OPENAPI_PATHS["/api/v1/meetings"]["get"]["parameters"]}
    assert params >= {"near", "radius_miles", "day", "after", "before", "attendance", "types", "fellowship",
                      "starting_within_minutes", "at", "page", "per_page", "include_in_progress"}
    assert ITEM_KEYS <= set(OPENAPI_SCHEMAS["Meeting"]["properties"])
    refs = json.dumps(OPENAPI_PATHS)
    for name in ("MeetingPage", "MeetingError", "MeetingGuideMeeting"):
        assert f"#/components/schemas/{name}" in refs and name in OPENAPI_SCHEMAS
