"""The status of a term over time: the statuses, and the one rule that says what a term's status was on a day and
whether the term still stood then (the grid's party-as-of-a-date column, the explorer's `status` and `as_of`).
Pure, but for the choices' enumeration, which the models' fields use; the queries in models.py
(DemandQuerySet.standing_on, StatusChangeQuerySet.latest_by) read the same rule in SQL from the day each record is
known by (Demand.known_on, StatusChange.known_on, copied with known_by), and a test holds the two together.

A day counts for a record only once the record is known to have happened by it: a date known to the day from
that day, one known only to the month or the year from the last day of that month or year, an undated one from
the date of the report that carries it (placement). So a position "as of 15 October 2024" never takes in a
term dated only "October 2024", which may have been said on the 20th.
"""

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models.enums import TextChoices

from negotiations.dates import DatePrecision


class TermStatus(TextChoices):
    PUT_FORWARD = "put_forward", "Put forward"
    RESTATED = "restated", "Restated"
    COUNTERED = "countered", "Countered"
    ACCEPTED_IN_PRINCIPLE = "accepted_in_principle", "Accepted in principle"
    AGREED = "agreed", "Agreed"
    IMPLEMENTED = "implemented", "Implemented"
    WITHDRAWN = "withdrawn", "Withdrawn"
    SUPERSEDED = "superseded", "Superseded"


# Every term is put forward by its own statement: that first status is never recorded, only the changes after it.
RECORDED_STATUSES = [(value, label) for value, label in TermStatus.choices if value != TermStatus.PUT_FORWARD]
# A term no longer stands once its party withdraws it or replaces it with a later term.
NO_LONGER_STANDING = frozenset({TermStatus.WITHDRAWN, TermStatus.SUPERSEDED})


def known_by(day: datetime.date | None, precision: str) -> datetime.date | None:
    """The first day by which a record dated `day` to `precision` is known to have happened: the day itself, or the
    last day of its month or year. An undated record's `day` is its placement (the report's date): known by then."""
    if day is None:
        return None
    if precision == DatePrecision.MONTH:
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if precision == DatePrecision.YEAR:
        return day.replace(month=12, day=31)
    return day


@dataclass(frozen=True)
class Change:
    """One recorded change of a term's status, as the rule reads it: its status, when it is known to have happened
    (known_by of its evidence's date), and its place among changes known on the same day (the record's order)."""

    status: str
    known_on: datetime.date | None
    order: int = 0


def status_on(changes: Iterable[Change], day: datetime.date | None = None) -> str:
    """A term's status on `day` (today's record when None): the latest change known by then, or put forward."""
    known = [c for c in changes if c.known_on is not None and (day is None or c.known_on <= day)]
    if not known:
        return TermStatus.PUT_FORWARD
    return max(known, key=lambda change: (change.known_on, change.order)).status


def stands_on(term_known_on: datetime.date | None, changes: Iterable[Change], day: datetime.date) -> bool:
    """Whether a term is part of its party's position on `day`: known to have been put forward by then, and not
    withdrawn or superseded by then."""
    if term_known_on is None or term_known_on > day:
        return False
    return status_on(changes, day) not in NO_LONGER_STANDING
