"""What pages show, gathered from the database in a bounded number of queries and handed to the pure
modules (comparison, provenance, timeline). No request here: views pass in what the query string said."""

import datetime
from collections import Counter
from typing import NamedTuple

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Prefetch, Q, Subquery

from . import comparison, provenance, story, timeline
from .models import Actor, Counterpart, Demand, MonthlyTermCount, Side, Source, Statement, Topic, display_date
from .query import ALL_DATES, explorer_url

# A date range can hold thousands of terms: each side shows its latest few per topic, and says how many more.
TERMS_PER_TOPIC = 8
SIDES = {comparison.LEFT: Side.RUSSIA, comparison.RIGHT: Side.UKRAINE}


def counterpart_links(left_ids, right_ids):
    """Counterpart links among the terms, each turned to read left → right, whichever way it was stored."""
    left_ids, right_ids = set(left_ids), set(right_ids)
    everything = left_ids | right_ids
    links = []
    stored = Counterpart.objects.filter(demand__in=everything, answer__in=everything).values_list(
        "demand_id", "answer_id", "relation", "note"
    )
    for demand_id, answer_id, relation, note in stored:
        if demand_id in left_ids and answer_id in right_ids:
            links.append(comparison.Link(demand_id, answer_id, relation, note))
        elif answer_id in left_ids and demand_id in right_ids:
            links.append(comparison.Link(answer_id, demand_id, relation, note))
    return links


SIDE_OF_PARTY = {party.value: side for side, party in SIDES.items()}


def counts_in_range(in_range):
    """The number of terms in `in_range` by (LEFT or RIGHT, topic id): one aggregate."""
    return {
        (SIDE_OF_PARTY[row["party__side"]], row["topic_id"]): row["count"]
        for row in in_range.of_the_parties().counts_per_side_and_topic()
    }


def terms_in_range(date_range):
    """Each side's latest terms per topic in the range, and how many more each side has per topic."""
    in_range = Demand.objects.stated_between(date_range.start, date_range.end)
    sides = {side: in_range.for_party(party).latest_per_topic(TERMS_PER_TOPIC) for side, party in SIDES.items()}
    hidden = {
        key: count - TERMS_PER_TOPIC for key, count in counts_in_range(in_range).items() if count > TERMS_PER_TOPIC
    }
    return sides[comparison.LEFT], sides[comparison.RIGHT], hidden


def tally_of_range(date_range, *, url_of):
    """Each topic's number of terms per side in the range, with `url_of(topic)`, where its terms are shown, and
    the Summary (comparison.tally). Two queries, whatever the number of terms: no term is fetched."""
    in_range = Demand.objects.stated_between(date_range.start, date_range.end)
    return comparison.tally(
        [(topic.pk, topic) for topic in Topic.objects.all()], counts_in_range(in_range), url_of=url_of
    )


def comparison_of(left_statement, right_statement, date_range=ALL_DATES, *, topics=(), relation=None):
    """Both sides' terms aligned into rows by topic, with a summary: two statements' terms, or with a date
    range each party's terms in it. Queries do not grow with the number of terms."""
    if date_range:
        left_terms, right_terms, hidden = terms_in_range(date_range)
    else:
        left_terms = Demand.objects.filter(statement=left_statement)
        right_terms = Demand.objects.filter(statement=right_statement)
        hidden = {}
    left_terms = list(left_terms.with_related().in_document_order())
    right_terms = list(right_terms.with_related().in_document_order())
    links = counterpart_links([term.pk for term in left_terms], [term.pk for term in right_terms])
    groups = comparison.align(
        [(topic.pk, topic) for topic in Topic.objects.all()], left_terms, right_terms, links, hidden=hidden
    )
    groups = comparison.filter_groups(groups, topics=topics, relation=relation)
    return groups, comparison.summarise(groups, left_terms, right_terms, hidden=hidden)


def trace_of(statement):
    """The statement's Trace (provenance.py) in two queries: two levels of citation cover the articles held."""
    source = statement.source
    with_publisher = Source.objects.select_related("publisher")
    cited = {
        s.pk: s for s in source.cites.select_related("publisher").prefetch_related(Prefetch("cites", with_publisher))
    }
    graph = {source.pk: list(cited.values())} | {pk: list(s.cites.all()) for pk, s in cited.items()}
    return provenance.trace(source, statement.cited_source, lambda s: graph.get(s.pk, []))


# A menu is read, not searched: the latest statements with terms (the URL may name any other by id or slug).
PICKER_LIMIT = 150
PICKER_GROUPS = [(Side.RUSSIA, "Russia"), (Side.UKRAINE, "Ukraine"), ("other", "Others")]


def menu_rows():
    """The latest PICKER_LIMIT statements that hold terms, newest first, undated last, as flat rows: each with
    the side of its first term. Read in this order from statement_picker_idx (migration 0012), stopping at the
    menu's length."""
    terms = Demand.objects.filter(statement=OuterRef("pk"))
    # The first term's party, then its side: joined inside the subquery, PostgreSQL merge-joins the actors for
    # every statement (~4 ms for the menu); looked up by key, ~1 ms.
    first_party = Demand.objects.filter(statement=OuterRef(OuterRef("pk"))).order_by("position", "pk")
    side = Actor.objects.filter(pk=Subquery(first_party.values("party")[:1])).order_by().values("side")
    return (
        Statement.objects.filter(Exists(terms))
        .annotate(side=Subquery(side))
        .order_by(F("stated_on").desc(nulls_last=True), "title")
        .values_list(
            "slug", "stated_on", "date_precision", "date_basis", "actor__name", "title", "side", "actor__side"
        )[:PICKER_LIMIT]
    )


class Choice(NamedTuple):
    slug: str
    label: str  # “2 June 2025 — Russia: Memorandum”


def choice_label(day, precision, basis, actor_name, title):
    return f"{display_date(day, precision, basis)} — {actor_name}: {title}"


def statement_choices(*chosen):
    """The compare page's menus: every statement that holds terms, grouped by the side whose terms they are
    (Russia, Ukraine, then any other), newest first, the latest PICKER_LIMIT of them; and whatever statement the
    URL chose besides. Each a Choice, its label made here: the menus are two long lists, and a label per option
    built by the template costs more than the query. One query."""
    menu = [
        (side or actor_side, Choice(slug, choice_label(day, precision, basis, actor_name, title)))
        for slug, day, precision, basis, actor_name, title, side, actor_side in menu_rows()
    ]
    listed = {choice.slug for _, choice in menu}
    for statement in chosen:
        if statement is not None and statement.slug not in listed:
            listed.add(statement.slug)
            label = choice_label(
                statement.stated_on,
                statement.date_precision,
                statement.date_basis,
                statement.actor.name,
                statement.title,
            )
            menu.append((statement.actor.side, Choice(statement.slug, label)))

    def group(side):
        return side if side in (Side.RUSSIA, Side.UKRAINE) else "other"

    groups = [(label, [choice for side, choice in menu if group(side) == value]) for value, label in PICKER_GROUPS]
    return [(label, members) for label, members in groups if members]


def side_of_statement(statement):
    """Whose terms a statement holds: the party of its terms, or its speaker's side."""
    party_side = statement.demands.values_list("party__side", flat=True).first()
    return party_side or statement.actor.side


def topic_counts():
    """Every topic with its number of terms per side and its first and latest date, in two queries."""
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
    empty = {"russia": 0, "ukraine": 0, "first": None, "latest": None}
    return [(topic, by_topic.get(topic.pk, empty)) for topic in Topic.objects.all()]


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
        day_of=lambda term: term.stated_on,
        label_of=lambda term: term.statement.date_display,
    )
    return told, earlier


STORY_TERM_LIMIT = 300


def story_order(term):
    """Oldest first, undated last; within a day each statement's terms in document order (OLDEST_FIRST)."""
    return (term.stated_on is None, term.stated_on or datetime.date.min, term.statement_id, term.position, term.pk)


# Up to this many dated terms are drawn one by one; beyond, as counts per month, topic and side, each leading
# to the explorer for that month: a picture of 100,000 single marks says nothing.
TIMELINE_TERM_LIMIT = 600
UNDATED_LIMIT = 100


def monthly_counts():
    """Dated terms per (first day of the) month, side and topic, read from the counts the database keeps at write
    time (MonthlyTermCount): about 1,500 rows at 100,000 terms, in one query. A side's actors are added together."""
    counts = Counter()
    for month, side, topic, count in MonthlyTermCount.objects.per_side():
        counts[month, side, topic] += count
    return counts


def dated_terms():
    return Demand.objects.of_the_parties().exclude(stated_on=None).select_related("party", "topic", "statement")


class TimelineBasis(NamedTuple):
    topics: list
    lanes: dict  # topic id -> (lane index, topic)
    monthly: Counter  # (month, side, topic id) -> dated terms
    dated_count: int
    binned: bool  # more dated terms than are drawn one by one: the picture and table count them per month


def timeline_basis():
    """What the timeline's picture and its table both start from, in two queries: the topics, and the monthly
    counts, which give both the number of dated terms and, when there are many, the picture itself."""
    topics = list(Topic.objects.all())
    monthly = monthly_counts()
    dated_count = sum(monthly.values())
    return TimelineBasis(
        topics,
        {topic.pk: (index, topic) for index, topic in enumerate(topics)},
        monthly,
        dated_count,
        dated_count > TIMELINE_TERM_LIMIT,
    )


def timeline_of():
    """The timeline's picture and the undated terms, in four queries (five when the terms are drawn one by one).
    Its table is fetched on demand: timeline_table_of()."""
    topics, lanes, monthly, dated_count, binned = timeline_basis()
    explorer = explorer_url()
    dated = []
    if binned:
        # A side's bars on a lane lead to its terms on the topic; each month's own link is in the table.
        slug_of = {topic.pk: topic.slug for topic in topics}
        picture = timeline.monthly_picture(
            monthly,
            {pk: (lane, topic.name) for pk, (lane, topic) in lanes.items()},
            len(topics),
            lambda side, topic_id: f"{explorer}?party={side}&topic={slug_of[topic_id]}",
        )
    else:
        dated = list(dated_terms().oldest_first())
        picture = timeline.layout(
            timeline.term_marks(dated, {pk: lane for pk, (lane, _) in lanes.items()}), len(topics)
        )
    # Years' and quarters' links from one resolved address (ISO dates need no escaping), not a reverse() each.
    frame = picture and timeline.frame_svg(
        picture,
        [(topic.name, topic.get_absolute_url()) for topic in topics],
        lambda period: f"{explorer}?from={period.start.isoformat()}&to={period.end.isoformat()}",
    )
    undated = Demand.objects.of_the_parties().filter(stated_on=None).select_related("party", "topic", "statement")
    undated_shown = list(undated[:UNDATED_LIMIT])
    return {
        "topics": topics,
        "picture": picture,
        "frame": frame,
        "dated": dated,
        "dated_count": dated_count,
        "binned": binned,
        "undated": undated_shown,
        "undated_more": max(0, undated.count() - UNDATED_LIMIT) if len(undated_shown) == UNDATED_LIMIT else 0,
    }


def monthly_link():
    """Where a month's bar or row leads: the explorer's address is resolved once, not per bar (a side, a slug and
    ISO dates need no escaping)."""
    explorer = explorer_url()
    return lambda side, topic, period: (
        f"{explorer}?party={side}&topic={topic.slug}&from={period.start.isoformat()}&to={period.end.isoformat()}"
    )


def timeline_table_of(*, topic=None, side=None):
    """The table that stands in for the timeline's picture, narrowed to a topic and a side: the monthly counts
    when the picture counts them, else the dated terms one by one. Four queries with the page's data version."""
    topics, lanes, monthly, dated_count, binned = timeline_basis()
    months, dated = [], []
    if binned:
        rows = [
            {"month": month, "side": party_side, "topic_id": topic_id, "count": count}
            for (month, party_side, topic_id), count in monthly.items()
            if (topic is None or topic_id == topic.pk) and side in (None, party_side)
        ]
        rows.sort(key=lambda row: (row["month"], lanes[row["topic_id"]][0], row["side"] != Side.RUSSIA))
        months = timeline.monthly_marks(rows, lanes, dict(Side.choices), monthly_link())
    else:
        terms = dated_terms()
        if topic is not None:
            terms = terms.filter(topic=topic)
        if side is not None:
            terms = terms.for_party(side)
        dated = list(terms.oldest_first())
    return {
        "topics": topics,
        "dated_count": dated_count,
        "binned": binned,
        "months": months,
        "dated": dated,
        "table_filtered": topic is not None or side is not None,
    }


def statements_relying_on(source):
    """The statements whose words reached us through a publication we do not hold: carried by an article that
    cites it, directly or through one publication between (Euromaidan Press → ISW → TASS), or first published
    in it. Two queries, with the number of terms each holds."""
    citing = Source.objects.filter(Q(cites=source) | Q(cites__cites=source)).values("pk")
    return list(
        Statement.objects.filter(Q(source__in=citing) | Q(cited_source=source))
        .distinct()
        .select_related("actor", "source__publisher")
        .defer("source__body")
        .annotate(term_count=Count("demands", distinct=True))
        .order_by(F("stated_on").desc(nulls_last=True), "pk")
    )
