"""The period statistics cover: whole days in a named time zone.

A team lead thinks in calendar days ("from Monday 16 to Friday 20 March"), and
a day starts at local midnight, not at UTC midnight: a French centre's Monday
begins at 23:00 UTC on Sunday in winter. So a :class:`Period` is two dates,
both included, read in an explicit IANA time zone (``Europe/Paris``, or
``UTC``); its UTC bounds are computed once, with daylight-saving changes taken
into account (a day can last 23 or 25 hours). The command line uses the
machine's zone unless ``--tz`` says otherwise, and every export names the zone.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from desk.core.errors import DeskError, ErrorCode


@dataclass(frozen=True)
class Period:
    """The days ``first`` to ``last`` (both included) in time zone ``zone``."""

    first: date
    last: date
    zone: ZoneInfo

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise DeskError(
                ErrorCode.STATS_PERIOD_REVERSED,
                first=self.first.isoformat(),
                last=self.last.isoformat(),
            )

    @property
    def zone_name(self) -> str:
        """The IANA name of the zone, as printed in exports."""
        return self.zone.key

    @property
    def start(self) -> datetime:
        """Local midnight of the first day, in UTC (included)."""
        return local_midnight(self.first, self.zone)

    @property
    def end(self) -> datetime:
        """Local midnight after the last day, in UTC (excluded)."""
        return local_midnight(self.last + timedelta(days=1), self.zone)

    @property
    def day_count(self) -> int:
        """How many calendar days the period holds (at least one)."""
        return (self.last - self.first).days + 1

    def days(self) -> Iterator[date]:
        """Every day of the period, in order."""
        for offset in range(self.day_count):
            yield self.first + timedelta(days=offset)


def local_midnight(day: date, zone: tzinfo) -> datetime:
    """The UTC instant at which ``day`` starts in ``zone``."""
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def parse_date(text: str) -> date:
    """A ``YYYY-MM-DD`` date; anything else is a clear error naming the text."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise DeskError(ErrorCode.STATS_BAD_DATE, value=text) from None


def zone_named(name: str) -> ZoneInfo:
    """The IANA time zone ``name`` (``Europe/Paris``, ``UTC``), or a clear error."""
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise DeskError(ErrorCode.STATS_BAD_ZONE, value=name) from None


def local_zone() -> ZoneInfo:
    """The machine's IANA time zone: ``$TZ``, else ``/etc/localtime``'s target, else UTC.

    Python gives the local offset but not the zone's name, and a fixed offset
    would be wrong across a daylight-saving change; on a machine where the
    name cannot be found (Windows without ``TZ``) this falls back to UTC and
    the export says so.
    """
    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    link = Path("/etc/localtime")
    try:
        target = str(link.resolve())
    except OSError:
        target = ""
    if "/zoneinfo/" in target:
        try:
            return ZoneInfo(target.split("/zoneinfo/", 1)[1])
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return ZoneInfo("UTC")


def parse_period(first: str, last: str, zone: str | None = None) -> Period:
    """A period from the command line's texts; errors say which text was wrong."""
    return Period(parse_date(first), parse_date(last), zone_named(zone) if zone else local_zone())
