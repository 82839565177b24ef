"""The whole record as a Frictionless Data Package: `datapackage.json` and one CSV per table, at one data version.

Each table is read in one query (foreign keys as the slugs the fixtures use, so the files read well and
join on natural keys), inside one transaction that also reads the data version: the tables and the version
they are named by agree. The CSV files' paths carry the version (`v12/demands.csv`), so a package read
at version 12 never mixes in tables of version 13 (the server refuses a path of a version that is not the
current one). Validated with the `frictionless` library in the tests and in CI (write_datapackage).
"""

import csv
import json
from dataclasses import dataclass, field

from django.db.models import F

from negotiations import spreadsheets
from negotiations.citing import citation
from negotiations.models import (
    Actor,
    Counterpart,
    DataVersion,
    DateBasis,
    DatePrecision,
    Demand,
    Relation,
    Side,
    Source,
    Stance,
    Statement,
    StatusChange,
    Topic,
    Wording,
    consistent_reads,
)
from negotiations.statuses import RECORDED_STATUSES

NAME = "ceasefire-positions"


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Table Schema types: string, integer, date, time
    description: str
    required: bool = False
    enum: tuple = ()
    lookup: str = ""  # the ORM path read; the name when empty
    # The path read from the history at a past version (past.py), when the lookup's is not kept there: a copy
    # kept in step by QuerySet.update() writes no history row.
    past: str = ""

    def schema(self):
        data = {"name": self.name, "type": self.type, "description": self.description}
        constraints = {}
        if self.required:
            constraints["required"] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        if constraints:
            data["constraints"] = constraints
        return data


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    model: type
    columns: list
    primary_key: list
    foreign_keys: list = field(default_factory=list)  # (columns, table, its columns)
    order: tuple = ("pk",)

    def schema(self):
        return {
            "fields": [column.schema() for column in self.columns],
            "primaryKey": self.primary_key,
            "foreignKeys": [
                {"fields": fields, "reference": {"resource": table, "fields": ref}}
                for fields, table, ref in self.foreign_keys
            ],
            "missingValues": [""],
        }

    def rows(self):
        lookups = [column.lookup or column.name for column in self.columns]
        return self.model.objects.order_by(*self.order).values_list(*lookups).iterator(chunk_size=2000)

    def ordered(self, rows):
        """The rows in the table's order, sorted here rather than by the database: a table read back from the
        history at a past version (past.py) is sorted the same way, so a version's file is the same bytes when
        current and later (a database's collation may sort `ru-a` and `ru-ab` otherwise)."""
        named = {column.lookup or column.name: index for index, column in enumerate(self.columns)}
        positions = [named[name] for name in self.order]
        return sorted(rows, key=lambda row: tuple((row[i] is None, row[i] or "") for i in positions))


def slug(name="slug", description="The record's stable name, used in URLs.", lookup=""):
    return Column(name, "string", description, required=True, lookup=lookup)


def values(choices):
    return tuple(choices.values)


# Statements and terms alike (models.Wording).
WORDING = Column(
    "wording",
    "string",
    "Whose words the quote is: own, the speaker's own words (a direct quotation in the source, or a text the "
    "speaker published); reported, the source's report of them, in its publisher's words.",
    required=True,
    enum=values(Wording),
)


TABLES = [
    Table(
        "topics",
        "The fixed taxonomy of what a term is about, in the order pages show it.",
        Topic,
        [
            slug(),
            Column("name", "string", "", required=True),
            Column("position", "integer", "Order of the topic.", required=True),
            Column("description", "string", "What the topic covers."),
        ],
        ["slug"],
        order=("position",),
    ),
    Table(
        "actors",
        "People, states, organisations and outlets who hold, state, report or publish a position.",
        Actor,
        [
            slug(),
            Column("name", "string", "", required=True),
            Column("kind", "string", "", required=True, enum=values(Actor.Kind)),
            Column("side", "string", "", required=True, enum=values(Side)),
            Column("role", "string", "As the articles describe it."),
            Column("parent", "string", "The state or body it belongs to or speaks for.", lookup="parent__slug"),
            Column("aliases", "string", "Other spellings and names, comma-separated."),
        ],
        ["slug"],
        [(["parent"], "actors", ["slug"])],
        order=("slug",),
    ),
    Table(
        "sources",
        "Publications records are taken from: articles whose text is held, and the publications they cite.",
        Source,
        [
            slug(),
            Column("publisher", "string", "The actor who published it.", required=True, lookup="publisher__slug"),
            Column("publisher_note", "string", "How sure the publisher is, when the text does not name it."),
            Column("title", "string", "The headline, or a description of a publication not held.", required=True),
            Column("kind", "string", "", required=True, enum=values(Source.Kind)),
            Column("published_on", "date", "Empty when the text gives no date."),
            Column("published_at", "time", "Time of day, when given."),
            Column("date_note", "string", "The text's own words for the date."),
            Column("url", "string", "The publication's address, when known (never guessed)."),
            Column("archived_url", "string", "A copy in a public web archive, when one exists."),
            Column("retrieved_on", "date", "When the text was captured, when recorded."),
            Column("language", "string", ""),
            Column("body", "string", "The full text as captured; empty when not held."),
        ],
        ["slug"],
        [(["publisher"], "actors", ["slug"])],
        order=("slug",),
    ),
    Table(
        "source_citations",
        "Which publication cites which: the reporting chains.",
        Source.cites.through,
        [
            slug("source", "The citing publication.", lookup="from_source__slug"),
            slug("cites", "The publication it cites.", lookup="to_source__slug"),
        ],
        ["source", "cites"],
        [(["source"], "sources", ["slug"]), (["cites"], "sources", ["slug"])],
        order=("from_source__slug", "to_source__slug"),
    ),
    Table(
        "statements",
        "One thing an actor said, wrote or published, on a date, as carried by a source.",
        Statement,
        [
            slug(),
            Column("id", "integer", "The number in the statement's page address.", required=True, lookup="pk"),
            Column("title", "string", "A short neutral label.", required=True),
            Column("actor", "string", "Who said it.", required=True, lookup="actor__slug"),
            Column("reported_by", "string", "Who relays it, when not the actor.", lookup="reported_by__slug"),
            Column("source", "string", "The text the quote is taken from.", required=True, lookup="source__slug"),
            Column("cited_source", "string", "Where it first appeared.", lookup="cited_source__slug"),
            Column("kind", "string", "", required=True, enum=values(Statement.Kind)),
            Column("stated_on", "date", "Empty when no date can be given."),
            Column("date_precision", "string", "", required=True, enum=values(DatePrecision)),
            Column("date_basis", "string", "", required=True, enum=values(DateBasis)),
            Column("date_note", "string", "The text's own words for the date."),
            Column("quote", "string", "Verbatim from the source's text.", required=True),
            WORDING,
            Column("summary", "string", "A neutral description.", required=True),
        ],
        ["slug"],
        [
            (["actor"], "actors", ["slug"]),
            (["reported_by"], "actors", ["slug"]),
            (["source"], "sources", ["slug"]),
            (["cited_source"], "sources", ["slug"]),
        ],
        order=("slug",),
    ),
    Table(
        "demands",
        "Negotiating terms, each held by a party and voiced in a statement.",
        Demand,
        [
            slug(),
            Column("party", "string", "The state that holds the term.", required=True, lookup="party__slug"),
            Column("topic", "string", "", required=True, lookup="topic__slug"),
            Column("stance", "string", "", required=True, enum=values(Stance)),
            Column("paraphrase", "string", "Neutral, short.", required=True),
            Column("quote", "string", "Verbatim from the statement's source text.", required=True),
            WORDING,
            Column("locator", "string", "Where in its document."),
            Column("position", "integer", "Order within its statement.", required=True),
            Column("statement", "string", "The statement that voiced it.", required=True, lookup="statement__slug"),
            Column("stated_on", "date", "The statement's date.", past="statement__stated_on"),
        ],
        ["slug"],
        [(["party"], "actors", ["slug"]), (["topic"], "topics", ["slug"]), (["statement"], "statements", ["slug"])],
        order=("slug",),
    ),
    Table(
        "counterparts",
        "Links joining a term to a term of the other party that answers it.",
        Counterpart,
        [
            slug("demand", "The term.", lookup="demand__slug"),
            slug("answer", "The other party's term that answers it.", lookup="answer__slug"),
            Column("relation", "string", "", required=True, enum=values(Relation)),
            Column("note", "string", "How the terms meet, in one neutral line.", required=True),
        ],
        ["demand", "answer"],
        [(["demand"], "demands", ["slug"]), (["answer"], "demands", ["slug"])],
        order=("demand__slug", "answer__slug"),
    ),
    Table(
        "status_changes",
        "Each term's status over time: every change recorded after the term's own statement put it forward, with "
        "the statement that evidences it. A term with none is put forward; its status on a day is its latest "
        "change known by then (a day-dated change from that day, a month- or year-dated one from the last day of "
        "its month or year, an undated one from its report's date: see the codebook).",
        StatusChange,
        [
            Column("id", "integer", "The change's number.", required=True, lookup="pk"),
            slug("demand", "The term whose status changed.", lookup="demand__slug"),
            Column("status", "string", "", required=True, enum=tuple(value for value, _ in RECORDED_STATUSES)),
            slug("evidence", "The statement that shows the change: its date is the change's.", lookup="evidence__slug"),
            Column("stated_on", "date", "The evidence's date; empty when it has none.", lookup="evidence__stated_on"),
            Column(
                "date_precision",
                "string",
                "The evidence's date precision.",
                required=True,
                enum=values(DatePrecision),
                lookup="evidence__date_precision",
            ),
            Column(
                "quote", "string", "Verbatim from the evidence's source text: the words that show it.", required=True
            ),
            Column(
                "superseded_by",
                "string",
                "For superseded: the later term of the same party that replaces it.",
                lookup="superseded_by__slug",
            ),
            Column("note", "string", "One neutral line, when the text is vague about the change."),
        ],
        ["id"],
        [
            (["demand"], "demands", ["slug"]),
            (["evidence"], "statements", ["slug"]),
            (["superseded_by"], "demands", ["slug"]),
        ],
        order=("demand__slug", "pk"),
    ),
]
TABLE_NAMES = [table.name for table in TABLES]


def path_of(table_name, version):
    return f"v{version}/{table_name}.csv"


def descriptor(version, held_sources):
    """datapackage.json for the data version: `held_sources` are (title, publisher, url) of the articles held."""
    return {
        "profile": "tabular-data-package",
        "name": NAME,
        "title": f"{citation.SITE}: Russia–Ukraine ceasefire negotiation positions",
        "description": (
            "Who demands what in the Russia–Ukraine ceasefire negotiations, since when, where it was said, and how "
            "the two sides' terms answer each other; every quote verbatim from its source. " + spreadsheets.RULE
        ),
        "version": str(version.version),
        "created": version.changed_at.isoformat(timespec="seconds"),
        "licenses": [citation.LICENCE],
        "sources": [
            {"title": f"{publisher}: {title}", **({"path": url} if url else {})}
            for title, publisher, url in held_sources
        ],
        "resources": [
            {
                "name": table.name,
                "path": path_of(table.name, version.version),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": f"{table.description} {spreadsheets.RULE}",
                "schema": table.schema(),
            }
            for table in TABLES
        ],
    }


def cell(value):
    """A value as its CSV cell: a text as a spreadsheet will show it and never run it (spreadsheets.RULE, which
    the descriptor states, so the exact text is one step away), a date or time in ISO form, None empty."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return spreadsheets.spreadsheet_safe(value)


class Echo:
    def write(self, value):
        return value


def csv_lines(table, rows):
    writer = csv.writer(Echo(), lineterminator="\n")
    yield writer.writerow([column.name for column in table.columns])
    for row in rows:
        yield writer.writerow([cell(value) for value in row])


def held_sources():
    return list(
        Source.objects.exclude(body="")
        .order_by(F("published_on").asc(nulls_last=True), "slug")
        .values_list("title", "publisher__name", "url")
    )


def table_named(name):
    return next(table for table in TABLES if table.name == name)


def csv_text(table):
    return "".join(csv_lines(table, table.ordered(table.rows())))


def snapshot():
    """The version, the descriptor and every table's CSV text, read at one data version."""
    with consistent_reads():
        version = DataVersion.current()
        files = {"datapackage.json": descriptor(version, held_sources())}
        for table in TABLES:
            files[path_of(table.name, version.version)] = csv_text(table)
    return version, files


def write(directory):
    """The package as files under `directory` (write_datapackage, for CI's `frictionless validate`)."""
    version, files = snapshot()
    for name, content in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith(".json"):
            content = json.dumps(content, ensure_ascii=False, indent=1) + "\n"
        path.write_text(content, encoding="utf-8")
    return version, directory / "datapackage.json"
