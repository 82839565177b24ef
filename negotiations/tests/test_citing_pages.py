"""Every demand, statement and source page, and the compare page, carries a citation with the data version;
demand and statement pages carry schema.org JSON-LD that parses; sources say where the original is."""

import datetime
import json
import re

import pytest

from negotiations.models import DataVersion, Demand, Wording
from negotiations.tests.factories import ActorFactory, SourceFactory

pytestmark = pytest.mark.django_db

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(html):
    (block,) = LD_JSON.findall(html)
    return json.loads(block)


def today():
    day = datetime.date.today()
    return f"{day.day} {day:%B %Y}"


def test_a_demand_page_carries_a_citation_with_the_data_version(client, memoranda):
    demand = memoranda.terms["ru-recognise"]
    response = client.get(demand.get_absolute_url())
    html = response.content.decode()
    version = DataVersion.current().version
    publisher = demand.statement.source.publisher.name
    assert (
        f"Russian memorandum (Russia), 2 June 2025, as reported by {publisher}, 3 June 2025. Ceasefire Positions, "
        f"record of the term, paraphrased: Recognise the annexations. Data version {version} of "
    ) in html
    # The permalink is a link, to the record as it stands at the version cited.
    permalink = f"http://testserver/demands/ru-recognise/?version={version}"
    assert f'<a class="address" href="{permalink}">{permalink}</a>, retrieved {today()}.</p>' in html
    assert "@misc{ceasefire-positions:demand:ru-recognise," in html
    assert "<summary>CSL-JSON" in html and "<summary>RIS" in html
    assert "TY  - DATA" in html and "&quot;type&quot;: &quot;dataset&quot;" in html


def test_a_demand_page_carries_a_quotation_in_json_ld(client, memoranda):
    demand = memoranda.terms["ru-recognise"]
    data = json_ld(client.get(demand.get_absolute_url()).content.decode())
    assert data["@type"] == "Quotation"
    assert data["text"] == demand.quote
    # The factories' quotes are the article's report of the memorandum: its words, about Russia's document.
    assert data["creator"]["name"] == demand.statement.source.publisher.name
    assert data["about"][0]["creator"]["name"] == "Russia"
    assert data["about"][0]["dateCreated"] == "2025-06-02"
    assert data["isBasedOn"]["name"] == demand.statement.source.title
    assert data["url"] == "http://testserver/demands/ru-recognise/"


def test_own_words_in_json_ld_are_the_speakers(client, memoranda):
    demand = memoranda.terms["ru-recognise"]
    Demand.objects.filter(pk=demand.pk).update(wording=Wording.OWN)
    data = json_ld(client.get(demand.get_absolute_url()).content.decode())
    assert data["creator"] == {"@type": "GovernmentOrganization", "name": "Russia"}
    assert data["dateCreated"] == "2025-06-02"


def test_a_statement_page_carries_a_citation_and_json_ld(client, memoranda):
    html = client.get(memoranda.left.get_absolute_url()).content.decode()
    assert f"Data version {DataVersion.current().version}" in html
    assert "@misc{ceasefire-positions:statement:ru-memo," in html
    assert json_ld(html)["text"] == memoranda.left.quote


def test_a_provenance_fragment_carries_no_citation(client, memoranda, hx):
    html = client.get(memoranda.terms["ru-recognise"].get_absolute_url(), **hx).content.decode()
    assert "Cite this" not in html


def test_the_compare_page_cites_the_view_by_the_statements_it_shows(client, memoranda):
    html = client.get("/").content.decode()
    assert "Russian memorandum and Ukrainian memorandum, term by term" in html
    assert "http://testserver/compare/?left=ru-memo&amp;right=ua-memo" in html
    assert f"Data version {DataVersion.current().version}" in html


def test_a_citation_is_dated_the_day_it_is_read_even_from_the_cache(client, memoranda, monkeypatch):
    url = memoranda.terms["ru-recognise"].get_absolute_url()
    first = client.get(url)
    from django.utils import timezone

    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)
    later = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert later.status_code == 200
    assert f"retrieved {tomorrow.day} {tomorrow:%B %Y}" in later.content.decode()


def test_a_held_article_without_a_link_says_so_and_offers_a_search_not_an_address(client, memoranda):
    source = memoranda.left.source
    html = client.get(source.get_absolute_url()).content.decode()
    assert "the captured text carries no link, and no address is guessed" in html
    assert "https://duckduckgo.com/?q=" in html
    assert "(a web search, not the article)" in html
    assert "Cite this" in html


def test_a_source_with_an_address_and_an_archived_copy_links_both(client, db):
    source = SourceFactory(url="https://example.org/article", archived_url="https://web.archive.org/web/1/x")
    html = client.get(source.get_absolute_url()).content.decode()
    assert 'href="https://example.org/article"' in html
    assert 'href="https://web.archive.org/web/1/x"' in html
    assert "duckduckgo" not in html


def test_a_publication_not_held_lists_every_record_that_relies_on_it(client, memoranda):
    tass = SourceFactory(slug="tass-memo", body="", title="Publication of the Russian memorandum")
    isw = SourceFactory(slug="isw-memo", body="", publisher=ActorFactory(slug="isw", kind="think_tank"))
    isw.cites.add(tass)
    memoranda.left.source.cites.add(isw)
    memoranda.right.source.cites.add(isw)
    html = client.get("/sources/tass-memo/").content.decode()
    assert "We do not hold this publication's text" in html
    assert "Russian memorandum" in html and "Ukrainian memorandum" in html
    assert "4 terms" in html
