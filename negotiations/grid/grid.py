"""The grid's pure logic: no request, no ORM. Tested directly in tests/test_grid.py with frozen stand-ins.

A grid lines up N columns (2 to 8) by topic. A column is a statement's terms, or a party's position as of a date
(its terms standing on that day: the as-of rule is statuses.py's, read here through `standing`). `align` makes one
row per topic, in the topics' order, each cell that column's terms on the topic in the column's order; a topic on
which no column holds a term is left out. Between each column and its right-hand neighbour, `neighbours` says how
their cells meet on the row:

- columns of two parties: the counterpart links between the two cells' terms (stored either way round, read left
  to right here). Links to terms on other topics are not drawn: a row is one topic.
- columns of one party: which terms are the same record in both (kept), which are only on the right (new), which
  only on the left (dropped), and which left-hand terms the right-hand ones supersede (a recorded change
  “superseded by”).

The differences rule (`differences=1`, `differences`; /about/ says it in words, codebook.GRID_DIFFERENCES_RULE):
a row is hidden when every column holds terms on the topic and every neighbouring pair agrees — two parties'
cells joined by counterpart links all of them compatible, one party's cells holding the same records. (A topic
on which every column is silent is never a row.) On the rows kept, each cell from the second on is marked where
it differs from its left neighbour (`Cell`):

- new: of one party, a term that is not in the left cell (marked on the term); of two parties, the cell holds
  terms and the left one is silent.
- dropped: of one party, the left cell's terms that are not in this one (each with the term that superseded it,
  when one here did); of two parties, this cell is silent and the left one is not.
- changed relation: from the third column on, when this column, its left neighbour and the one before are of
  alternating parties (two pairs that can be linked), all three cells hold terms, and the set of relations of
  the links between this cell and its left neighbour differs from the set between the left neighbour and the
  cell before it (no link at all counts as a set of its own). “Russia in June meets Ukraine's June memorandum
  otherwise than Russia in March did.”
"""

import datetime
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from negotiations import statuses

# A term is the caller's record (a Demand, in the app), read only through `key` and `topic_of`; a topic likewise.
type Term = Any
type Topic = Any

COMPATIBLE = "compatible"


@dataclass(frozen=True)
class Link:
    """A counterpart link as stored: `a` answers `b` or the other way round; `neighbours` reads it left to right."""

    a: Hashable
    b: Hashable
    relation: str
    note: str = ""


@dataclass(frozen=True)
class Recorded:
    """One recorded change of a term's status (models.StatusChange): `superseded_by` is the replacing term."""

    status: str
    known_on: datetime.date | None
    order: int = 0
    superseded_by: Term = None


@dataclass(frozen=True)
class Column:
    """A column: `terms` in the column's order (a statement's document order; a position's oldest first), the party
    whose terms they are (`party`), `day` for a position as of a date (None: a statement, its terms' status as the
    record stands today), `more` the keys of the topics on which it holds terms beyond those shown (a position can
    hold thousands), `label` what the page says of it."""

    key: str
    party: Hashable
    terms: Sequence[Term]
    day: datetime.date | None = None
    more: Collection[Hashable] = frozenset()
    label: Any = None


@dataclass
class Entry:
    """A term in a cell: its status on the column's day (and the term that superseded it, if so), the links to the
    left neighbour's terms, and under differences whether it is new there and which of the left's terms it
    supersedes."""

    term: Term
    status: str
    replacement: Term = None
    links: list[tuple[Link, Term]] = field(default_factory=list)  # (link read left to right, left-hand term)
    new: bool = False
    supersedes: list[Term] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return str(statuses.TermStatus(self.status).label)


@dataclass
class Cell:
    column: Column
    entries: list[Entry]
    more: bool = False  # the column holds terms on the topic beyond those shown
    new: bool = False  # see the module's docstring
    dropped: list[tuple[Term, Term]] = field(default_factory=list)  # (left-hand term, its replacement here or None)
    changed_relation: bool = False
    same_party: bool = False  # of the same party as its left neighbour (how its marks read)

    @property
    def terms(self) -> list[Term]:
        return [entry.term for entry in self.entries]

    @property
    def silent(self) -> bool:
        return not self.entries and not self.more

    @property
    def marked(self) -> bool:
        return self.new or bool(self.dropped) or self.changed_relation


@dataclass
class Pair:
    """How a cell meets its right-hand neighbour's on a row (see the module's docstring)."""

    same_party: bool
    links: list[Link] = field(default_factory=list)  # read left (a) to right (b)
    kept: list[Hashable] = field(default_factory=list)
    new: list[Hashable] = field(default_factory=list)
    dropped: list[Hashable] = field(default_factory=list)
    superseded: list[tuple[Hashable, Hashable]] = field(default_factory=list)  # (left-hand key, right-hand key)

    @property
    def relations(self) -> frozenset[str]:
        return frozenset(link.relation for link in self.links)

    @property
    def agrees(self) -> bool:
        if self.same_party:
            return not self.new and not self.dropped
        return self.relations == {COMPATIBLE}


@dataclass
class GridRow:
    topic: Topic
    cells: list[Cell]
    pairs: list[Pair]  # pairs[i]: cells[i] with cells[i + 1]

    @property
    def differs(self) -> bool:
        """Kept under the differences rule: not every column holds terms, or some neighbouring pair disagrees."""
        return any(cell.silent for cell in self.cells) or not all(pair.agrees for pair in self.pairs)


# --- The as-of rule and the status shown (statuses.py's rule, applied to a column's terms)


def changes(records: Iterable[Recorded]) -> list[statuses.Change]:
    return [statuses.Change(record.status, record.known_on, record.order) for record in records]


def standing(
    terms: Iterable[Term],
    day: datetime.date,
    *,
    records_of: Mapping[Hashable, Sequence[Recorded]],
    known_on: Callable[[Term], datetime.date | None],
    key: Callable[[Term], Hashable] | None = None,
) -> list[Term]:
    """A party's position on `day` among `terms`: those standing then (statuses.stands_on), in their order.
    `known_on(term)` is the day the term is known to have been put forward by (statuses.known_by)."""
    key = key or (lambda term: term.pk)
    return [term for term in terms if statuses.stands_on(known_on(term), changes(records_of.get(key(term), ())), day)]


def status_on(records: Sequence[Recorded], day: datetime.date | None = None) -> tuple[str, Term]:
    """A term's status on `day` (today's record when None), by statuses.status_on, and when it is superseded the
    term that superseded it (the latest superseded change known by then)."""
    status = statuses.status_on(changes(records), day)
    if status != statuses.TermStatus.SUPERSEDED:
        return status, None
    known = [r for r in records if r.status == status and r.known_on is not None and (day is None or r.known_on <= day)]
    return status, max(known, key=lambda record: (record.known_on, record.order)).superseded_by


# --- Alignment


def align(
    topics: Iterable[tuple[Hashable, Topic]],
    columns: Sequence[Column],
    links: Iterable[Link] = (),
    records_of: Mapping[Hashable, Sequence[Recorded]] | None = None,
    *,
    key: Callable[[Term], Hashable] | None = None,
    topic_of: Callable[[Term], Hashable] | None = None,
) -> list[GridRow]:
    """One row per topic (`topics`: (topic_key, topic) pairs, in order) on which some column holds a term, each
    cell the column's terms on the topic in the column's order, with how each pair of neighbours meets
    (`neighbours`) and each cell's marks against its left neighbour (`mark`). `records_of` holds each term's
    recorded status changes by key (a term with none is put forward)."""
    key = key or (lambda term: term.pk)
    topic_of = topic_of or (lambda term: term.topic_id)
    records_of = records_of or {}
    by_topic = [_by_topic(column, topic_of) for column in columns]
    index = _link_index(links)
    rows = []
    for topic_key, topic in topics:
        cells = [
            Cell(column, [_entry(term, column, records_of, key) for term in held.get(topic_key, [])])
            for column, held in zip(columns, by_topic, strict=True)
        ]
        for cell in cells:
            cell.more = topic_key in cell.column.more
        if all(cell.silent for cell in cells):
            continue
        pairs = [
            neighbours(left.terms, right.terms, left.column.party == right.column.party, index, records_of, key=key)
            for left, right in zip(cells, cells[1:], strict=False)
        ]
        row = GridRow(topic, cells, pairs)
        mark(row, key)
        rows.append(row)
    return rows


def _by_topic(column: Column, topic_of: Callable[[Term], Hashable]) -> dict[Hashable, list[Term]]:
    grouped: dict[Hashable, list[Term]] = {}
    for term in column.terms:
        grouped.setdefault(topic_of(term), []).append(term)
    return grouped


def _entry(
    term: Term, column: Column, records_of: Mapping[Hashable, Sequence[Recorded]], key: Callable[[Term], Hashable]
) -> Entry:
    status, replacement = status_on(records_of.get(key(term), ()), column.day)
    return Entry(term, status, replacement)


def _link_index(links: Iterable[Link]) -> dict[frozenset[Hashable], Link]:
    """The links by their two ends, whichever way round they were stored."""
    return {frozenset((link.a, link.b)): link for link in links}


def neighbours(
    left: Sequence[Term],
    right: Sequence[Term],
    same_party: bool,
    links: Mapping[frozenset[Hashable], Link],
    records_of: Mapping[Hashable, Sequence[Recorded]],
    *,
    key: Callable[[Term], Hashable],
) -> Pair:
    """How two neighbouring cells meet (see the module's docstring). `links` are indexed by their two ends."""
    left_keys, right_keys = [key(term) for term in left], [key(term) for term in right]
    if not same_party:
        found = [links.get(frozenset((a, b))) for a in left_keys for b in right_keys if a != b]
        oriented = [Link(a, b, link.relation, link.note) for a, b, link in _ends(found, left_keys, right_keys)]
        return Pair(same_party=False, links=oriented)
    superseded = [
        (old, key(record.superseded_by))
        for old in left_keys
        for record in records_of.get(old, ())
        if record.superseded_by is not None and key(record.superseded_by) in right_keys
    ]
    return Pair(
        same_party=True,
        kept=[k for k in right_keys if k in left_keys],
        new=[k for k in right_keys if k not in left_keys],
        dropped=[k for k in left_keys if k not in right_keys],
        superseded=superseded,
    )


def _ends(
    found: Iterable[Link | None], left_keys: Sequence[Hashable], right_keys: Sequence[Hashable]
) -> Iterator[tuple[Hashable, Hashable, Link]]:
    """Each link found, with its left-hand and right-hand ends."""
    for link in found:
        if link is None:
            continue
        if link.a in left_keys and link.b in right_keys:
            yield link.a, link.b, link
        else:
            yield link.b, link.a, link


def mark(row: GridRow, key: Callable[[Term], Hashable]) -> None:
    """Set each cell's marks against its left neighbour, and each term's links to the left neighbour's terms."""
    for index, (pair, left, cell) in enumerate(zip(row.pairs, row.cells, row.cells[1:], strict=False), start=1):
        left_by_key = {key(term): term for term in left.terms}
        for entry in cell.entries:
            entry.links = [(link, left_by_key[link.a]) for link in pair.links if link.b == key(entry.term)]
        cell.same_party = pair.same_party
        if pair.same_party:
            _mark_same_party(pair, left, cell, key)
        else:
            cell.new = bool(cell.entries) and left.silent
            cell.dropped = [(term, None) for term in left.terms] if cell.silent else []
        before = row.pairs[index - 2] if index >= 2 else None
        cell.changed_relation = (
            before is not None
            and not before.same_party
            and not pair.same_party
            and not any(c.silent for c in row.cells[index - 2 : index + 1])
            and before.relations != pair.relations
        )


def _mark_same_party(pair: Pair, left: Cell, cell: Cell, key: Callable[[Term], Hashable]) -> None:
    replaced = dict(pair.superseded)
    here = {key(term): term for term in cell.terms}
    left_by_key = {key(term): term for term in left.terms}
    for entry in cell.entries:
        entry.new = key(entry.term) in pair.new
        entry.supersedes = [left_by_key[old] for old, new in pair.superseded if new == key(entry.term)]
    cell.new = any(entry.new for entry in cell.entries)
    cell.dropped = [(left_by_key[old], here.get(replaced.get(old))) for old in pair.dropped]


def differences(rows: Iterable[GridRow]) -> list[GridRow]:
    """The rows the differences rule keeps (GridRow.differs)."""
    return [row for row in rows if row.differs]
