"""What a production probe found on the public pages: a dead cache, stale browser copies, ids in other
scripts' digits, spreadsheet formulas in exports, exports cut off mid-stream, and unbounded searches."""

import csv
import datetime
import io
import json
import logging

import pytest
from django.db import OperationalError

from negotiations.explorer.filters import SEARCH_MAX_WORDS
from negotiations.tests.factories import ActorFactory, DemandFactory, SourceFactory, StatementFactory
from negotiations.web import caching
from negotiations.web.render_slots import render_slot

pytestmark = pytest.mark.django_db

PAGES = ["/", "/compare/", "/demands/", "/timeline/", "/actors/", "/sources/", "/statements/"]
PAGES += ["/about/", "/changes/", "/changes/feed/", "/demands/feed/", "/data/", "/data/datapackage.json"]
# Superscript two, circled one, Arabic-Indic three: str.isdigit() says yes to each, int() says no.
OTHER_SCRIPTS_DIGITS = ["%C2%B2", "%E2%91%A0", "%D9%A3"]


@pytest.fixture
def some_terms(demand_on, russia, ukraine):
    demand_on(datetime.date(2025, 6, 2), party=russia)
    demand_on(datetime.date(2025, 6, 1), party=ukraine)


@pytest.fixture
def dead_cache(settings, monkeypatch):
    """A Redis nobody listens on: connections are refused at once. The outage starts with this test."""
    monkeypatch.setattr(caching.outage, "down", False)
    settings.CACHES = {
        "default": {
            "BACKEND": "negotiations.web.redis_cache.PageCache",  # as in settings
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


@pytest.mark.parametrize("url", PAGES)
def test_pages_are_served_uncached_when_the_cache_is_down(client, some_terms, dead_cache, url):
    assert client.get(url).status_code == 200


def test_a_cache_outage_is_logged_once_not_per_request(client, some_terms, dead_cache, caplog):
    with caplog.at_level(logging.ERROR, logger="negotiations"):
        for url in PAGES:
            client.get(url)
    assert sum("page cache unavailable" in record.message for record in caplog.records) == 1


@pytest.mark.parametrize("headers", [{}, {"HTTP_HX_REQUEST": "true"}], ids=["page", "fragment"])
def test_pages_and_fragments_tell_browsers_to_revalidate(client, some_terms, headers):
    response = client.get("/demands/", **headers)
    assert "no-cache" in response["Cache-Control"]


def test_a_not_modified_answer_also_tells_browsers_to_revalidate(client, some_terms):
    first = client.get("/demands/")
    again = client.get("/demands/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert "no-cache" in again["Cache-Control"]


@pytest.mark.parametrize("digit", OTHER_SCRIPTS_DIGITS)
@pytest.mark.parametrize("url", ["/?left={}", "/compare/?right={}", "/demands/?page={}", "/statements/?page={}"])
def test_digits_of_other_scripts_in_an_id_are_not_a_500(client, some_terms, url, digit):
    assert client.get(url.format(digit)).status_code in {200, 400, 404}


def test_a_negative_page_shows_the_first_page_and_says_so(client, demand_on):
    for day in range(1, 29):
        demand_on(datetime.date(2025, 2, day))
        demand_on(datetime.date(2025, 3, day))
    response = client.get("/demands/?page=-1")
    assert response.context["page"].number == 1
    assert "There is no page by that name; showing page 1 of 2." in response.content.decode()


@pytest.fixture
def formula_term():
    body = "=HYPERLINK(evil) +SUM(1) -2 @cmd"
    source = SourceFactory(title="\tTabbed title", body=body, publisher=ActorFactory(name="@Outlet", kind="media"))
    statement = StatementFactory(source=source, actor=ActorFactory(name="-Speaker"), quote=body)
    return DemandFactory(statement=statement, paraphrase="=1+1", quote="+SUM(1)", locator="@A1")


def test_csv_export_neutralises_every_cell_a_spreadsheet_would_run(client, formula_term):
    response = client.get("/demands/export.csv")
    (row,) = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    dangerous = {name: value for name, value in row.items() if value[:1] in {"=", "+", "-", "@", "\t", "\r"}}
    assert dangerous == {}
    assert row["paraphrase"] == "'=1+1"
    assert row["quote"] == "'+SUM(1)"
    assert row["locator"] == "'@A1"
    assert row["said_by"] == "'-Speaker"
    assert row["source_publisher"] == "'@Outlet"
    assert row["source_title"] == "'\tTabbed title"


def test_json_export_keeps_the_exact_text(client, formula_term):
    response = client.get("/demands/export.json")
    (row,) = json.loads(b"".join(response.streaming_content))
    assert (row["paraphrase"], row["quote"], row["locator"]) == ("=1+1", "+SUM(1)", "@A1")


@pytest.fixture
def database_fails_on_the_second_row(demand_on, monkeypatch):
    for day in range(1, 4):
        demand_on(datetime.date(2025, 5, day))
    from negotiations.explorer import export

    real_row_of, rows = export.row_of, []

    def failing(*args):
        rows.append(args[0])
        if len(rows) == 2:
            raise OperationalError("server closed the connection unexpectedly")
        return real_row_of(*args)

    monkeypatch.setattr(export, "row_of", failing)


@pytest.mark.parametrize("extension", ["csv", "json"])
def test_an_export_cut_off_by_the_database_fails_instead_of_ending_cleanly(
    client, database_fails_on_the_second_row, extension
):
    response = client.get(f"/demands/export.{extension}")
    received = []
    with pytest.raises(OperationalError):
        for chunk in response.streaming_content:
            received.append(chunk)
    assert not b"".join(received).rstrip().endswith(b"]")


def test_a_search_of_too_many_words_is_refused_with_a_message(client, some_terms):
    words = " OR ".join(["russia"] * SEARCH_MAX_WORDS)
    response = client.get("/demands/", {"q": words})
    assert response.status_code == 200
    assert f"Search for {SEARCH_MAX_WORDS} words at most" in response.content.decode()
    assert response.context["page"].paginator.count == 0


def test_a_search_longer_than_the_field_is_refused_with_a_message(client, some_terms):
    response = client.get("/demands/", {"q": "x" * 201})
    assert "Ensure this value has at most 200 characters" in response.content.decode()


@pytest.fixture
def render_slots(settings, tmp_path):
    """One render slot, of this test's own (a server running from the same checkout has its own)."""
    settings.RENDER_SLOTS = 1
    settings.RENDER_SLOT_DIR = str(tmp_path / "slots")


@pytest.fixture
def one_render_slot_taken(render_slots):
    """Another worker is rendering a fresh page, and it holds the only slot."""
    with render_slot() as holding:
        assert holding
        yield


def test_a_fresh_render_is_refused_at_once_when_every_slot_is_taken(client, some_terms, one_render_slot_taken):
    response = client.get("/demands/?q=russia")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "The site is busy" in response.content.decode()


def test_a_cached_page_is_served_while_every_slot_is_taken(client, some_terms, render_slots):
    assert client.get("/actors/").status_code == 200
    with render_slot():
        assert client.get("/actors/").status_code == 200


def test_a_busy_answer_is_not_cached(client, some_terms, render_slots):
    with render_slot():
        assert client.get("/timeline/").status_code == 503
    assert client.get("/timeline/").status_code == 200


def test_a_slot_is_free_again_after_a_render(client, some_terms, render_slots):
    assert client.get("/demands/?q=russia").status_code == 200
    assert client.get("/demands/?q=ukraine").status_code == 200
