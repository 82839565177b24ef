"""What the grid shows, fetched in a bounded number of queries whatever the number of terms, and handed to the pure
grid (grid.py): the statements named (one query), each position's latest terms per topic and its count per topic
(one query a position), every term shown (one query, and three for the speakers and sources beside), their
recorded status changes (one), the counterpart links among them (one) and the topics (one). No request here."""

from collections import defaultdict
from operator import attrgetter
from types import SimpleNamespace

from django.db.models import OuterRef, Q, Subquery

from negotiations.grid import grid
from negotiations.models import Actor, Counterpart, Demand, Side, Statement, StatusChange, Topic
from negotiations.web import statement_menus

# A position can hold tens of thousands of terms: each topic shows its latest few, and leads to the rest in the
# explorer (which counts them). Three: a column of positions stays readable beside the documents' columns.
TERMS_PER_TOPIC = 3


def statements_named(items):
    """The statements the items name, by id and by slug, each with `side`: the party of its first term (or its
    speaker's side). One query."""
    numbers = [item.statement for item in items if isinstance(item.statement, int)]
    slugs = [item.statement for item in items if isinstance(item.statement, str)]
    first_party = Demand.objects.filter(statement=OuterRef(OuterRef("pk"))).order_by("position", "pk")
    side = Actor.objects.filter(pk=Subquery(first_party.values("party")[:1])).order_by().values("side")
    found = (
        Statement.objects.filter(Q(pk__in=numbers) | Q(slug__in=slugs))
        .select_related("actor", "cited_source__publisher")
        .annotate(terms_side=Subquery(side))
    )
    named = {}
    for statement in found:
        statement.side = statement.terms_side or statement.actor.side
        named[statement.pk] = named[statement.slug] = statement
    return named


def default_statements():
    """The grid of no `docs`: the featured comparison's two statements (until the curators choose one, each party's
    latest memorandum), as the home page compares them, read again with their side (statements_named)."""
    featured = statement_menus.featured()
    if featured is not None:
        chosen = [featured.left, featured.right]
    else:
        chosen = [statement_menus.default_statement(None, side) for side in (Side.RUSSIA, Side.UKRAINE)]
    named = statements_named([SimpleNamespace(statement=statement.pk) for statement in chosen if statement])
    return [named[statement.pk] for statement in chosen if statement]


def position(side, day):
    """A party's position on `day` (DemandQuerySet.standing_on, statuses.py's rule): the ids of its latest
    TERMS_PER_TOPIC terms per topic, and the topic ids on which it holds more (DemandQuerySet.position_per_topic:
    queries that grow with the topics, not the terms)."""
    # The parties' ids, read first: named by a subquery, they keep PostgreSQL from walking a topic's terms down
    # demand_party_topic_place_idx (a 12 ms sort of the topic's terms instead of a 0.4 ms walk).
    parties = list(Actor.objects.filter(kind=Actor.Kind.STATE, side=side).values_list("pk", flat=True))
    latest, more = Demand.objects.filter(party__in=parties).position_per_topic(day, TERMS_PER_TOPIC)
    return {pk for pk, _ in latest}, more


def terms_of(statement_ids, position_ids):
    """Every term shown: the statements' and the positions' chosen ones, with their party, topic, statement, speaker
    and sources. One query, and three beside."""
    chosen = Q(statement__in=statement_ids) | Q(pk__in=position_ids)
    # In no order: each column puts its own terms in order (columns_of).
    return list(Demand.objects.filter(chosen).with_related().order_by())


def records_of(ids):
    """Each term's recorded status changes (grid.Recorded), in the rule's order, with the term that superseded it.
    One query."""
    records = defaultdict(list)
    changes = StatusChange.objects.filter(demand__in=ids).select_related("superseded_by").in_order()
    for change in changes:
        records[change.demand_id].append(grid.Recorded(change.status, change.known_on, change.pk, change.superseded_by))
    return records


def links_among(ids):
    """The counterpart links among the terms, as stored (grid.Link reads either way round). One query."""
    # Without the model's ordering (by the terms' dates), which would join the terms for nothing.
    stored = Counterpart.objects.filter(demand__in=ids, answer__in=ids).order_by()
    return [grid.Link(*row) for row in stored.values_list("demand_id", "answer_id", "relation", "note")]


def document_order(term):
    return (term.topic.position, term.position, term.pk)


def oldest_first(term):
    return (term.placed_on is None, term.placed_on, term.statement_id, term.position, term.pk)


def columns_of(specs, terms, records, positions):
    """The grid's columns, in the URL's order: a statement's terms in document order, a position's oldest first,
    kept only while standing on its day by statuses.py's rule (as the query chose them: a term is never shown in a
    position it no longer belongs to)."""
    columns = []
    for spec in specs:
        if isinstance(spec, Statement):
            held = sorted((term for term in terms if term.statement_id == spec.pk), key=document_order)
            columns.append(grid.Column(spec.slug, spec.side, held, label=spec))
            continue
        side, day = spec
        ids, more = positions[spec]
        chosen = sorted((term for term in terms if term.pk in ids), key=oldest_first)
        held = grid.standing(chosen, day, records_of=records, known_on=attrgetter("known_on"))  # Demand.known_on
        columns.append(grid.Column(f"{side}@{day.isoformat()}", side, held, day, more, label=(Side(side), day)))
    return columns


def grid_of(specs):
    """The rows of the grid of `specs` (each a Statement, or a (side, day) position), in the topics' order, and the
    columns. Queries: see the module's docstring."""
    positions = {spec: position(*spec) for spec in specs if not isinstance(spec, Statement)}
    statement_ids = [spec.pk for spec in specs if isinstance(spec, Statement)]
    position_ids = {pk for ids, _ in positions.values() for pk in ids}
    terms = terms_of(statement_ids, position_ids)
    ids = [term.pk for term in terms]
    records = records_of(ids)
    columns = columns_of(specs, terms, records, positions)
    topics = [(topic.pk, topic) for topic in Topic.objects.all()]
    return grid.align(topics, columns, links_among(ids), records), columns
