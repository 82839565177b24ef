"""What the timeline's picture and table show, fetched in a bounded number of queries and handed to the pure
picture.py. No request here: the views pass in what the query string said."""

from collections import Counter
from typing import NamedTuple

from negotiations.models import Actor, Demand, Side, Topic
from negotiations.timeline import picture as timeline
from negotiations.web import caching
from negotiations.web.query import explorer_url

# Up to this many dated terms are drawn one by one; beyond, as counts per month, topic and side, each leading
# to the explorer for that month: a picture of 100,000 single marks says nothing.
TIMELINE_TERM_LIMIT = 600


UNDATED_LIMIT = 100


def monthly_counts(version):
    """Dated terms per (first day of the) month, side and topic: about 1,500 cells at 100,000 terms. Counted
    live by the first render of a data version (count_monthly) and read from the cache by every other render of
    that version, the page's and its table's alike; every change advances the version (signals.py)."""
    return caching.per_version("timeline-monthly-counts", version, count_monthly)


def count_monthly():
    """The monthly counts, live: the terms are counted per month, actor and topic in the month index's order
    (Demand.objects.monthly_counts(), about 20 ms at 100,000 terms on either database), then each side's actors
    are added together. Two queries: grouped per side in SQL, the join to the actors made SQLite sort 100,000
    rows instead of counting as it reads the index (60-130 ms)."""
    side_of = dict(Actor.objects.filter(side__in=[Side.RUSSIA, Side.UKRAINE]).values_list("pk", "side"))
    counts = Counter()
    for row in Demand.objects.monthly_counts():
        side = side_of.get(row["party_id"])
        if side is not None:
            counts[row["month"], side, row["topic_id"]] += row["count"]
    return counts


def dated_terms():
    """The terms the picture draws: those the texts date."""
    return Demand.objects.of_the_parties().exclude(stated_on=None).select_related("party", "topic", "statement")


def placed_terms():
    """The terms the table lists one by one: the dated, and the undated at the date of the report that carries them
    (labelled so, Statement.date_display), never after everything. What no dated report carries is left to the
    list of undated terms."""
    return Demand.objects.of_the_parties().exclude(placed_on=None).select_related("party", "topic", "statement")


class TimelineBasis(NamedTuple):
    topics: list
    lanes: dict  # topic id -> (lane index, topic)
    monthly: Counter  # (month, side, topic id) -> dated terms
    dated_count: int
    binned: bool  # more dated terms than are drawn one by one: the picture and table count them per month


def timeline_basis(version):
    """What the timeline's picture and its table both start from, at a data version: the topics a party holds terms
    on (a lane each), and the monthly counts, which give both the number of dated terms and, when there are many,
    the picture itself. No query once the version's lanes and monthly counts are cached; three on the version's
    first render."""
    # The lanes, once per data version: which topics hold a term reads every term when one holds none (~30 ms on
    # PostgreSQL at 100,000 terms), for a list that changes only with the record.
    topics = caching.per_version("timeline-topics", version, lambda: list(Topic.objects.with_terms()))
    monthly = monthly_counts(version)
    dated_count = sum(monthly.values())
    return TimelineBasis(
        topics,
        {topic.pk: (index, topic) for index, topic in enumerate(topics)},
        monthly,
        dated_count,
        dated_count > TIMELINE_TERM_LIMIT,
    )


def timeline_of(version):
    """The timeline's picture and the undated terms at a data version, in four queries (five when the terms are
    drawn one by one), one more on the version's first render (it counts the months), one fewer on every other.
    Its table is fetched on demand: timeline_table_of()."""
    topics, lanes, monthly, dated_count, binned = timeline_basis(version)
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
        picture, len(topics), lambda period: f"{explorer}?from={period.start.isoformat()}&to={period.end.isoformat()}"
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


def timeline_table_of(version, *, topic=None, side=None):
    """The table that stands in for the timeline's picture at a data version, narrowed to a topic and a side: the
    monthly counts when the picture counts them, else the dated terms one by one. Four queries with the page's
    data version, one more on the version's first render, one fewer on every other."""
    topics, lanes, monthly, dated_count, binned = timeline_basis(version)
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
        terms = placed_terms()
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
