"""Military date-time groups: ``271200Z NOV 26``."""

from __future__ import annotations

from datetime import UTC, date, datetime

_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


def dtg(moment: datetime | None = None) -> str:
    moment = (moment or datetime.now(UTC)).astimezone(UTC)
    return f"{moment:%d%H%M}Z {_MONTHS[moment.month - 1]} {moment:%y}"


def dtg_of(value: str) -> str:
    """An ISO date or date-time as written in products: ``14 MAR 26`` for a day,
    ``141130Z MAR 26`` for a moment (UTC). Anything else is returned as given."""
    try:
        if len(value) <= 10:
            day = date.fromisoformat(value)
            return f"{day:%d} {_MONTHS[day.month - 1]} {day:%y}"
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return dtg(moment)
