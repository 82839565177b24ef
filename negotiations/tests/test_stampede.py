"""After a change, a page is rendered once, not by every worker at once; with a shared cache a warm page
needs no database at all."""

import socket
import threading
import uuid

import pytest
from django.http import HttpResponse

from negotiations.models import DataVersion
from negotiations.web import caching, pages

pytestmark = pytest.mark.django_db

URL = "/actors/"


def key_of(url):
    return caching.page_key("page", "http://testserver", url, "")


@pytest.fixture
def an_actor(russia):
    return russia


def test_while_another_worker_renders_the_new_version_the_previous_page_is_served(client, an_actor):
    before = client.get(URL)
    DataVersion.advance()
    version, _ = caching.version_now()
    assert caching.claim_render(key_of(URL), version)  # another worker is rendering this version
    during = client.get(URL)
    assert during.content == before.content
    assert during["ETag"] == before["ETag"]


def test_once_the_render_is_stored_the_new_version_is_served(client, an_actor):
    before = client.get(URL)
    DataVersion.advance()
    assert client.get(URL)["ETag"] != before["ETag"]


def test_a_page_nobody_has_rendered_waits_for_the_render_under_way(client, an_actor, monkeypatch):
    version, _ = caching.version_now()
    assert caching.claim_render(key_of(URL), version)
    elsewhere = HttpResponse(b"rendered by the other worker")
    threading.Timer(0.2, caching.store, args=(key_of(URL), version, elsewhere)).start()
    assert client.get(URL).content == b"rendered by the other worker"


def test_a_render_that_never_comes_is_done_after_the_wait(client, an_actor, monkeypatch):
    monkeypatch.setattr(pages, "WAIT_FOR_RENDER_SECONDS", 0.2)
    version, _ = caching.version_now()
    assert caching.claim_render(key_of(URL), version)
    response = client.get(URL)
    assert response.status_code == 200
    assert b"<html" in response.content


def redis_answers():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.fixture
def shared_cache(settings):
    if not redis_answers():
        pytest.skip("needs Redis on 127.0.0.1:6379 (the machine starts it; .ci/run starts it when it is not)")
    settings.CACHES = {
        "default": {
            "BACKEND": "negotiations.web.redis_cache.PageCache",  # as in settings
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": f"test-{uuid.uuid4()}",
        }
    }
    settings.DATA_VERSION_IN_CACHE = True


def test_with_a_shared_cache_a_warm_page_touches_no_database(client, an_actor, shared_cache, django_assert_num_queries):
    first = client.get(URL)
    with django_assert_num_queries(0):
        again = client.get(URL)
    assert again.content == first.content


def test_with_a_shared_cache_a_change_is_seen_on_the_next_request(client, an_actor, shared_cache):
    before = client.get(URL)
    an_actor.name = "Russian Federation"
    an_actor.save()
    DataVersion.advance()  # what the save's on_commit does in production
    after = client.get(URL)
    assert "Russian Federation" in after.content.decode()
    assert after["ETag"] != before["ETag"]


def test_the_cache_keeps_one_redis_client_per_pool(shared_cache):
    from django.core.cache import cache

    cache.set("probe", 1)
    assert cache._cache.get_client(write=True) is cache._cache.get_client(write=True)
    assert cache.get("probe") == 1
