"""Actor, statement and source pages, and their lists: links both ways, bounded queries, 404s."""

import datetime
import re
from types import SimpleNamespace

import pytest

from negotiations.models import DataVersion, Demand, Statement, Wording
from negotiations.tests.factories import ActorFactory, DemandFactory, SourceFactory, StatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def putin(russia):
    return ActorFactory(slug="putin", name="Vladimir Putin", side="russia", parent=russia)


@pytest.fixture
def putins_demand(russia, putin):
    statement = StatementFactory(actor=putin, title="Putin at the summit", kind="public_remark")
    return DemandFactory(party=russia, statement=statement, paraphrase="Demilitarisation as a precondition.")


def test_actor_page_shows_the_actors_side(client, putins_demand):
    assert "Russia" in client.get("/actors/putin/").content.decode()


def test_actor_page_links_to_the_actors_parent(client, putins_demand):
    assert 'href="/actors/russia/"' in client.get("/actors/putin/").content.decode()


def test_actor_page_lists_the_actors_statements(client, putins_demand):
    assert "Putin at the summit" in client.get("/actors/putin/").content.decode()


def test_actor_page_lists_the_terms_the_actor_voiced(client, putins_demand):
    assert "Demilitarisation as a precondition." in client.get("/actors/putin/").content.decode()


def test_state_page_lists_the_terms_it_holds(client, putins_demand):
    response = client.get("/actors/russia/")
    assert response.status_code == 200
    assert "Demilitarisation as a precondition." in response.content.decode()


@pytest.fixture
def reported_memorandum(memoranda):
    """The Russian memorandum as an article carries it, citing an assessment that cites the first publication."""
    first = SourceFactory(slug="tass-memo", title="Russian memorandum", body="", publisher=ActorFactory(slug="tass"))
    assessment = SourceFactory(
        slug="isw-memo", title="Assessment of 2 June 2025", body="", publisher=ActorFactory(slug="isw")
    )
    assessment.cites.add(first)
    article = memoranda.left.source
    article.cites.add(assessment)
    memoranda.left.cited_source = first
    memoranda.left.save()
    return SimpleNamespace(statement=memoranda.left, article=article, assessment=assessment, first=first)


def test_statement_page_marks_its_quote_in_the_passage(client, reported_memorandum):
    html = client.get(reported_memorandum.statement.get_absolute_url()).content.decode()
    assert f"<mark>{reported_memorandum.statement.quote}</mark>" in html


def test_statement_page_says_whose_words_its_quote_is(client, reported_memorandum):
    statement = reported_memorandum.statement
    publisher = statement.source.publisher.name
    html = client.get(statement.get_absolute_url()).content.decode()
    words = re.sub(r"<[^>]+>", "", re.search(r'<p class="words">(.*?)</p>', html, re.S).group(1)).strip()
    assert words == f"{publisher}, reporting Russian memorandum (Russia): “{statement.quote}”"
    Statement.objects.filter(pk=statement.pk).update(wording=Wording.OWN)
    DataVersion.advance()
    html = client.get(statement.get_absolute_url()).content.decode()
    assert '<span class="words-by"><a href="/actors/russia/">Russia</a>:</span>' in html


def test_source_page_says_whose_words_each_record_quotes(client, memoranda):
    ukraine = memoranda.right
    Demand.objects.filter(slug="ua-integrity").update(wording=Wording.OWN)
    html = client.get(ukraine.source.get_absolute_url()).content.decode()
    publisher = ukraine.source.publisher
    reported = f'<a href="{publisher.get_absolute_url()}">{publisher.name}</a>, reporting '
    assert f'Ukraine · the words: <span class="words-by">{reported}' in html  # the statement
    assert 'the words: <span class="words-by"><a href="/actors/ukraine/">Ukraine</a></span>' in html  # its own term


def test_statement_page_shows_the_reporting_chain(client, reported_memorandum):
    response = client.get(reported_memorandum.statement.get_absolute_url())
    assert response.context["trace"].chain == [
        reported_memorandum.article,
        reported_memorandum.assessment,
        reported_memorandum.first,
    ]


def test_statement_page_links_every_term(client, reported_memorandum, memoranda):
    html = client.get(reported_memorandum.statement.get_absolute_url()).content.decode()
    assert sum(f'href="/demands/{slug}/"' in html for slug in memoranda.terms if slug.startswith("ru-")) == 4


def test_source_page_marks_every_quoted_passage_with_a_link_to_its_record(client, db):
    term = DemandFactory(slug="ceasefire-term", quote="an unconditional ceasefire")
    response = client.get(term.statement.source.get_absolute_url())
    assert f'<a class="quoted" href="{term.statement.get_absolute_url()}"><mark>' in response.content.decode()
    assert f'<a class="quoted" href="/demands/{term.slug}/"><mark>' in response.content.decode()


def test_source_page_text_is_the_whole_body(client, memoranda):
    response = client.get(memoranda.left.source.get_absolute_url())
    text = "".join(text for text, _ in response.context["segments"])
    assert text == response.context["source"].body


def test_source_page_lists_what_it_cites(client, reported_memorandum):
    response = client.get(reported_memorandum.article.get_absolute_url())
    assert list(response.context["cites"]) == [reported_memorandum.assessment]


def test_cited_source_without_text_says_so(client, reported_memorandum):
    html = client.get(reported_memorandum.first.get_absolute_url()).content.decode()
    assert "We do not hold this publication's text" in html


def test_cited_source_lists_who_cites_it(client, reported_memorandum):
    html = client.get(reported_memorandum.first.get_absolute_url()).content.decode()
    assert "Assessment of 2 June 2025" in html


def test_cited_source_lists_what_it_first_published(client, reported_memorandum):
    html = client.get(reported_memorandum.first.get_absolute_url()).content.decode()
    assert "Russian memorandum" in html


@pytest.mark.parametrize("url", ["/actors/nobody/", "/statements/999999/", "/sources/nothing/", "/statements/abc/"])
def test_unknown_records_are_404(client, db, url):
    assert client.get(url).status_code == 404


def test_statement_list_filters_by_date_range_and_actor_together(client, putin):
    StatementFactory(actor=putin, title="In the range", stated_on=datetime.date(2025, 3, 14))
    StatementFactory(actor=putin, title="Before the range", stated_on=datetime.date(2025, 3, 13))
    StatementFactory(title="Someone else", stated_on=datetime.date(2025, 3, 14))
    response = client.get("/statements/", {"from": "2025-03-14", "to": "2025-03-14", "actor": "putin"})
    titles = [statement.title for statement in response.context["page"].object_list]
    assert titles == ["In the range"]


def test_statement_list_actor_includes_its_members(client, russia):
    delegation = ActorFactory(slug="russian-delegation", kind="organisation", parent=russia)
    StatementFactory(actor=delegation)
    StatementFactory(actor=ActorFactory(slug="medinsky", parent=delegation))
    StatementFactory(actor=ActorFactory(slug="isw"))
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
def test_statement_list_bad_input_gets_a_message(client, db, hx, params, message, htmx):
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
        # actor, members, statements (+ sources), terms (+ speakers, sources), publications, its corrections
        ("/actors/putin/", 10),
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
    # data version, source, statements, terms, cites, cited by, first carried, its corrections
    with django_assert_num_queries(8):
        client.get(f"/sources/{source.slug}/")
