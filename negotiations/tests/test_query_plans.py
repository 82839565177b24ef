"""The explorer's date-range query and the compare page's menus are answered from an index, at a realistic size
on PostgreSQL (and the menus on SQLite too)."""

import datetime

import pytest
from django.contrib.postgres.search import SearchQuery
from django.core.management import call_command
from django.db import connection

from negotiations.compare import fetch as assemble
from negotiations.models import DEMAND_SEARCH_VECTOR, Demand, Side, Statement, Topic
from negotiations.tests.factories import DemandFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_demands(db):
    if connection.vendor != "postgresql":
        pytest.skip("query plans are PostgreSQL's: this runs in the PostgreSQL pass of .ci/run")
    for position, slug in enumerate(["ceasefire", "territory", "nuclear", "humanitarian"], start=1):
        Topic.objects.create(slug=slug, name=slug.title(), position=position)
    call_command("seed_synthetic", demands=20_000, seed=1, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE negotiations_demand")


def plan(queryset):
    return queryset.explain()


def test_a_page_of_a_date_range_reads_the_date_index(many_demands):
    page = Demand.objects.stated_between(datetime.date(2025, 1, 1), datetime.date(2025, 6, 30)).newest_first()[:50]
    text = plan(page)
    assert "demand_newest_by_statement_idx" in text or "demand_stated_on_idx" in text, text
    assert "Seq Scan on negotiations_demand" not in text, text


def test_counting_a_date_range_reads_the_date_index(many_demands):
    text = plan(Demand.objects.stated_between(datetime.date(2025, 5, 1), datetime.date(2025, 5, 31)))
    assert "Index" in text and "stated_on" in text, text
    assert "Seq Scan on negotiations_demand" not in text, text


def test_free_text_search_reads_the_full_text_index(many_demands):
    query = SearchQuery("sanctions", config="english", search_type="websearch")
    text = plan(Demand.objects.alias(search=DEMAND_SEARCH_VECTOR).filter(search=query))
    assert "demand_search_idx" in text, text


def test_the_compare_menus_read_the_newest_statements_from_their_index(many_demands):
    text = plan(assemble.menu_rows())
    assert "statement_picker_idx" in text, text
    assert "Seq Scan on negotiations_statement" not in text, text


def test_the_compare_pages_default_memorandum_reads_the_statements_kind_index(many_demands):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE negotiations_statement")
    latest = Statement.objects.memoranda().filter(actor__side=Side.RUSSIA).order_by("-stated_on", "-pk")[:1]
    text = plan(latest)
    assert "statement_kind_date_idx" in text, text


def test_on_sqlite_the_compare_menus_are_read_in_order_from_their_index(db):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's plan; PostgreSQL's is tested above")
    DemandFactory.create_batch(3)
    text = plan(assemble.menu_rows())
    assert "SCAN negotiations_statement USING INDEX statement_picker_idx" in text, text
