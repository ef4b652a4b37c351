"""Dates with a precision.

A statement made "on 26 novembre 2025" happened at some moment of that day, not at midnight.
``When`` keeps the UTC start of the period the text names together with its precision, so two
statements are ordered only when their periods do not overlap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any

from provenance.errors import InvalidDate


class Precision(StrEnum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    MINUTE = "minute"
    SECOND = "second"


PRECISIONS = tuple(p.value for p in Precision)

_ISO = re.compile(
    r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2})"
    r"(?:[T ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.(?P<f>\d{1,6})\d*)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$",
    re.IGNORECASE,
)
_TIME = re.compile(r"(?<!\d)\d{1,2}\s*[:h]\s*\d{2}(?P<sec>\s*:\s*\d{2})?(?!\d)|\d\s*[ap]\.?m\b", re.I)
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
_WEEKDAYS = {
    name: index
    for index, names in enumerate(
        [
            ("monday", "mon", "lundi", "lun"),
            ("tuesday", "tue", "tues", "mardi"),
            ("wednesday", "wed", "mercredi", "mer"),
            ("thursday", "thu", "thur", "thurs", "jeudi", "jeu"),
            ("friday", "fri", "vendredi", "ven"),
            ("saturday", "sat", "samedi", "sam"),
            ("sunday", "sun", "dimanche", "dim"),
        ]
    )
    for name in names
}
_WORD = re.compile(r"[^\W\d_]+")
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


_STEPS = {
    Precision.DAY: timedelta(days=1),
    Precision.MINUTE: timedelta(minutes=1),
    Precision.SECOND: timedelta(seconds=1),
}
# "6/11/2025" is 6 November in Paris and 11 June in New York: refused unless one part is over 12.
_NUMERIC = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*$")


@dataclass(frozen=True)
class When:
    """The UTC start of a period and the period's length, given by its precision."""

    at: datetime
    precision: Precision

    def __post_init__(self) -> None:
        # The precision first: _truncate compares by identity, so a plain "day" would truncate nothing.
        object.__setattr__(self, "precision", Precision(self.precision))
        if self.at.tzinfo is None:
            object.__setattr__(self, "at", self.at.replace(tzinfo=UTC))
        object.__setattr__(self, "at", _truncate(self.at.astimezone(UTC), self.precision))

    @property
    def end(self) -> datetime:
        """The first instant after the period (exclusive bound), computed once per value."""
        cached: datetime | None = self.__dict__.get("_end")
        if cached is None:
            try:
                cached = self._next_start()
            except (ValueError, OverflowError):
                # The last periods of year 9999 end past datetime.max; no start lies beyond it,
                # so the largest datetime bounds them just as well.
                cached = datetime.max.replace(tzinfo=UTC)
            object.__setattr__(self, "_end", cached)
        return cached

    def _next_start(self) -> datetime:
        at, p = self.at, self.precision
        if p is Precision.YEAR:
            return at.replace(year=at.year + 1)
        if p is Precision.MONTH:
            return at.replace(year=at.year + at.month // 12, month=at.month % 12 + 1)
        return at + _STEPS[p]

    def before(self, other: When) -> bool:
        """True when this whole period ends before the other starts."""
        return self.end <= other.at

    def compare(self, other: When) -> int | None:
        """-1, 1, or None when the precisions cannot settle the order."""
        if self.before(other):
            return -1
        if other.before(self):
            return 1
        return None

    def isoformat(self) -> str:
        """ISO 8601 in UTC of the period's start, e.g. ``2025-11-06T16:52:00Z``."""
        # Not strftime: glibc's %Y drops the zero padding of years before 1000 ("999-03-01").
        return self.at.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"

    def display(self) -> str:
        """The date written to its precision: ``2025``, ``2025-11``, ``2025-11-06 16:52 UTC``."""
        day = self.at.date().isoformat()
        return {
            Precision.YEAR: day[:4],
            Precision.MONTH: day[:7],
            Precision.DAY: day,
            Precision.MINUTE: f"{day} {self.at:%H:%M} UTC",
            Precision.SECOND: f"{day} {self.at:%H:%M:%S} UTC",
        }[self.precision]

    def to_json(self) -> dict[str, str]:
        return {"at": self.isoformat(), "precision": self.precision.value}

    @classmethod
    def from_stored(cls, at: datetime | None, precision: str | None) -> When | None:
        if at is None or precision is None:
            return None
        return cls(at, Precision(precision))


def days_apart(earlier: When, later: When) -> int:
    """Whole calendar days (UTC) between the starts of two periods."""
    return (later.at.date() - earlier.at.date()).days


def _truncate(at: datetime, precision: Precision) -> datetime:
    if precision is Precision.YEAR:
        return at.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    if precision is Precision.MONTH:
        return at.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    if precision is Precision.DAY:
        return at.replace(hour=0, minute=0, second=0, microsecond=0)
    if precision is Precision.MINUTE:
        return at.replace(second=0, microsecond=0)
    return at.replace(microsecond=0)


def parse_when(value: Any) -> When:
    """Parse a date as a researcher writes it; the precision is what the text gives.

    ISO 8601 (any offset, stored as UTC; no offset means UTC) is read by the standard library.
    Written forms in English and French go to dateparser. Relative dates ("yesterday") are
    refused: a record must mean the same thing next year.
    """
    if isinstance(value, When):
        return value
    if isinstance(value, datetime):
        return When(value, Precision.SECOND)
    if isinstance(value, date):
        return When(datetime(value.year, value.month, value.day, tzinfo=UTC), Precision.DAY)
    if not isinstance(value, str):
        raise InvalidDate(f"not a date: {value!r}", "give text such as 2025-11-06 or 6 Nov 2025")
    text = " ".join(value.split())
    if not text:
        raise InvalidDate("empty date", "give a date such as 2025-11-06 or 6 Nov 2025")
    match = _ISO.match(text)
    if match:
        return _from_iso(text, match)
    return _from_words(text)


def _from_iso(text: str, m: re.Match[str]) -> When:
    g = m.groupdict()
    try:
        if g["H"] is not None:
            offset = g["tz"] or "Z"
            stamp = f"{g['y']}-{g['m']}-{g['d']}T{g['H']}:{g['M']}:{g['S'] or '00'}"
            if g["f"]:
                stamp += "." + g["f"].ljust(6, "0")
            if offset.upper() == "Z":
                offset = "+00:00"
            elif len(offset) == 3:
                offset += ":00"
            elif ":" not in offset:
                offset = offset[:3] + ":" + offset[3:]
            at = datetime.fromisoformat(stamp + offset)
            precision = Precision.SECOND if g["S"] is not None else Precision.MINUTE
            return When(at, precision)
        year, month, day = int(g["y"]), int(g["m"] or 1), int(g["d"] or 1)
        at = datetime(year, month, day, tzinfo=UTC)
    except (ValueError, OverflowError) as exc:
        # OverflowError: an offset that moves 0001-01-01 or 9999-12-31 out of datetime's range.
        raise InvalidDate(
            f"impossible date {text!r} ({exc})", "check the day and month (YYYY-MM-DD)"
        ) from None
    if g["d"] is not None:
        return When(at, Precision.DAY)
    return When(at, Precision.MONTH if g["m"] is not None else Precision.YEAR)


_parser: Any = None


def _dateparser() -> Any:
    # dateparser costs ~0.2 s to import and warm up: only written dates pay for it.
    global _parser
    if _parser is None:
        from dateparser.date import DateDataParser

        _parser = DateDataParser(
            languages=["en", "fr"],
            settings={
                "TIMEZONE": "UTC",
                "TO_TIMEZONE": "UTC",
                "RETURN_AS_TIMEZONE_AWARE": True,
                "PREFER_DAY_OF_MONTH": "first",
                # Absolute forms only: "2025 yesterday" or "il y a 3 jours 2025" would otherwise be
                # read relative to today, and "20251106" misread as 2025-01-01 00:06.
                "PARSERS": ["custom-formats", "absolute-time"],
            },
        )
    return _parser


def _from_words(text: str) -> When:
    if not _YEAR.search(text):
        raise InvalidDate(
            f"no year in date {text!r}", "write an absolute date with its year, e.g. 6 Nov 2025"
        )
    numeric = _NUMERIC.match(text)
    if numeric and int(numeric.group(1)) <= 12 and int(numeric.group(2)) <= 12 and numeric[1] != numeric[2]:
        raise InvalidDate(
            f"ambiguous date {text!r}: day/month or month/day", "write it as ISO 8601, e.g. 2025-11-06"
        )
    data = _dateparser().get_date_data(text)
    at = data.date_obj
    if at is None:
        raise InvalidDate(
            f"cannot read date {text!r}",
            "use ISO 8601 (2025-11-06T16:52Z) or a written date such as 6 Nov 2025 16:52 UTC",
        )
    period = data.period
    time = _TIME.search(text)
    if time:
        precision = Precision.SECOND if time.group("sec") else Precision.MINUTE
    elif period == "year":
        precision = Precision.YEAR
    elif period == "month":
        precision = Precision.MONTH
    else:
        precision = Precision.DAY
    when = When(at, precision)
    _check_weekday(text, when)
    return when


def _check_weekday(text: str, when: When) -> None:
    if when.precision not in (Precision.DAY, Precision.MINUTE, Precision.SECOND):
        return
    for word in _WORD.findall(text.lower()):
        index = _WEEKDAYS.get(word)
        if index is None:
            continue
        if index != when.at.weekday():
            raise InvalidDate(
                f"{text!r} names a {_DAY_NAMES[index]} but {when.display()} is a "
                f"{_DAY_NAMES[when.at.weekday()]}",
                "correct the date or drop the weekday",
            )
        return
