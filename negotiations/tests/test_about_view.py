"""/about/: purpose, coverage, the codebook (every topic, stance, relation, date precision and basis), the
provenance rules, how to cite and the licence."""

import datetime

import pytest
from django.utils.html import escape

from negotiations import codebook
from negotiations.dates import DateBasis, DatePrecision
from negotiations.models import Relation, Stance, Wording
from negotiations.statuses import TermStatus
from negotiations.tests.factories import DemandFactory, SourceFactory, StatementFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("vocabulary", "definitions"),
    [
        (Stance, codebook.STANCES),
        (Relation, codebook.RELATIONS),
        (DatePrecision, codebook.DATE_PRECISIONS),
        (DateBasis, codebook.DATE_BASES),
        (Wording, codebook.WORDINGS),
        (TermStatus, codebook.STATUSES),
    ],
    ids=["stances", "relations", "precisions", "bases", "wordings", "statuses"],
)
def test_every_value_of_every_vocabulary_has_its_definition(vocabulary, definitions):
    assert set(definitions) == set(vocabulary.values)
    assert all(definition.strip() for definition in definitions.values())


@pytest.fixture
def record(russia):
    TopicFactory(slug="territory", name="Territory", description="Recognition of control, withdrawals, borders.")
    SourceFactory(published_on=datetime.date(2024, 7, 5))
    statement = StatementFactory(
        actor=russia,
        title="Putin at the summit",
        date_basis="reported",
        source=SourceFactory(published_on=datetime.date(2025, 6, 3)),
    )
    DemandFactory(party=russia, statement=statement)


def test_about_page_shows_the_codebook(client, record):
    html = client.get("/about/").content.decode()
    assert "Recognition of control, withdrawals, borders." in html
    definitions_shown = (codebook.STANCES, codebook.RELATIONS, codebook.DATE_PRECISIONS, codebook.DATE_BASES)
    for definitions in (*definitions_shown, codebook.WORDINGS, codebook.STATUSES):
        for definition in definitions.values():
            assert escape(definition) in html
    assert escape(codebook.WORDING_RULE) in html
    for label in ("Red line", "Signal", "Partly compatible", "Date of the report (the text gives no date of its own)"):
        assert label in html
    # The provenance rule “Commentary is a statement”: what an analyst's reading of intent may never be.
    assert escape(codebook.COMMENTARY_RULE) in html
    # The statuses beside the stances, with the rule for choosing one and the as-of rule.
    assert escape(codebook.STATUS_RULE) in html and escape(codebook.STATUS_AS_OF_RULE) in html
    assert html.index('id="stances"') < html.index('id="statuses"') < html.index('id="relations"')
    for label in ("Accepted in principle", "Superseded"):
        assert f">{label}</dt>" in html


def test_about_page_gives_an_example_of_a_date_basis_from_the_record(client, record):
    assert "Example: <a" in client.get("/about/").content.decode()
    assert "Putin at the summit" in client.get("/about/").content.decode()


def test_about_page_shows_coverage_version_and_span(client, record):
    response = client.get("/about/")
    html = response.content.decode()
    assert dict(response.context["counts"])["Terms (demands)"] == 1
    assert "between 5 July 2024 and 3 June 2025" in html
    assert f"Data version</th><td>{response.context['data_version'].version}" in html


def test_about_page_says_how_to_cite_and_under_which_licence(client, record):
    html = client.get("/about/").content.decode()
    assert 'id="how-to-cite"' in html
    assert "as reported by Euromaidan Press, 3 June 2025" in html  # the citation names the chain
    assert "<code>?version=</code>" in html and "CSL-JSON and RIS" in html
    assert 'rel="license"' in html and "creativecommons.org/licenses/by/4.0/" in html
    assert 'id="provenance"' in html


def test_about_page_queries_are_bounded(client, record, django_assert_num_queries):
    # data version, the sources held, their span and the others (one aggregate), actors, statements, terms, links,
    # status changes, topics, and one example per date basis (five)
    with django_assert_num_queries(13):
        client.get("/about/")


@pytest.mark.django_db
def test_about_page_says_what_the_grids_differences_only_keeps(client):
    html = client.get("/about/").content.decode()
    assert escape(codebook.GRID_DIFFERENCES_RULE) in html
    assert 'href="/grid/"' in html
