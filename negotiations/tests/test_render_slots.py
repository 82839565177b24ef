"""The render slots are shared fairly: clients looping on new pages cannot hold every slot, a refusal is cheap
and quiet, and the share a client used decays. Threads stand in for gunicorn's workers (the slots are lock
files, shared by threads as by processes); test_render_slots_served.py runs the same against gunicorn."""

import contextlib
import fcntl
import logging
import threading
import time

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from negotiations.models import DataVersion
from negotiations.tests.factories import DemandFactory
from negotiations.web import caching, pages, render_slots
from negotiations.web.client_ip import client_key
from negotiations.web.render_slots import acquire, render_slot

ATTACKER, OTHER_ATTACKER, READER = "10.0.0.1", "10.0.0.2", "10.0.0.9"
RENDER_SECONDS = 0.2


@pytest.fixture
def two_slots(settings, tmp_path):
    """Two render slots (as on a two-core machine), of this test's own, and a share of two seconds of rendering
    in the last ten or so."""
    settings.RENDER_SLOTS = 2
    settings.RENDER_SLOT_DIR = str(tmp_path / "slots")
    (tmp_path / "slots").mkdir()
    settings.RENDER_SHARE_SECONDS = 2
    settings.RENDER_SHARE_WINDOW = 10


def over_share(client):
    """Ten times the share used: within it again after 10 · ln(10) = 23.03 s."""
    render_slots.charge(render_slots.tag_of(client), 10 * settings.RENDER_SHARE_SECONDS)


# --- The rule, one acquire at a time ---------------------------------------------------------------------------


def test_a_client_over_its_share_is_left_the_shared_slots_and_the_others_the_last_one(two_slots):
    over_share(ATTACKER)
    with render_slot(ATTACKER) as first:
        assert first
        with render_slot(ATTACKER) as second:
            assert not second and second.over_share
            with render_slot(READER) as readers:
                assert readers


def test_a_client_rendering_already_is_left_the_shared_slots(two_slots):
    over_share(OTHER_ATTACKER)
    with render_slot(OTHER_ATTACKER) as shared, render_slot(ATTACKER) as last:
        assert shared and last
        with render_slot(ATTACKER) as second:
            assert not second and second.over_share


def test_a_client_may_render_twice_at_once_while_the_shared_slot_is_free(two_slots):
    """Someone typing a search asks again before the last answer came: the new one is not refused."""
    with render_slot(ATTACKER) as first, render_slot(ATTACKER) as second:
        assert first and second
        assert not acquire(READER)


def test_a_client_within_its_share_is_refused_only_when_every_slot_is_busy(two_slots):
    with render_slot(ATTACKER), render_slot(OTHER_ATTACKER), render_slot(READER) as refusal:
        assert not refusal and not refusal.over_share
        assert refusal.retry_after == render_slots.BUSY_RETRY_AFTER_SECONDS


def test_a_client_over_its_share_is_told_when_it_will_be_within_it(two_slots, settings):
    over_share(ATTACKER)
    with render_slot(OTHER_ATTACKER), render_slot(READER):
        refusal = acquire(ATTACKER)
    assert not refusal and refusal.over_share and refusal.retry_after in (23, 24)


def test_the_share_used_decays(two_slots, monkeypatch):
    render_slots.charge(render_slots.tag_of(ATTACKER), 20)
    assert render_slots.share_used(render_slots.tag_of(ATTACKER)) > 19.9
    later = time.time() + 60
    monkeypatch.setattr(render_slots.time, "time", lambda: later)
    assert render_slots.share_used(render_slots.tag_of(ATTACKER)) < 20 * 0.003  # e⁻⁶


def test_a_render_counts_its_time_and_a_refusal_a_little(two_slots):
    tag = render_slots.tag_of(ATTACKER)
    with render_slot(ATTACKER):
        time.sleep(0.1)
    assert 0.09 < render_slots.share_used(tag) < 0.2
    with render_slot(READER), render_slot(OTHER_ATTACKER), render_slot(ATTACKER) as refusal:
        assert not refusal
    assert render_slots.share_used(tag) > 0.09 + render_slots.REFUSAL_COST * 0.9


def test_a_slot_whose_holder_died_is_not_counted_as_held(two_slots, settings):
    with render_slot(READER):
        pass
    slot = render_slots.slot_path(1)
    with open(slot, "w") as left:  # a holder killed mid-render: the kernel freed the lock, its name stayed
        left.write(render_slots.tag_of(ATTACKER))
    assert not render_slots.holds_a_slot(render_slots.tag_of(ATTACKER))
    with open(slot) as wiped:
        assert wiped.read() == ""


def test_without_a_limit_every_render_has_a_slot(settings):
    settings.RENDER_SLOTS = 0
    grants = [acquire(ATTACKER) for _ in range(5)]
    assert all(grants)


@pytest.mark.parametrize(
    ("address", "client"),
    [
        ("192.0.2.1", "192.0.2.1"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),  # one subscriber's network is one client
        ("::ffff:192.0.2.1", "192.0.2.1"),
    ],
)
def test_a_client_is_its_address_or_its_ipv6_network(rf, address, client):
    assert client_key(rf.get("/", REMOTE_ADDR=address)) == client


# --- Clients looping on new pages, against everyone else ----------------------------------------------------


@pytest.fixture
def slow_renders(monkeypatch):
    """A search takes RENDER_SECONDS to render, as an expensive one does at 100,000 terms; other pages are quick."""
    real = pages.render

    def slow(view, request, *args):
        if "q" in request.GET:
            time.sleep(RENDER_SECONDS)
        return real(view, request, *args)

    monkeypatch.setattr(pages, "render", slow)


@contextlib.contextmanager
def looping_on_new_pages(*addresses):
    """One thread per address, each asking for a page nobody asked before the moment its last one is answered
    (two threads from one address are two connections of one client), but for a pause of 5 ms: threads of one
    process share one interpreter, and tight loops would leave the reader's thread too little of it to render
    in time. Only reads: a write while SQLite's in-memory test database is being read by other threads would be
    refused (its tables lock)."""
    stop = threading.Event()
    answers = []

    def loop(address, seed):
        client = Client(REMOTE_ADDR=address)
        number = 0
        try:
            while not stop.is_set():
                number += 1
                answers.append(client.get("/demands/", {"q": f"w{seed}x{number}"}).status_code)
                time.sleep(0.005)
        finally:
            connection.close()

    threads = [threading.Thread(target=loop, args=(address, seed)) for seed, address in enumerate(addresses)]
    for thread in threads:
        thread.start()
    try:
        until_over_share_and_out_of_the_reserved_slot(addresses)
        yield answers
    finally:
        stop.set()
        for thread in threads:
            thread.join()


def renders_in_the_reserved_slot(tag):
    """Whether `tag` holds the last slot, the one a client over its share may not take (its file names the holder
    and is locked while held)."""
    with open(render_slots.slot_path(settings.RENDER_SLOTS - 1), "a+b") as slot:
        slot.seek(0)
        if slot.read(64) != tag.encode():
            return False
        try:
            fcntl.flock(slot, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(slot, fcntl.LOCK_UN)
        return False


def until_over_share_and_out_of_the_reserved_slot(addresses, timeout=30):
    """Wait until every looping client is over its share and none renders in the slot kept for the others: a
    condition, not a fixed time, since how soon a loop goes over its share depends on the machine's speed (on a
    busy machine, 1.5 s once left one loop within its share, holding the last slot at the reader's reload)."""
    tags = {render_slots.tag_of(address) for address in addresses}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        over = all(render_slots.share_used(tag) > settings.RENDER_SHARE_SECONDS for tag in tags)
        if over and not any(renders_in_the_reserved_slot(tag) for tag in tags):
            return
        time.sleep(0.02)
    raise AssertionError(f"the loops were not all over their share after {timeout} s")


@pytest.fixture
def a_term(transactional_db):
    DataVersion.current()  # made once here, not by two threads at once
    return DemandFactory(paraphrase="As first published.")


# Two connections per client: while one renders, the other is refused, so each is over its share at once.
ATTACKS = {"two clients": [ATTACKER, OTHER_ATTACKER] * 2, "one client": [ATTACKER] * 4}


@pytest.mark.parametrize("attackers", ATTACKS.values(), ids=ATTACKS.keys())
def test_clients_looping_on_new_pages_leave_a_slot_for_a_readers_fresh_pages(
    a_term, two_slots, slow_renders, attackers
):
    reader = Client(REMOTE_ADDR=READER)
    with looping_on_new_pages(*attackers) as answers:
        served = []
        for number in range(10):
            served.append(reader.get("/demands/", {"from": f"2024-01-{number + 1:02d}"}).status_code)
            time.sleep(0.1)
    assert served.count(200) >= 9, served
    assert 429 in answers  # the loops were refused once over their share, not the reader


def test_a_correction_shows_on_the_first_reload_while_clients_loop_on_new_pages(a_term, two_slots, slow_renders):
    reader = Client(REMOTE_ADDR=READER)
    page = f"/demands/{a_term.slug}/"
    assert "As first published." in reader.get(page).content.decode()
    a_term.paraphrase = "As corrected."
    a_term.save()  # its on_commit advances the data version: the cached page is stale
    # Over their share from the start (that loops get there by themselves is the test above): on a slow machine a
    # loop's share settled near the bound, dipped within it, and the loop took the slot kept for the others.
    for attacker in set(ATTACKS["two clients"]):
        over_share(attacker)
    with looping_on_new_pages(*ATTACKS["two clients"]):
        reloaded = reader.get(page)
    assert "As corrected." in reloaded.content.decode()


# --- A refusal is cheap and quiet ----------------------------------------------------------------------------


@pytest.fixture
def slots_taken_by_others(two_slots):
    with render_slot(ATTACKER), render_slot(OTHER_ATTACKER):
        yield


@pytest.fixture
def request_log():
    """What django.request hands its handlers (after its filters), caught by a handler of the test's own."""
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)


def test_refused_renders_are_not_logged_one_by_one(client, db, slots_taken_by_others, request_log):
    for number in range(30):
        assert client.get("/demands/", {"q": f"new{number}"}).status_code == 503
    assert [record for record in request_log if record.levelno >= logging.ERROR] == []


def test_refused_renders_are_summed_up_at_most_once_an_interval(client, db, slots_taken_by_others, caplog, monkeypatch):
    monkeypatch.setattr(render_slots.Shedding, "since", time.monotonic())
    monkeypatch.setattr(render_slots.Shedding, "busy", 0)
    with caplog.at_level(logging.WARNING, logger="negotiations"):
        for number in range(30):
            client.get("/demands/", {"q": f"new{number}"})
        monkeypatch.setattr(render_slots.Shedding, "since", time.monotonic() - 61)
        client.get("/demands/", {"q": "one more"})
    summaries = [record.message for record in caplog.records if "refused" in record.message]
    assert len(summaries) == 1
    assert "refused 31 fresh renders" in summaries[0] and "31 with every render slot busy (503)" in summaries[0]


def test_a_refusal_asks_nothing_of_the_cache_past_the_lookup(client, db, two_slots, monkeypatch):
    over_share("127.0.0.1")
    over_share(ATTACKER)
    claims = []
    monkeypatch.setattr(caching, "claim_render", lambda *args: claims.append(args) or True)
    with render_slot(ATTACKER):  # the shared slot: the last one is not for a client over its share
        response = client.get("/demands/", {"q": "new"})
    assert response.status_code == 429
    assert claims == []


def test_a_client_over_its_share_does_not_wait_for_another_workers_render(client, db, two_slots):
    over_share("127.0.0.1")
    version, _ = caching.version_now()
    another_workers_render = caching.page_key("page", "http://testserver", "/demands/", "q=new")
    caching.claim_render(another_workers_render, version)
    started = time.monotonic()
    response = client.get("/demands/", {"q": "new"})
    assert response.status_code == 429
    assert time.monotonic() - started < pages.WAIT_FOR_RENDER_SECONDS / 3
    assert response["Retry-After"] in ("23", "24")
    assert "Too many new pages" in response.content.decode()
