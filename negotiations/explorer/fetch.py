"""What the explorer reads beside its filter: each listed term's status, and what its search reads from the whole
record, once per data version (web/caching.per_version): the table of spellings a search's words are expanded
with, and the words a search that found nothing may be offered instead. No request here: the filter passes in the
data version it reads at."""

from django.db.models import F
from django.utils.choices import BaseChoiceIterator

from negotiations import search
from negotiations.models import Actor, Demand, SearchVariant, Source, StatusChange, Topic
from negotiations.statuses import TermStatus
from negotiations.web import caching


def variant_table(version):
    """search.variant_table of the curators' variants and the actors' spellings of their names: a few hundred
    rows, read by the first search of a data version."""
    return caching.per_version("search-variants", version, read_variant_table)


def read_variant_table():
    groups = [variant.spellings() for variant in SearchVariant.objects.all()]
    for name, aliases in Actor.objects.values_list("name", "aliases"):
        groups.extend(search.name_spellings(name, aliases))
    return search.variant_table(groups)


def vocabulary(version):
    """Every word a search can find: the terms' paraphrases and quotes, topics, actors and sources' titles."""
    return caching.per_version("search-vocabulary", version, read_vocabulary)


def read_vocabulary():
    """Read as plain rows in chunks: at 100,000 terms the texts are tens of megabytes, never all in memory."""
    words = set()
    texts = [
        Demand.objects.values_list("paraphrase", "quote"),
        Topic.objects.values_list("name"),
        Actor.objects.values_list("name", "aliases"),
        Source.objects.values_list("title"),
    ]
    for rows in texts:
        for row in rows.order_by().iterator(chunk_size=5000):
            for text in row:
                words |= search.words_of_record(text)
    return frozenset(words)


class MenuChoices(BaseChoiceIterator):
    """A menu's options as (value, label) strings: read when the menu is rendered (a fragment shows no form: a
    BaseChoiceIterator, which a widget keeps as it is), once per data version (afresh without one); `also`, options
    it shows besides when missing (the chosen source)."""

    def __init__(self, name, version, field, also=()):
        self.name, self.version, self.field, self.also = name, version, field, also

    def read(self):
        return [("" if value is None else str(value), str(label)) for value, label in self.field.choices]

    def __iter__(self):
        options = per_version_rows(f"explorer-menu-{self.name}", self.version, self.read)
        shown = {value for value, _ in options}
        return iter([*options, *(option for option in self.also if option[0] not in shown)])


def per_version_rows(name, version, rows):
    """`rows()` (a queryset's rows) read once per data version (web/caching.per_version), as a list; read afresh
    without a version (a filter made outside a request)."""
    if version is None:
        return list(rows())
    return caching.per_version(name, version, lambda: list(rows()))


def with_statuses(demands, day=None):
    """The listed terms, each with its `status` on `day` (today's record when None): their latest changes
    (StatusChange.latest_by) in one query for the page's rows. As a subquery in the page's query it ran for every
    matching term whenever the page is DISTINCT (the topic filter's): at 100,000 terms, 3,906 runs for one topic.
    Today's status is the copy each term keeps (Demand.current_status): no query."""
    if day is None:
        for demand in demands:
            demand.status = demand.current_status
        return demands
    latest = StatusChange.objects.latest_by(day).filter(demand__in=[demand.pk for demand in demands])
    statuses = dict(latest.values_list("demand_id", "status")) if demands else {}
    for demand in demands:
        demand.status = statuses.get(demand.pk, TermStatus.PUT_FORWARD)
    return demands


def export_records(terms, day=None):
    """The terms' flat records for an export (DemandQuerySet.for_export), each with its `status` on `day` (today's
    record when None). The latest changes are read first, in one query (the status table is small), and looked up
    per row: as a subquery per row, the full export's SQL took 2.2 s instead of 0.6 s at 100,000 terms on
    PostgreSQL. Read now, in the caller's snapshot; the rows are streamed as they are sent."""
    if day is None:  # today's: the copy each term keeps (Demand.current_status)
        return terms.for_export().annotate(status=F("current_status")).iterator(chunk_size=2000)
    statuses = dict(StatusChange.objects.latest_by(day).values_list("demand_id", "status"))
    records = terms.for_export().annotate(term_id=F("pk")).iterator(chunk_size=2000)
    return ({**record, "status": statuses.get(record["term_id"], TermStatus.PUT_FORWARD)} for record in records)
