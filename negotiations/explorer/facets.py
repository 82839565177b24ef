"""Pure facet logic: no request, no ORM. The explorer's counts beside each value of a filter, in the order a
reader scans them. Party, topic, stance and today's status come from one aggregate, the terms counted per party,
topic, stance and status (the cells) over what the other filters leave: each facet sums the cells its siblings'
choices accept (`counts_by`), and the result count sums the cells every choice accepts (`total`). On another day
(`as_of`), status is not a column of the cells (CELLS_AS_OF): it comes from the few terms with a recorded change,
counted per latest status on that day, the rest put forward (`by_status`). Each facet is made from plain maps, its
counts and its names keyed by the value the URL carries (a slug, a stance)."""

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from negotiations.statuses import TermStatus

if TYPE_CHECKING:  # the view's state; read here, never built
    from django.http import QueryDict

# One aggregate row: a party's, a topic's and a stance's terms (party_id, topic_id, stance, count).
Cell = Mapping[str, Any]
Test = Callable[[Cell], bool]

# The cell's column for each facet summed from the cells: today's status is a column of each term
# (Demand.current_status); a status on another day is not. Stance first: the aggregate groups in this order, and
# grouped by party and topic first, SQLite's planner walked an index of the terms in that order and read every
# term's row, instead of reading the range (or the days known by) from the counts' own index alone (issue 25).
DIMENSIONS = {"stance": "stance", "party": "party_id", "topic": "topic_id", "status": "current_status"}
CELLS_AS_OF = ("stance", "party", "topic")


def cell_facets(as_of: Any) -> tuple[str, ...]:
    """The facets counted from the cells: every one of DIMENSIONS today, all but status on an `as_of` day."""
    return CELLS_AS_OF if as_of else tuple(DIMENSIONS)


def choices_test(chosen: Mapping[str, Iterable[Any]]) -> dict[str, Test]:
    """One test per chosen facet: does a cell fall inside the choice? `chosen` maps a facet to the values it
    accepts (primary keys, or stances); an empty choice accepts everything."""
    return {name: _accepts(DIMENSIONS[name], accepted) for name, accepted in chosen.items() if accepted}


def _accepts(column: str, accepted: Iterable[Any]) -> Test:
    values = accepted if isinstance(accepted, set | frozenset) else set(accepted)
    return lambda cell: cell[column] in values


def counts_by(cells: Iterable[Cell], name: str, tests: Mapping[str, Test]) -> Counter[Any]:
    """The facet's counts per value, with every other facet's choice applied (its own left out, so a reader
    sees what choosing another value would give)."""
    others = [test for other, test in tests.items() if other != name]
    column = DIMENSIONS[name]
    counts: Counter[Any] = Counter()
    for cell in cells:
        if all(test(cell) for test in others):
            counts[cell[column]] += cell["count"]
    return counts


def total(cells: Iterable[Cell], tests: Mapping[str, Test]) -> int:
    """How many terms every choice together keeps: the explorer's result count."""
    return sum(cell["count"] for cell in cells if all(test(cell) for test in tests.values()))


@dataclass(frozen=True)
class Value:
    param: str  # the value in the URL (a slug, a stance)
    label: str
    count: int
    chosen: bool = False
    query: str = ""  # the explorer's query string with this value chosen (or, when chosen, without it)


@dataclass(frozen=True)
class Facet:
    name: str  # the URL parameter
    label: str
    values: list[Value] = field(default_factory=list)


def _chosen_slugs(chosen: Any) -> set[str]:
    """The slugs chosen in the URL: one record, several (a topic list), a plain value, or none."""
    if not chosen:
        return set()
    items = [chosen] if isinstance(chosen, str) or not hasattr(chosen, "__iter__") else chosen
    return {getattr(item, "slug", item) for item in items}


def by_party(counts: Mapping[str, int], names: Mapping[str, str], chosen: Any = None) -> Facet:
    """`counts`: the terms per party's slug; `names`: each party's name by its slug."""
    picked = _chosen_slugs(chosen)
    values = [Value(slug, names[slug], count, slug in picked) for slug, count in counts.items()]
    return Facet("party", "Party", sorted(values, key=lambda v: v.label))


def by_topic(counts: Mapping[str, int], names: Mapping[str, str], chosen: Any = None) -> Facet:
    """`counts`: the terms per topic's slug; `names`: each topic's name by its slug, in the codebook's order
    (the order shown)."""
    picked = _chosen_slugs(chosen)
    return Facet(
        "topic",
        "Topic",
        [Value(slug, name, counts[slug], slug in picked) for slug, name in names.items() if slug in counts],
    )


def by_stance(counts: Mapping[str, int], labels: Mapping[str, str], chosen: str | None = None) -> Facet:
    """`counts`: the terms per stance; `labels`: each stance's label, in the codebook's order (the order shown)."""
    order = list(labels)
    stances = sorted(counts, key=lambda stance: order.index(stance) if stance in order else len(order))
    return Facet(
        "stance",
        "Stance",
        [Value(stance, labels.get(stance, stance), counts[stance], stance == chosen) for stance in stances],
    )


def by_status(recorded: Mapping[str, int], total: int, chosen: Iterable[str] = ()) -> Facet:
    """`recorded`: the terms per status among those with a recorded change (their latest, statuses.status_on);
    `total`: every term counted. The rest are put forward: a term's own statement puts it forward, which is never
    recorded. In the lifecycle's order (TermStatus); a status no term has is left out, unless chosen."""
    counts = {**recorded, TermStatus.PUT_FORWARD: total - sum(recorded.values())}
    picked = set(chosen)
    return Facet(
        "status",
        "Status",
        [
            Value(status, label, counts.get(status, 0), status in picked)
            for status, label in TermStatus.choices
            if counts.get(status, 0) or status in picked
        ],
    )


def by_speaker(
    counts: Mapping[str, int],
    names: Mapping[str, str],
    parents: Mapping[str, str | None],
    chosen: Any = None,
    *,
    top: int = 12,
) -> Facet:
    """Counts per speaker (`counts`: the terms per speaker's slug), and per body a speaker belongs to (`parents`:
    a speaker's body's slug, if any; Russia counts Putin's terms and its own): the `said_by` filter takes in an
    actor's members, so its count does too. `names`: every speaker's and body's name by its slug. The `top`
    largest, and the chosen one."""
    picked = _chosen_slugs(chosen)
    totals: Counter[str] = Counter()
    for speaker, count in counts.items():
        totals[speaker] += count
        parent = parents.get(speaker)
        if parent and parent != speaker:
            totals[parent] += count
    ranked = sorted(totals, key=lambda slug: (-totals[slug], names[slug]))
    shown = ranked[:top] + [slug for slug in ranked[top:] if slug in picked]
    return Facet("said_by", "Said by", [Value(slug, names[slug], totals[slug], slug in picked) for slug in shown])


def with_links(facets: Iterable[Facet], state: "QueryDict") -> list[Facet]:
    """Each value's query string from the view's canonical `state` (a QueryDict): choosing a value replaces the
    facet's current choice; a chosen value's link removes it. The page number goes: the results change."""
    # Plain lists, not a QueryDict copy per value (a deep copy each: a few ms over a facet list).
    kept = {name: state.getlist(name) for name in state if name != "page"}

    def query(name: str, value: Value) -> str:
        current = kept.get(name, [])
        changed = {**kept, name: [v for v in current if v != value.param] if value.chosen else [value.param]}
        encoded = urlencode([(key, item) for key, items in changed.items() for item in items])
        return f"?{encoded}" if encoded else "?"

    return [
        replace(facet, values=[replace(value, query=query(facet.name, value)) for value in facet.values])
        for facet in facets
    ]
