"""The two copies each term keeps for the explorer's filters and counts (issue 25): its speaker (its statement's
actor) and its status today (statuses.status_on of its recorded changes). Every way the record changes keeps them
in step, and the curated and synthetic records carry them as the rule gives them."""

import datetime

import pytest
from django.core.management import call_command

from negotiations import statuses
from negotiations.models import Demand, StatusChange, Topic
from negotiations.tests.factories import (
    ActorFactory,
    DemandFactory,
    SourceFactory,
    StatementFactory,
    StatusChangeFactory,
)

pytestmark = pytest.mark.django_db


def status_by_rule(term):
    """The pure rule over the term's changes, in the order the database keeps them (pk on a day)."""
    changes = [
        statuses.Change(change.status, change.known_on, change.pk)
        for change in StatusChange.objects.filter(demand=term)
    ]
    return statuses.status_on(changes)


def assert_copies_in_step(terms=None):
    for term in terms if terms is not None else Demand.objects.select_related("statement"):
        term.refresh_from_db()
        assert term.speaker_id == term.statement.actor_id, term.slug
        assert term.current_status == status_by_rule(term), term.slug


def test_a_term_copies_its_statements_speaker_and_follows_a_new_one(russia):
    putin = ActorFactory(slug="putin", parent=russia)
    statement = StatementFactory(actor=russia)
    term = DemandFactory(statement=statement, party=russia)
    assert term.speaker == russia
    statement.actor = putin
    statement.save()
    term.refresh_from_db()
    assert term.speaker == putin
    assert list(Demand.objects.said_by(putin)) == [term]
    assert list(Demand.objects.said_by(russia)) == [term]  # a body takes in its members' words


def test_a_terms_status_today_follows_its_changes_saved_edited_and_deleted():
    term = DemandFactory()
    assert term.current_status == statuses.TermStatus.PUT_FORWARD
    early = StatementFactory(stated_on=datetime.date(2025, 6, 10))
    late = StatementFactory(stated_on=datetime.date(2025, 7, 1))
    countered = StatusChangeFactory(demand=term, status="countered", evidence=early)
    assert_copies_in_step([term])
    assert term.current_status == "countered"
    withdrawn = StatusChangeFactory(demand=term, status="withdrawn", evidence=late)
    assert_copies_in_step([term])
    assert term.current_status == "withdrawn"
    withdrawn.status = "agreed"
    withdrawn.save()
    assert_copies_in_step([term])
    assert term.current_status == "agreed"
    withdrawn.delete()
    assert_copies_in_step([term])
    assert term.current_status == "countered"
    StatusChange.objects.filter(pk=countered.pk).delete()  # a queryset's delete, as the admin's bulk action
    assert_copies_in_step([term])
    assert term.current_status == statuses.TermStatus.PUT_FORWARD


def test_a_change_moved_to_another_term_leaves_the_first_put_forward_again():
    first, second = DemandFactory(), DemandFactory()
    change = StatusChangeFactory(demand=first, status="agreed")
    change.demand = second
    change.save()
    assert_copies_in_step([first, second])
    assert (first.current_status, second.current_status) == ("put_forward", "agreed")


def test_a_new_date_for_the_evidence_reorders_the_changes_and_the_status_today():
    term = DemandFactory()
    first = StatementFactory(stated_on=datetime.date(2025, 6, 10))
    second = StatementFactory(stated_on=datetime.date(2025, 7, 1))
    StatusChangeFactory(demand=term, status="countered", evidence=first)
    StatusChangeFactory(demand=term, status="agreed", evidence=second)
    assert_copies_in_step([term])
    assert term.current_status == "agreed"
    first.stated_on = datetime.date(2025, 8, 1)  # the counter is now the later change
    first.save()
    assert_copies_in_step([term])
    assert term.current_status == "countered"


def test_a_new_date_for_an_undated_evidences_source_reorders_them_too():
    term = DemandFactory()
    source = SourceFactory(published_on=datetime.date(2025, 6, 5))
    undated = StatementFactory(source=source, stated_on=None, date_precision="unknown", date_basis="unknown")
    dated = StatementFactory(stated_on=datetime.date(2025, 7, 1))
    StatusChangeFactory(demand=term, status="countered", evidence=undated)
    StatusChangeFactory(demand=term, status="agreed", evidence=dated)
    assert_copies_in_step([term])
    assert term.current_status == "agreed"
    source.published_on = datetime.date(2025, 9, 1)
    source.save()
    assert_copies_in_step([term])
    assert term.current_status == "countered"


def test_the_curated_records_carry_both_copies_as_the_rule_gives_them():
    call_command("load_curated", verbosity=0)
    assert StatusChange.objects.exists()
    assert_copies_in_step()
    assert Demand.objects.exclude(current_status=statuses.TermStatus.PUT_FORWARD).exists()


def test_the_synthetic_records_carry_both_copies_as_the_rule_gives_them():
    for position, slug in enumerate(["ceasefire", "territory", "sanctions"], start=1):
        Topic.objects.create(slug=slug, name=slug.title(), position=position)
    call_command("seed_synthetic", demands=1500, seed=7, verbosity=0)
    changed = Demand.objects.filter(status_changes__isnull=False).distinct()
    assert changed.exists()
    assert_copies_in_step(list(changed.select_related("statement")) + list(Demand.objects.order_by("pk")[:200]))
