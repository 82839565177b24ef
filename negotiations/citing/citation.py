"""How to cite a page, and how to find a publication we hold no link for. Pure: no request, no ORM.

The views hand in what is already loaded (a demand with its statement, source and actors, and the publications
its words passed through) and how to make a link absolute; this module writes the citation as text, BibTeX,
CSL-JSON and RIS, and the schema.org JSON-LD a search engine or a reference manager reads off the demand and
statement pages. Whose words a quote is comes from wording.py, as on the pages.
"""

import datetime
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlencode

from negotiations.citing.wording import held_by, whose_words

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
    def get_absolute_url(self) -> str: ...


class Page(Protocol):
    @property
    def slug(self) -> str: ...
    def get_absolute_url(self) -> str: ...


class SourceRecord(Page, Protocol):
    @property
    def title(self) -> str: ...
    @property
    def publisher(self) -> ActorRecord: ...
    @property
    def published_on(self) -> datetime.date | None: ...
    @property
    def kind(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def archived_url(self) -> str: ...
    @property
    def body(self) -> str: ...


class StatementRecord(Page, Protocol):
    @property
    def title(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def actor(self) -> ActorRecord: ...
    @property
    def reported_by(self) -> Named | None: ...
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
    @property
    def quote(self) -> str: ...
    @property
    def wording(self) -> str: ...


class DemandRecord(Page, Protocol):
    @property
    def paraphrase(self) -> str: ...
    @property
    def party(self) -> ActorRecord: ...
    @property
    def statement(self) -> StatementRecord: ...
    @property
    def quote(self) -> str: ...
    @property
    def wording(self) -> str: ...


type AbsoluteUrl = Callable[[str], str]  # a site path → the same address with the site's scheme and host
type JsonLd = dict[str, Any]


def search_url(title: str, publisher: str) -> str:
    """A web search for the exact headline and the publisher: never a guessed address of the article."""
    return f"{SEARCH_ENGINE}?{urlencode({'q': f'"{title}" {publisher}'})}"


def day(value: datetime.date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def date_parts(value: datetime.date | None, precision: str = "day") -> list[int]:
    """[2025, 6, 2], [2024, 10] or [2025]: a date as precisely as the texts give it (CSL-JSON's date-parts)."""
    if value is None or precision == "unknown":
        return []
    return [value.year, value.month, value.day][: {"year": 1, "month": 2}.get(precision, 3)]


def versioned(permalink: str, version: int) -> str:
    """The record as it stands at the data version cited: its page at `?version=N` keeps showing that text."""
    return f"{permalink}?version={version}"


@dataclass(frozen=True)
class Citation:
    """One page as a reader cites it: where the words come from, what the record is, whose, of when, at which data
    version, where, and when read."""

    kind: str  # demand, statement, source, comparison: part of the BibTeX key
    key: str  # the record's slug or id, or the view's state
    title: str  # the record's title (a term's paraphrase: never given as a quotation)
    author: str  # the party or actor who holds or said it; the publisher for a source
    date: str  # the record's date as the texts give it
    year: str
    data_version: int
    data_version_date: datetime.date
    permalink: str  # the versioned permalink (versioned) of a record; a comparison's view
    retrieved_on: datetime.date
    # The primary document or speaker, who published it and the chain that carried it (origin_of); empty for a view.
    origin: str = ""
    # How the text names the record in the dashboard (“record of the term, paraphrased: …”).
    record: str = ""
    dated: tuple[int, ...] = ()  # the record's date as date parts (date_parts)

    def parts(self) -> tuple[str, str, str]:
        """The text around its permalink, which a page shows as a link: (before, permalink, after)."""
        before = [
            self.origin,
            f"{SITE}, {self.record}",
            f"Data version {self.data_version} of {day(self.data_version_date)}",
        ]
        return (
            ". ".join(part for part in before if part) + ". ",
            self.permalink,
            f", retrieved {day(self.retrieved_on)}.",
        )

    def text(self) -> str:
        return "".join(self.parts())

    def bibtex_key(self) -> str:
        return re.sub(r"[^A-Za-z0-9:-]+", "-", f"ceasefire-positions:{self.kind}:{self.key}").strip("-")

    def bibtex(self) -> str:
        dated = f"Dated {self.date}" if self.date else ""
        version = f"Data version {self.data_version} of {day(self.data_version_date)}"
        fields = [
            ("title", f"{{{bibtex_escape(self.title)}}}"),
            # Double braces: a party or an institution is one name, not a “Last, First”.
            ("author", f"{{{bibtex_escape(self.author)}}}"),
            ("year", self.year),
            ("howpublished", f"{SITE}, data version {self.data_version}"),
            ("note", bibtex_escape(". ".join(part for part in (self.origin, dated, version) if part))),
            ("url", self.permalink),
            ("urldate", self.retrieved_on.isoformat()),
        ]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
        return f"@misc{{{self.bibtex_key()},\n{body}\n}}"

    def csl_json(self) -> str:
        """CSL-JSON (Zotero, Mendeley, pandoc): a data set's record at its version, its own date as original-date."""
        item = {
            "id": self.bibtex_key(),
            "type": "dataset",
            "title": self.title,
            "author": [{"literal": self.author}],
            "publisher": SITE,
            "version": str(self.data_version),
            "issued": {"date-parts": [date_parts(self.data_version_date)]},
            "original-date": {"date-parts": [list(self.dated)]} if self.dated else None,
            "note": self.origin or None,
            "URL": self.permalink,
            "accessed": {"date-parts": [date_parts(self.retrieved_on)]},
        }
        lines = [f' "{name}": {json.dumps(value, ensure_ascii=False)}' for name, value in item.items() if value]
        return "[{\n" + ",\n".join(lines) + "\n}]"

    def ris(self) -> str:
        """RIS (EndNote, Zotero, reference managers): a data set (TY DATA), one tag a line."""
        tags = [
            ("TY", "DATA"),
            ("TI", self.title),
            ("AU", self.author),
            ("PY", str(self.data_version_date.year)),
            ("DA", self.data_version_date.strftime("%Y/%m/%d")),
            ("PB", SITE),
            ("ET", f"Data version {self.data_version}"),
            ("N1", self.origin),
            ("N1", f"Dated {self.date}" if self.date else ""),
            ("UR", self.permalink),
            ("Y2", self.retrieved_on.strftime("%Y/%m/%d")),
        ]
        lines = [f"{tag}  - {' '.join(value.split())}" for tag, value in tags if value]
        return "\n".join([*lines, "ER  - "]) + "\n"


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


def at_version(version: Version, today: datetime.date, **fields: Any) -> Citation:
    """A citation of the data as of `version`, retrieved `today`: every kind of record is cited so."""
    return Citation(
        data_version=version.version, data_version_date=version.changed_at.date(), retrieved_on=today, **fields
    )


# --- Where the words come from: the primary document or speaker, and the chain that carried them ----------------

# Date bases under which the record's date is the texts' own date for the statement. A "reported" date is the
# report's, an upper bound: it is not given as the date the words were created.
OWN_DATE_BASES = {"explicit", "inferred", "relative"}


def published(source: SourceRecord) -> str:
    """“TASS, 2 June 2025”."""
    return f"{source.publisher.name}, {day(source.published_on) or 'undated'}"


def own_date(statement: StatementRecord, first: SourceRecord | None) -> str:
    """The statement's own date when the texts give it, and where the words first appeared does not say it already."""
    if statement.date_basis not in OWN_DATE_BASES or statement.stated_on is None:
        return ""
    same_day = first is not None and first.published_on == statement.stated_on and statement.date_precision == "day"
    return "" if same_day else statement.date_display


def origin_of(statement: StatementRecord, sources: Sequence[SourceRecord]) -> str:
    """“Russian memorandum (Russia), TASS, 2 June 2025, as reported by Euromaidan Press, 3 June 2025, citing
    Institute for the Study of War, 2 June 2025”: the document or speaker, where the words first appeared, the
    publication we hold, and those between, in the order of `sources` (the one held first, the first publication
    last: provenance.Trace.sources). Never parentheses inside parentheses (wording.held_by)."""
    held, first = sources[0], (sources[-1] if len(sources) > 1 else None)
    parts = [held_by(statement.title, statement.actor.name), own_date(statement, first or held)]
    carriers = {source.publisher.name for source in sources}
    if statement.reported_by is not None and statement.reported_by.name not in carriers:
        parts.append(f"according to {statement.reported_by.name}")
    if first is not None and first.publisher.name == statement.actor.name:
        parts.append(day(first.published_on))  # published by the speaker, named already
    elif first is not None:
        parts.append(published(first))
    if first is None and held.publisher.name == statement.actor.name:
        parts.append(published(held))  # the speaker's own publication: nothing reported it
    else:
        parts.append(f"as reported by {published(held)}")
    parts += [f"citing {published(between)}" for between in sources[1:-1]]
    return ", ".join(part for part in parts if part)


def of_demand(
    demand: DemandRecord,
    version: Version,
    absolute_url: AbsoluteUrl,
    today: datetime.date,
    sources: Sequence[SourceRecord] = (),
) -> Citation:
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
        permalink=versioned(absolute_url(demand.get_absolute_url()), version.version),
        origin=origin_of(statement, sources or [statement.source]),
        # A paraphrase, named as such: never in quotation marks, where it would read as the words.
        record=f"record of the term, paraphrased: {demand.paraphrase.rstrip('.')}",
        dated=tuple(date_parts(statement.stated_on, statement.date_precision)),
    )


def of_statement(
    statement: StatementRecord,
    version: Version,
    absolute_url: AbsoluteUrl,
    today: datetime.date,
    sources: Sequence[SourceRecord] = (),
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
        permalink=versioned(absolute_url(statement.get_absolute_url()), version.version),
        origin=origin_of(statement, sources or [statement.source]),
        record="record of the statement",
        dated=tuple(date_parts(statement.stated_on, statement.date_precision)),
    )


def of_source(source: SourceRecord, version: Version, absolute_url: AbsoluteUrl, today: datetime.date) -> Citation:
    # A headline we hold is the publisher's own words, quoted; a publication known only from others is described.
    title = f"“{source.title}”" if source.body else source.title
    return at_version(
        version,
        today,
        kind="source",
        key=source.slug,
        title=source.title,
        author=source.publisher.name,
        date=day(source.published_on) or "undated",
        year=year_of(source.published_on),
        permalink=versioned(absolute_url(source.get_absolute_url()), version.version),
        origin=f"{source.publisher.name}, {title}, {day(source.published_on) or 'undated'}",
        record="record of the source",
        dated=tuple(date_parts(source.published_on)),
    )


def of_comparison(
    title: str,
    authors: str,
    date: str,
    state_key: str,
    permalink: str,
    version: Version,
    today: datetime.date,
    origin: str = "",
) -> Citation:
    """A view, not a record: its permalink names what it compares (the page has no past versions to serve)."""
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
        origin=origin,
        record=f"comparison: {title}",
    )


# --- schema.org JSON-LD -----------------------------------------------------------------------------

ACTOR_TYPES = {"person": "Person", "state": "GovernmentOrganization"}
SOURCE_TYPES = {"news_article": "NewsArticle", "assessment": "Report", "wire_report": "NewsArticle"}


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


def chain_ld(sources: Sequence[SourceRecord], absolute_url: AbsoluteUrl) -> JsonLd:
    """The publication held, based on the one it cites, and so on to where the words first appeared: the reporting
    chain a reader sees, as nested `isBasedOn` (Euromaidan Press isBasedOn ISW isBasedOn TASS)."""
    data = source_ld(sources[0], absolute_url)
    if len(sources) > 1:
        data["isBasedOn"] = chain_ld(sources[1:], absolute_url)
    return data


def statement_date(statement: StatementRecord) -> str | None:
    """When the words were said or written, if the texts date them (not a report's date, an upper bound)."""
    own = statement.date_basis in OWN_DATE_BASES
    return iso_date(statement.stated_on, statement.date_precision) if own else None


def subject_ld(statement: StatementRecord, absolute_url: AbsoluteUrl) -> JsonLd:
    """What reported words are about: the speaker's document (by its speaker, of its date), or the speaker."""
    if statement.kind != "official_document":
        return actor_ld(statement.actor)
    document = {
        "@type": "CreativeWork",
        "name": statement.title,
        "creator": actor_ld(statement.actor),
        "dateCreated": statement_date(statement),
        "mainEntityOfPage": absolute_url(statement.get_absolute_url()),
    }
    return {name: value for name, value in document.items() if value}


def quotation(
    quoted: DemandRecord | StatementRecord,
    statement: StatementRecord,
    sources: Sequence[SourceRecord],
    permalink: str,
    version: Version,
    absolute_url: AbsoluteUrl,
    about: Sequence[JsonLd] = (),
) -> JsonLd:
    """A schema.org Quotation that credits the words as the page does (wording.py): to the speaker for own words,
    dated when the texts date them; for reported words to the publication that wrote them, on its date, about the
    speaker or the speaker's document. `sources` is the reporting chain (provenance.Trace.sources); `about` what
    else the words are about (a term's party and topic: about_term)."""
    own = whose_words(quoted.wording, statement).own
    publisher = statement.source.publisher
    data = {
        "@context": "https://schema.org",
        "@type": "Quotation",
        "text": quoted.quote,
        "creator": actor_ld(statement.actor) if own else {"@type": "Organization", "name": publisher.name},
        "dateCreated": statement_date(statement) if own else iso_date(statement.source.published_on, "day"),
        "about": [*([] if own else [subject_ld(statement, absolute_url)]), *about] or None,
        "isBasedOn": chain_ld(sources or [statement.source], absolute_url),
        "url": permalink,
        "isPartOf": {"@type": "Dataset", "name": SITE, "version": str(version.version)},
        "license": LICENCE["path"],
    }
    return {name: value for name, value in data.items() if value}


def about_term(demand: DemandRecord, topic: str) -> list[JsonLd]:
    """A term's quotation is about its party, when another voiced it (Putin, ISW), and its topic."""
    about = [] if demand.party.name == demand.statement.actor.name else [actor_ld(demand.party)]
    return [*about, {"@type": "Thing", "name": topic}]


# Inside <script> the text must not close the element nor open a comment: the characters that could are
# written as JSON escapes, which parse back to the same text.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def ld_json(data: JsonLd) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1).translate(SCRIPT_ESCAPES)
