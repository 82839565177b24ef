"""Pure provenance logic: no request, no ORM. Where a quote stands in its source, and how the source
reached us. Tested directly in tests/test_provenance.py.
"""

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any

# A source is the caller's record (a Source, in the app): here only compared and followed through `cites_of`.
type SourceRecord = Hashable


@dataclass(frozen=True)
class Trace:
    """How a statement reached us: the chain of citations from the source we hold to where it first appeared,
    and that first publication apart when no recorded citation leads to it."""

    chain: list[SourceRecord]
    first_publication: SourceRecord | None = None

    @property
    def sources(self) -> list[SourceRecord]:
        """Every publication on the way, from the one we hold to where the words first appeared, as a citation
        and the JSON-LD name them (citation.origin_of, citation.quotation)."""
        return [*self.chain, self.first_publication] if self.first_publication is not None else list(self.chain)


def trace(
    source: SourceRecord,
    first_publication: SourceRecord | None,
    cites_of: Callable[[SourceRecord], Iterable[SourceRecord]],
) -> Trace:
    """The Trace from `source` to `first_publication` (None when the statement first appeared in `source`)."""
    chain = citation_chain(source, first_publication, cites_of)
    return Trace(chain, first_publication if first_publication is not None and first_publication not in chain else None)


def passage_around(body: str, quote: str, *, context: int = 280) -> tuple[str, str, str] | None:
    """The quote within its passage: (before, quote, after), cut at paragraph ends or `context` characters.

    Returns None when the quote is not in the body (the admin refuses such quotes; old data may not).
    """
    start = body.find(quote)
    if start < 0 or not quote:
        return None
    end = start + len(quote)
    paragraph_start = body.rfind("\n", 0, start) + 1
    paragraph_end = body.find("\n", end)
    paragraph_end = len(body) if paragraph_end < 0 else paragraph_end
    before_start = max(paragraph_start, start - context)
    after_end = min(paragraph_end, end + context)
    before = body[before_start:start]
    after = body[end:after_end]
    if before_start > paragraph_start:
        before = "…" + before[before.find(" ") + 1 :] if " " in before else "…" + before
    if after_end < paragraph_end:
        after = after[: after.rfind(" ")] + "…" if " " in after else after + "…"
    return before, quote, after


def citation_chain(
    start: SourceRecord, goal: SourceRecord | None, cites_of: Callable[[SourceRecord], Iterable[SourceRecord]]
) -> list[SourceRecord]:
    """The shortest path of citations from `start` to `goal` (both included); [start] when there is none.

    `cites_of(source)` lists what a source cites. The chain is data: it is never guessed.
    """
    paths = [[start]]
    visited = {start}
    while paths:
        next_paths = []
        for path in paths:
            if path[-1] == goal:
                return path
            for cited in cites_of(path[-1]):
                if cited not in visited:
                    visited.add(cited)
                    next_paths.append([*path, cited])
        paths = next_paths
    return [start]


def mark_passages(body: str, passages: Iterable[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """Split `body` into (text, passage) segments, passage None for unquoted text.

    `passages` are (quote, target) pairs; each quote is marked at its first occurrence. Where two quotes
    overlap, the one that starts first (the longer, on a tie) is marked and the other is not, so that
    marks never nest; the record it belongs to is still listed beside the text.
    """
    found: list[tuple[int, int, Any]] = []
    for quote, target in passages:
        start = body.find(quote) if quote else -1
        if start >= 0:
            found.append((start, start + len(quote), target))
    found.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    segments: list[tuple[str, Any]] = []
    position = 0
    for start, end, target in found:
        if start < position:
            continue
        if start > position:
            segments.append((body[position:start], None))
        segments.append((body[start:end], target))
        position = end
    if position < len(body):
        segments.append((body[position:], None))
    return segments
