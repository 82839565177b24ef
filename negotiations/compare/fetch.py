"""What the compare page shows, fetched in a bounded number of queries and handed to the pure comparison
(comparison.py). No request here: the view passes in what the query string said."""

from typing import NamedTuple

from django.db.models import Exists, F, OuterRef, Subquery

from negotiations.compare import comparison
from negotiations.dates import ALL_DATES, display_date
from negotiations.models import Actor, Counterpart, Demand, FeaturedComparison, Side, Statement, Topic

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
            "slug",
            "stated_on",
            "date_precision",
            "date_basis",
            "placed_on",
            "actor__name",
            "title",
            "side",
            "actor__side",
        )[:PICKER_LIMIT]
    )


class Choice(NamedTuple):
    slug: str
    label: str  # “2 June 2025 — Russia: Memorandum”


def choice_label(day, precision, basis, placed_on, actor_name, title):
    return f"{display_date(day, precision, basis, placed_on)} — {actor_name}: {title}"


def statement_choices(*chosen):
    """The compare page's menus: every statement that holds terms, grouped by the side whose terms they are
    (Russia, Ukraine, then any other), newest first, the latest PICKER_LIMIT of them; and whatever statement the
    URL chose besides. Each a Choice, its label made here: the menus are two long lists, and a label per option
    built by the template costs more than the query. One query."""
    menu = [
        (side or actor_side, Choice(slug, choice_label(day, precision, basis, placed_on, actor_name, title)))
        for slug, day, precision, basis, placed_on, actor_name, title, side, actor_side in menu_rows()
    ]
    listed = {choice.slug for _, choice in menu}
    for statement in chosen:
        if statement is not None and statement.slug not in listed:
            listed.add(statement.slug)
            label = choice_label(
                statement.stated_on,
                statement.date_precision,
                statement.date_basis,
                statement.placed_on,
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
    return statement.side_of_terms()


def featured():
    """The comparison the curators chose for the home page, with its statements; None until they choose one."""
    return FeaturedComparison.objects.current()


def default_statement(featured, side):
    """What a side the URL does not name shows: the featured comparison's statement of that party; until the
    curators choose a comparison (or when it holds none of that party), the party's latest memorandum."""
    chosen = featured.side_of(side) if featured is not None else None
    return chosen or Statement.objects.latest_memorandum_of(side)
