"""The project's Varnish (edge/positions.vcl) in front of the live test server: what it keeps, what it never
keeps, and a change reaching readers through it within 2 seconds (the purge, edge.py).

Needs `varnishd` (Debian's varnish package; .ci/run installs it): skipped with the reason when it is missing, and
failed instead under REQUIRE_BROWSER_TESTS=1, as the browser tests are.
"""

import socket
import time
import urllib.error
import urllib.request

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.db import OperationalError
from django.test import Client

from edge.varnish import Varnish, varnishd
from negotiations.models import Demand
from negotiations.tests.required import missing
from negotiations.web import edge as edge_cache
from negotiations.web import pages

pytestmark = pytest.mark.django_db(transaction=True)  # the live server sees committed data only
direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def edge(live_server, settings, memoranda, tmp_path):
    """Varnish, fresh for each test (the test database, and its data versions, start again each time), in front
    of the live server, and the site purging it."""
    if varnishd() is None:
        missing("varnishd is not installed: apt-get install varnish (the edge cache's tests start it)")
    origin_port = live_server.url.rsplit(":", 1)[1]
    with (tmp_path / "varnish.log").open("w") as log:
        varnish = Varnish(f"127.0.0.1:{origin_port}", f"127.0.0.1:{free_port()}", storage="malloc,32m", log=log)
        varnish.start()
        settings.EDGE_PURGE_URLS = [f"{varnish.url}/"]
        try:
            yield varnish
        finally:
            edge_cache.Repeat.cancel()  # a repeated purge would reach the next test's edge
            varnish.stop()


def get(url, **headers):
    """(status, headers, body) of a GET, whatever the status."""
    try:
        with direct.open(urllib.request.Request(url, headers=headers), timeout=10) as answer:
            return answer.status, answer.headers, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def test_the_second_request_is_answered_by_the_edge(edge):
    status, first, body = get(f"{edge.url}/timeline/")
    assert status == 200 and first["X-Cache"] == "MISS"
    status, second, again = get(f"{edge.url}/timeline/")
    assert status == 200 and second["X-Cache"] == "HIT"
    assert again == body
    # Browsers still revalidate; the edge's own field stays at the edge.
    assert second["Cache-Control"] == "no-cache" and "CDN-Cache-Control" not in second


def test_trackers_and_empty_parameters_reach_the_same_object(edge):
    assert get(f"{edge.url}/demands/?party=russia&q=")[1]["X-Cache"] == "MISS"
    assert get(f"{edge.url}/demands/?utm_source=news&q=&party=russia&fbclid=x")[1]["X-Cache"] == "HIT"


def test_a_fragment_and_its_page_are_separate_objects(edge):
    _, page_headers, page = get(f"{edge.url}/demands/")
    _, fragment_headers, fragment = get(f"{edge.url}/demands/", **{"HX-Request": "true"})
    assert page_headers["X-Cache"] == "MISS" and fragment_headers["X-Cache"] == "MISS"
    assert "<html" in page and "<html" not in fragment
    _, page_headers, page_again = get(f"{edge.url}/demands/")
    _, fragment_headers, fragment_again = get(f"{edge.url}/demands/", **{"HX-Request": "true"})
    assert (page_headers["X-Cache"], fragment_headers["X-Cache"]) == ("HIT", "HIT")
    assert (page_again, fragment_again) == (page, fragment)


def test_the_admin_and_a_signed_in_reader_are_never_kept(edge):
    for _ in range(2):
        assert get(f"{edge.url}/admin/login/")[1]["X-Cache"] != "HIT"
    curator = get_user_model().objects.create_superuser("curator", "curator@example.org", "a-long-password")
    browser = Client()
    browser.force_login(curator)
    cookie = f"{django_settings.SESSION_COOKIE_NAME}={browser.cookies[django_settings.SESSION_COOKIE_NAME].value}"
    for _ in range(2):
        status, headers, _ = get(f"{edge.url}/demands/", Cookie=cookie)
        assert status == 200 and headers["X-Cache"] != "HIT"
        assert "private" in headers["Cache-Control"]
    # Nor did the curator's pages stay for anyone else.
    assert get(f"{edge.url}/demands/")[1]["X-Cache"] == "MISS"


def test_an_error_is_not_kept(edge, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(pages, "render", unreachable)
    status, headers, _ = get(f"{edge.url}/timeline/")
    assert status == 503 and headers["X-Cache"] == "MISS"
    monkeypatch.undo()
    status, headers, _ = get(f"{edge.url}/timeline/")
    assert status == 200 and headers["X-Cache"] == "MISS"
    assert get(f"{edge.url}/timeline/")[1]["X-Cache"] == "HIT"


def test_the_static_files_are_kept(edge):
    get(f"{edge.url}/static/js/site.js")
    assert get(f"{edge.url}/static/js/site.js")[1]["X-Cache"] == "HIT"


def test_a_change_reaches_readers_through_the_edge_within_two_seconds(edge, memoranda):
    url = f"{edge.url}/demands/ru-recognise/"
    get(url)
    assert get(url)[1]["X-Cache"] == "HIT"
    term = Demand.objects.get(slug="ru-recognise")
    term.paraphrase = "Recognise the annexations, corrected."
    started = time.monotonic()
    term.save()  # commits at once (no test transaction): the data version advances and the edge is told
    while time.monotonic() - started < 2:
        status, headers, body = get(url)
        if "Recognise the annexations, corrected." in body:
            break
        time.sleep(0.05)
    else:
        pytest.fail("the correction did not show through the edge within 2 s")
    assert status == 200 and headers["X-Cache"] == "MISS"
    assert get(url)[1]["X-Cache"] == "HIT"
