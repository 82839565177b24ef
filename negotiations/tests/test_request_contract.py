"""The request contract (pages.py, htmx.py, query.py): one rule for fragment or page, one canonical view
state per query string, and pure functions given what they need. Each test here was a real bug."""

import datetime

import pytest

from negotiations.compare.fetch import TERMS_PER_TOPIC
from negotiations.tests.factories import CounterpartFactory, DemandFactory, StatementFactory, TopicFactory

pytestmark = pytest.mark.django_db

URL = "/demands/?from=2025-05-01&to=2025-06-30"


@pytest.fixture
def terms(demand_on, russia):
    demand_on(datetime.date(2025, 6, 2), party=russia)


def test_an_htmx_request_saying_it_restores_no_history_does_not_poison_the_full_page(client, terms):
    fragment = client.get(URL, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="false")
    assert b"<html" not in fragment.content
    assert b"<html" in client.get(URL).content


def test_a_request_saying_it_is_not_htmx_does_not_poison_the_fragment(client, terms):
    page = client.get(URL, HTTP_HX_REQUEST="false")
    assert b"<html" in page.content
    assert b"<html" not in client.get(URL, HTTP_HX_REQUEST="true").content


def test_a_history_restore_gets_the_full_page_even_after_a_fragment_was_cached(client, terms, hx):
    client.get(URL, **hx)
    restored = client.get(URL, **hx, HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert b"<html" in restored.content


def test_junk_parameters_are_served_from_the_cache_of_the_view_state(client, terms, django_assert_num_queries):
    first = client.get(URL + "&utm_source=x&n=1")
    with django_assert_num_queries(1):  # the data version: no new render, no new cache entry
        again = client.get(URL + "&utm_source=y&n=2")
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]


def test_parameter_order_spelling_and_defaults_do_not_change_the_view_state(client, terms):
    first = client.get(URL)
    same = client.get("/demands/?to=2025-6-30&sort=newest&page=1&from=2025-05-01")
    assert same["ETag"] == first["ETag"]
    assert client.get(URL + "&sort=oldest")["ETag"] != first["ETag"]


def test_junk_parameters_do_not_travel_into_the_pages_links(client, terms):
    html = client.get(URL + "&utm_source=tracker").content.decode()
    assert "utm_source" not in html


def test_a_refused_query_is_not_cached(client, terms):
    bad = "/demands/?from=2025-13-01"
    assert "Enter a real date" in client.get(bad).content.decode()
    assert "Enter a real date" in client.get(bad).content.decode()


def test_more_links_stay_when_the_comparison_is_narrowed_to_a_relation(client, russia, ukraine):
    topic = TopicFactory(slug="territory", name="Territory")
    day = datetime.date(2025, 6, 2)
    russian = [
        DemandFactory(party=russia, topic=topic, statement=StatementFactory(actor=russia, stated_on=day))
        for _ in range(TERMS_PER_TOPIC + 3)
    ]
    answer = DemandFactory(party=ukraine, topic=topic, statement=StatementFactory(actor=ukraine, stated_on=day))
    # The latest terms (the first made, on a tie) are shown; the link joins one of them to Ukraine's term.
    CounterpartFactory(demand=russian[0], answer=answer, relation="opposed")
    response = client.get("/compare/", {"from": "2025-01-01", "to": "2025-12-31", "relation": "opposed"})
    (group,) = response.context["groups"]
    assert group.more_left == 3
    assert "3 more of Russia's terms on territory in this range" in response.content.decode()
    assert response.context["summary"].left_count == TERMS_PER_TOPIC + 3


# Issue 19: the address a swap leaves in the browser is the view state's canonical URL (web/htmx.push_url).

RESULTS = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "results"}


@pytest.mark.parametrize(
    ("asked", "pushed"),
    [
        ("/demands/?from=&to=&party=russia&said_by=&source=&stance=&q=", "/demands/?party=russia"),
        (
            "/demands/?q=%20ceasefire%20&from=2025-5-1&sort=newest&page=1&utm_source=x",
            "/demands/?from=2025-05-01&q=ceasefire",
        ),
        ("/demands/?topic=b&topic=a&topic=&sort=oldest&page=2", "/demands/?page=2&sort=oldest&topic=a&topic=b"),
        ("/demands/?from=&to=&party=&q=", "/demands/"),
        ("/statements/?from=&to=&actor=", "/statements/"),
    ],
)
def test_a_swap_of_the_results_pushes_the_canonical_state_without_empty_fields(client, terms, asked, pushed):
    response = client.get(asked, **RESULTS)
    assert response["HX-Push-Url"] == pushed
    # The same again from the page cache: the header is the request's, never stored with the page.
    assert client.get(asked, **RESULTS)["HX-Push-Url"] == pushed
    assert "HX-Push-Url" not in client.get(asked, HTTP_HX_REQUEST="true").headers


def test_the_compare_page_pushes_its_canonical_state(client, terms):
    response = client.get(
        "/compare/?left=&right=&from=&to=&relation=opposed", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="comparison"
    )
    assert response["HX-Push-Url"] == "/compare/?relation=opposed"


@pytest.mark.parametrize(
    ("url", "headers"),
    [
        # A full page, and a page restored by Back: the browser's address is already the page's.
        ("/demands/?party=", {}),
        (
            "/demands/?party=",
            {"HTTP_HX_REQUEST": "true", "HTTP_HX_HISTORY_RESTORE_REQUEST": "true", "HTTP_HX_TARGET": "results"},
        ),
        # Fragments fetched into a part of another page: a topic's terms opened in a compare range, the timeline's
        # table opened in its disclosure. Pushing their address would leave the page.
        ("/compare/?from=2025-01-01&to=2025-12-31&topic=x", {"HTTP_HX_REQUEST": "true"}),
        ("/timeline/table/?topic=", {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "timeline-table-body"}),
    ],
)
def test_other_responses_leave_the_address_alone(client, terms, url, headers):
    assert "HX-Push-Url" not in client.get(url, **headers).headers


def test_the_push_header_varies_with_the_target(client, terms):
    assert "HX-Target" in client.get(URL, **RESULTS)["Vary"]
