"""A term's provenance: inline as an htmx fragment, and as a full page at its own URL."""

import datetime
import re

import pytest
from django.urls import reverse

from negotiations.models import Demand, Statement, Wording
from negotiations.tests.factories import (
    ActorFactory,
    CounterpartFactory,
    DemandFactory,
    SourceFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db

NEUTRALITY = "neutrality"


@pytest.fixture
def neutrality(russia, ukraine):
    """A Russian term reported by an article that cites an assessment that cites the first publication."""
    first = SourceFactory(
        publisher=ActorFactory(name="TASS", kind="media"), published_on=datetime.date(2025, 6, 2), body=""
    )
    assessment = SourceFactory(
        publisher=ActorFactory(name="Institute for the Study of War", kind="think_tank"),
        published_on=datetime.date(2025, 6, 2),
    )
    assessment.cites.add(first)
    article = SourceFactory(
        publisher=ActorFactory(name="Euromaidan Press", kind="media"),
        published_on=datetime.date(2025, 6, 3),
        body="The first section demands recognition. It also calls for permanent Ukrainian neutrality.",
    )
    article.cites.add(assessment)
    statement = StatementFactory(
        actor=russia, source=article, cited_source=first, quote="It also calls for permanent Ukrainian neutrality."
    )
    demand = DemandFactory(slug=NEUTRALITY, party=russia, statement=statement, quote="permanent Ukrainian neutrality")
    answer = DemandFactory(party=ukraine, paraphrase="The right to join any security alliance, including NATO.")
    CounterpartFactory(demand=demand, answer=answer, relation="opposed")
    return demand


def test_provenance_page_shows_the_quote_highlighted_in_its_source(client, neutrality):
    response = client.get(reverse("demand_detail", args=[NEUTRALITY]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>permanent Ukrainian neutrality</mark>" in html
    assert "It also calls for " in html  # the passage around the quote
    assert "<html" in html


def test_provenance_page_shows_the_reporting_chain(client, neutrality):
    response = client.get(reverse("demand_detail", args=[NEUTRALITY]))
    html = response.content.decode()
    assert [source.publisher.name for source in response.context["trace"].chain] == [
        "Euromaidan Press",
        "Institute for the Study of War",
        "TASS",
    ]
    assert "Euromaidan Press, 3 June 2025" in html
    assert "TASS, 2 June 2025" in html


def test_provenance_htmx_returns_only_the_fragment(client, neutrality, hx):
    response = client.get(reverse("demand_detail", args=[NEUTRALITY]), **hx)
    assert response.template_name == "negotiations/demand_detail.html#provenance"
    html = response.content.decode()
    assert html.lstrip().startswith('<div class="provenance"')
    assert "<html" not in html


def test_provenance_history_restore_gets_the_full_page(client, neutrality, hx):
    response = client.get(reverse("demand_detail", args=[NEUTRALITY]), **hx, HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert response.template_name == "negotiations/demand_detail.html"


WORDS = re.compile(r'<p class="words">(.*?)</p>', re.S)


def words_line(html):
    """What the page says of whose words the quote is, as a reader reads it (tags dropped)."""
    (line,) = WORDS.findall(html)
    return re.sub(r"<[^>]+>", "", line).strip()


def test_reported_words_are_credited_to_the_publication_that_carries_them(client, neutrality, hx):
    Statement.objects.filter(pk=neutrality.statement_id).update(title="Russian memorandum")
    for headers in ({}, hx):  # the page, and the fragment the compare page opens inline
        html = client.get(reverse("demand_detail", args=[NEUTRALITY]), **headers).content.decode()
        assert words_line(html) == (
            "Euromaidan Press, reporting Russian memorandum (Russia): “permanent Ukrainian neutrality”"
        )


def test_own_words_are_credited_to_the_speaker(client, neutrality):
    Demand.objects.filter(pk=neutrality.pk).update(wording=Wording.OWN)
    html = client.get(reverse("demand_detail", args=[NEUTRALITY])).content.decode()
    assert words_line(html) == "Russia: “permanent Ukrainian neutrality”"


def test_answering_terms_are_listed_with_their_relation(client, neutrality):
    response = client.get(reverse("demand_detail", args=[NEUTRALITY]))
    html = response.content.decode()
    assert "The right to join any security alliance, including NATO." in html
    assert 'class="badge badge-opposed">Opposed' in html


def test_unknown_term_is_a_404(client, neutrality, hx):
    assert client.get(reverse("demand_detail", args=["no-such-term"])).status_code == 404
    assert client.get(reverse("demand_detail", args=["no-such-term"]), **hx).status_code == 404


def test_a_quote_missing_from_its_source_still_renders_the_quote_without_a_500(client, db):
    demand = DemandFactory(statement=StatementFactory(source=SourceFactory()))
    Demand.objects.filter(pk=demand.pk).update(quote="edited outside the admin")
    response = client.get(reverse("demand_detail", args=[demand.slug]))
    assert response.status_code == 200
    assert "edited outside the admin" in response.content.decode()


@pytest.mark.parametrize("answers", [1, 12])
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_provenance_queries_do_not_grow_with_the_answers(client, django_assert_num_queries, hx, answers, htmx):
    first, assessment, article = SourceFactory(), SourceFactory(), SourceFactory()
    assessment.cites.add(first)
    article.cites.add(assessment)
    demand = DemandFactory(statement=StatementFactory(source=article, cited_source=first))
    for _ in range(answers):
        CounterpartFactory(demand=demand)
    # data version, the term with its statement, its speaker, source and first publication (fetched beside),
    # the source's citations, their citations, the answering links, the term's corrections; and on the page (not in
    # the fragment, which does not show it) its status history
    with django_assert_num_queries(9 if htmx else 10):
        response = client.get(reverse("demand_detail", args=[demand.slug]), **(hx if htmx else {}))
    assert response.context["trace"].chain == [article, assessment, first]


def test_the_breadcrumb_leads_back_to_the_demands_as_the_main_navigation_does(client, neutrality):
    html = client.get(reverse("demand_detail", args=[NEUTRALITY])).content.decode()
    crumbs = html[html.index('<nav class="breadcrumb"') :]
    crumbs = crumbs[: crumbs.index("</nav>")]
    names = [re.sub(r"<[^>]+>", "", item) for item in re.findall(r"<li[^>]*>(.*?)</li>", crumbs)]
    assert names[:2] == ["Home", "Demands"] and len(names) == 3, names
    assert f'<a href="{reverse("demand_list")}">Demands</a>' in crumbs
    assert "Compare" not in crumbs
    # The main navigation marks the same section current.
    assert re.search(r'<a href="/demands/" aria-current="page">Demands</a>', html)


def test_a_quote_that_begins_with_a_mark_is_not_doubled_on_the_term_page(client, neutrality):
    Demand.objects.filter(slug=NEUTRALITY).update(quote="“permanent Ukrainian neutrality”", wording=Wording.OWN)
    html = client.get(reverse("demand_detail", args=[NEUTRALITY])).content.decode()
    assert 'Russia</a>:</span> <span class="words-quote">“‘permanent Ukrainian neutrality’”</span>' in html
    assert "““" not in html and "””" not in html
