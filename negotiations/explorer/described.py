"""An explorer query in words: the feed's title and the export's file name, from one description of the filter, so
that a reader's feed and their spreadsheet name the same choice the same way. Pure: it is handed names, slugs and
labels (DemandFilter.in_words reads them from the form's cleaned data)."""

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from negotiations.dates import ALL_DATES, DateRange

# A file name stays short enough for every file system and a download bar: the filter's words are cut (at a
# hyphen) so that the stem, the dates and the extension always fit.
FILENAME_MAX = 120
# One filter's share of the name: a long search or source title leaves room for the others.
PART_MAX = 40


@dataclass(frozen=True)
class Named:
    """A record the filter names: how it reads, and its address's slug."""

    name: str
    slug: str


@dataclass(frozen=True)
class Part:
    """One filter of the query: in words (“said by Vladimir Putin”) and as part of a file name (“said-by-putin”)."""

    words: str
    slug: str


@dataclass(frozen=True)
class QueryInWords:
    parts: tuple[Part, ...]
    date_range: DateRange = ALL_DATES

    def describe(self) -> str:
        """“of Russia, on Territory, from 1 May 2025 to 30 June 2025”, or “” for every term."""
        return ", ".join([*(part.words for part in self.parts), *filter(None, [self.date_range.describe()])])

    def title(self, site: str) -> str:
        """A feed's title: “Ceasefire Positions: terms of Russia, on Territory”."""
        described = self.describe()
        return f"{site}: terms{' ' + described if described else ''}"

    def filename(self, stem: str, extension: str) -> str:
        """`demands-russia-territory-2025-05-01-to-2025-06-30.csv`: ASCII, at most FILENAME_MAX characters, the
        dates always there (`all-dates` for none), as DateRange.filename names them."""
        dates = self.date_range.filename(stem, extension)[len(stem) + 1 :]  # “all-dates.csv”, “…-to-latest.csv”
        room = FILENAME_MAX - len(stem) - len(dates) - 2
        words = "-".join(part.slug for part in self.parts if part.slug)
        if len(words) > room:
            words = words[: room + 1].rsplit("-", 1)[0] if "-" in words[:room] else words[:room]
        return "-".join(filter(None, [stem, words.strip("-"), dates]))


def slug(text: str, limit: int = PART_MAX) -> str:
    """ASCII letters and digits joined by hyphens (“Zelenskyy’s café” → “zelenskyys-cafe”), at most `limit`
    characters, cut at a hyphen; “” when nothing of it is in Latin letters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", re.sub(r"['’]", "", ascii_text.lower())).strip("-")
    if len(words) <= limit:
        return words
    return words[: limit + 1].rsplit("-", 1)[0] if "-" in words[:limit] else words[:limit]


def joined(words: Sequence[str], conjunction: str) -> str:
    """“A”, “A and B”, “A, B and C”."""
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}" if len(words) > 1 else "".join(words)


def in_words(
    *,
    party: Named | None = None,
    topics: Sequence[Named] = (),
    stance: Named | None = None,
    statuses: Sequence[Named] = (),
    said_by: Named | None = None,
    source: Named | None = None,
    as_of=None,
    q: str = "",
    date_range: DateRange = ALL_DATES,
) -> QueryInWords:
    """The query's filters, in the explorer form's order; each value in a fixed order (topics and statuses by their
    slugs, as the canonical query orders them), so that one view state has one title and one file name."""
    topics = sorted(topics, key=lambda topic: topic.slug)
    statuses = sorted(statuses, key=lambda status: status.slug)
    parts = [
        party and Part(f"of {party.name}", slug(party.slug)),
        topics and Part(f"on {joined([t.name for t in topics], 'and')}", "-".join(slug(t.slug) for t in topics)),
        stance and Part(f"stance “{stance.name}”", slug(stance.slug)),
        statuses
        and Part(f"status {joined([s.name for s in statuses], 'or')}", "-".join(slug(s.slug) for s in statuses)),
        said_by and Part(f"said by {said_by.name}", f"said-by-{slug(said_by.slug)}"),
        source and Part(f"from {source.name}", f"source-{slug(source.slug)}"),
        as_of and Part(f"standing on {as_of.day} {as_of:%B %Y}", f"as-of-{as_of.isoformat()}"),
        q.strip() and Part(f"matching “{q.strip()}”", "-".join(filter(None, ["search", slug(q)]))),
    ]
    return QueryInWords(tuple(part for part in parts if part), date_range)
