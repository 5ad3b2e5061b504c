"""The public "report a change" form is rate limited per address."""

import pytest

from admissions.extensions import db
from tests.conftest import base_test_config
from tests.factories import make_meeting


@pytest.fixture
def app_config(_schema):
    config = base_test_config(_schema)
    config.update({"RATELIMIT_ENABLED": True, "REPORT_RATE_LIMIT": "2 per hour"})
    return config


def test_reports_beyond_the_limit_are_refused(client, app):
    make_meeting(name="Hope Group", slug="hope-group")
    db.session.commit()
    statuses = [client.post("/meetings/hope-group/report", data={"problem": "closed"}).status_code
                for _ in range(3)]
    assert statuses == [302, 302, 429]
