import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from negotiations.models import Counterpart, DataVersion, Demand, FeaturedComparison, Statement
from negotiations.tests.factories import (
    ActorFactory,
    CounterpartFactory,
    DemandFactory,
    SourceFactory,
    StateFactory,
    StatementFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


# --- constraints ------------------------------------------------------------------------------


def test_counterpart_between_two_demands_of_the_same_party_is_refused_by_the_database(russia):
    link = CounterpartFactory(demand=DemandFactory(party=russia), answer=DemandFactory(party=StateFactory()))
    with pytest.raises(IntegrityError), transaction.atomic():
        Counterpart.objects.filter(pk=link.pk).update(answer_party=russia)


def test_counterpart_save_copies_parties_so_a_same_party_link_fails_on_insert(russia):
    with pytest.raises(IntegrityError), transaction.atomic():
        CounterpartFactory(demand=DemandFactory(party=russia), answer=DemandFactory(party=russia))


def test_counterpart_linking_a_demand_to_itself_is_refused_by_the_database():
    demand = DemandFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Counterpart.objects.create(
            demand=demand, answer=demand, demand_party=demand.party, answer_party=StateFactory(), relation="opposed"
        )


def test_the_same_counterpart_pair_cannot_be_linked_twice():
    link = CounterpartFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CounterpartFactory(demand=link.demand, answer=link.answer)


def test_counterpart_clean_explains_a_same_party_link(russia):
    link = Counterpart(demand=DemandFactory(party=russia), answer=DemandFactory(party=russia), relation="opposed")
    with pytest.raises(ValidationError, match="two different parties"):
        link.clean()


def test_slugs_are_unique():
    ActorFactory(slug="putin", name="Vladimir Putin")
    with pytest.raises(IntegrityError), transaction.atomic():
        ActorFactory._meta.model.objects.create(slug="putin", name="Another", kind="person", side="russia")


def test_statement_reporter_cannot_be_its_actor():
    putin = ActorFactory(slug="putin")
    with pytest.raises(IntegrityError), transaction.atomic():
        StatementFactory(actor=putin, reported_by=putin)


def test_undated_statement_must_say_its_precision_is_unknown():
    with pytest.raises(IntegrityError), transaction.atomic():
        StatementFactory(stated_on=None, date_precision="day")
    assert StatementFactory(stated_on=None, date_precision="unknown").stated_on is None


def test_deleting_an_actor_with_statements_is_refused():
    statement = StatementFactory()
    with pytest.raises(ProtectedError):
        statement.actor.delete()


def test_deleting_a_source_with_statements_is_refused():
    statement = StatementFactory()
    with pytest.raises(ProtectedError):
        statement.source.delete()


def test_future_date_is_refused_by_validation():
    statement = StatementFactory.build(
        stated_on=datetime.date.today() + datetime.timedelta(days=2), source=SourceFactory(), actor=StateFactory()
    )
    with pytest.raises(ValidationError) as error:
        statement.full_clean()
    assert "stated_on" in error.value.message_dict


# --- the quote check --------------------------------------------------------------------------


def test_statement_quote_not_in_its_source_is_refused_with_a_message():
    statement = StatementFactory.build(source=SourceFactory(), actor=StateFactory(), quote="words nobody wrote")
    with pytest.raises(ValidationError) as error:
        statement.full_clean()
    assert "not in the text of its source" in error.value.message_dict["quote"][0]


def test_demand_quote_must_be_verbatim_including_typographic_quotes():
    source = SourceFactory(body="Russia’s memorandum demands “neutrality”.")
    statement = StatementFactory(source=source, quote="Russia’s memorandum")
    straight = DemandFactory.build(
        statement=statement, party=StateFactory(), topic=TopicFactory(), quote='"neutrality"'
    )
    with pytest.raises(ValidationError):
        straight.full_clean()
    curly = DemandFactory.build(statement=statement, party=StateFactory(), topic=TopicFactory(), quote="“neutrality”")
    curly.full_clean()


# --- dates copied from the statement ----------------------------------------------------------


def test_demand_takes_its_statement_date(demand_on):
    demand = demand_on(datetime.date(2025, 6, 2))
    assert demand.stated_on == datetime.date(2025, 6, 2)


def test_demand_date_follows_when_the_statement_changes(demand_on):
    demand = demand_on(datetime.date(2025, 6, 2))
    statement = demand.statement
    statement.stated_on = datetime.date(2025, 6, 1)
    statement.save()
    demand.refresh_from_db()
    assert demand.stated_on == datetime.date(2025, 6, 1)


# --- QuerySet methods -------------------------------------------------------------------------


def test_stated_between_is_inclusive_at_both_ends(demand_on):
    first = demand_on(datetime.date(2025, 5, 1))
    last = demand_on(datetime.date(2025, 6, 30))
    demand_on(datetime.date(2025, 4, 30))
    demand_on(datetime.date(2025, 7, 1))
    found = Demand.objects.stated_between(datetime.date(2025, 5, 1), datetime.date(2025, 6, 30))
    assert set(found) == {first, last}


@pytest.fixture
def early_late_undated(demand_on):
    return demand_on(datetime.date(2024, 2, 29)), demand_on(datetime.date(2025, 6, 2)), demand_on(None)


def test_stated_between_with_open_ends(early_late_undated):
    early, late, undated = early_late_undated
    assert set(Demand.objects.stated_between(None, datetime.date(2024, 12, 31))) == {early}
    assert set(Demand.objects.stated_between(datetime.date(2025, 1, 1), None)) == {late}
    assert set(Demand.objects.stated_between(None, None)) == {early, late, undated}


def test_stated_between_a_same_day_range(early_late_undated):
    early, _, _ = early_late_undated
    assert set(Demand.objects.stated_between(datetime.date(2024, 2, 29), datetime.date(2024, 2, 29))) == {early}


def test_reversed_range_finds_nothing(demand_on):
    demand_on(datetime.date(2025, 6, 2))
    assert not Demand.objects.stated_between(datetime.date(2025, 7, 1), datetime.date(2025, 5, 1)).exists()


def test_for_party_accepts_an_actor_a_slug_or_a_side(russia, ukraine):
    russian = DemandFactory(party=russia)
    DemandFactory(party=ukraine)
    assert list(Demand.objects.for_party(russia)) == [russian]
    assert list(Demand.objects.for_party("russia")) == [russian]
    assert Demand.objects.for_party("ukraine").get().party == ukraine


def test_said_by_chains_with_the_date_range():
    putin = ActorFactory(slug="putin")
    said = StatementFactory(actor=putin, stated_on=datetime.date(2025, 3, 14))
    StatementFactory(actor=putin, stated_on=datetime.date(2024, 7, 4))
    found = Statement.objects.said_by(putin).stated_between(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    assert list(found) == [said]


def test_said_by_includes_the_actors_members(russia):
    by_russia = StatementFactory(actor=russia)
    by_putin = StatementFactory(actor=ActorFactory(slug="putin", parent=russia))
    StatementFactory(actor=ActorFactory(slug="isw"))
    assert set(Statement.objects.said_by(russia)) == {by_russia, by_putin}


@pytest.fixture
def voiced_and_held(russia):
    putin = ActorFactory(slug="putin", parent=russia)
    voiced = DemandFactory(party=russia, statement=StatementFactory(actor=putin))
    held = DemandFactory(party=russia)
    return putin, voiced, held


def test_held_or_voiced_by_a_speaker_finds_the_terms_it_voiced(voiced_and_held):
    putin, voiced, _ = voiced_and_held
    assert set(Demand.objects.held_or_voiced_by(putin)) == {voiced}


def test_held_or_voiced_by_a_party_also_finds_what_its_members_voiced(russia, voiced_and_held):
    _, voiced, held = voiced_and_held
    assert set(Demand.objects.held_or_voiced_by(russia)) == {voiced, held}


# --- the featured comparison --------------------------------------------------------------------


def test_the_featured_comparison_copies_each_statements_party(featured):
    assert (featured.left_side, featured.right_side) == ("russia", "ukraine")
    assert featured.side_of("ukraine") == featured.right and featured.side_of("mediator") is None


def test_the_featured_comparison_is_one_row(featured, memoranda):
    second = FeaturedComparison(left=memoranda.right, right=memoranda.left)
    with pytest.raises(ValidationError, match="featured already: change it"):
        second.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        FeaturedComparison.objects.filter(pk=1).update(id=2)
    assert FeaturedComparison.objects.get().left == memoranda.left


def test_a_statement_compared_with_itself_is_refused_by_the_database(featured, memoranda):
    with pytest.raises(IntegrityError), transaction.atomic():
        FeaturedComparison.objects.filter(pk=1).update(right=memoranda.left)


def test_two_statements_of_one_party_are_refused_by_the_database(featured):
    with pytest.raises(IntegrityError), transaction.atomic():
        FeaturedComparison.objects.filter(pk=1).update(right_side="russia")


@pytest.fixture
def bad_choices(memoranda, russia):
    return {
        "itself": (memoranda.left, memoranda.left, "Choose two different statements"),
        "empty": (memoranda.left, StatementFactory(title="A remark", actor=russia), "“A remark” holds no terms"),
        "one party": (
            memoranda.left,
            DemandFactory(party=russia, statement=StatementFactory(actor=russia)).statement,
            "Both statements are Russia's",
        ),
    }


@pytest.mark.parametrize("choice", ["itself", "empty", "one party"])
def test_a_featured_comparison_that_would_show_nothing_or_one_party_is_explained(bad_choices, choice):
    left, right, message = bad_choices[choice]
    with pytest.raises(ValidationError, match=message):
        FeaturedComparison(left=left, right=right).full_clean()


def test_a_featured_statement_cannot_be_deleted(featured):
    with pytest.raises(ProtectedError):
        featured.left.delete()


def test_choosing_a_featured_comparison_advances_the_data_version(memoranda, django_capture_on_commit_callbacks):
    start = DataVersion.current().version
    with django_capture_on_commit_callbacks(execute=True):
        featured = FeaturedComparison.objects.create(left=memoranda.left, right=memoranda.right)
    assert DataVersion.current().version > start
    start = DataVersion.current().version
    with django_capture_on_commit_callbacks(execute=True):
        featured.delete()
    assert DataVersion.current().version > start
