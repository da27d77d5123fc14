"""Per-day and per-hour series in local time, across a daylight-saving change."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from desk.stats.period import Period
from desk.stats.series import volume_series
from desk.store.database import Store
from desk.store.models import Folder, FolderKind, Message

PARIS = ZoneInfo("Europe/Paris")


def test_hours_of_a_daylight_saving_day(store: Store) -> None:
    # 29 March 2020 in Paris: 02:00 does not exist, the day has 23 hours.
    moments = [
        datetime(2020, 3, 29, 0, 30, tzinfo=UTC),  # 01:30 local (UTC+1)
        datetime(2020, 3, 29, 1, 15, tzinfo=UTC),  # 03:15 local (UTC+2 from 01:00 UTC)
        datetime(2020, 3, 29, 21, 59, tzinfo=UTC),  # 23:59 local
        datetime(2020, 3, 29, 22, 0, tzinfo=UTC),  # 30 March 00:00 local: the next day
    ]
    with store.sessions.begin() as session:
        folder = Folder(kind=FolderKind.MAILDIR, name="x", locator="maildir:x")
        session.add_all(
            Message(folder=folder, source_key=str(i), message_id=f"<{i}>", date=m, size=1)
            for i, m in enumerate(moments)
        )
    period = Period(date(2020, 3, 29), date(2020, 3, 29), PARIS)
    as_of = datetime(2020, 4, 1, tzinfo=UTC)
    with store.sessions() as session:
        hours = volume_series(session, period, "hour", as_of)
        days = volume_series(session, period, "day", as_of)
    assert len(hours) == 23
    busy = {p.start.strftime("%H:%M%z"): p.received for p in hours if p.received}
    assert busy == {"01:00+0100": 1, "03:00+0200": 1, "23:00+0200": 1}
    assert [(p.start.date(), p.received, p.backlog) for p in days] == [(date(2020, 3, 29), 3, 3)]
