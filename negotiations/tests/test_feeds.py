"""The two Atom feeds as a feed reader reads them (feedparser): their author, titles that name the filter, entries
dated by the record's publication and titled by what they are, the pages that announce them, and /feeds/, the
page that explains subscribing."""

import datetime
import re

import feedparser
import pytest
from django.utils import timezone

from negotiations.citing.history import MODELS
from negotiations.tests.factories import (
    ActorFactory,
    DemandFactory,
    SourceFactory,
    StatementFactory,
    TopicFactory,
    as_a_fixture_load_leaves_them,
)

pytestmark = pytest.mark.django_db

FEEDS = ["/demands/feed/", "/changes/feed/"]


def read(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


@pytest.fixture
def launched(russia, ukraine):
    """The record as at launch: terms loaded in one go, their history written by the fixture load's baseline, all at
    the same moment."""
    territory = TopicFactory(slug="territory", name="Territory")
    terms = {
        "neutrality": DemandFactory(party=russia, topic=territory, paraphrase="Neutrality of Ukraine."),
        "guarantees": DemandFactory(party=ukraine, paraphrase="Security guarantees.", stance="proposal"),
    }
    as_a_fixture_load_leaves_them()
    return terms


@pytest.fixture
def published_earlier(launched):
    """The terms' first versions moved to a day long before, as if loaded then."""
    launch = timezone.make_aware(datetime.datetime(2026, 1, 15, 9, 0))
    for model in MODELS.values():
        model.history.update(history_date=launch)
    return launch


@pytest.mark.parametrize("url", FEEDS)
def test_each_feed_parses_cleanly_and_names_the_dashboards_editors_as_its_author(client, launched, url):
    feed = read(client, url).feed
    assert feed.author_detail.name == "Ceasefire Positions"
    assert feed.author_detail.href == "http://testserver/"


@pytest.mark.parametrize("url", FEEDS)
def test_no_curator_is_named_in_a_feed(client, launched, edit_in_admin, curator, url):
    edit_in_admin(launched["neutrality"], paraphrase="Permanent neutrality of Ukraine.")
    parsed = read(client, url)
    assert curator.username not in str(parsed)
    assert curator.email not in str(parsed)


def test_the_unfiltered_demands_feed_is_titled_plainly(client, launched):
    assert read(client, "/demands/feed/").feed.title == "Ceasefire Positions: terms"


def test_a_filtered_feed_is_titled_by_its_filter_in_words(client, launched):
    source = launched["neutrality"].statement.source
    speaker = launched["neutrality"].statement.actor
    title = read(
        client,
        "/demands/feed/",
        party="russia",
        topic="territory",
        stance="demand",
        status=["withdrawn", "put_forward"],
        said_by=speaker.slug,
        source=source.slug,
        q="neutrality",
        **{"from": "2025-05-01", "to": "2025-06-30", "as_of": "2025-06-15"},
    ).feed.title
    assert "(filtered)" not in title
    assert title.startswith("Ceasefire Positions: terms of Russia")
    for words in [
        "on Territory",
        "stance “Demand”",
        "status Put forward or Withdrawn",
        f"said by {speaker.name}",
        f"from {source.publisher.name}, “{source.title}”",
        "standing on 15 June 2025",
        "matching “neutrality”",
        "from 1 May 2025 to 30 June 2025",
    ]:
        assert words in title, (words, title)


def test_a_feed_of_a_date_range_alone_keeps_its_title(client, launched):
    title = read(client, "/demands/feed/", **{"from": "2025-05-01"}).feed.title
    assert title == "Ceasefire Positions: terms since 1 May 2025"


def test_a_term_is_titled_by_its_party_and_paraphrase_and_dated_by_its_first_publication(client, published_earlier):
    entries = read(client, "/demands/feed/").entries
    titles = sorted(entry.title for entry in entries)
    assert titles == ["Russia: Neutrality of Ukraine.", "Ukraine: Security guarantees."]
    for entry in entries:
        assert entry.published == entry.updated == published_earlier.isoformat()


def test_a_corrected_term_keeps_its_publication_date_and_is_updated_when_corrected(
    client, launched, published_earlier, edit_in_admin
):
    edit_in_admin(launched["neutrality"], paraphrase="Permanent neutrality of Ukraine.")
    (entry,) = read(client, "/demands/feed/", party="russia").entries
    assert entry.title == "Corrected · Russia: Permanent neutrality of Ukraine."
    assert entry.published == published_earlier.isoformat()
    assert entry.updated_parsed > entry.published_parsed


def test_the_explorer_announces_the_feed_of_its_filter(client, launched):
    html = client.get("/demands/", {"party": "russia", "junk": "1"}).content.decode()
    (link,) = re.findall(r'<link rel="alternate" type="application/atom\+xml"[^>]*>', html)
    assert 'href="http://testserver/demands/feed/?party=russia"' in link
    assert 'title="Ceasefire Positions: terms of Russia"' in link


def test_the_explorers_visible_feed_link_leads_to_the_subscribe_page_with_the_feeds_address(client, launched):
    html = client.get("/demands/", {"party": "russia"}).content.decode()
    assert 'href="/feeds/?feed=%2Fdemands%2Ffeed%2F%3Fparty%3Drussia"' in html


def test_the_changes_page_and_a_records_changes_announce_their_feeds(client, launched):
    term = launched["neutrality"]
    html = client.get("/changes/").content.decode()
    assert re.search(
        r'<link rel="alternate" type="application/atom\+xml"[^>]*href="http://testserver/changes/feed/"', html
    )
    assert 'href="/feeds/?feed=%2Fchanges%2Ffeed%2F"' in html  # the visible link: to the page that explains it
    html = client.get("/changes/", {"record": f"demand-{term.pk}"}).content.decode()
    assert f'href="http://testserver/changes/feed/?record=demand-{term.pk}"' in html
    assert f'href="/feeds/?feed=%2Fchanges%2Ffeed%2F%3Frecord%3Ddemand-{term.pk}"' in html


def test_a_term_page_announces_the_feed_of_its_changes(client, launched):
    term = launched["neutrality"]
    html = client.get(term.get_absolute_url()).content.decode()
    (link,) = re.findall(r'<link rel="alternate" type="application/atom\+xml"[^>]*>', html)
    assert f'href="http://testserver/changes/feed/?record=demand-{term.pk}"' in link


def test_a_records_changes_feed_carries_only_that_records_changes(client, launched, edit_in_admin):
    edit_in_admin(launched["neutrality"], paraphrase="Permanent neutrality of Ukraine.")
    edit_in_admin(launched["guarantees"], paraphrase="Security guarantees, in writing.")
    parsed = read(client, "/changes/feed/", record=f"demand-{launched['neutrality'].pk}")
    assert [entry.title for entry in parsed.entries] == ["Changed · Term: Permanent neutrality of Ukraine."]
    assert parsed.feed.title == "Ceasefire Positions: changes to the term “Permanent neutrality of Ukraine.”"


def test_a_bad_record_for_a_changes_feed_is_a_400(client, launched):
    assert client.get("/changes/feed/", {"record": "nothing-1"}).status_code == 400


def test_every_other_page_announces_the_changes_feed(client, launched):
    html = client.get("/topics/").content.decode()
    assert re.search(
        r'<link rel="alternate" type="application/atom\+xml"[^>]*href="http://testserver/changes/feed/"', html
    )


def test_the_subscribe_page_explains_each_feed_and_gives_the_address_to_copy(client, launched):
    response = client.get("/feeds/", {"feed": "/demands/feed/?party=russia"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "http://testserver/demands/feed/?party=russia" in html
    assert "http://testserver/changes/feed/" in html
    assert "raw XML" in html
    assert "Ceasefire Positions: terms of Russia" in html


@pytest.mark.parametrize("feed", ["https://elsewhere.example/feed", "/admin/", "//elsewhere.example/demands/feed/"])
def test_the_subscribe_page_offers_only_the_sites_own_feeds(client, launched, feed):
    html = client.get("/feeds/", {"feed": feed}).content.decode()
    assert "elsewhere.example" not in html
    assert "/admin/" not in html


def test_other_record_kinds_announce_their_changes_feed(client, launched):
    source = SourceFactory(publisher=ActorFactory(name="TASS", kind="media"))
    statement = StatementFactory(source=source)
    for kind, record in [("statement", statement), ("source", source), ("actor", statement.actor)]:
        html = client.get(record.get_absolute_url()).content.decode()
        assert f'href="http://testserver/changes/feed/?record={kind}-{record.pk}"' in html, kind
