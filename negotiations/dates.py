"""Dates as the texts give them: how precisely a date is known, on what basis, how it is shown, and a range of
dates. The one place these are decided; pure, but for the choices' enumeration, which the models' fields use."""

import datetime
from dataclasses import dataclass

from django.db.models.enums import TextChoices


class DatePrecision(TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"
    UNKNOWN = "unknown", "Unknown"


class DateBasis(TextChoices):
    EXPLICIT = "explicit", "Explicit in the text"
    INFERRED = "inferred", "Inferred (e.g. the year from the article's date)"
    RELATIVE = "relative", "Relative (“last week”, “earlier”)"
    REPORTED = "reported", "Date of the report (the text gives no date of its own)"
    NONE = "none", "Not given"


# What a date shown without its text's own day is, said beside it wherever it appears.
DATE_QUALIFIERS: dict[str, str] = {DateBasis.REPORTED: "date of report", DateBasis.RELATIVE: "approximate"}


def placement(day: datetime.date | None, reported_on: datetime.date | None) -> datetime.date | None:
    """Where a record stands in date order: its own date, else the date of the report that carries it. The words
    were said by then (an upper bound, never shown as their date): undated, they would otherwise stand after
    everything, and read as a side's latest word. None when the report is undated too."""
    return day if day is not None else reported_on


def display_date(day: datetime.date | None, precision: str, basis: str, placed_on: datetime.date | None = None) -> str:
    """The date as the texts give it, everywhere it is shown: a day the text does not give is marked as the
    report's (“14 March 2025 (date of report)”) or as derived (“May 2025 (approximate)”); an undated record
    placed by its report (`placed_on`, see placement) says so: “undated, reported by 15 March 2025”."""
    if day is None and placed_on is not None:
        return f"undated, reported by {describe_date(placed_on, DatePrecision.DAY)}"
    qualifier = DATE_QUALIFIERS.get(basis) if day else None
    shown = describe_date(day, precision)
    return f"{shown} ({qualifier})" if qualifier else shown


def describe_date(day: datetime.date | None, precision: str) -> str:
    """A date as precisely as it is known: “2 June 2025”, “October 2024”, “2024”, or “date unknown”."""
    if day is None or precision == DatePrecision.UNKNOWN:
        return "date unknown"
    if precision == DatePrecision.YEAR:
        return str(day.year)
    if precision == DatePrecision.MONTH:
        return day.strftime("%B %Y")
    return f"{day.day} {day.strftime('%B %Y')}"


@dataclass(frozen=True)
class DateRange:
    """Inclusive on both ends; either end may be open. Empty when neither is given."""

    start: datetime.date | None = None
    end: datetime.date | None = None

    def __bool__(self) -> bool:
        return bool(self.start or self.end)

    def describe(self) -> str:
        """“from 1 May 2025 to 30 June 2025”, “since 1 May 2025”, “until …”, or “” for all dates."""
        day = "{d.day} {d:%B %Y}".format
        if self.start and self.end:
            return f"from {day(d=self.start)} to {day(d=self.end)}"
        if self.start:
            return f"since {day(d=self.start)}"
        if self.end:
            return f"until {day(d=self.end)}"
        return ""

    def filename(self, stem: str, extension: str) -> str:
        """`demands-2025-05-01-to-2025-06-30.csv`; `demands-all-dates.csv` for no range."""
        if not self:
            return f"{stem}-all-dates.{extension}"
        start = self.start.isoformat() if self.start else "start"
        end = self.end.isoformat() if self.end else "latest"
        return f"{stem}-{start}-to-{end}.{extension}"

    def params(self) -> dict[str, str]:
        return {name: day.isoformat() for name, day in (("from", self.start), ("to", self.end)) if day is not None}


ALL_DATES = DateRange()
