"""A sentence's date under the project's date rule (codebook DATE_BASES, fixtures/build.py's docstring): a day
only where the text gives one, the year from the document only for a day and month (“on 4 July”), a relative
date (“last week”) as approximate, and otherwise the report's date as an upper bound, said so. Pure.

A date the text attaches to a report (“Reuters reported on May 24 that …”) dates the report, not the words
it carries: it bounds them (basis reported), never dates them.
"""

import datetime
import re
from dataclasses import dataclass

from negotiations.dates import DateBasis, DatePrecision

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MONTH = "|".join(MONTHS)
DAY_MONTH_YEAR = re.compile(rf"\b([0-3]?\d)\s+({MONTH})\s+(\d{{4}})\b|\b({MONTH})\s+([0-3]?\d),?\s+(\d{{4}})\b")
DAY_MONTH = re.compile(rf"\b([0-3]?\d)\s+({MONTH})\b|\b({MONTH})\s+([0-3]?\d)\b(?!,?\s*\d{{4}})")
MONTH_YEAR = re.compile(rf"\b({MONTH})\s+(\d{{4}})\b")
RELATIVE = re.compile(
    r"\b(?:[Ll]ast week|[Ll]ast month|[Yy]esterday|[Ee]arlier|[Pp]reviously|[Rr]ecent(?:ly)?|days ago|weeks ago)\b"
)
# A date that belongs to a report: “reported on 30 October”, “Key Takeaways on 4 July”; a document's
# publication (“published by TASS on 2 June”) dates the document itself.
REPORT_DATE = re.compile(r"\b(?:reported|[Tt]akeaways|report)\b[^.;]{0,25}?\b(?:on|in)\s+$")


@dataclass(frozen=True)
class Dated:
    stated_on: datetime.date | None
    precision: str
    basis: str
    note: str


def describe(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def undated(reported_on: datetime.date | None, why: str = "the text gives no date") -> Dated:
    """No date of the text's own: the report's date as an upper bound, or none at all."""
    if reported_on is None:
        return Dated(None, DatePrecision.UNKNOWN, DateBasis.NONE, f"{why}, and the document is undated")
    return Dated(reported_on, DatePrecision.DAY, DateBasis.REPORTED, f"{why}; reported by {describe(reported_on)}")


def year_for(month: int, day: int, published_on: datetime.date) -> datetime.date | None:
    """The day and month in the document's year, or the year before when that would fall after the document
    (“on 30 December” in a text of 5 January)."""
    try:
        candidate = datetime.date(published_on.year, month, day)
        return candidate if candidate <= published_on else datetime.date(published_on.year - 1, month, day)
    except ValueError:
        return None


def explicit_date(sentence: str) -> tuple[Dated, int] | None:
    """A day, month and year (“As of 2 June 2025”), or a month and year (“in early October 2024”)."""
    match = DAY_MONTH_YEAR.search(sentence)
    if match:
        day, month, year = (match.group(1), match.group(2), match.group(3)) if match.group(1) else match.group(5, 4, 6)
        try:
            stated = datetime.date(int(year), MONTHS.index(month) + 1, int(day))
        except ValueError:
            return None
        return Dated(stated, DatePrecision.DAY, DateBasis.EXPLICIT, f"“{match.group(0)}”"), match.start()
    match = MONTH_YEAR.search(sentence)
    if match:
        stated = datetime.date(int(match.group(2)), MONTHS.index(match.group(1)) + 1, 1)
        return Dated(
            stated, DatePrecision.MONTH, DateBasis.EXPLICIT, f"“{match.group(0)}”: only the month"
        ), match.start()
    return None


def inferred_date(sentence: str, published_on: datetime.date | None) -> tuple[Dated, int] | None:
    """A day and month (“on 4 July”): the year is the document's. Without a dated document, no date."""
    match = DAY_MONTH.search(sentence)
    if not match:
        return None
    day, month = (match.group(1), match.group(2)) if match.group(1) else (match.group(4), match.group(3))
    if published_on is None:
        return undated(None, f"the text gives “{match.group(0)}” but no year"), match.start()
    stated = year_for(MONTHS.index(month) + 1, int(day), published_on)
    if stated is None:
        return None
    note = f"“{match.group(0)}”; the year is the document's ({describe(published_on)})"
    return Dated(stated, DatePrecision.DAY, DateBasis.INFERRED, note), match.start()


def relative_date(sentence: str, published_on: datetime.date | None) -> Dated | None:
    """“last week”, “earlier”: approximate; a month only where the relation pins it down."""
    match = RELATIVE.search(sentence)
    if not match:
        return None
    words = match.group(0).lower()
    note = f"“{match.group(0)}”, relative to the document"
    if published_on and words in ("last week", "yesterday"):
        span = 1 if words == "yesterday" else 13
        first, last = published_on - datetime.timedelta(days=span), published_on - datetime.timedelta(days=1)
        if (first.year, first.month) == (last.year, last.month):
            return Dated(last.replace(day=1), DatePrecision.MONTH, DateBasis.RELATIVE, f"{note}: {last:%B %Y}")
    return Dated(None, DatePrecision.UNKNOWN, DateBasis.RELATIVE, f"{note}: no date given")


def date_of(sentence: str, published_on: datetime.date | None, bound: Dated | None = None) -> Dated:
    """The sentence's date under the rule. `bound` is a report date that carries it (the intro of a quoted list),
    used as the upper bound when the sentence has no date of its own."""
    found = explicit_date(sentence) or inferred_date(sentence, published_on)
    if found and not REPORT_DATE.search(sentence[: found[1]]):
        return found[0]
    relative = relative_date(sentence, published_on)
    if relative:
        return relative
    if found and found[0].stated_on is not None:
        report = found[0]
        return Dated(report.stated_on, report.precision, DateBasis.REPORTED, f"{report.note}: the report's date")
    if bound is not None and bound.stated_on is not None:
        return Dated(bound.stated_on, bound.precision, DateBasis.REPORTED, f"{bound.note}: the report's date")
    return undated(published_on)
