"""The record pages as they stood at a past data version (citing/versions.py): the record, its statement and
source with their texts, its links and its reporting chain, each as it was then. No request here; a bounded
number of queries per page, whatever the size of the record. Each returns None when the record was not there."""

import datetime

from negotiations.citing import versions
from negotiations.citing.versions import Snapshot
from negotiations.models import Counterpart, Demand, Source, Statement, StatusChange
from negotiations.records import provenance


def trace_at(snapshot, statement):
    """As fetch.trace_of: two levels of citation, as the sources cited then."""
    source = statement.source
    first = snapshot.cites([source.pk])[source.pk]
    second = snapshot.cites([cited.pk for cited in first])
    snapshot.link([*first, *(s for cited in second.values() for s in cited)], "publisher")
    graph = {source.pk: first} | second
    return provenance.trace(source, statement.cited_source, lambda s: graph.get(s.pk, []))


def answers_at(snapshot, pk):
    """The term's links to the other party's terms, and those terms (with their party), as they stood."""
    links = snapshot.where(Counterpart, demand_id=pk) + snapshot.where(Counterpart, answer_id=pk)
    others = {link: link.answer_id if link.demand_id == pk else link.demand_id for link in links}
    found = snapshot.get(Demand, set(others.values()))
    snapshot.link(list(found.values()), "party")
    return [(link, found[other]) for link, other in others.items() if other in found]


def status_history_at(snapshot, pk):
    """As fetch.status_history: the term's status changes as they stood, in the rule's order, each with its evidence
    (as it stood, with its speaker and source) and its replacing term."""
    changes = snapshot.link(snapshot.where(StatusChange, demand_id=pk), "evidence", "superseded_by")
    for change in changes:
        versions.statement_at(snapshot, change.evidence)
    return sorted(changes, key=lambda change: (change.known_on or datetime.date.max, change.pk))


def demand_page(reading, pk):
    snapshot = Snapshot(reading.published_at)
    demand = snapshot.one(Demand, pk)
    if demand is None:
        return None
    versions.demand_at(snapshot, demand)
    statement = demand.statement
    return {
        "demand": demand,
        "statement": statement,
        "passage": provenance.passage_around(statement.source.body, demand.quote),
        "trace": trace_at(snapshot, statement),
        "answers": answers_at(snapshot, pk),
        "status_changes": status_history_at(snapshot, pk),
    }


def statement_page(reading, pk):
    snapshot = Snapshot(reading.published_at)
    statement = snapshot.one(Statement, pk)
    if statement is None:
        return None
    versions.statement_at(snapshot, statement)
    demands = snapshot.link(snapshot.where(Demand, statement_id=pk), "party", "topic")
    return {
        "statement": statement,
        "trace": trace_at(snapshot, statement),
        "demands": sorted(demands, key=lambda d: (d.topic.position, d.position, d.pk)),
        "passage": provenance.passage_around(statement.source.body, statement.quote),
    }


def newest_first(statements):
    return sorted(
        statements, key=lambda s: (s.stated_on is None, -(s.stated_on.toordinal() if s.stated_on else 0), s.pk)
    )


def relying_at(snapshot, pk):
    """As fetch.statements_relying_on, without the number of terms each holds."""
    pairs = versions.citations_at(snapshot.moment)
    near = {a for a, b in pairs if b == pk}
    citing = near | {a for a, b in pairs if b in near}
    statements = {s.pk: s for s in snapshot.where(Statement, source_id__in=citing)}
    statements |= {s.pk: s for s in snapshot.where(Statement, cited_source_id=pk)}
    for statement in statements.values():
        versions.statement_at(snapshot, statement)
    return newest_first(statements.values())


def source_page(reading, pk):
    snapshot = Snapshot(reading.published_at)
    source = snapshot.one(Source, pk)
    if source is None:
        return None
    cites, cited_by = snapshot.cites([pk])[pk], snapshot.cited_by(pk)
    snapshot.link([source, *cites, *cited_by], "publisher")
    statements = snapshot.link(snapshot.where(Statement, source_id=pk), "actor")
    demands = snapshot.link(snapshot.where(Demand, statement_id__in=[s.pk for s in statements]), "party")
    return {
        "source": source,
        "cites": cites,
        "cited_by": cited_by,
        "first_carried": snapshot.link(snapshot.where(Statement, cited_source_id=pk), "actor"),
        "statements": statements,
        "demands": demands,
        "relying": [] if source.body else relying_at(snapshot, pk),
    }
