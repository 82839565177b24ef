"""Actor, statement and source pages, and their lists: links both ways, bounded queries, 404s."""

import datetime

import pytest

from negotiations.models import Statement

from .factories import ActorFactory, DemandFactory, SourceFactory, StatementFactory

pytestmark = pytest.mark.django_db


def test_actor_page_shows_side_parent_statements_and_terms(client, curated):
    html = client.get("/actors/putin/").content.decode()
    assert "Vladimir Putin" in html and "Russia" in html
    assert "Putin at the SCO summit in Astana" in html
    assert "“irreversible” demilitarisation as a precondition" in html


def test_state_page_lists_the_terms_it_holds(client, curated):
    response = client.get("/actors/russia/")
    assert response.status_code == 200
    assert "Permanent Ukrainian neutrality." in response.content.decode()


def test_statement_page_shows_quote_chain_and_terms(client, curated):
    memo = Statement.objects.get(slug="russian-memorandum-2025-06-02")
    response = client.get(f"/statements/{memo.pk}/")
    html = response.content.decode()
    assert "<mark>Russia’s memorandum, published by TASS on 2 June, is split into three sections.</mark>" in html
    assert [source.publisher.slug for source in response.context["trace"].chain] == ["euromaidan-press", "isw", "tass"]
    assert html.count('href="/demands/ru-memo-') == 14


def test_source_page_marks_every_quoted_passage_with_a_link_to_its_record(client, curated):
    response = client.get("/sources/euromaidan-2025-06-03-memoranda/")
    html = response.content.decode()
    assert '<a class="quoted" href="/demands/ua-memo-unconditional-ceasefire/"><mark>' in html
    assert "Suspilne" not in response.context["cites"][0].publisher.name  # it cites ISW, which cites Suspilne
    text = "".join(text for text, _ in response.context["segments"])
    assert text == response.context["source"].body


def test_cited_source_without_text_says_so_and_lists_who_cites_it(client, curated):
    html = client.get("/sources/tass-2025-06-02-russian-memorandum/").content.decode()
    assert "We do not hold this publication's text" in html
    assert "Assessment of 2 June 2025" in html
    assert "Russian memorandum" in html


@pytest.mark.parametrize("url", ["/actors/nobody/", "/statements/999999/", "/sources/nothing/", "/statements/abc/"])
def test_unknown_records_are_404(client, db, url):
    assert client.get(url).status_code == 404


def test_statement_list_filters_by_date_range_and_actor(client, curated):
    response = client.get("/statements/", {"from": "2025-03-14", "to": "2025-03-14", "actor": "putin"})
    titles = [statement.title for statement in response.context["page"].object_list]
    assert titles == ["Putin on Ukrainian soldiers in the Kursk region"]


def test_statement_list_actor_includes_its_members(client, curated):
    response = client.get("/statements/", {"actor": "russian-delegation"})
    actors = {statement.actor.slug for statement in response.context["page"].object_list}
    assert actors == {"russian-delegation", "medinsky"}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": "2025-02-30"}, "Enter a real date"),
        ({"actor": "nobody"}, "There is no actor"),
        ({"from": "2025-06-02", "to": "2025-01-01"}, "swap"),
    ],
)
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_statement_list_bad_input_gets_a_message(client, curated, hx, params, message, htmx):
    response = client.get("/statements/", params, **(hx if htmx else {}))
    assert response.status_code == 200
    assert message in response.content.decode()


def test_statement_list_htmx_returns_the_fragment(client, russia, hx):
    StatementFactory(actor=russia, stated_on=datetime.date(2025, 6, 2))
    fragment = client.get("/statements/", {"from": "2025-01-01"}, **hx)
    assert fragment.template_name == "negotiations/statement_list.html#results"
    assert "<html" not in fragment.content.decode()


def test_statement_list_history_restore_gets_the_page(client, russia, hx):
    StatementFactory(actor=russia, stated_on=datetime.date(2025, 6, 2))
    restore = client.get("/statements/", **hx, HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert restore.template_name == "negotiations/statement_list.html"


@pytest.fixture
def make_records(russia):
    return lambda rows: records_of(russia, rows)


def records_of(russia, rows):
    putin = ActorFactory(slug="putin", parent=russia)
    source = SourceFactory(publisher=ActorFactory(kind="media"))
    for n in range(rows):
        statement = StatementFactory(actor=putin, source=source, stated_on=datetime.date(2025, 1, 1 + n))
        DemandFactory(party=russia, statement=statement)
    return source


@pytest.mark.parametrize("rows", [2, 20])
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # each also reads the data version its cache is keyed by
        ("/actors/", 2),
        ("/actors/putin/", 9),  # actor, members, statements (+ sources), terms (+ speakers, sources), publications
        ("/statements/", 5),  # count, page (+ sources), the actors in the filter's menu
        ("/sources/", 2),
    ],
)
def test_list_and_record_queries_do_not_grow_with_the_rows(
    client, django_assert_num_queries, make_records, rows, url, queries
):
    make_records(rows)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", [2, 20])
def test_source_page_queries_do_not_grow_with_the_quotes(client, django_assert_num_queries, make_records, rows):
    source = make_records(rows)
    # data version, source, statements, terms, cites, cited by, first carried
    with django_assert_num_queries(7):
        client.get(f"/sources/{source.slug}/")
