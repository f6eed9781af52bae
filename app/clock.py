"""Days as the people using Bagage count them: in the instance's time zone (TIMEZONE).

Times are stored in UTC; a report period or a school year is made of local calendar days, so
a photo taken at half past midnight in Utrecht belongs to that day, not to the day before.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app


def zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["TIMEZONE"])


def now() -> datetime:
    """This instant, in UTC: every "now" in the app comes from here, so tests can move time."""
    return datetime.now(UTC)


def today() -> date:
    return now().astimezone(zone()).date()


def day_start(day: date) -> datetime:
    """The first instant of a local day."""
    return datetime.combine(day, time.min, tzinfo=zone())


def day_end(day: date) -> datetime:
    """The first instant after a local day (use with <)."""
    return day_start(day + timedelta(days=1))
