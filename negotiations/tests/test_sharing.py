"""What a shared link previews: each record page and the compare page describe themselves (description, OpenGraph,
rel=canonical), with the absolute address of the record or view state, never the junk a link picked up."""

import html
import re

import pytest

from negotiations.tests.factories import DemandFactory, TopicFactory, as_a_fixture_load_leaves_them

pytestmark = pytest.mark.django_db


def sharing_of(response):
    """The page's description, OpenGraph properties and canonical link, as a link preview reads them."""
    assert response.status_code == 200
    page = response.content.decode()
    head = page.split("</head>", 1)[0]
    found = {
        name: html.unescape(value)
        for name, value in re.findall(r'<meta (?:name|property)="([a-z:_]+)" content="([^"]*)">', head)
    }
    canonical = re.findall(r'<link rel="canonical" href="([^"]*)">', head)
    found["canonical"] = html.unescape(canonical[0]) if canonical else None
    assert len(canonical) <= 1
    return found


def assert_describes_itself(tags, *, url, title, kind="article"):
    assert tags["description"] and tags["og:description"] == tags["description"]
    assert tags["og:title"] == title
    assert tags["og:url"] == tags["canonical"] == url
    assert tags["og:type"] == kind
    assert tags["og:site_name"] == "Ceasefire Positions"


@pytest.fixture
def published(memoranda):
    as_a_fixture_load_leaves_them()
    return memoranda


def test_a_term_page_describes_itself_with_its_paraphrase(client, published):
    term = published.terms["ru-recognise"]
    tags = sharing_of(client.get(term.get_absolute_url(), {"utm_source": "x", "fbclid": "y"}))
    url = "http://testserver/demands/ru-recognise/"
    assert_describes_itself(tags, url=url, title="Russia: Recognise the annexations.")
    assert tags["description"].startswith("Recognise the annexations.")
    assert "Territory" in tags["description"]


def test_a_term_read_at_a_past_version_is_canonical_to_that_version(client, memoranda, publish):
    term = memoranda.terms["ru-recognise"]
    version = publish()
    term.paraphrase = "Recognise the four annexations."
    term.save()
    publish()
    tags = sharing_of(client.get(term.get_absolute_url(), {"version": version, "junk": "1"}))
    assert tags["canonical"] == f"http://testserver/demands/ru-recognise/?version={version}"
    assert tags["og:title"] == "Russia: Recognise the annexations."
    assert f"data version {version}" in tags["description"]
    now = sharing_of(client.get(term.get_absolute_url()))
    assert now["canonical"] == "http://testserver/demands/ru-recognise/"
    assert now["og:title"] == "Russia: Recognise the four annexations."


def test_a_statement_page_describes_itself(client, published):
    statement = published.left
    tags = sharing_of(client.get(statement.get_absolute_url(), {"page": "3"}))
    assert_describes_itself(tags, url=f"http://testserver/statements/{statement.pk}/", title="Russian memorandum")
    assert statement.actor.name in tags["description"]
    assert "2 June 2025" in tags["description"]


def test_a_source_page_describes_itself(client, published):
    source = published.left.source
    tags = sharing_of(client.get(source.get_absolute_url(), {"q": "x"}))
    assert_describes_itself(tags, url=f"http://testserver/sources/{source.slug}/", title=source.title)
    assert source.publisher.name in tags["description"]


def test_an_actor_page_describes_itself(client, published):
    tags = sharing_of(client.get("/actors/russia/"))
    assert_describes_itself(tags, url="http://testserver/actors/russia/", title="Russia", kind="profile")
    assert "Russia" in tags["description"]


def test_a_topic_page_describes_itself(client, published):
    TopicFactory(slug="territory").__class__.objects.filter(slug="territory").update(description="Who holds what land.")
    tags = sharing_of(client.get("/topics/territory/", {"side": "x"}))
    assert_describes_itself(tags, url="http://testserver/topics/territory/", title="Territory")
    assert "Who holds what land." in tags["description"]


def test_the_compare_page_describes_the_comparison(client, published):
    params = {"left": published.left.pk, "right": "ua-memo", "utm_campaign": "z"}
    tags = sharing_of(client.get("/compare/", params))
    assert_describes_itself(
        tags,
        url="http://testserver/compare/?left=ru-memo&right=ua-memo",
        title="Russian memorandum and Ukrainian memorandum, term by term",
    )
    description = tags["description"]
    for words in ["Russian memorandum", "Ukrainian memorandum", "4 terms", "2 terms", "3 topics", "2 opposed"]:
        assert words in description, (words, description)


def test_a_date_range_comparison_describes_its_range(client, published):
    tags = sharing_of(client.get("/compare/", {"from": "2025-06-01", "to": "2025-06-30"}))
    assert tags["canonical"] == "http://testserver/compare/?from=2025-06-01&to=2025-06-30"
    assert "from 1 June 2025 to 30 June 2025" in tags["description"]


def test_the_address_is_the_host_asked_for_and_never_another_hosts_cached_page(client, published, settings):
    settings.ALLOWED_HOSTS = ["one.example", "two.example"]
    term = published.terms["ru-recognise"]
    first = sharing_of(client.get(term.get_absolute_url(), HTTP_HOST="one.example"))
    second = sharing_of(client.get(term.get_absolute_url(), HTTP_HOST="two.example"))
    assert first["canonical"] == "http://one.example/demands/ru-recognise/"
    assert second["canonical"] == "http://two.example/demands/ru-recognise/"


@pytest.mark.parametrize("path", ["/demands/", "/topics/", "/about/", "/timeline/"])
def test_other_pages_carry_the_sites_description(client, published, path):
    tags = sharing_of(client.get(path))
    assert "Russia" in tags["description"] and "Ukraine" in tags["description"]
    assert tags["og:site_name"] == "Ceasefire Positions"


def test_a_term_with_markup_in_its_paraphrase_is_escaped(client, russia):
    term = DemandFactory(party=russia, paraphrase='A "quoted" <b>term</b>.')
    tags = sharing_of(client.get(term.get_absolute_url()))
    assert tags["og:title"] == 'Russia: A "quoted" <b>term</b>.'
