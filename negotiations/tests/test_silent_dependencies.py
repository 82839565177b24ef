"""Redis or PostgreSQL that accept connections and never answer (issue 21): pages still answer in bounded time,
from the cache where they can, and the site recovers by itself when the dependency answers again.

The faults are real: a TCP relay (relay.py) stands between the app and the server, and goes silent.
"""

import logging
import socket
import time
import uuid

import pytest
from django.core.cache import cache

from negotiations.tests.factories import ActorFactory, DemandFactory, StatementFactory
from negotiations.tests.relay import Relay
from negotiations.web import caching

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
    client, pages, redis_cache, monkeypatch, caplog
):
    monkeypatch.setattr(caching.outage, "cool_down", 0.5)
    for url in PAGES:
        assert client.get(url).status_code == 200, url
    redis_cache.silence()
    with caplog.at_level(logging.WARNING, logger="negotiations"):
        for url in PAGES * 2:
            response, elapsed = timed_get(client, url)
            print(f"{url} {response.status_code} in {elapsed:.3f} s with Redis silent")
            assert response.status_code == 200, url
            assert elapsed < 1, f"{url} took {elapsed:.2f} s with Redis silent"
        redis_cache.resume()
        time.sleep(0.6)  # the cool-down: then one request tries Redis again, and finds it
        client.get("/demands/?q=ceasefire")
    assert [record.message.split(":")[0] for record in caplog.records] == [
        "page cache unavailable, serving uncached pages",
        "page cache available again",
    ]
    key = caching.page_key("page", "/demands/", "q=ceasefire")
    assert cache.get(key) is not None, "the page rendered after Redis came back was not cached"
