"""The proposer's inputs read from the database, and its proposals completed with what the record already holds
(issue 23): the other party's terms each may answer, ranked by likeness, and whether its quote is recorded.

The command line (`manage.py propose`), the admin's review queue and the measurement in bench/ all call
`candidates`, so a curator sees in the queue what the command prints.
"""

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import CharField, F, Func, Lookup, Q, TextField, Value
from django.db.models.functions import Replace, StrIndex
from django.db.models.lookups import GreaterThan

from negotiations import codebook
from negotiations.intake import proposals
from negotiations.intake.proposals import ActorInfo, Document, Proposal, TopicInfo
from negotiations.intake.typography import (
    DATABASE_MARKS,
    PLAIN_CHARACTERS,
    find_verbatim,
    plain_marks,
    typography_key,
)
from negotiations.models import Actor, Demand, Side, Statement, Topic

# Shown beside every list of counterparts, as the codebook words it (the queue's template reads these two).
RELATION_RULE = codebook.RELATION_RULE
RELATIONS = codebook.RELATIONS

COUNTERPARTS_SHOWN = 5
OTHER_PARTY_SIDE = {Side.RUSSIA: Side.UKRAINE, Side.UKRAINE: Side.RUSSIA}


@dataclass(frozen=True)
class CounterpartHint:
    """A term of the other party that a proposal may answer (on its topic, or another: `topic` says); `score`
    ranks within one list."""

    demand_id: int
    slug: str
    party: str  # actor slug
    topic: str  # topic slug
    quote: str
    paraphrase: str
    score: float
    url: str


@dataclass(frozen=True)
class RecordedHint:
    """A record whose quote overlaps the proposal's: it is already in the record, or part of it is."""

    kind: str  # "demand" or "statement"
    id: int
    url: str
    label: str


@dataclass(frozen=True)
class Candidate:
    proposal: Proposal
    counterparts: tuple[CounterpartHint, ...] = ()
    recorded: RecordedHint | None = None


def proposer_inputs() -> tuple[list[ActorInfo], list[TopicInfo]]:
    """Every actor and topic as the proposer reads them, in two queries."""
    topics = [
        TopicInfo(slug=topic.slug, name=topic.name, keywords=comma_list(topic.keywords))
        for topic in Topic.objects.all()
    ]
    return actors_as_read(), topics


def actors_as_read() -> list[ActorInfo]:
    """Every actor, as plain data (ActorInfo), in one query."""
    columns = ("slug", "name", "aliases", "kind", "side", "parent__slug")
    return [
        ActorInfo(slug=slug, name=name, aliases=comma_list(aliases), kind=kind, side=side, parent=parent)
        for slug, name, aliases, kind, side, parent in Actor.objects.values_list(*columns)
    ]


def comma_list(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def actor_named(name: str, actors: list[ActorInfo]) -> str | None:
    """The slug of the actor `name` names exactly (its slug, name or one of its aliases, case and typography set
    aside): a publisher as a page or a curator gives it ("Ukrainska Pravda", "UP"). None when it names no actor,
    or several: a guess would credit a text to the wrong publication."""
    wanted = typography_key(name).casefold()
    if not wanted:
        return None
    named = {
        actor.slug
        for actor in actors
        if wanted in {typography_key(spelling).casefold() for spelling in (actor.slug, actor.name, *actor.aliases)}
    }
    return named.pop() if len(named) == 1 else None


def publisher_named(name: str) -> Actor | None:
    """The actor `name` names (actor_named, over every actor in the record), or None."""
    slug = actor_named(name or "", actors_as_read())
    return None if slug is None else Actor.objects.filter(slug=slug).first()


def candidates(
    document: Document,
    inputs: tuple[list[ActorInfo], list[TopicInfo]] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> list[Candidate]:
    """The positions `document` proposes, in text order, each with its counterparts and whether it is recorded.
    Ranking the counterparts is the slow part (a query or two per proposal): `on_progress(done, total)` hears of
    each proposal ranked."""
    actors, topics = inputs or proposer_inputs()
    found = proposals.propose(document, actors, topics)
    sides = {actor.slug: actor.side for actor in actors}
    recorded = recorded_hints(document.text, found)
    completed = []
    for index, proposal in enumerate(found):
        counterparts = counterparts_of(proposal, sides)
        completed.append(Candidate(proposal=proposal, counterparts=counterparts, recorded=recorded.get(index)))
        if on_progress is not None:
            on_progress(index + 1, len(found))
    return completed


def counterparts_of(proposal: Proposal, sides: dict[str, str]) -> tuple[CounterpartHint, ...]:
    """The other party's terms the proposal may answer, the most alike in words first (DemandQuerySet.closest_to):
    those on its topic, then, to fill the list, those on other topics, each saying its topic. About half of the
    curated links cross topics (a ceasefire option asking demobilisation answers an unconditional ceasefire), and
    a topic may hold no term of the other side at all. None while its party is not proposed."""
    other_side = OTHER_PARTY_SIDE.get(sides.get(proposal.party or ""))
    if other_side is None:
        return ()
    theirs = Demand.objects.filter(party__side=other_side, party__kind=Actor.Kind.STATE).select_related(
        "party", "topic"
    )
    terms = []
    if proposal.topic is not None:
        terms = theirs.filter(topic__slug=proposal.topic).closest_to(proposal.quote, COUNTERPARTS_SHOWN)
        theirs = theirs.exclude(topic__slug=proposal.topic)
    if len(terms) < COUNTERPARTS_SHOWN:
        terms += theirs.closest_to(proposal.quote, COUNTERPARTS_SHOWN - len(terms))
    return tuple(
        CounterpartHint(
            demand_id=term.pk,
            slug=term.slug,
            party=term.party.slug,
            topic=term.topic.slug,
            quote=term.quote,
            paraphrase=term.paraphrase,
            score=float(term.likeness),
            url=term.get_absolute_url(),
        )
        for term in terms
    )


# --- Already recorded --------------------------------------------------------------------------------------


def recorded_hints(text: str, found: list[Proposal]) -> dict[int, RecordedHint]:
    """For each proposal (by its index) whose quote overlaps a recorded term's or statement's, that record: a term
    before a statement, the oldest first. One query for the whole document."""
    rows = sorted(recorded_overlapping(text, [proposal.quote for proposal in found]), key=lambda row: row[:2])
    hints = {}
    for index, proposal in enumerate(found):
        for kind, pk, slug, quote, who, what in rows:
            if overlaps(proposal, quote, text):
                hints[index] = recorded_hint(kind, pk, slug, who, what)
                break
    return hints


def recorded_overlapping(text: str, quotes: list[str]) -> list[tuple[str, int, str, str, str, str]]:
    """(kind, id, slug, quote, who, what) of the terms and statements whose quote may overlap one of `quotes`, read
    in one query: it stands in `text` (the common marks made plain on both sides, DATABASE_MARKS), or it holds one
    of `quotes` (any quote, apostrophe, dash or whitespace character matching any other, one for one). `overlaps`
    then judges each exactly; what differs in the length of a run of whitespace is not pre-selected."""
    if not quotes:
        return []
    plain_text = Value(plain_marks(text), output_field=TextField())
    condition = Q(GreaterThan(StrIndex(plain_text, plain_in_database("quote")), 0))
    for quote in quotes:
        condition |= Q(Like(F("quote"), Value(like_pattern(quote))))
    condition &= ~Q(quote="")
    demands = (
        Demand.objects.filter(condition)
        .order_by()
        .annotate(record_kind=Value("demand", CharField()), who=F("party__name"), what=F("paraphrase"))
        .values_list("record_kind", "pk", "slug", "quote", "who", "what")
    )
    statements = (
        Statement.objects.filter(condition)
        .order_by()
        .annotate(record_kind=Value("statement", CharField()), who=F("actor__name"), what=F("title"))
        .values_list("record_kind", "pk", "slug", "quote", "who", "what")
    )
    return list(demands.union(statements, all=True).order_by())


class Like(Lookup):
    """`lhs LIKE rhs`, the pattern as given (like_pattern): Django's `contains` escapes the wildcards it needs."""

    lookup_name = "like"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} LIKE {rhs} ESCAPE '\\'", (*lhs_params, *rhs_params)


def like_pattern(quote: str) -> str:
    """A LIKE pattern holding `quote` anywhere, each quote, apostrophe, dash and whitespace character of it a
    one-character wildcard, LIKE's own wildcards escaped."""
    escaped = []
    for char in quote.strip():
        if char in PLAIN_CHARACTERS or char.isspace():
            escaped.append("_")
        else:
            escaped.append("\\" + char if char in "%_\\" else char)
    return "%" + "".join(escaped) + "%"


def plain_in_database(field: str) -> Func:
    """`field` with DATABASE_MARKS made plain (as plain_marks makes them) by the database's replace(), on both
    SQLite and PostgreSQL."""
    expression: Func = F(field)
    for mark in DATABASE_MARKS:
        expression = Replace(expression, Value(mark), Value(PLAIN_CHARACTERS[mark]), output_field=TextField())
    return expression


def overlaps(proposal: Proposal, quote: str, text: str) -> bool:
    """True when the recorded `quote` and the proposal's share words in the text, typography set aside: one holds
    the other, or they overlap where the quote stands in the text (a quote across two sentences)."""
    recorded, proposed = typography_key(quote), typography_key(proposal.quote)
    if not recorded or not proposed:
        return False
    if recorded in proposed or proposed in recorded:
        return True
    span = find_verbatim(quote, text)
    return span is not None and span[0] < proposal.end and proposal.start < span[1]


def recorded_hint(kind: str, pk: int, slug: str, who: str, what: str) -> RecordedHint:
    if kind == "demand":
        return RecordedHint(kind, pk, Demand(slug=slug).get_absolute_url(), f"{who}: {what[:80]}")
    return RecordedHint(kind, pk, Statement(pk=pk).get_absolute_url(), f"{who}: {what}")


# --- As JSON -----------------------------------------------------------------------------------------------


def candidate_as_json(candidate: Candidate) -> dict:
    """A candidate as `manage.py propose --json` prints it: the proposal's fields, its counterparts and whether it
    is recorded."""
    proposal = candidate.proposal
    return {
        "quote": proposal.quote,
        "start": proposal.start,
        "end": proposal.end,
        "locator": proposal.locator,
        "speaker": proposal.speaker,
        "party": proposal.party,
        "reported_by": proposal.reported_by,
        "cited": proposal.cited,
        "stated_on": proposal.stated_on.isoformat() if proposal.stated_on else None,
        "date_precision": proposal.date_precision,
        "date_basis": proposal.date_basis,
        "date_note": proposal.date_note,
        "topic": proposal.topic,
        "stance": proposal.stance,
        "wording": proposal.wording,
        "cues": list(proposal.cues),
        "counterparts": [
            {
                "slug": hint.slug,
                "party": hint.party,
                "topic": hint.topic,
                "score": hint.score,
                "quote": hint.quote,
                "paraphrase": hint.paraphrase,
                "url": hint.url,
            }
            for hint in candidate.counterparts
        ],
        "recorded": None if candidate.recorded is None else dataclasses.asdict(candidate.recorded),
    }
