"""Undated terms stand at the date of the report that carries them (issue 19, problem 7): in the topic stories, the
explorer's two orders and the timeline's table, labelled “undated, reported by <date>” wherever they appear, never
after everything; a date range still holds only what was stated in it."""

import datetime

import pytest

from negotiations.dates import display_date
from negotiations.models import Demand, Statement
from negotiations.tests.factories import DemandFactory, SourceFactory, StatementFactory, TopicFactory

pytestmark = pytest.mark.django_db

MARCH_15 = datetime.date(2025, 3, 15)
REPORTED_BY = "undated, reported by 15 March 2025"


def test_an_undated_record_is_labelled_by_the_report_that_carries_it():
    assert display_date(None, "unknown", "relative", MARCH_15) == REPORTED_BY
    # No dated report: nothing bounds it, and nothing is invented.
    assert display_date(None, "unknown", "none", None) == "date unknown"
    # A dated record is shown by its own date whatever its report's.
    assert display_date(datetime.date(2025, 3, 1), "month", "explicit", datetime.date(2025, 3, 1)) == "March 2025"


# --- The curated records: the ISW item of the 15 March 2025 report (problem 7 as the reader saw it) -------------

ALTERNATIVE = "ru-2025-03-alternative-suspension-of-hostilities"


def test_the_ceasefire_story_places_the_march_report_before_june(client, curated):
    rows = client.get("/topics/ceasefire/").context["story"].rows
    labels = [row.label for row in rows]
    undated_row = next(row for row in rows if ALTERNATIVE in {entry.term.slug for entry in row.russia})
    assert undated_row.label == REPORTED_BY
    later = [row for row in rows[labels.index(REPORTED_BY) + 1 :] if row.day is not None]
    earlier = [row for row in rows[: labels.index(REPORTED_BY)] if row.day is not None]
    assert later and all(row.day >= MARCH_15 for row in later), labels
    assert all(row.day <= MARCH_15 for row in earlier), labels
    assert any(row.day.year == 2025 and row.day.month == 6 for row in later), labels


def test_the_label_shows_on_the_story_the_term_and_its_statement(client, curated):
    term = Demand.objects.get(slug=ALTERNATIVE)
    for url in ("/topics/ceasefire/", term.get_absolute_url(), term.statement.get_absolute_url()):
        assert REPORTED_BY in client.get(url).content.decode(), url


def test_the_explorers_oldest_first_ends_with_only_what_no_report_dates(client, curated):
    page = client.get("/demands/", {"sort": "oldest", "topic": "ceasefire"}).context["page"]
    slugs = [term.slug for term in page.object_list]
    assert slugs.index(ALTERNATIVE) < len(slugs) - 1
    after = page.object_list[slugs.index(ALTERNATIVE) + 1 :]
    assert all(term.placed_on >= MARCH_15 for term in after)
    # Whatever still ends the list has no dated report to bound it either (the Kyiv Post's undated capture of ISW).
    unplaced = Demand.objects.filter(placed_on=None)
    assert {term.statement.source.published_on for term in unplaced} == {None}
    assert (
        Demand.objects.filter(stated_on=None, statement__source__published_on__isnull=False, placed_on=None).count()
        == 0
    )


# --- Built records -----------------------------------------------------------------------------------------------


@pytest.fixture
def reported_in_march(russia):
    """Russia's terms: 1 March, 1 April and 2 June 2025, and one undated in a report of 15 March 2025."""
    topic = TopicFactory(slug="ceasefire", name="Ceasefire", position=1)

    def term(slug, day, source=None):
        statement = StatementFactory(
            actor=russia,
            stated_on=day,
            date_precision="day" if day else "unknown",
            date_basis="explicit" if day else "relative",
            **({"source": source} if source else {}),
        )
        return DemandFactory(slug=slug, party=russia, topic=topic, statement=statement)

    term("march1", datetime.date(2025, 3, 1))
    term("april1", datetime.date(2025, 4, 1))
    term("june2", datetime.date(2025, 6, 2))
    term("undated", None, SourceFactory(published_on=MARCH_15))
    return topic


def slugs(response):
    return [demand.slug for demand in response.context["page"].object_list]


def test_the_explorer_places_an_undated_term_by_its_report_in_both_orders(client, reported_in_march):
    assert slugs(client.get("/demands/", {"sort": "oldest"})) == ["march1", "undated", "april1", "june2"]
    assert slugs(client.get("/demands/")) == ["june2", "april1", "undated", "march1"]
    assert REPORTED_BY in client.get("/demands/").content.decode()


def test_a_date_range_still_holds_only_what_was_stated_in_it(client, reported_in_march):
    assert slugs(client.get("/demands/", {"from": "2025-03-01", "to": "2025-03-31"})) == ["march1"]


def test_the_story_places_it_and_labels_its_row(client, reported_in_march):
    rows = client.get("/topics/ceasefire/").context["story"].rows
    assert [row.label for row in rows] == ["1 March 2025", REPORTED_BY, "1 April 2025", "2 June 2025"]


def test_the_timeline_table_places_it_by_its_report_labelled(client, reported_in_march):
    response = client.get("/timeline/table/")
    assert [term.slug for term in response.context["dated"]] == ["march1", "undated", "april1", "june2"]
    assert REPORTED_BY in response.content.decode()


def test_the_export_keeps_the_iso_date_empty_and_says_the_same_words(client, reported_in_march):
    lines = b"".join(client.get("/demands/export.csv", {"sort": "oldest"}).streaming_content).decode().splitlines()
    assert lines[2].startswith(f',"{REPORTED_BY}",unknown,relative,')


def test_correcting_the_reports_date_moves_its_undated_terms(reported_in_march):
    source = Demand.objects.get(slug="undated").statement.source
    source.published_on = datetime.date(2025, 5, 20)
    source.save()
    assert Demand.objects.get(slug="undated").placed_on == datetime.date(2025, 5, 20)
    assert Statement.objects.get(pk=Demand.objects.get(slug="undated").statement_id).placed_on == source.published_on
    # A dated term of the same report keeps its own date.
    dated = DemandFactory(statement=StatementFactory(source=source, stated_on=datetime.date(2025, 5, 1)))
    source.published_on = datetime.date(2025, 5, 21)
    source.save()
    dated.refresh_from_db()
    assert dated.placed_on == datetime.date(2025, 5, 1)


def test_dating_a_statement_or_moving_it_to_another_report_moves_its_terms(reported_in_march):
    statement = Demand.objects.get(slug="undated").statement
    statement.source = SourceFactory(published_on=datetime.date(2025, 1, 10))
    statement.save()
    assert Demand.objects.get(slug="undated").placed_on == datetime.date(2025, 1, 10)
    statement.stated_on, statement.date_precision = datetime.date(2025, 1, 2), "day"
    statement.save()
    assert Demand.objects.get(slug="undated").placed_on == datetime.date(2025, 1, 2)
