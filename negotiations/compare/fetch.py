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


def side_of_statement(statement):
    """Whose terms a statement holds: the party of its terms, or its speaker's side."""
    return statement.side_of_terms()
