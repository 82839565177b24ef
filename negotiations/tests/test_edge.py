"""The edge cache's headers per kind of response, and its purge on every kind of write (negotiations/web/edge.py).

The purge goes to a stand-in edge: a tiny HTTP server on this machine that records each request, answering as
Varnish does; the receiver itself (models.data_version_changed → edge.purge) is the real one.
"""

import datetime
import http.server
import logging
import re
import threading
import time

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from negotiations.models import DataVersion, Demand
from negotiations.tests.relay import Relay
from negotiations.web import caching, edge, render_slots
from negotiations.web.render_slots import render_slot

pytestmark = pytest.mark.django_db

CDN = "CDN-Cache-Control"


@pytest.fixture
def terms(memoranda):
    return memoranda.terms


def edge_of(response):
    """(s-maxage, stale-while-revalidate) from the response's CDN-Cache-Control."""
    value = response[CDN]
    assert value.startswith("public, "), value
    return tuple(int(re.search(rf"{name}=(\d+)", value).group(1)) for name in ("s-maxage", "stale-while-revalidate"))


def assert_kept_at_edge(response):
    assert edge_of(response) == (600, 30)
    assert response["X-Data-Version"] == str(DataVersion.current().version)
    # Browsers still revalidate every time.
    assert "no-cache" in response["Cache-Control"] and "private" not in response["Cache-Control"]
    # Nothing personal: an anonymous public page sets no cookie and does not vary on one.
    assert not response.cookies
    assert "cookie" not in response.get("Vary", "").lower()


def assert_not_at_edge(response):
    assert CDN not in response


# --- Headers ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/demands/", "/timeline/", "/actors/", "/demands/ru-recognise/"])
def test_a_public_page_may_be_kept_at_the_edge_and_browsers_still_revalidate(client, terms, featured, url):
    first = client.get(url)
    assert first.status_code == 200
    assert_kept_at_edge(first)
    assert_kept_at_edge(client.get(url))  # from the page cache this time


def test_a_fragment_is_kept_apart_from_its_page_by_the_htmx_headers(client, terms, hx):
    response = client.get("/demands/", **hx)
    assert response.status_code == 200
    assert_kept_at_edge(response)
    vary = {name.strip().lower() for name in response["Vary"].split(",")}
    assert {"hx-request", "hx-history-restore-request", "hx-target"} <= vary


def test_a_revalidation_answered_304_may_refresh_the_edge_copy(client, terms):
    etag = client.get("/demands/")["ETag"]
    response = client.get("/demands/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert_kept_at_edge(response)


def test_a_refused_query_is_never_kept_at_the_edge(client, terms):
    response = client.get("/demands/", {"from": "2025-13-45"})
    assert "Enter a real date" in response.content.decode()
    assert_not_at_edge(response)


def test_a_database_error_503_is_never_kept_at_the_edge(client, terms, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("negotiations.models.StatementQuerySet.latest_memorandum_of", unreachable)
    response = client.get("/compare/")
    assert response.status_code == 503
    assert_not_at_edge(response)


def test_a_refused_render_503_is_never_kept_at_the_edge(client, terms, settings, tmp_path):
    settings.RENDER_SLOTS = 1
    settings.RENDER_SLOT_DIR = str(tmp_path / "slots")
    with render_slot() as holding:
        assert holding
        response = client.get("/demands/?q=russia")
    assert response.status_code == 503
    assert_not_at_edge(response)


def test_a_refusal_of_a_client_over_its_share_429_is_never_kept_at_the_edge(client, terms, settings, tmp_path):
    settings.RENDER_SLOTS = 2
    settings.RENDER_SLOT_DIR = str(tmp_path / "slots")
    (tmp_path / "slots").mkdir()
    for address in ("127.0.0.1", "10.0.0.1"):  # far over their share: each gets the shared slot only
        render_slots.charge(render_slots.tag_of(address), 10 * settings.RENDER_SHARE_SECONDS)
    with render_slot("10.0.0.1"):  # the shared slot is taken: the last one is not for a client over its share
        response = client.get("/demands/?q=russia")
    assert response.status_code == 429
    assert_not_at_edge(response)


def test_the_previous_versions_page_served_during_a_render_is_not_kept_at_the_edge(client, terms, publish):
    key = client.get("/timeline/").wsgi_request.page_key
    version = publish()
    assert caching.claim_render(key, version)  # another worker renders the new version
    try:
        response = client.get("/timeline/")
    finally:
        caching.release_render(key, version)
    assert response.status_code == 200
    assert_not_at_edge(response)


def test_a_page_of_a_signed_in_curator_is_private_and_never_at_the_edge(client, terms, curator):
    response = client.get("/demands/")
    assert response.status_code == 200
    assert_not_at_edge(response)
    assert {"private", "no-cache"} <= {part.strip() for part in response["Cache-Control"].split(",")}


def test_the_admin_is_never_at_the_edge(client, curator):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert_not_at_edge(response)


def test_a_daily_page_leaves_the_edge_by_midnight(client, memoranda, settings):
    settings.EDGE_TTL_SECONDS = 3 * 24 * 3600  # longer than any day: the page's date must bound it
    before = edge.seconds_to_midnight(timezone.localtime())
    response = client.get("/compare/")
    assert response.status_code == 200
    kept, stale = edge_of(response)
    assert kept + stale <= before
    assert kept >= before - 5  # kept until then, not shorter


def test_a_daily_pages_lifetime_ends_at_midnight_stale_time_included():
    assert edge.edge_directive(600, 30) == "public, s-maxage=600, stale-while-revalidate=30"
    assert edge.edge_directive(600, 30, seconds_left=10_000) == "public, s-maxage=600, stale-while-revalidate=30"
    assert edge.edge_directive(600, 30, seconds_left=610) == "public, s-maxage=600, stale-while-revalidate=10"
    assert edge.edge_directive(600, 30, seconds_left=100) == "public, s-maxage=100, stale-while-revalidate=0"
    late = timezone.make_aware(datetime.datetime(2025, 6, 2, 23, 59, 30))
    assert edge.seconds_to_midnight(late) == 30


def test_an_export_may_be_kept_at_the_edge_and_a_refused_one_not(client, terms):
    response = client.get("/demands/export.csv")
    assert response.status_code == 200
    b"".join(response.streaming_content)
    assert_kept_at_edge(response)
    refused = client.get("/demands/export.csv", {"from": "2025-13-45"})
    assert refused.status_code == 400
    assert_not_at_edge(refused)


# --- The purge ----------------------------------------------------------------------------------------------


class StandInEdge(http.server.ThreadingHTTPServer):
    """Answers every BAN 200, as Varnish's VCL does, and keeps (method, path, X-Data-Version) of each."""

    daemon_threads = True

    def __init__(self):
        self.received = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_BAN(self):  # noqa: N802 - the method's name is the HTTP method's
                outer.received.append((self.command, self.path, self.headers.get("X-Data-Version")))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)

    def versions(self):
        return [int(version) for method, path, version in self.received if method == "BAN" and path == "/"]


@pytest.fixture
def stand_in_edge(settings, monkeypatch):
    server = StandInEdge()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.EDGE_PURGE_URLS = [f"http://127.0.0.1:{server.server_address[1]}/"]
    monkeypatch.setattr(edge, "outages", {})
    yield server
    edge.Repeat.cancel()
    server.shutdown()
    server.server_close()


def assert_banned_all_but_the_current_version(stand_in_edge):
    assert stand_in_edge.versions(), "no BAN reached the edge"
    assert stand_in_edge.versions()[-1] == DataVersion.current().version


def test_a_curators_save_in_the_admin_bans_the_older_versions(
    stand_in_edge, terms, edit_in_admin, django_capture_on_commit_callbacks
):
    before = DataVersion.current().version
    with django_capture_on_commit_callbacks(execute=True):
        edit_in_admin(terms["ru-recognise"], paraphrase="Recognise the annexations (corrected).")
    assert DataVersion.current().version > before
    assert_banned_all_but_the_current_version(stand_in_edge)


def test_a_deletion_in_the_admin_bans_the_older_versions(
    stand_in_edge, terms, client, curator, django_capture_on_commit_callbacks
):
    term = terms["ru-language"]
    url = reverse("admin:negotiations_demand_delete", args=[term.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Demand.objects.filter(pk=term.pk).exists()
    assert_banned_all_but_the_current_version(stand_in_edge)


def test_a_fixture_load_bans_the_older_versions(stand_in_edge, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_curated", verbosity=0)
    assert Demand.objects.exists()
    assert_banned_all_but_the_current_version(stand_in_edge)


@pytest.mark.django_db(transaction=True)  # a restore replaces the database: it cannot run in a test's transaction
def test_a_restore_bans_the_older_versions(stand_in_edge, memoranda, tmp_path):
    path = tmp_path / "backup.bin"
    call_command("backup", str(path), verbosity=0)
    before = DataVersion.current().version
    stand_in_edge.received.clear()
    call_command("restore", str(path), verbosity=0)
    assert DataVersion.current().version > before
    assert_banned_all_but_the_current_version(stand_in_edge)


def test_the_ban_goes_out_again_once_a_render_begun_before_the_change_is_over(
    stand_in_edge, settings, monkeypatch, publish
):
    settings.DATABASE_STATEMENT_TIMEOUT_MS = 100
    monkeypatch.setattr(edge, "REPEAT_MARGIN_SECONDS", 0.1)
    version = publish()
    assert stand_in_edge.versions() == [version]
    deadline = time.monotonic() + 5
    while len(stand_in_edge.versions()) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert stand_in_edge.versions() == [version, version]


def test_a_silent_edge_delays_a_save_by_a_second_at_most_and_later_saves_not_at_all(
    settings, monkeypatch, publish, caplog
):
    relay = Relay(("127.0.0.1", 9)).start()  # accepts connections, never answers
    relay.silence()
    settings.EDGE_PURGE_URLS = [f"http://127.0.0.1:{relay.port}/"]
    monkeypatch.setattr(edge, "outages", {})
    try:
        with caplog.at_level(logging.WARNING, logger="negotiations"):
            started = time.monotonic()
            publish()
            first = time.monotonic() - started
            started = time.monotonic()
            publish()
            second = time.monotonic() - started
    finally:
        edge.Repeat.cancel()
        relay.stop()
    assert first < 1.5, first
    assert second < 0.2, second  # the breaker: the edge is left alone for a while
    assert "edge cache at" in caplog.text and "unavailable" in caplog.text


def test_without_an_edge_a_change_sends_nothing(settings, publish, monkeypatch):
    settings.EDGE_PURGE_URLS = []
    monkeypatch.setattr(edge, "send_ban", lambda *args: pytest.fail("a BAN was sent"))
    publish()
    assert edge.Repeat.timer is None or not edge.Repeat.timer.is_alive()
