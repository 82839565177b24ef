"""A removed record keeps its address: it answers 410 with a tombstone in the site's layout (what it was, when it
went, the change entry); a renamed one redirects to its new address; /changes/ links land on either. And an address
that never held anything is a 404 in the site's layout, even with the database and the cache down."""

import pytest
from django.db import OperationalError, connection
from django.test import override_settings

from negotiations.models import Demand
from negotiations.tests.factories import ActorFactory, SourceFactory, StatementFactory

pytestmark = pytest.mark.django_db

LAYOUT = '<main id="main"'


def test_a_removed_term_answers_410_with_its_tombstone_in_the_layout(client, memoranda, publish):
    before = publish()
    demand = memoranda.terms["ru-language"]
    pk, slug = demand.pk, demand.slug
    demand.delete()
    publish()
    response = client.get(f"/demands/{slug}/")
    html = response.content.decode()
    assert response.status_code == 410
    assert LAYOUT in html and "Removed from the record: Protect the language." in html
    removal = Demand.history.get(id=pk, history_type="-")
    assert f'href="/changes/?record=demand-{pk}#change-demand-{removal.history_id}"' in html
    assert f'href="/demands/{slug}/?version={before}"' in html
    # The link to the last version before the removal shows it.
    assert client.get(f"/demands/{slug}/?version={before}").status_code == 200


@pytest.mark.parametrize("kind", ["statement", "source", "actor"])
def test_removed_statements_sources_and_actors_have_tombstones_too(client, db, publish, kind):
    publish()
    if kind == "statement":
        record = StatementFactory(title="A statement since removed")
        url, label = f"/statements/{record.pk}/", "A statement since removed"
    elif kind == "source":
        record = SourceFactory(slug="gone-source", title="An article since removed")
        url, label = "/sources/gone-source/", "An article since removed"
    else:
        record = ActorFactory(slug="gone-actor", name="An actor since removed")
        url, label = "/actors/gone-actor/", "An actor since removed"
    publish()
    record.delete()
    publish()
    response = client.get(url)
    assert response.status_code == 410
    assert LAYOUT in response.content.decode() and label in response.content.decode()


def test_the_change_entry_of_a_removal_links_to_the_tombstone(client, memoranda, publish):
    demand = memoranda.terms["ru-language"]
    pk, slug = demand.pk, demand.slug
    demand.delete()
    publish()
    html = client.get(f"/changes/?record=demand-{pk}").content.decode()
    assert f'<a href="/demands/{slug}/">' in html
    assert client.get(f"/demands/{slug}/").status_code == 410


def test_a_renamed_record_s_old_address_redirects_to_its_new_one(client, memoranda):
    source = memoranda.left.source
    old = source.slug
    source.slug = "renamed-source"
    source.save()
    response = client.get(f"/sources/{old}/")
    assert response.status_code == 301
    assert response["Location"] == "/sources/renamed-source/"


def test_an_address_that_never_held_a_record_is_a_404(client, memoranda):
    assert client.get("/demands/never-was/").status_code == 404
    assert client.get("/statements/999999/").status_code == 404
    assert client.get("/actors/never-was/").status_code == 404


@override_settings(DEBUG=False)
def test_an_unknown_url_is_a_404_in_the_site_layout(client, db):
    response = client.get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert LAYOUT in html and 'class="site-header"' in html
    assert "Nothing at this address" in html and "/no/such/page/" in html


@override_settings(DEBUG=False)
def test_the_404_page_needs_neither_the_database_nor_the_cache(client, settings, monkeypatch):
    settings.CACHES = {
        "default": {
            "BACKEND": "negotiations.web.redis_cache.PageCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }

    def unreachable(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(connection, "cursor", unreachable)
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert LAYOUT in response.content.decode()


def test_a_removed_term_opened_inline_answers_410_not_a_500(client, memoranda, publish, hx):
    """The compare page opens a term's provenance inline (htmx); a page cached before the removal still links it."""
    slug = memoranda.terms["ru-language"].slug
    memoranda.terms["ru-language"].delete()
    publish()
    assert client.get(f"/demands/{slug}/", **hx).status_code == 410
    assert client.get("/demands/ru-recognise/?version=x", **hx).status_code == 400
