"""The explorer's exports: one flat row per term, streamed as CSV or JSON. Pure: no request, no ORM
(the caller passes the terms' flat records, and how to make a link absolute).

An error in the middle of a stream must not look like the end of the file: it is raised on, so the server
drops the connection without the closing chunk, and a JSON export never gets its closing bracket.
"""

import csv
import datetime
import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from negotiations.dates import display_date
from negotiations.spreadsheets import spreadsheet_safe

FIELDS = [
    "stated_on",
    # The date as the texts give it (“October 2024”): stated_on alone reads a month as its first day.
    "date_display",
    "date_precision",
    "date_basis",
    "party",
    "topic",
    "stance",
    # The term's status (statuses.TermStatus): today's, or on the export's `as_of` day when it has one.
    "status",
    "paraphrase",
    "quote",
    # Whose words the quote is: own (the speaker's) or reported (the source's report of them), models.Wording.
    "wording",
    "locator",
    "said_by",
    "reported_by",
    "source_publisher",
    "source_title",
    "source_published_on",
    "first_published_by",
    "link",
    "data_version",
]

# One term's flat record as DemandQuerySet.for_export reads it, and one row of the export: field name → value.
type Record = Mapping[str, Any]
type Row = dict[str, str | int]


def isoformat(day: datetime.date | None) -> str:
    return day.isoformat() if day else ""


@dataclass(frozen=True)
class Labels:
    """What a row shows for a stored value: each stance's and each status's label."""

    stances: Mapping[str, str]
    statuses: Mapping[str, str]


def row_of(record: Record, link_of: Callable[[str], str], labels: Labels, data_version: int) -> Row:
    """A row from one term's flat record (DemandQuerySet.for_export, with its `status`): plain values, no model
    instances, so that 100,000 rows stream in seconds. `link_of(slug)` is the term's absolute permalink;
    `data_version` is the version the export was read at, the same on every row."""
    return {
        "stated_on": isoformat(record["stated_on"]),
        "date_display": display_date(
            record["stated_on"], record["date_precision"], record["date_basis"], record["placed_on"]
        ),
        "date_precision": record["date_precision"],
        "date_basis": record["date_basis"],
        "party": record["party_name"],
        "topic": record["topic_name"],
        "stance": labels.stances.get(record["stance"], record["stance"]),
        "status": labels.statuses.get(record["status"], record["status"]),
        "paraphrase": record["paraphrase"],
        "quote": record["quote"],
        "wording": record["wording"],
        "locator": record["locator"],
        "said_by": record["said_by"],
        "reported_by": record["reported_by"] or "",
        "source_publisher": record["source_publisher"],
        "source_title": record["source_title"],
        "source_published_on": isoformat(record["source_published_on"]),
        "first_published_by": record["first_published_by"] or "",
        "link": link_of(record["slug"]),
        "data_version": data_version,
    }


class Echo:
    """csv.writer writes into this and gets each line back, so rows stream instead of piling up."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Row]) -> Iterator[str]:
    """CSV, every text as a spreadsheet will show it and never run it (spreadsheets.py); JSON keeps the exact text."""
    writer = csv.DictWriter(Echo(), fieldnames=FIELDS)
    safe_rows = ({name: spreadsheet_safe(value) for name, value in row.items()} for row in rows)
    return itertools.chain([writer.writeheader()], (writer.writerow(row) for row in safe_rows))


def json_chunks(rows: Iterable[Row]) -> Iterator[str]:
    yield "["
    for index, row in enumerate(rows):
        yield ("," if index else "") + "\n" + json.dumps(row, ensure_ascii=False)
    yield "\n]\n"


def excel_csv_lines(rows: Iterable[Row]) -> Iterator[str]:
    """The same CSV behind a byte-order mark: without it Excel reads UTF-8 as the machine's legacy code page
    (“Zelenskyyâ€™s”). Kept out of the plain CSV, which other tools read as it is."""
    return itertools.chain(["\ufeff"], csv_lines(rows))


# Rows per piece handed to the server. Django's streaming response encodes each piece on its own (a charset
# lookup and a bytes conversion): one row per piece was a third of a 100,000-row export's time.
ROWS_PER_PIECE = 500


def in_pieces(lines: Iterable[str], size: int = ROWS_PER_PIECE) -> Iterator[str]:
    """The same text, `size` lines to a piece; memory stays flat (one piece at a time)."""
    for piece in itertools.batched(lines, size):
        yield "".join(piece)


FORMATS: dict[str, tuple[Callable[[Iterable[Row]], Iterator[str]], str]] = {
    "csv": (csv_lines, "text/csv; charset=utf-8"),
    "excel.csv": (excel_csv_lines, "text/csv; charset=utf-8"),
    "json": (json_chunks, "application/json"),
}
