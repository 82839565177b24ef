"""Redis or PostgreSQL that accept connections and never answer (issue 21): pages still answer in bounded time,
from the cache where they can, and the site recovers by itself when the dependency answers again.

The faults are real: a TCP relay (relay.py) stands between the app and the server, and goes silent.
"""

import contextlib
import logging
import socket
import threading
import time
import uuid

import pytest
from django.core.cache import cache
from django.db import connection

from negotiations.tests.factories import ActorFactory, DemandFactory, StatementFactory
from negotiations.tests.relay import Relay
from negotiations.web import caching
from negotiations.web.postgresql import base

pytestmark = pytest.mark.django_db

PAGES = ["/", "/compare/", "/demands/", "/timeline/", "/actors/", "/actors/putin/", "/about/"]
REDIS = ("127.0.0.1", 6379)


def answers(address):
    try:
        socket.create_connection(address, timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.fixture
def pages(memoranda, russia):
    putin = ActorFactory(slug="putin", name="Vladimir Putin", parent=russia, side="russia")
    DemandFactory(party=russia, statement=StatementFactory(actor=putin, kind="public_remark"))


@pytest.fixture
def redis_relay():
    if not answers(REDIS):
        pytest.skip("needs Redis on 127.0.0.1:6379 (the machine starts it; .ci/run starts it when it is not)")
    relay = Relay(REDIS).start()
    yield relay
    relay.stop()


@pytest.fixture
def redis_cache(settings, redis_relay, monkeypatch):
    """The page cache and the data version in Redis, as deployed (settings.CACHES), reached through the relay.
    The outage starts with this test."""
    monkeypatch.setattr(caching.outage, "down", False)
    settings.CACHES = {
        "default": {
            "BACKEND": "negotiations.web.redis_cache.PageCache",
            "LOCATION": f"redis://127.0.0.1:{redis_relay.port}/15",
            "KEY_PREFIX": f"test-{uuid.uuid4()}",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.DATA_VERSION_IN_CACHE = True
    return redis_relay


def timed_get(client, url):
    start = time.monotonic()
    response = client.get(url)
    return response, time.monotonic() - start


def test_with_redis_silent_pages_answer_within_a_second_and_are_cached_again_when_it_answers(
    client, pages, redis_cache, monkeypatch, caplog, django_assert_num_queries
):
    # Shorter than the default, so the test need not wait long for the probe after Redis comes back.
    monkeypatch.setattr(caching.outage, "cool_down", 2)
    for url in PAGES:
        assert client.get(url).status_code == 200, url
    redis_cache.silence()
    with caplog.at_level(logging.WARNING, logger="negotiations"):
        for url in PAGES:
            response, elapsed = timed_get(client, url)
            print(f"{url} {response.status_code} in {elapsed:.3f} s with Redis silent")
            assert response.status_code == 200, url
            assert elapsed < 1, f"{url} took {elapsed:.2f} s with Redis silent"
        for url in PAGES:  # kept by the process meanwhile: asked again, not rendered again
            with django_assert_num_queries(1):  # the data version, from the database meanwhile
                assert client.get(url).status_code == 200, url
        redis_cache.resume()
        time.sleep(2.1)  # the cool-down: then one request tries Redis again, and finds it
        client.get("/demands/?q=ceasefire")
    assert [record.message.split(":")[0] for record in caplog.records] == [
        "page cache unavailable, each process keeping its own pages",
        "page cache available again",
    ]
    key = caching.page_key("page", "http://testserver", "/demands/", "q=ceasefire")
    assert cache.get(key) is not None, "the page rendered after Redis came back was not cached"


# --- PostgreSQL ---------------------------------------------------------------------------------------------


@pytest.fixture
def silent_database(pages, monkeypatch):
    """The app's connection to PostgreSQL goes through a relay; the test silences it. Whatever happens, the
    relay resumes after 25 s, so that a request hanging without a deadline ends (and the test fails) instead of
    hanging the suite. The relay's port is the test's own, and so is the breaker of the server at that address
    (web/postgresql); the data version this process saw last is forgotten."""
    if connection.vendor != "postgresql":
        pytest.skip("a silent database server is PostgreSQL's case: this runs in the PostgreSQL pass of .ci/run")
    monkeypatch.setattr(caching.LastSeen, "value", None)
    monkeypatch.setattr(caching.LastSeen, "standing_in", False)
    settings_dict = connection.settings_dict
    original = settings_dict["HOST"], settings_dict["PORT"]
    relay = Relay((original[0] or "127.0.0.1", int(original[1] or 5432))).start()
    connection.close()
    settings_dict["HOST"], settings_dict["PORT"] = relay.address
    release = threading.Timer(25, relay.resume)
    release.start()
    try:
        yield relay
    finally:
        release.cancel()
        relay.resume()
        # The breaker of the relay's address, and its probe, end with the relay.
        with contextlib.suppress(KeyError):
            base.silences.pop(f"{relay.address[0]}:{relay.address[1]}").down = False
        connection.close()
        settings_dict["HOST"], settings_dict["PORT"] = original
        relay.stop()


@pytest.mark.django_db(transaction=True)
def test_with_postgresql_silent_a_fresh_page_answers_503_within_10_seconds_and_the_site_recovers(
    client, silent_database
):
    assert client.get("/compare/").status_code == 200  # the worker's connection is open
    silent_database.silence()
    response, elapsed = timed_get(client, "/timeline/")
    print(f"a fresh page answered {response.status_code} in {elapsed:.2f} s with PostgreSQL silent")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "briefly unavailable" in response.content.decode()
    assert elapsed < 10
    # Known silent: the next fresh page does not wait again.
    response, elapsed = timed_get(client, "/actors/")
    assert response.status_code == 503
    assert elapsed < 1
    silent_database.resume()
    back = time.monotonic()
    while (response := client.get("/timeline/")).status_code != 200:
        assert time.monotonic() < back + 6, "the site did not recover within 6 s of the database answering"
        time.sleep(0.2)
    print(f"recovered {time.monotonic() - back:.2f} s after the database answered again")


@pytest.fixture(params=["local", "redis"])
def page_cache(request, settings):
    """Where the page and the data version are cached: in the process (no REDIS_URL), or in Redis, whose copy
    of the version expires after 30 s (here: deleted, as it is when it expires)."""
    if request.param == "redis":
        if not answers(REDIS):
            pytest.skip("needs Redis on 127.0.0.1:6379")
        settings.CACHES = {
            "default": {
                "BACKEND": "negotiations.web.redis_cache.PageCache",
                "LOCATION": "redis://127.0.0.1:6379/15",
                "KEY_PREFIX": f"test-{uuid.uuid4()}",
            }
        }
        settings.DATA_VERSION_IN_CACHE = True
    return request.param


@pytest.mark.django_db(transaction=True)
def test_with_postgresql_silent_a_cached_page_is_still_served(client, silent_database, page_cache):
    cached = client.get("/compare/")
    silent_database.silence()
    cache.delete(caching.VERSION_KEY)  # Redis's copy of the version has expired: the database must be asked
    for attempt in range(3):
        response, elapsed = timed_get(client, "/compare/")
        print(f"the cached page answered {response.status_code} in {elapsed:.2f} s with PostgreSQL silent")
        assert response.status_code == 200
        assert response.content == cached.content
        assert elapsed < (10 if attempt == 0 else 1)
    # The server is tried again from a thread of its own: no reader waits for that probe's connect timeout.
    time.sleep(base.COOL_DOWN_SECONDS + 0.5)
    response, elapsed = timed_get(client, "/compare/")
    assert response.status_code == 200
    assert elapsed < 1
