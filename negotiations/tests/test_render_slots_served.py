"""The render slots shared fairly between gunicorn's worker processes, as `make serve` runs them: clients looping
on new pages leave a slot for a reader's fresh pages and a correction, and their refusals write no ERROR lines.

One server (bench/serve.sh: gunicorn, three workers, DEBUG off) on a SQLite file of its own with the curated
records, two render slots, behind one trusted proxy: each simulated client names its address in
X-Forwarded-For, as the proxy would.
"""

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.parse

import pytest
from django.conf import settings
from django.db import connection

from negotiations.tests.test_scale_out import free_port, get, wait_for

PAGE = "/demands/ru-memo-permanent-neutrality/"
READER = "10.0.0.9"


@pytest.fixture(scope="module")
def server(tmp_path_factory, django_db_blocker):
    with django_db_blocker.unblock():
        vendor = connection.vendor
    if vendor != "sqlite":
        pytest.skip("the server reads a SQLite file of its own on either pass: once, in the SQLite pass, is enough")
    home = tmp_path_factory.mktemp("served")
    url = f"http://127.0.0.1:{free_port()}"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{home / 'served.sqlite3'}",
        "SECRET_KEY": "served-test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "WEB_CONCURRENCY": "3",
        "BIND": url.removeprefix("http://"),
        "HOME": str(home),
        "RENDER_SLOTS": "2",
        "RENDER_SLOT_DIR": str(home / "slots"),
        "RENDER_SHARE_SECONDS": "2",
        "PROXY_COUNT": "1",
    }
    env.pop("REDIS_URL", None)
    log = home / "server.log"
    process = subprocess.Popen(
        ["bash", "bench/serve.sh"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for(url + PAGE, process, log)
        yield {"url": url, "env": env, "log": log}
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


def ask(server, path, address, **params):
    query = f"?{urllib.parse.urlencode(params)}" if params else ""
    return get(server["url"] + path + query, **{"X-Forwarded-For": address})


@contextlib.contextmanager
def looping_on_new_pages(server, *addresses):
    """A connection per address, each asking for a search nobody asked before the moment its last answer
    came; two from one address are one client's. Yields the statuses they got."""
    stop, statuses = threading.Event(), []

    def loop(address, seed):
        number = 0
        while not stop.is_set():
            number += 1
            statuses.append(ask(server, "/demands/", address, q=f"ceasefire w{seed}x{number}")[0])

    threads = [threading.Thread(target=loop, args=(address, seed)) for seed, address in enumerate(addresses)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(2)  # each goes over its share
        yield statuses
    finally:
        stop.set()
        for thread in threads:
            thread.join()


TWO_CLIENTS = ["10.0.0.1", "10.0.0.2"] * 2


def test_a_readers_fresh_pages_are_served_while_two_clients_loop_on_new_pages(server):
    with looping_on_new_pages(server, *TWO_CLIENTS) as statuses:
        served = []
        for day in range(1, 11):
            served.append(ask(server, "/demands/", READER, **{"from": f"2024-02-{day:02d}"})[0])
            time.sleep(0.2)
    assert served.count(200) >= 9, served
    assert 429 in statuses


def test_a_correction_shows_on_the_first_reload_while_two_clients_loop_on_new_pages(server):
    assert ask(server, PAGE, READER)[0] == 200
    edit = (
        "from negotiations.models import Demand; d = Demand.objects.get(slug='ru-memo-permanent-neutrality'); "
        "d.paraphrase = 'Corrected while the site was flooded.'; d.save()"
    )
    with looping_on_new_pages(server, *TWO_CLIENTS):
        subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", edit],
            cwd=settings.BASE_DIR,
            env=server["env"],
            check=True,
            capture_output=True,
            timeout=60,
        )
        status, _, html = ask(server, PAGE, READER)
    assert status == 200
    assert "Corrected while the site was flooded." in html


def test_refusals_write_no_error_lines(server):
    before = server["log"].stat().st_size
    with looping_on_new_pages(server, *TWO_CLIENTS) as statuses:
        pass
    time.sleep(0.5)
    with server["log"].open() as log:
        log.seek(before)
        written = log.read()
    assert " ERROR " not in written, written[-2000:]
    assert len([status for status in statuses if status in (429, 503)]) > 10
