"""How to cite a page, and how to find a publication we hold no link for. Pure: no request, no ORM.

The views hand in what is already loaded (a demand with its statement, source and actors) and how to make a
link absolute; this module writes the citation as text and as BibTeX, and the schema.org JSON-LD a
search engine or a reference manager reads off the demand and statement pages.
"""

import datetime
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlencode

SITE = "Ceasefire Positions"
# The records (codings, paraphrases, links between terms) are ours to license; the quoted passages and the
# articles' texts remain their publishers' and are reproduced as quotation, for verification.
LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
SEARCH_ENGINE = "https://duckduckgo.com/"


# What this module reads of the records the views hand in (the models in models.py, which it does not import).
class Version(Protocol):
    @property
    def version(self) -> int: ...
    @property
    def changed_at(self) -> datetime.datetime: ...


class Named(Protocol):
    @property
    def name(self) -> str: ...


class ActorRecord(Named, Protocol):
    @property
    def kind(self) -> str: ...


class Page(Protocol):
    @property
    def slug(self) -> str: ...
    def get_absolute_url(self) -> str: ...


class SourceRecord(Page, Protocol):
    @property
    def title(self) -> str: ...
    @property
    def publisher(self) -> Named: ...
    @property
    def published_on(self) -> datetime.date | None: ...
    @property
    def kind(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def archived_url(self) -> str: ...


class StatementRecord(Page, Protocol):
    @property
    def title(self) -> str: ...
    @property
    def actor(self) -> ActorRecord: ...
    @property
    def source(self) -> SourceRecord: ...
    @property
    def stated_on(self) -> datetime.date | None: ...
    @property
    def date_precision(self) -> str: ...
    @property
    def date_basis(self) -> str: ...
    @property
    def date_display(self) -> str: ...


class DemandRecord(Page, Protocol):
    @property
    def paraphrase(self) -> str: ...
    @property
    def party(self) -> Named: ...
    @property
    def statement(self) -> StatementRecord: ...


type AbsoluteUrl = Callable[[str], str]  # a site path → the same address with the site's scheme and host
type JsonLd = dict[str, Any]


def search_url(title: str, publisher: str) -> str:
    """A web search for the exact headline and the publisher: never a guessed address of the article."""
    return f"{SEARCH_ENGINE}?{urlencode({'q': f'"{title}" {publisher}'})}"


def day(value: datetime.date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


@dataclass(frozen=True)
class Citation:
    """One page as a reader cites it: what it is, whose, of when, at which data version, where, and when read."""

    kind: str  # demand, statement, source, comparison: part of the BibTeX key
    key: str  # the record's slug or id, or the view's state
    title: str
    author: str  # the party or actor who holds or said it; the publisher for a source
    date: str  # the record's date as the texts give it
    year: str
    data_version: int
    data_version_date: datetime.date
    permalink: str
    retrieved_on: datetime.date

    def text(self) -> str:
        dated = f", {self.date}" if self.date else ""
        return (
            f"{SITE}, “{self.title}” ({self.author}{dated}). Data version {self.data_version} of "
            f"{day(self.data_version_date)}. {self.permalink} (retrieved {day(self.retrieved_on)})."
        )

    def bibtex_key(self) -> str:
        return re.sub(r"[^A-Za-z0-9:-]+", "-", f"ceasefire-positions:{self.kind}:{self.key}").strip("-")

    def bibtex(self) -> str:
        fields = [
            ("title", f"{{{bibtex_escape(self.title)}}}"),
            # Double braces: a party or an institution is one name, not a “Last, First”.
            ("author", f"{{{bibtex_escape(self.author)}}}"),
            ("year", self.year),
            ("howpublished", f"{SITE}, data version {self.data_version}"),
            ("note", bibtex_escape(f"{self.date}. Data version {self.data_version} of {day(self.data_version_date)}")),
            ("url", self.permalink),
            ("urldate", self.retrieved_on.isoformat()),
        ]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
        return f"@misc{{{self.bibtex_key()},\n{body}\n}}"


BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def bibtex_escape(text: object) -> str:
    return "".join(BIBTEX_SPECIAL.get(char, char) for char in str(text))


def year_of(value: datetime.date | None, precision: str = "day") -> str:
    return str(value.year) if value and precision != "unknown" else ""


def at_version(version: Version, today: datetime.date, **fields: str) -> Citation:
    """A citation of the data as of `version`, retrieved `today`: every kind of record is cited so."""
    return Citation(
        data_version=version.version, data_version_date=version.changed_at.date(), retrieved_on=today, **fields
    )


def of_demand(demand: DemandRecord, version: Version, absolute_url: AbsoluteUrl, today: datetime.date) -> Citation:
    statement = demand.statement
    return at_version(
        version,
        today,
        kind="demand",
        key=demand.slug,
        title=demand.paraphrase,
        author=demand.party.name,
        date=statement.date_display,
        year=year_of(statement.stated_on, statement.date_precision),
        permalink=absolute_url(demand.get_absolute_url()),
    )


def of_statement(
    statement: StatementRecord, version: Version, absolute_url: AbsoluteUrl, today: datetime.date
) -> Citation:
    return at_version(
        version,
        today,
        kind="statement",
        key=statement.slug,
        title=statement.title,
        author=statement.actor.name,
        date=statement.date_display,
        year=year_of(statement.stated_on, statement.date_precision),
        permalink=absolute_url(statement.get_absolute_url()),
    )


def of_source(source: SourceRecord, version: Version, absolute_url: AbsoluteUrl, today: datetime.date) -> Citation:
    return at_version(
        version,
        today,
        kind="source",
        key=source.slug,
        title=source.title,
        author=source.publisher.name,
        date=day(source.published_on) or "undated",
        year=year_of(source.published_on),
        permalink=absolute_url(source.get_absolute_url()),
    )


def of_comparison(
    title: str, authors: str, date: str, state_key: str, permalink: str, version: Version, today: datetime.date
) -> Citation:
    return at_version(
        version,
        today,
        kind="comparison",
        key=state_key or "default",
        title=title,
        author=authors,
        date=date,
        year="",
        permalink=permalink,
    )


# --- schema.org JSON-LD -----------------------------------------------------------------------------

ACTOR_TYPES = {"person": "Person", "state": "GovernmentOrganization"}
SOURCE_TYPES = {"news_article": "NewsArticle", "assessment": "Report", "wire_report": "NewsArticle"}
# Date bases under which the record's date is the texts' own date for the statement. A "reported" date is the
# report's, an upper bound: it is not given as the date the words were created.
OWN_DATE_BASES = {"explicit", "inferred", "relative"}


def iso_date(value: datetime.date | None, precision: str) -> str | None:
    """ISO 8601 at the precision the texts give: 2025-06-02, 2025-06 or 2025."""
    if value is None or precision == "unknown":
        return None
    return {"year": f"{value:%Y}", "month": f"{value:%Y-%m}"}.get(precision, value.isoformat())


def actor_ld(actor: ActorRecord) -> JsonLd:
    return {"@type": ACTOR_TYPES.get(actor.kind, "Organization"), "name": actor.name}


def source_ld(source: SourceRecord, absolute_url: AbsoluteUrl) -> JsonLd:
    data = {
        "@type": SOURCE_TYPES.get(source.kind, "CreativeWork"),
        "name": source.title,
        "publisher": {"@type": "Organization", "name": source.publisher.name},
        "datePublished": source.published_on.isoformat() if source.published_on else None,
        "url": source.url or None,
        "archivedAt": source.archived_url or None,
        "mainEntityOfPage": absolute_url(source.get_absolute_url()),
    }
    return {name: value for name, value in data.items() if value}


def quotation(
    text: str,
    statement: StatementRecord,
    permalink: str,
    version: Version,
    absolute_url: AbsoluteUrl,
    about: str | None = None,
) -> JsonLd:
    """A schema.org Quotation: the words, who said them, when, and the publication that carries them."""
    data = {
        "@context": "https://schema.org",
        "@type": "Quotation",
        "text": text,
        "creator": actor_ld(statement.actor),
        "dateCreated": iso_date(statement.stated_on, statement.date_precision)
        if statement.date_basis in OWN_DATE_BASES
        else None,
        "isBasedOn": source_ld(statement.source, absolute_url),
        "url": permalink,
        "about": {"@type": "Thing", "name": about} if about else None,
        "isPartOf": {"@type": "Dataset", "name": SITE, "version": str(version.version)},
        "license": LICENCE["path"],
    }
    return {name: value for name, value in data.items() if value}


# Inside <script> the text must not close the element nor open a comment: the characters that could are
# written as JSON escapes, which parse back to the same text.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def ld_json(data: JsonLd) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1).translate(SCRIPT_ESCAPES)
