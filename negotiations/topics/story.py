"""Pure topic-story logic: no request, no ORM. One topic's terms as two lanes in date order, so that a reader
sees which side raised what first and what was said again later. Tested directly in tests/test_story.py."""

import datetime
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

RUSSIA, UKRAINE = "russia", "ukraine"

# A term is the caller's record (a Demand, in the app), read only through the functions `tell` is given.
type Term = Any


@dataclass(frozen=True)
class Entry:
    term: Term
    first: bool  # the side's first term on this topic
    restates: Term | None = None  # an earlier term of the same side answering the same terms of the other side
    answers: tuple[tuple[str, Term], ...] = ()  # (relation, other side's term) pairs


@dataclass
class Row:
    """The terms placed on one date (an undated term at its report's, in a row labelled so), or at the end those that
    no dated report carries, each side in its lane."""

    day: datetime.date | None
    label: str  # the date as the texts give it (“October 2024”, “2 June 2025”, “undated, reported by 15 March 2025”)
    russia: list[Entry] = field(default_factory=list)
    ukraine: list[Entry] = field(default_factory=list)


@dataclass
class Story:
    rows: list[Row]
    first_day: dict[str, datetime.date | None]  # side → the date its first term is placed at (absent: no term)
    counts: dict[str, int]  # side → number of terms

    @property
    def opened_by(self) -> str | None:
        """The side that raised the topic first, or None when both did on the same day or the dates are missing."""
        days = {side: day for side, day in self.first_day.items() if day is not None}
        if len(days) < 2:
            return next(iter(days), None)
        russia, ukraine = days[RUSSIA], days[UKRAINE]
        return None if russia == ukraine else (RUSSIA if russia < ukraine else UKRAINE)


def tell(
    terms: Iterable[Term],
    links: Iterable[tuple[Hashable, Term, str]],
    *,
    side_of: Callable[[Term], str],
    day_of: Callable[[Term], datetime.date | None],
    label_of: Callable[[Term], str] | None = None,
    key: Callable[[Term], Hashable] = lambda term: term.pk,
) -> Story:
    """The story of `terms` (already in date order, each placed by its date or its report's) of one topic.

    `links` are (term key, other term, relation) triples: each term's counterparts, from either end.
    `side_of(term)` is RUSSIA or UKRAINE; `day_of(term)` the date it is placed at or None; `label_of(term)` the date
    as shown.
    Terms share a row when they share both (a month-precision date is not the first of that month).
    """
    answers: dict[Hashable, list[tuple[str, Term]]] = {}
    for term_key, other, relation in links:
        answers.setdefault(term_key, []).append((relation, other))
    seen: dict[str, list[Term]] = {RUSSIA: [], UKRAINE: []}
    rows: list[Row] = []
    by_day: dict[tuple[datetime.date | None, str], Row] = {}
    first_day: dict[str, datetime.date | None] = {}
    for term in terms:
        side, day, term_key = side_of(term), day_of(term), key(term)
        own_answers = tuple(answers.get(term_key, ()))
        restates = restated(own_answers, seen[side], answers, key)
        entry = Entry(term, first=not seen[side], restates=restates, answers=own_answers)
        if not seen[side]:
            first_day[side] = day
        seen[side].append(term)
        row_key = (day, label_of(term) if label_of else str(day))
        if row_key not in by_day:
            by_day[row_key] = Row(day, row_key[1])
            rows.append(by_day[row_key])
        getattr(by_day[row_key], side).append(entry)
    return Story(rows, first_day, {side: len(items) for side, items in seen.items()})


def restated(
    own_answers: Iterable[tuple[str, Term]],
    earlier_terms: Sequence[Term],
    answers: Mapping[Hashable, Iterable[tuple[str, Term]]],
    key: Callable[[Term], Hashable],
) -> Term | None:
    """The latest of the side's `earlier_terms` that answers one of the same terms of the other side as this
    term's `own_answers` do (None when there is none, or this term answers nothing): the term says it again."""
    answered = {key(other) for _, other in own_answers}
    return next(
        (
            earlier
            for earlier in reversed(earlier_terms)
            if answered and answered & {key(other) for _, other in answers.get(key(earlier), ())}
        ),
        None,
    )
