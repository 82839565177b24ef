"""What the record pages show beyond the record itself: a statement's reporting chain (provenance.py) and what
relies on a publication we do not hold, each in a bounded number of queries."""

from django.db.models import Count, F, Prefetch, Q

from negotiations.models import Source, Statement
from negotiations.records import provenance


def trace_of(statement):
    """The statement's Trace (provenance.py) in two queries: two levels of citation cover the articles held."""
    source = statement.source
    with_publisher = Source.objects.select_related("publisher")
    cited = {
        s.pk: s for s in source.cites.select_related("publisher").prefetch_related(Prefetch("cites", with_publisher))
    }
    graph = {source.pk: list(cited.values())} | {pk: list(s.cites.all()) for pk, s in cited.items()}
    return provenance.trace(source, statement.cited_source, lambda s: graph.get(s.pk, []))


def status_history(demand):
    """The term's recorded status changes in the rule's order (StatusChange.objects.in_order: the last is its status
    now, as statuses.status_on reads it), each with its evidence as the page shows it (speaker, reporter, source's
    publisher) and its replacing term: one query."""
    return list(
        demand.status_changes.in_order()
        .select_related("evidence__actor", "evidence__reported_by", "evidence__source__publisher", "superseded_by")
        .defer("evidence__source__body")
    )


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
