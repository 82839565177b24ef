"""The proposer: a document's text in, the positions it proposes out, each with who holds it, who reports it, when,
on what topic and with what stance — proposals a curator reviews, never records.

Pure: it reads the actors and topics as plain data (ActorInfo, TopicInfo, built by intake/fetch.py), so the
command line, the admin's review queue and the measurement in bench/ share one path, and tests need no database.
"""

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ActorInfo:
    """An actor as the proposer knows it: slug, names to find it by, and whose side it is on."""

    slug: str
    name: str
    aliases: tuple[str, ...]
    kind: str  # Actor.Kind value
    side: str  # Side value
    parent: str | None = None  # the parent actor's slug (Putin → russia)


@dataclass(frozen=True)
class TopicInfo:
    """A codebook topic and the words that point to it (Topic.keywords, which curators edit)."""

    slug: str
    name: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Document:
    """A text brought in: its body as the source has it, and what is known of its publication."""

    text: str
    title: str = ""
    publisher: str | None = None  # an actor slug, when known
    published_on: datetime.date | None = None


@dataclass(frozen=True)
class Proposal:
    """One sentence or clause that carries a position, with everything proposed about it. `quote` is
    `document.text[start:end]`, exactly as the source has it."""

    quote: str
    start: int
    end: int
    locator: str  # "§1", "point 12", "option 2", or the paragraph ("paragraph 4")
    speaker: str | None  # actor slug: who holds the position (never the outlet or analyst reporting it)
    party: str | None  # actor slug of the negotiating party whose term it is (russia / ukraine)
    reported_by: str | None  # actor slug: the publication carrying it (or the analyst relaying it)
    cited: str | None  # actor slug: a source the publication cites (ISW, TASS), when it names one
    stated_on: datetime.date | None
    date_precision: str  # DatePrecision value
    date_basis: str  # DateBasis value
    date_note: str  # the text's own words for the date ("on 4 July"), or why there is none
    topic: str | None  # topic slug
    stance: str | None  # Stance value
    wording: str  # Wording value: "own" only when the text shows the words are the speaker's
    cues: tuple[str, ...] = field(default=())  # why it was proposed: the words that made it a position


def propose(document: Document, actors: list[ActorInfo], topics: list[TopicInfo]) -> list[Proposal]:
    """The positions `document` proposes, in text order."""
    raise NotImplementedError("issue 23: the proposer")
