"""/demands/: the explorer. Filters by date range (edges included), party, topic, stance and words."""

import datetime
import re

import pytest

from negotiations import search
from negotiations.models import Demand, Wording
from negotiations.tests.factories import ActorFactory, DemandFactory, SourceFactory, StatementFactory, TopicFactory

pytestmark = pytest.mark.django_db

URL = "/demands/"


def slugs(response):
    return [demand.slug for demand in response.context["page"].object_list]


@pytest.fixture
def dated(russia, demand_on):
    return {
        "leap": demand_on(datetime.date(2024, 2, 29), slug="leap", party=russia),
        "may1": demand_on(datetime.date(2025, 5, 1), slug="may1", party=russia),
        "june30": demand_on(datetime.date(2025, 6, 30), slug="june30", party=russia),
        "july1": demand_on(datetime.date(2025, 7, 1), slug="july1", party=russia),
        "month": demand_on(datetime.date(2025, 6, 1), precision="month", slug="month", party=russia),
        "undated": demand_on(None, slug="undated", party=russia),
    }


def test_range_is_inclusive_at_both_ends(client, dated):
    response = client.get(URL, {"from": "2025-05-01", "to": "2025-06-30"})
    assert set(slugs(response)) == {"may1", "june30", "month"}


def test_the_count_names_the_range(client, dated):
    response = client.get(URL, {"from": "2025-05-01", "to": "2025-06-30"})
    assert "3 demands</strong> from 1 May 2025 to 30 June 2025" in response.content.decode()


def test_same_day_range(client, dated):
    assert slugs(client.get(URL, {"from": "2025-06-30", "to": "2025-06-30"})) == ["june30"]


def test_open_ended_ranges(client, dated):
    assert set(slugs(client.get(URL, {"from": "2025-06-30"}))) == {"june30", "july1"}
    assert set(slugs(client.get(URL, {"to": "2024-12-31"}))) == {"leap"}
    assert "since 30 June 2025" in client.get(URL, {"from": "2025-06-30"}).content.decode()


def test_leap_day_is_a_date(client, dated):
    assert slugs(client.get(URL, {"from": "2024-02-29", "to": "2024-02-29"})) == ["leap"]


def test_a_non_leap_29_february_is_not_a_date(client, dated):
    response = client.get(URL, {"from": "2025-02-29"})
    assert response.status_code == 200
    assert "Enter a real date as YYYY-MM-DD" in response.content.decode()
    assert slugs(response) == []


def test_imprecise_dates_are_filtered_by_their_recorded_day(client, dated):
    # A month-precision date is stored as the month's first day and labelled with the month alone.
    response = client.get(URL, {"from": "2025-06-01", "to": "2025-06-01"})
    assert slugs(response) == ["month"]
    assert "June 2025" in response.content.decode()


def test_undated_terms_are_listed_only_without_a_range(client, dated):
    assert "undated" in slugs(client.get(URL))
    assert "undated" not in slugs(client.get(URL, {"to": "2030-01-01"}))


def test_reversed_range_is_a_message_next_to_the_field(client, dated):
    response = client.get(URL, {"from": "2025-07-01", "to": "2025-05-01"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "swap the dates" in html
    assert '<p class="field-error" id="error-to">“To” is before “From”: swap the dates.</p>' in html


def test_newest_first_by_default(client, dated):
    newest = slugs(client.get(URL))
    # The undated term stands at the date of the report that carries it (the factory's, 3 June 2025), not last.
    assert newest == ["july1", "june30", "undated", "month", "may1", "leap"]


def test_oldest_first_on_request(client, dated):
    oldest = slugs(client.get(URL, {"sort": "oldest"}))
    assert oldest[0] == "leap"


@pytest.fixture
def filterable(russia, ukraine):
    territory = TopicFactory(slug="territory")
    nuclear = TopicFactory(slug="nuclear")
    DemandFactory(slug="ru-territory", party=russia, topic=territory, stance="demand")
    DemandFactory(slug="ru-nuclear", party=russia, topic=nuclear, stance="precondition")
    DemandFactory(slug="ua-territory", party=ukraine, topic=territory, stance="proposal")


def test_party_filter_keeps_that_partys_terms(client, filterable):
    assert set(slugs(client.get(URL, {"party": "russia"}))) == {"ru-territory", "ru-nuclear"}


def test_topic_filter_accepts_several_topics(client, filterable):
    assert set(slugs(client.get(URL, {"topic": ["territory", "nuclear"], "party": "russia"}))) == {
        "ru-territory",
        "ru-nuclear",
    }


def test_stance_filter_keeps_that_stance(client, filterable):
    assert slugs(client.get(URL, {"topic": "territory", "stance": "proposal"})) == ["ua-territory"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"party": "atlantis"}, "There is no party"),
        ({"topic": "weather"}, "There is no topic"),
        ({"stance": "maybe"}, "There is no stance"),
        ({"from": "01/05/2025"}, "Enter a real date"),
        ({"q": "x" * 201}, "at most 200 characters"),
        ({"q": "neutrality\x00"}, "Null characters are not allowed"),
    ],
)
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_bad_filters_get_a_clear_message(client, dated, hx, params, message, htmx):
    response = client.get(URL, params, **(hx if htmx else {}))
    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.parametrize("page", ["999", "-1", "abc", "99999999999999999999"])
def test_a_page_past_the_end_or_not_a_number_is_clamped_with_a_message(client, dated, page):
    response = client.get(URL, {"page": page})
    assert response.status_code == 200
    assert "There is no page" in response.content.decode()
    assert response.context["page"].number in (1, response.context["page"].paginator.num_pages)


def test_empty_result_says_so_and_offers_to_clear(client, dated):
    html = client.get(URL, {"from": "2030-01-01"}).content.decode()
    assert "No demand matches these filters" in html
    assert 'href="/demands/">Clear the filters' in html


def test_pagination_keeps_the_filters(client, russia, demand_on):
    for n in range(60):
        demand_on(datetime.date(2025, 5, 1) + datetime.timedelta(days=n), party=russia)
    response = client.get(URL, {"from": "2025-05-01", "party": "russia"})
    assert response.context["page"].paginator.num_pages == 2
    assert 'href="?from=2025-05-01&amp;party=russia&amp;page=2"' in response.content.decode()
    assert len(slugs(client.get(URL, {"from": "2025-05-01", "party": "russia", "page": "2"}))) == 10


def test_htmx_request_returns_only_the_results_fragment(client, dated, hx):
    response = client.get(URL, {"from": "2025-05-01"}, **hx)
    assert response.template_name == "negotiations/demand_list.html#results"
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="results"')
    assert "<html" not in html
    assert 'hx-swap-oob="true"' in html  # field messages travel with the fragment


def test_history_restore_gets_the_full_page(client, dated, hx):
    response = client.get(URL, **hx, HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert response.template_name == "negotiations/demand_list.html"
    assert 'hx-swap-oob="true"' not in response.content.decode()


@pytest.fixture
def searchable(russia, ukraine):
    zelenskyy = ActorFactory(
        slug="zelenskyy", name="Volodymyr Zelenskyy", aliases="Zelensky, Zelenskiy", side="ukraine"
    )
    return {
        "neutrality": DemandFactory(
            slug="neutrality", party=russia, paraphrase="Permanent Ukrainian neutrality.", quote="a neutral status"
        ),
        "withdraw": DemandFactory(
            slug="withdraw",
            party=russia,
            paraphrase="Ukraine leaves the four oblasts.",
            quote="complete withdrawal from these territories",
        ),
        "demobilise": DemandFactory(
            slug="demobilise",
            party=russia,
            paraphrase="Ukraine demobilises and ends martial law.",
            quote="demands Kyiv demobilize",
        ),
        "no-deal-without-ukraine": DemandFactory(
            slug="no-deal-without-ukraine",
            party=ukraine,
            statement=StatementFactory(actor=zelenskyy),
            paraphrase="No agreement about Ukraine without Ukraine.",
            quote="will not accept any agreements",
        ),
    }


def test_free_text_matches_the_paraphrase(client, searchable):
    assert "neutrality" in slugs(client.get(URL, {"q": "neutrality"}))


def test_free_text_matches_the_quote(client, searchable):
    assert slugs(client.get(URL, {"q": "agreements"})) == ["no-deal-without-ukraine"]


def test_free_text_matches_an_alias_of_the_speaker(client, searchable):
    # Zelensky is an alias of Volodymyr Zelenskyy, who voiced this term.
    assert "no-deal-without-ukraine" in slugs(client.get(URL, {"q": "Zelensky"}))


def test_free_text_is_never_sql(client, searchable):
    assert slugs(client.get(URL, {"q": "'; DROP TABLE negotiations_demand; --"})) == []
    assert Demand.objects.count() == len(searchable)


def test_free_text_uses_stemming_on_both_databases(client, searchable):
    # “withdrawals” stems to “withdraw”, as does the quote's “withdrawal”: PostgreSQL's full-text search, and
    # SQLite's FTS5 with the porter stemmer.
    assert "withdraw" in slugs(client.get(URL, {"q": "withdrawals"}))
    assert "demobilise" in slugs(client.get(URL, {"q": "DEMOBILISED"}))


def test_free_text_marks_the_matched_words(client, searchable):
    html = client.get(URL, {"q": "neutrality"}).content.decode()
    assert "Permanent Ukrainian <mark>neutrality</mark>." in html


@pytest.mark.parametrize("rows", [3, 40])
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_queries_do_not_grow_with_the_rows(client, django_assert_num_queries, russia, demand_on, hx, rows, htmx):
    for n in range(rows):
        demand_on(datetime.date(2025, 5, 1) + datetime.timedelta(days=n), party=russia)
    # data version, the party named in the URL, the page of rows with their speakers and sources (fetched
    # beside; no cited source here), the counts per party, topic, stance and status (the result count among them)
    # and per speaker, the actors and topics they name (the rows' statuses are their own column); the full page
    # also lists parties, speakers, sources, topics
    expected = 9 if htmx else 13
    with django_assert_num_queries(expected):
        client.get(URL, {"from": "2025-05-01", "party": "russia"}, **(hx if htmx else {}))


def test_a_days_terms_are_grouped_by_statement_in_document_order(client, russia):
    day = datetime.date(2025, 6, 2)
    memo = StatementFactory(actor=russia, kind="official_document", stated_on=day)
    remark = StatementFactory(actor=russia, kind="public_remark", stated_on=day)
    # Created out of order and interleaved, so that neither creation order nor id gives the answer.
    for position in [3, 1, 4, 2]:
        DemandFactory(party=russia, statement=memo, position=position)
        DemandFactory(party=russia, statement=remark, position=5 - position)
    rows = client.get(URL, {"from": "2025-06-02", "to": "2025-06-02", "party": "russia"}).context["page"].object_list
    statements = [demand.statement_id for demand in rows]
    # Each statement's terms form one run, and within it they keep their document order.
    runs = [statement for n, statement in enumerate(statements) if n == 0 or statements[n - 1] != statement]
    assert len(runs) == len(set(statements))
    in_memo = [demand.position for demand in rows if demand.statement == memo]
    assert in_memo == sorted(in_memo) and len(in_memo) == 4


def test_each_row_names_its_source_and_the_day_it_was_published(client, russia):
    source = SourceFactory(published_on=datetime.date(2025, 3, 4))
    DemandFactory(party=russia, statement=StatementFactory(actor=russia, source=source))
    html = client.get(URL).content.decode()
    assert f'data-label="Source">{source.publisher.name}, 4 March 2025</td>' in html


def test_a_searchs_words_are_read_once_a_request(client, searchable, monkeypatch):
    # The query, the facets' counts (two aggregates), the view and the marks all take the one list.
    calls = []
    monkeypatch.setattr(search, "words_of", lambda text, read=search.words_of: calls.append(text) or read(text))
    html = client.get(URL, {"q": "Neutrality of the", "stance": "demand"}).content.decode()
    assert calls == ["Neutrality of the"]
    assert "Permanent Ukrainian <mark>neutrality</mark>." in html


def test_a_search_of_stop_words_alone_finds_nothing(client, searchable):
    response = client.get(URL, {"q": "of the"})
    assert slugs(response) == []
    assert response.context["page"].paginator.count == 0


def test_each_row_says_whose_words_its_quote_is(client, searchable):
    Demand.objects.filter(slug="no-deal-without-ukraine").update(wording=Wording.OWN)
    html = client.get(URL).content.decode()
    rows = {
        slug: re.sub(r"<[^>]+>", "", quote).strip()
        for slug, quote in re.findall(r'href="/demands/([^/]+)/">.*?<p class="quote">(.*?)</p>', html, re.S)
    }
    statement = searchable["demobilise"].statement  # an official document, as the factory makes it
    speaker, publisher = statement.actor.name, statement.source.publisher.name
    assert rows["demobilise"] == f"{publisher}, reporting {statement.title} ({speaker}): “demands Kyiv demobilize”"
    assert rows["no-deal-without-ukraine"] == "Volodymyr Zelenskyy: “will not accept any agreements”"


def test_a_search_within_a_range_lists_and_counts_only_the_ranges_terms(client, russia, demand_on):
    # The search's terms are listed within the range (DemandFilter.search_condition): the page, its count and the
    # facets all keep the range, and a term found outside it is in none of them.
    inside = demand_on(datetime.date(2025, 5, 1), slug="inside", party=russia, paraphrase="A ceasefire now.")
    demand_on(datetime.date(2024, 5, 1), slug="outside", party=russia, paraphrase="A ceasefire then.")
    demand_on(datetime.date(2025, 5, 2), slug="other", party=russia, paraphrase="Neutral status.")
    response = client.get(URL, {"q": "ceasefire", "from": "2025-01-01", "to": "2025-12-31"})
    assert slugs(response) == [inside.slug]
    assert response.context["page"].paginator.count == 1
    party = next(facet for facet in response.context["facets"] if facet.name == "party")
    assert [value.count for value in party.values if value.count] == [1]


@pytest.mark.parametrize(
    "quote, shown",
    [
        ("“underscore the refusal” of the president", "“‘underscore the refusal’ of the president”"),
        ("demands for Ukrainian “neutrality”", "“demands for Ukrainian ‘neutrality’”"),
        ("“not at any price”", "“‘not at any price’”"),
    ],
)
def test_a_quote_that_begins_or_ends_with_a_mark_is_shown_without_doubled_marks(client, russia, quote, shown):
    DemandFactory(slug="quoted", party=russia, quote=quote, wording=Wording.OWN)
    html = client.get(URL).content.decode()
    (row,) = re.findall(r'<p class="quote">(.*?)</p>', html, re.S)
    text = re.sub(r"<[^>]+>", "", row)
    assert text.endswith(f": {shown}"), text
    assert "““" not in html and "””" not in html


def test_a_searched_word_is_marked_inside_a_quote_that_begins_with_a_mark(client, russia):
    DemandFactory(slug="quoted", party=russia, quote="“underscore the refusal” of the president")
    html = client.get(URL, {"q": "refusal"}).content.decode()
    assert "“‘underscore the <mark>refusal</mark>’ of the president”" in html
