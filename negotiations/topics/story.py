"""Pure topic-story logic: no request, no ORM. One topic's terms as two lanes in date order, so that a reader
sees which side raised what first and what was said again later. Tested directly in tests/test_story.py."""

from dataclasses import dataclass, field

RUSSIA, UKRAINE = "russia", "ukraine"


@dataclass(frozen=True)
class Entry:
    term: object
    first: bool  # the side's first term on this topic
    restates: object = None  # an earlier term of the same side answering the same terms of the other side
    answers: tuple = ()  # (relation, other side's term) pairs


@dataclass
class Row:
    """The terms stated on one date (or, at the end, without a date), each side in its lane."""

    day: object
    label: str  # the date as the texts give it (“October 2024”, “2 June 2025”)
    russia: list = field(default_factory=list)
    ukraine: list = field(default_factory=list)


@dataclass
class Story:
    rows: list
    first_day: dict  # side → the date its first dated term was stated (absent when none)
    counts: dict  # side → number of terms

    @property
    def opened_by(self):
        """The side that raised the topic first, or None when both did on the same day or the dates are missing."""
        days = {side: day for side, day in self.first_day.items() if day is not None}
        if len(days) < 2:
            return next(iter(days), None)
        russia, ukraine = days[RUSSIA], days[UKRAINE]
        return None if russia == ukraine else (RUSSIA if russia < ukraine else UKRAINE)


def tell(terms, links, *, side_of, day_of, label_of=None, key=lambda term: term.pk):
    """The story of `terms` (already in date order, undated last) of one topic.

    `links` are (term key, other term, relation) triples: each term's counterparts, from either end.
    `side_of(term)` is RUSSIA or UKRAINE; `day_of(term)` its date or None; `label_of(term)` the date as shown.
    Terms share a row when they share both (a month-precision date is not the first of that month).
    """
    answers = {}
    for term_key, other, relation in links:
        answers.setdefault(term_key, []).append((relation, other))
    seen = {RUSSIA: [], UKRAINE: []}
    rows, by_day = [], {}
    first_day = {}
    for term in terms:
        side, day, term_key = side_of(term), day_of(term), key(term)
        own_answers = tuple(answers.get(term_key, ()))
        answered = {key(other) for _, other in own_answers}
        restates = next(
            (
                earlier
                for earlier in reversed(seen[side])
                if answered and answered & {key(other) for _, other in answers.get(key(earlier), ())}
            ),
            None,
        )
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
