"""A topic's story and the topics' counts, fetched in a bounded number of queries and handed to story.py."""

import datetime

from django.db.models import Count, Max, Min, Q

from negotiations.models import Counterpart, Demand, Side, Topic
from negotiations.topics import story


def topic_counts():
    """The topics either party holds terms on, each with its number of terms per side and its first and latest date;
    and the topics with none (their pages say why). Two queries."""
    rows = (
        Demand.objects.of_the_parties()
        .order_by()
        .values("topic_id")
        .annotate(
            russia=Count("pk", filter=Q(party__side=Side.RUSSIA)),
            ukraine=Count("pk", filter=Q(party__side=Side.UKRAINE)),
            first=Min("stated_on"),
            latest=Max("stated_on"),
        )
    )
    by_topic = {row["topic_id"]: row for row in rows}
    # A term saved between the two queries has no row: counted as none until the next render.
    empty = {"russia": 0, "ukraine": 0, "first": None, "latest": None}
    topics = list(Topic.objects.flag_terms())
    shown = [(topic, by_topic.get(topic.pk, empty)) for topic in topics if topic.has_terms]
    return shown, [topic for topic in topics if not topic.has_terms]


def story_of(topic):
    """The topic's story (story.py): both parties' terms in date order, with their counterparts, in five queries."""
    on_topic = Demand.objects.filter(topic=topic).of_the_parties()
    # A story is read, not searched: beyond this many terms it tells the latest, and the page says how many
    # earlier ones the explorer holds.
    latest = list(on_topic.with_related().newest_first()[:STORY_TERM_LIMIT])
    terms = sorted(latest, key=story_order)
    earlier = on_topic.count() - len(terms) if len(latest) == STORY_TERM_LIMIT else 0
    ids = [term.pk for term in terms]
    stored = Counterpart.objects.filter(Q(demand__in=ids) | Q(answer__in=ids)).select_related(
        "demand__party", "answer__party"
    )
    links = []
    for link in stored:
        if link.demand_id in ids:
            links.append((link.demand_id, link.answer, link.relation))
        if link.answer_id in ids:
            links.append((link.answer_id, link.demand, link.relation))
    told = story.tell(
        terms,
        links,
        side_of=lambda term: term.party.side,
        day_of=lambda term: term.placed_on,
        label_of=lambda term: term.statement.date_display,
    )
    return told, earlier


STORY_TERM_LIMIT = 300


def story_order(term):
    """Oldest first by place (an undated term at its report's date), what no dated report carries last; within a
    day each statement's terms in document order (OLDEST_FIRST)."""
    return (term.placed_on is None, term.placed_on or datetime.date.min, term.statement_id, term.position, term.pk)
