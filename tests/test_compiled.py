"""lib.compiled: a query the ORM writes once runs with other values and answers as the ORM's own
query would, on SQLite and on PostgreSQL (CI runs both)."""

import datetime

import pytest

from lib.compiled import Compiled
from tracks import gates, sections
from tracks.models import Track

from .factories import make_track

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(world_once):
    return world_once


def test_compiled_counts_equal_the_orms_for_every_track_and_date(world):
    other = make_track(coordinator=world.user("coordinator"), municipality=world.home.municipality,
                       employers=[world.home.employer])
    days = [datetime.date(2020, 1, 1), datetime.date.today(), datetime.date(2040, 6, 30)]
    compared = set()
    for track in Track.objects.filter(pk__in=[world.track.pk, other.pk]):
        for day in days:
            soon = day + datetime.timedelta(days=14)
            assert gates.COUNTS.row(track=track.pk, today=day) == gates._counts(track.pk, day)[0]
            row = sections.NUMBERS.row(track=track.pk, today=day, soon=soon)
            assert row == sections._numbers(track.pk, day, soon)[0]
            compared.add(tuple(sorted(row.items())))
    assert len(compared) > 1  # the values asked for do change the answer


def test_compiled_refuses_a_value_that_is_not_among_the_parameters():
    """Written into the SQL itself (or not used at all), it could not be replaced: refused."""
    query = Compiled(lambda track: Track.objects.values("pk"), track=int)
    with pytest.raises(ValueError, match="track"):
        query.row(track=1)
