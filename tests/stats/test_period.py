"""Periods: local days in a named zone, daylight-saving days, and bad input."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from desk.core.errors import DeskError, ErrorCode
from desk.stats.period import Period, local_zone, parse_period

PARIS = ZoneInfo("Europe/Paris")


def test_bounds_are_local_midnights_in_utc() -> None:
    period = Period(date(2020, 3, 16), date(2020, 3, 20), PARIS)
    assert period.start == datetime(2020, 3, 15, 23, 0, tzinfo=UTC)
    assert period.end == datetime(2020, 3, 20, 23, 0, tzinfo=UTC)
    assert period.day_count == 5


def test_a_daylight_saving_day_lasts_23_hours() -> None:
    period = Period(date(2020, 3, 29), date(2020, 3, 29), PARIS)
    assert (period.end - period.start).total_seconds() == 23 * 3600


def test_one_day_is_a_whole_period() -> None:
    period = parse_period("2020-03-16", "2020-03-16", "UTC")
    assert list(period.days()) == [date(2020, 3, 16)]
    assert (period.end - period.start).total_seconds() == 86400


@pytest.mark.parametrize("text", ["16/03/2020", "2020-13-01", "", "yesterday"])
def test_unparsable_dates_are_a_clear_error(text: str) -> None:
    with pytest.raises(DeskError) as caught:
        parse_period(text, "2020-03-20", "UTC")
    assert caught.value.code is ErrorCode.STATS_BAD_DATE
    assert repr(text) in caught.value.describe()
    assert "YYYY-MM-DD" in caught.value.describe()


def test_reversed_dates_are_a_clear_error() -> None:
    with pytest.raises(DeskError) as caught:
        parse_period("2020-03-20", "2020-03-16", "UTC")
    assert caught.value.code is ErrorCode.STATS_PERIOD_REVERSED
    assert "2020-03-16" in caught.value.describe()


def test_an_unknown_zone_is_a_clear_error() -> None:
    with pytest.raises(DeskError) as caught:
        parse_period("2020-03-16", "2020-03-20", "Mars/Olympus")
    assert caught.value.code is ErrorCode.STATS_BAD_ZONE


def test_the_local_zone_follows_tz(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "America/Montreal")
    assert local_zone().key == "America/Montreal"
    assert parse_period("2020-03-16", "2020-03-16").zone_name == "America/Montreal"
