"""The status rule (statuses.py), pure, and its SQL reading in models.py held to it on the same records."""

import datetime
from collections import Counter

import pytest

from negotiations.models import Demand, StatusChange
from negotiations.statuses import Change, TermStatus, known_by, stands_on, status_on
from negotiations.tests.factories import DemandFactory, StatementFactory, StatusChangeFactory

D = datetime.date


def test_known_by_takes_the_end_of_a_month_or_year():
    assert known_by(D(2024, 10, 1), "month") == D(2024, 10, 31)
    assert known_by(D(2024, 1, 1), "year") == D(2024, 12, 31)
    assert known_by(D(2025, 6, 2), "day") == D(2025, 6, 2)
    assert known_by(D(2025, 3, 15), "unknown") == D(2025, 3, 15)  # an undated record's report date
    assert known_by(None, "day") is None


def test_status_on_reads_the_latest_change_known_by_the_day():
    changes = [Change("countered", D(2025, 3, 12), 1), Change("withdrawn", D(2025, 6, 2), 2)]
    assert status_on([], D(2025, 1, 1)) == TermStatus.PUT_FORWARD
    assert status_on(changes, D(2025, 3, 11)) == TermStatus.PUT_FORWARD
    assert status_on(changes, D(2025, 3, 12)) == "countered"
    assert status_on(changes, D(2025, 6, 2)) == "withdrawn"
    assert status_on(changes) == "withdrawn"
    # Two changes known the same day: record order decides.
    assert status_on([Change("agreed", D(2025, 5, 16), 2), Change("restated", D(2025, 5, 16), 1)]) == "agreed"


def test_a_withdrawn_or_superseded_term_no_longer_stands():
    put = D(2025, 3, 11)
    assert not stands_on(put, [], D(2025, 3, 10))  # not yet put forward
    assert stands_on(put, [], D(2025, 3, 11))
    assert not stands_on(put, [Change("withdrawn", D(2025, 4, 1))], D(2025, 4, 1))
    assert stands_on(put, [Change("withdrawn", D(2025, 4, 1))], D(2025, 3, 31))
    assert not stands_on(put, [Change("superseded", D(2025, 4, 1))], D(2025, 5, 1))
    # Restated after a withdrawal, it stands again.
    assert stands_on(put, [Change("withdrawn", D(2025, 4, 1)), Change("restated", D(2025, 5, 1))], D(2025, 5, 1))
    assert not stands_on(None, [], D(2025, 5, 1))


@pytest.mark.django_db
def test_the_queries_read_the_rule_as_the_pure_functions_do():
    """Terms and changes of every precision; on every day of a span, the SQL status and standing equal the pure
    rule's."""
    march = StatementFactory(stated_on=D(2025, 3, 1), date_precision="month", date_basis="explicit")
    day = StatementFactory(stated_on=D(2025, 3, 11))
    year = StatementFactory(stated_on=D(2024, 1, 1), date_precision="year", date_basis="explicit")
    undated = StatementFactory(stated_on=None, date_precision="unknown", date_basis="reported")
    terms = [DemandFactory(statement=s, party=DemandFactory().party) for s in (march, day, year, undated)]
    later = StatementFactory(stated_on=D(2025, 3, 20))
    StatusChangeFactory(demand=terms[0], status="countered", evidence=later)
    StatusChangeFactory(demand=terms[1], status="withdrawn", evidence=march)  # known only on 31 March
    StatusChangeFactory(demand=terms[1], status="restated", evidence=later)  # known on 20 March, then withdrawn
    StatusChangeFactory(demand=terms[2], status="superseded", superseded_by=terms[1], evidence=later)
    changes = {
        term.pk: [Change(c.status, c.known_on, c.pk) for c in StatusChange.objects.filter(demand=term)]
        for term in terms
    }
    precision = {term.pk: term.statement.date_precision for term in terms}
    for offset in range(0, 500, 3):
        on = D(2024, 6, 1) + datetime.timedelta(offset)
        standing = set(Demand.objects.filter(pk__in=[t.pk for t in terms]).standing_on(on).values_list("pk", flat=True))
        for term in Demand.objects.filter(pk__in=[t.pk for t in terms]):
            known = known_by(term.placed_on, precision[term.pk])
            assert (term.pk in standing) == stands_on(known, changes[term.pk], on), (term, on)
            for status in TermStatus.values:
                chosen = Demand.objects.filter(pk=term.pk).with_status_of([status], on).exists()
                assert chosen == (status_on(changes[term.pk], on) == status), (term, on, status)


@pytest.mark.django_db
def test_a_term_keeps_the_day_it_is_known_by_in_step_with_its_statement_and_source():
    """Demand.known_on is a copy (for the position's index): a corrected date, precision or report date moves it."""
    statement = StatementFactory(stated_on=D(2025, 3, 11))
    term = DemandFactory(statement=statement)
    assert term.known_on == D(2025, 3, 11)
    statement.stated_on, statement.date_precision = D(2025, 3, 1), "month"
    statement.save()
    term.refresh_from_db()
    assert term.known_on == D(2025, 3, 31)
    undated = StatementFactory(stated_on=None, date_precision="unknown", date_basis="reported")
    reported = DemandFactory(statement=undated)
    assert reported.known_on == undated.source.published_on
    undated.source.published_on = D(2025, 4, 2)
    undated.source.save()
    reported.refresh_from_db()
    assert reported.known_on == D(2025, 4, 2)


@pytest.mark.django_db
def test_a_position_per_topic_shows_the_latest_standing_terms_and_says_where_there_are_more():
    """position_per_topic walks past the ended terms among a topic's newest (however many crowd its window): it
    agrees with standing_on, ordered by place in date order, newest first, on days before and after the changes."""
    party = DemandFactory().party
    topics = [DemandFactory().topic, DemandFactory().topic]
    terms = [
        DemandFactory(party=party, topic=topics[n % 2], statement=StatementFactory(stated_on=D(2025, 1, 1 + n)))
        for n in range(16)
    ]
    evidence = StatementFactory(stated_on=D(2025, 2, 1))
    for term in terms[-11:]:  # the newest eleven, on both topics, withdrawn on 1 February: more than a window
        StatusChangeFactory(demand=term, status="withdrawn", evidence=evidence)
    StatusChangeFactory(demand=terms[0], status="superseded", superseded_by=terms[2], evidence=evidence)
    mine = Demand.objects.filter(party=party)
    for day in (D(2025, 1, 5), D(2025, 1, 31), D(2025, 2, 1), D(2025, 3, 1)):
        latest, more = mine.position_per_topic(day, 2)
        standing = list(mine.standing_on(day).order_by("-placed_on", "-id").values_list("pk", "topic_id"))
        expected = [row for topic in topics for row in [(pk, t) for pk, t in standing if t == topic.pk][:2]]
        assert sorted(latest) == sorted(expected), day
        assert more == {t for t, n in Counter(t for _, t in standing).items() if n > 2}, day
    latest, more = mine.position_per_topic(D(2025, 3, 1), 2)
    assert len(latest) == 4 and more == set()  # terms 2 and 4, 1 and 3: the rest withdrawn or superseded
