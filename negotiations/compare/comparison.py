"""Pure comparison logic: no request, no ORM. Tested directly in tests/test_comparison.py.

`align` puts two sides' terms into rows, topic by topic, so that each term sits across from the
terms of the other side that answer it; `filter_groups` narrows the rows; `summarise` counts them.
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

LEFT, RIGHT = "left", "right"

# A term is the caller's record (a Demand, in the app), read only through `key` and `topic_of`; a topic likewise.
type Term = Any
type Topic = Any
# Terms counted but not listed, by (LEFT or RIGHT, topic key).
type SideCounts = Mapping[tuple[str, Hashable], int]


@dataclass(frozen=True)
class Link:
    left: Hashable  # key of a left-hand term
    right: Hashable  # key of a right-hand term
    relation: str
    note: str = ""


@dataclass
class Entry:
    """A term in a row, with the terms across the row that it answers or is answered by."""

    term: Term
    answers: list[tuple[Link, Term]]  # (Link, other term) pairs
    visiting: bool  # the term belongs to another topic and is here because it answers one of this topic's


@dataclass
class Row:
    left: list[Term] = field(default_factory=list)  # terms, in document order
    right: list[Term] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    left_entries: list[Entry] = field(default_factory=list)
    right_entries: list[Entry] = field(default_factory=list)

    @property
    def relations(self) -> set[str]:
        return {link.relation for link in self.links}


@dataclass
class TopicGroup:
    topic: Topic
    rows: list[Row]
    more_left: int = 0  # terms in the range not shown on this topic (see the explorer)
    more_right: int = 0

    @property
    def one_sided(self) -> bool:
        return not any(row.left for row in self.rows) or not any(row.right for row in self.rows)


def align(
    topics: Iterable[tuple[Hashable, Topic]],
    left_terms: Sequence[Term],
    right_terms: Sequence[Term],
    links: Iterable[Link],
    *,
    hidden: SideCounts | None = None,
    key: Callable[[Term], Hashable] | None = None,
    topic_of: Callable[[Term], Hashable] | None = None,
) -> list[TopicGroup]:
    """Group the terms into rows per topic, in the topics' order (how a topic's terms make rows: `_rows_for`).
    Topics with no term of their own are left out; topics with one side only are kept.
    `topics` are (topic_key, topic) pairs; links whose ends are not both among the terms are ignored.
    `hidden` counts the terms left out of the two lists, by (LEFT or RIGHT, topic_key): a group says how many
    more there are.
    """
    hidden = hidden or {}
    key = key or (lambda term: term.pk)
    topic_of = topic_of or (lambda term: term.topic_id)
    side_of = {key(term): LEFT for term in left_terms} | {key(term): RIGHT for term in right_terms}
    by_key = {key(term): term for term in [*left_terms, *right_terms]}
    order = {term_key: index for index, term_key in enumerate(by_key)}
    links_of = links_by_term(links, side_of)
    members_by_topic = keys_by_topic(by_key, topic_of)
    groups = []
    for topic_key, topic in topics:
        members = members_by_topic.get(topic_key, [])
        if not members:
            continue
        groups.append(
            TopicGroup(
                topic,
                _rows_for(members, links_of, side_of, by_key, order),
                more_left=hidden.get((LEFT, topic_key), 0),
                more_right=hidden.get((RIGHT, topic_key), 0),
            )
        )
    return groups


def keys_by_topic(
    by_key: Mapping[Hashable, Term], topic_of: Callable[[Term], Hashable]
) -> dict[Hashable, list[Hashable]]:
    """The terms' keys under their topic's key, each topic's in the terms' order."""
    members_by_topic: dict[Hashable, list[Hashable]] = {}
    for term_key, term in by_key.items():
        members_by_topic.setdefault(topic_of(term), []).append(term_key)
    return members_by_topic


def links_by_term(links: Iterable[Link], side_of: Mapping[Hashable, str]) -> defaultdict[Hashable, list[Link]]:
    """Each term's links, listed under both its ends; a link whose ends are not a left and a right term among
    the terms compared is left out."""
    links_of: defaultdict[Hashable, list[Link]] = defaultdict(list)
    for link in links:
        if side_of.get(link.left) == LEFT and side_of.get(link.right) == RIGHT:
            links_of[link.left].append(link)
            links_of[link.right].append(link)
    return links_of


def _entry(
    term_key: Hashable, row_links: Iterable[Link], by_key: Mapping[Hashable, Term], member_set: Collection[Hashable]
) -> Entry:
    answers = [
        (link, by_key[link.right if link.left == term_key else link.left])
        for link in row_links
        if term_key in (link.left, link.right)
    ]
    return Entry(by_key[term_key], answers, visiting=term_key not in member_set)


def _rows_for(
    members: list[Hashable],
    links_of: Mapping[Hashable, list[Link]],
    side_of: Mapping[Hashable, str],
    by_key: Mapping[Hashable, Term],
    order: Mapping[Hashable, int],
) -> list[Row]:
    """A topic's rows. The topic's own terms (`members`) are joined by the links between them and by the links
    to terms of other topics ("visitors"); each connected group becomes a row. A visitor joins the row but does
    not pull its own other links in, so rows stay small. A term with no link stands alone."""
    member_set = set(members)
    seen: set[Hashable] = set()
    rows = []
    for start in members:
        if start in seen:
            continue
        component, row_links = _connected(start, links_of, member_set, seen)
        ordered = sorted(component, key=order.__getitem__)
        sorted_links = sorted(row_links, key=lambda link: (order[link.left], order[link.right]))
        left_keys = [k for k in ordered if side_of[k] == LEFT]
        right_keys = [k for k in ordered if side_of[k] == RIGHT]
        rows.append(
            Row(
                left=[by_key[k] for k in left_keys],
                right=[by_key[k] for k in right_keys],
                links=sorted_links,
                left_entries=[_entry(k, sorted_links, by_key, member_set) for k in left_keys],
                right_entries=[_entry(k, sorted_links, by_key, member_set) for k in right_keys],
            )
        )
    return rows


def _connected(
    start: Hashable, links_of: Mapping[Hashable, list[Link]], member_set: Collection[Hashable], seen: set[Hashable]
) -> tuple[set[Hashable], set[Link]]:
    """The terms and links of `start`'s row: reached through the topic's own terms (marked in `seen`)."""
    component, row_links, queue = {start}, set[Link](), [start]
    seen.add(start)
    while queue:
        current = queue.pop()
        for link in links_of[current]:
            row_links.add(link)
            other = link.right if current == link.left else link.left
            if other not in component:
                component.add(other)
                # Only the topic's own terms spread the row further; visitors stop here.
                if other in member_set:
                    seen.add(other)
                    queue.append(other)
    return component, row_links


def filter_groups(
    groups: Iterable[TopicGroup], *, topics: Collection[Topic] = (), relation: str | None = None
) -> list[TopicGroup]:
    """Keep only the chosen topics (all when none is chosen) and, with a `relation`, only rows with a link of
    that relation (“where they disagree”) and the topics that still have rows. What a group says of its
    hidden terms stays with it."""
    kept = []
    for group in groups:
        if topics and group.topic not in topics:
            continue
        rows = [row for row in group.rows if relation in row.relations] if relation else group.rows
        if rows:
            kept.append(replace(group, rows=rows))
    return kept


@dataclass
class Summary:
    left_count: int
    right_count: int
    relation_counts: dict[str, int]
    furthest_apart: list[tuple[Topic, int]]  # (topic, number of opposed links), most opposed first


def summarise(
    groups: Sequence[TopicGroup],
    left_terms: Sequence[Term],
    right_terms: Sequence[Term],
    *,
    hidden: SideCounts | None = None,
    top: int = 3,
) -> Summary:
    """Counts per side (of every term, shown or `hidden` as in `align`) and per relation, and the topics with the
    most opposed links."""
    hidden = hidden or {}
    relation_counts = Counter(
        link.relation for link in {link for group in groups for row in group.rows for link in row.links}
    )
    opposed_by_topic = [
        (sum(1 for row in group.rows for link in row.links if link.relation == "opposed"), index, group.topic)
        for index, group in enumerate(groups)
    ]
    ranked = sorted((item for item in opposed_by_topic if item[0]), key=lambda item: (-item[0], item[1]))
    return Summary(
        left_count=len(left_terms) + sum(count for (side, _), count in hidden.items() if side == LEFT),
        right_count=len(right_terms) + sum(count for (side, _), count in hidden.items() if side == RIGHT),
        relation_counts=dict(relation_counts),
        furthest_apart=[(topic, count) for count, _, topic in ranked[:top]],
    )


# A date range over every topic is shown side by side up to this many terms in it (each side's latest few per
# topic); past it, each topic's number of terms per side, its terms fetched when the reader opens it. A year of the
# curated record holds 39 terms; a range of the synthetic seed, thousands, which would make a page of ~400 KB.
COUNT_ONLY_ABOVE = 100


def counted_only(counts: SideCounts) -> bool:
    """Is a range holding `counts` terms (by side and topic, as in `tally`) too many for one page?"""
    return sum(counts.values()) > COUNT_ONLY_ABOVE


@dataclass(frozen=True)
class TopicTally:
    """A topic's terms counted, not shown: the reader opens the topic (`url`) to see them side by side."""

    topic: Topic
    left_count: int
    right_count: int
    url: str

    @property
    def one_sided(self) -> bool:
        return not self.left_count or not self.right_count


def tally(
    topics: Iterable[tuple[Hashable, Topic]], counts: SideCounts, *, url_of: Callable[[Topic], str]
) -> tuple[list[TopicTally], Summary]:
    """Each topic's number of terms per side, in the topics' order, with the address of its terms (`url_of(topic)`);
    topics with no term are left out. `topics` are (topic_key, topic) pairs; `counts` counts the terms by
    (LEFT or RIGHT, topic_key). With the Summary of the counts (no relation is counted: no link was read)."""
    tallies = [
        TopicTally(topic, counts.get((LEFT, key), 0), counts.get((RIGHT, key), 0), url_of(topic))
        for key, topic in topics
        if counts.get((LEFT, key)) or counts.get((RIGHT, key))
    ]
    summary = Summary(
        left_count=sum(count for (side, _), count in counts.items() if side == LEFT),
        right_count=sum(count for (side, _), count in counts.items() if side == RIGHT),
        relation_counts={},
        furthest_apart=[],
    )
    return tallies, summary
