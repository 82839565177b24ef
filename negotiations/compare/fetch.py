"""What the compare page shows, fetched in a bounded number of queries and handed to the pure comparison
(comparison.py). No request here: the view passes in what the query string said."""

from negotiations.compare import comparison
from negotiations.dates import ALL_DATES
from negotiations.models import Counterpart, Demand, Side, Topic

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


def terms_in_range(date_range, counts=None):
    """Each side's latest terms per topic in the range, and how many more each side has per topic (from `counts`,
    counts_in_range's, when the caller has them)."""
    in_range = Demand.objects.stated_between(date_range.start, date_range.end)
    sides = {side: in_range.for_party(party).latest_per_topic(TERMS_PER_TOPIC) for side, party in SIDES.items()}
    counts = counts_in_range(in_range) if counts is None else counts
    hidden = {key: count - TERMS_PER_TOPIC for key, count in counts.items() if count > TERMS_PER_TOPIC}
    return sides[comparison.LEFT], sides[comparison.RIGHT], hidden


def range_over_every_topic(date_range, *, url_of):
    """A date range over every topic: (tallies, groups, summary). Counted (comparison.counted_only) when it holds
    too many terms for one page: each topic's number of terms per side, with `url_of(topic)`, where its terms are
    shown, and no term fetched (two queries, whatever the number of terms); otherwise side by side (tallies None).
    """
    counts = counts_in_range(Demand.objects.stated_between(date_range.start, date_range.end))
    if comparison.counted_only(counts):
        tallies, summary = comparison.tally([(topic.pk, topic) for topic in Topic.objects.all()], counts, url_of=url_of)
        return tallies, [], summary
    groups, summary = comparison_of(None, None, date_range, counts=counts)
    return None, groups, summary


def comparison_of(left_statement, right_statement, date_range=ALL_DATES, *, topics=(), relation=None, counts=None):
    """Both sides' terms aligned into rows by topic, with a summary: two statements' terms, or with a date
    range each party's terms in it (`counts`: the range's, when the caller has them). Queries do not grow with
    the number of terms."""
    if date_range:
        left_terms, right_terms, hidden = terms_in_range(date_range, counts)
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


def side_of_statement(statement):
    """Whose terms a statement holds: the party of its terms, or its speaker's side."""
    return statement.side_of_terms()
