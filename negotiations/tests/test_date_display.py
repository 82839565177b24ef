"""A day the text does not give is never shown as if it did: report-dated records say so on every page
and list where their date appears."""

import datetime

import pytest

from negotiations.tests.factories import ActorFactory, DemandFactory, StatementFactory

pytestmark = pytest.mark.django_db

REPORTED = "14 March 2025 (date of report)"


@pytest.fixture
def report_dated(russia):
    putin = ActorFactory(slug="putin", name="Vladimir Putin", parent=russia)
    statement = StatementFactory(
        actor=putin, stated_on=datetime.date(2025, 3, 14), date_precision="day", date_basis="reported"
    )
    return DemandFactory(party=russia, statement=statement)


def test_a_report_dated_statement_displays_its_date_as_the_reports():
    statement = StatementFactory.build(stated_on=datetime.date(2025, 3, 14), date_basis="reported")
    assert statement.date_display == REPORTED


def test_a_relative_date_displays_as_approximate():
    statement = StatementFactory.build(
        stated_on=datetime.date(2025, 5, 1), date_precision="month", date_basis="relative"
    )
    assert statement.date_display == "May 2025 (approximate)"


def test_an_explicit_date_displays_plainly():
    statement = StatementFactory.build(stated_on=datetime.date(2025, 6, 2), date_basis="explicit")
    assert statement.date_display == "2 June 2025"


@pytest.mark.parametrize(
    "url", ["/statements/", "/actors/putin/", "/actors/russia/", "/demands/", "/timeline/", "/compare/?from=2025-01-01"]
)
def test_report_dated_records_say_so_where_they_are_listed(client, report_dated, url):
    assert REPORTED in client.get(url).content.decode()


def test_report_dated_records_say_so_on_their_own_pages(client, report_dated):
    assert REPORTED in client.get(report_dated.get_absolute_url()).content.decode()
    assert REPORTED in client.get(report_dated.statement.get_absolute_url()).content.decode()


def test_exports_carry_the_date_basis(client, report_dated):
    lines = b"".join(client.get("/demands/export.csv").streaming_content).decode().splitlines()
    (row,) = lines[1:]
    assert row.startswith("2025-03-14,14 March 2025 (date of report),day,reported,")
