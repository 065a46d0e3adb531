"""Military date-time groups: ``271200Z NOV 26``."""

from __future__ import annotations

from datetime import UTC, datetime

_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


def dtg(moment: datetime | None = None) -> str:
    moment = (moment or datetime.now(UTC)).astimezone(UTC)
    return f"{moment:%d%H%M}Z {_MONTHS[moment.month - 1]} {moment:%y}"
