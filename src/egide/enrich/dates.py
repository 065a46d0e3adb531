"""Dates in French and English — absolute, relative to the document date, and military
date-time groups (``271200ZNOV26``) — resolved to ISO 8601.

Relative dates (« hier », « la semaine dernière », « début avril ») are resolved against
the document's own date, once per document: every occurrence gets the same day. A part of
a month is one day: « début avril » the 1st, « mi-avril » the 15th, « fin avril » the
last day."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone

from egide.retrieve.analyzer import fold
from egide.types import Mention

PART_ID = "dates.v2"

_MONTHS = {
    "janvier": 1,
    "janv": 1,
    "fevrier": 2,
    "fevr": 2,
    "fev": 2,
    "mars": 3,
    "avril": 4,
    "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "juil": 7,
    "aout": 8,
    "septembre": 9,
    "sept": 9,
    "octobre": 10,
    "oct": 10,
    "novembre": 11,
    "nov": 11,
    "decembre": 12,
    "dec": 12,
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
_DTG_MONTHS = {
    "JAN": 1,
    "FEB": 2,
    "FEV": 2,
    "MAR": 3,
    "APR": 4,
    "AVR": 4,
    "MAY": 5,
    "MAI": 5,
    "JUN": 6,
    "JUI": 6,
    "JUL": 7,
    "AUG": 8,
    "AOU": 8,
    "SEP": 9,
    "OCT": 10,
    "NOV": 11,
    "DEC": 12,
}
_NUMBERS = {
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "quinze": 15,
    "one": 1,
    "a": 1,
    "an": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_UNITS = {
    "jour": 1,
    "jours": 1,
    "day": 1,
    "days": 1,
    "semaine": 7,
    "semaines": 7,
    "week": 7,
    "weeks": 7,
}
_FIXED = {
    "aujourd'hui": 0,
    "aujourd’hui": 0,
    "hier": -1,
    "avant-hier": -2,
    "demain": 1,
    "apres-demain": 2,
    "today": 0,
    "yesterday": -1,
    "tomorrow": 1,
    "the day before yesterday": -2,
    "la semaine derniere": -7,
    "last week": -7,
    "la veille": -1,
    "le lendemain": 1,
}

#: month names as written (with their accents); they resolve through ``_MONTHS`` folded
_ACCENTS = {"e": "[eéèê]", "a": "[aàâ]", "u": "[uùû]", "i": "[iîï]", "o": "[oô]"}


def _accented(key: str) -> str:
    """A pattern for a folded phrase as it may be written: accents, either apostrophe."""
    return "".join(_ACCENTS.get(c, "['’]" if c in "'’" else re.escape(c)) for c in key)


_MONTH_ALT = "|".join(
    sorted([*_MONTHS, "février", "févr", "fév", "août", "décembre", "déc"], key=len, reverse=True)
)
_NUM_ALT = r"\d{1,3}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True))
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "dtg",
        re.compile(
            r"\b(\d{2})(\d{2})(\d{2})\s?([A-IK-Z])\s?(JAN|FEB|FEV|MAR|APR|AVR|MAY|MAI|JUN|JUI|JUL|AUG|AOU|SEP|OCT|NOV|DEC)[A-Z]*\.?\s?(\d{4}|\d{2})\b"
        ),
    ),
    (
        "iso",
        re.compile(
            r"\b(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2})?(Z|[+-]\d{2}:?\d{2})?)?\b"
        ),
    ),
    ("numeric", re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")),
    (
        "day_month",
        re.compile(
            rf"\b(1er|\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_ALT})\.?(?:,?\s+(\d{{4}}))?\b",
            re.IGNORECASE,
        ),
    ),
    (
        "month_day",
        re.compile(
            rf"\b({_MONTH_ALT})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?",
            re.IGNORECASE,
        ),
    ),
    (
        "period",
        re.compile(
            rf"\b(d[ée]but|mi|fin|early|mid|late)(?:\s+|-)(?:d['’]\s*|de\s+)?({_MONTH_ALT})\b"
            r"\.?(?:\s+(\d{4}))?",
            re.IGNORECASE,
        ),
    ),
    (
        "ago",
        re.compile(
            rf"\b(?:il y a\s+({_NUM_ALT})\s+(jours?|semaines?)"
            rf"|({_NUM_ALT})\s+(days?|weeks?)\s+ago)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "fixed",
        re.compile(
            r"(?<![\w-])(?:"
            + "|".join(_accented(k) for k in sorted(_FIXED, key=len, reverse=True))
            + r")(?![\w-])",
            re.IGNORECASE,
        ),
    ),
]


def _zone(letter: str) -> timezone | None:
    if letter == "Z":
        return UTC
    code = ord(letter)
    if ord("A") <= code <= ord("I"):
        return timezone(timedelta(hours=code - ord("A") + 1))
    if ord("K") <= code <= ord("M"):
        return timezone(timedelta(hours=code - ord("K") + 10))
    if ord("N") <= code <= ord("Y"):
        return timezone(timedelta(hours=-(code - ord("N") + 1)))
    return None


def _year(text: str | None, ref: date | None) -> int | None:
    if text:
        value = int(text)
        return value + 2000 if value < 100 else value
    return ref.year if ref else None


def _number(word: str) -> int | None:
    word = fold(word)
    if word.isdigit():
        return int(word)
    return _NUMBERS.get(word)


def _resolve(kind: str, m: re.Match[str], ref: date | None) -> str | None:
    try:
        if kind == "dtg":
            day, hour, minute, zone, month, year = m.groups()
            tz = _zone(zone)
            y = _year(year, None)
            assert y is not None
            return datetime(
                y, _DTG_MONTHS[month], int(day), int(hour), int(minute), tzinfo=tz
            ).isoformat()
        if kind == "iso":
            ys, mos, ds, hh, mi, _tz = m.groups()
            if hh is not None:
                return datetime(int(ys), int(mos), int(ds), int(hh), int(mi)).isoformat()
            return date(int(ys), int(mos), int(ds)).isoformat()
        if kind == "numeric":
            dn, mon, yn = (int(g) for g in m.groups())
            if mon > 12 and dn <= 12:
                dn, mon = mon, dn
            return date(yn, mon, dn).isoformat()
        if kind == "day_month":
            d_text, month, year = m.groups()
            y = _year(year, ref)
            d = 1 if d_text.lower() == "1er" else int(d_text)
            return date(y, _MONTHS[fold(month)], d).isoformat() if y else None
        if kind == "month_day":
            month, d_text, year = m.groups()
            y = _year(year, ref)
            return date(y, _MONTHS[fold(month)], int(d_text)).isoformat() if y else None
        if kind == "period":
            part, month, year = m.groups()
            y = _year(year, ref)
            if y is None:
                return None
            number = _MONTHS[fold(month)]
            first = date(y, number, 1)
            part = fold(part)
            if part in {"debut", "early"}:
                return first.isoformat()
            if part in {"mi", "mid"}:
                return first.replace(day=15).isoformat()
            following = date(y + number // 12, number % 12 + 1, 1)
            return (following - timedelta(days=1)).isoformat()
        if ref is None:
            return None
        if kind == "ago":
            count = _number(m.group(1) or m.group(3))
            unit = fold(m.group(2) or m.group(4))
            if count is None:
                return None
            return (ref - timedelta(days=count * _UNITS[unit])).isoformat()
        if kind == "fixed":
            key = fold(m.group(0)).replace("’", "'")
            return (ref + timedelta(days=_FIXED[key])).isoformat()
    except (ValueError, KeyError, AssertionError):
        return None
    return None


def reference_date(doc_date: str | None) -> date | None:
    """The document's own date, from an ISO string or an RFC 2822 date as loaders give."""
    if not doc_date:
        return None
    try:
        return datetime.fromisoformat(doc_date.replace("Z", "+00:00")).date()
    except ValueError:
        match = re.match(r"(\d{4})-(\d{2})-(\d{2})", doc_date)
        return date(*(int(g) for g in match.groups())) if match else None


def plausible(candidate: str, text: str) -> bool:
    """Whether a date from a file's metadata (a DOCX's creation date) fits the text: the
    text names no full date, or the candidate falls within a year of the dates it names.
    A template's 2013 creation date does not date a note about 2026."""
    day = reference_date(candidate)
    if day is None:
        return False
    own = sorted(
        date.fromisoformat(m.value[:10]) for m in extract(text, None) if m.value is not None
    )
    if not own:
        return True
    year = timedelta(days=366)
    return own[0] - year <= day <= own[-1] + year


def extract(text: str, doc_date: str | None = None) -> list[Mention]:
    """Date mentions with resolved ISO values (``None`` when the reference is unknown)."""
    ref = reference_date(doc_date)
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            value = _resolve(kind, m, ref)
            if value is None and kind in {"dtg", "iso", "numeric"}:
                continue  # not a valid date after all (e.g. 31/02/2026)
            taken.append((m.start(), m.end()))
            norm = value[:10] if value else "?" + fold(m.group(0))
            found.append(
                Mention("DATE", m.start(), m.end(), m.group(0), norm, norm, PART_ID, value=value)
            )
    return sorted(found, key=lambda x: x.start)
