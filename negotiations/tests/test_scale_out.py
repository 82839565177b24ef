"""Beyond one machine: two app servers sharing one PostgreSQL database and one Redis serve the same edits.

Both servers are started as `make serve` starts one (bench/serve.sh: gunicorn, DEBUG off), on a throwaway
database of their own (pytest-django's test database lives inside a transaction the servers cannot see).
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

import pytest
from django.conf import settings
from django.db import connection

PAGE = "/demands/ru-memo-permanent-neutrality/"
REDIS = ("127.0.0.1", 6379)
REDIS_DB = 13


def reachable(address):
    try:
        socket.create_connection(address, timeout=1).close()
    except OSError:
        return False
    return True


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url, **headers):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def wait_for(url, process, log, deadline=120):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        assert process.poll() is None, f"server exited:\n{log.read_text()[-3000:]}"
        with contextlib.suppress(OSError):
            if get(url)[0] == 200:
                return
        time.sleep(0.5)
    pytest.fail(f"{url} did not answer within {deadline} s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory, django_db_blocker):
    with django_db_blocker.unblock():
        vendor = connection.vendor
    if vendor != "postgresql":
        pytest.skip("two app servers share one PostgreSQL database: runs in the PostgreSQL pass")
    if not reachable(REDIS):
        pytest.skip(f"needs Redis on {REDIS[0]}:{REDIS[1]} for the shared page cache")
    if not shutil.which("psql"):
        pytest.skip("needs psql (postgresql-client) to create a throwaway database")

    db = connection.settings_dict
    host, port, user = db["HOST"] or "127.0.0.1", str(db["PORT"] or 5432), db["USER"] or "postgres"
    name = f"ceasefire_scale_{uuid.uuid4().hex[:10]}"
    pg_env = {**os.environ, "PGPASSWORD": db["PASSWORD"] or ""}
    psql = ["psql", "-h", host, "-p", port, "-U", user, "-d", "postgres", "-q", "-c"]
    subprocess.run([*psql, f'CREATE DATABASE "{name}"'], env=pg_env, check=True, capture_output=True)

    home = tmp_path_factory.mktemp("home")
    prefix = f"scale-test-{uuid.uuid4().hex[:10]}"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{user}{password}@{host}:{port}/{name}",
        "REDIS_URL": f"redis://{REDIS[0]}:{REDIS[1]}/{REDIS_DB}",
        "CACHE_KEY_PREFIX": prefix,
        "SECRET_KEY": "scale-test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "WEB_CONCURRENCY": "2",
        # gunicorn's default control socket lives under $HOME: a private one shows whether any was made.
        "HOME": str(home),
    }
    servers, urls = [], []
    try:
        for label in ("a", "b"):
            # One after the other: the first migrates and loads the curated records, the second finds them.
            url = f"http://127.0.0.1:{free_port()}"
            log = home / f"server-{label}.log"
            process = subprocess.Popen(
                ["bash", "bench/serve.sh"],
                cwd=settings.BASE_DIR,
                env={**env, "BIND": url.removeprefix("http://")},
                stdout=log.open("w"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            servers.append(process)
            wait_for(url + PAGE, process, log)
            urls.append(url)
        yield {"a": urls[0], "b": urls[1], "env": env, "home": home}
    finally:
        for process in servers:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in servers:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
        subprocess.run([*psql, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'], env=pg_env, check=False)
        with contextlib.suppress(Exception):
            import redis

            client = redis.Redis(host=REDIS[0], port=REDIS[1], db=REDIS_DB)
            for key in client.scan_iter(f"{prefix}:*"):
                client.delete(key)


# The one name both servers are reached by, as the proxy in front passes it on: a page is cached per host asked
# for (its permalinks carry it), and each server's own address differs by its port.
SITE = {"Host": "127.0.0.1"}


def test_an_edit_made_through_one_server_shows_on_the_next_request_to_the_other(two_servers):
    status, headers, html = get(two_servers["b"] + PAGE, **SITE)
    assert status == 200 and "Edited through server A" not in html
    old_etag = headers["ETag"]
    # Cached in the shared Redis: server A answers the same bytes under the same ETag.
    assert get(two_servers["a"] + PAGE, **SITE)[1]["ETag"] == old_etag

    # A curator's save through server A's database (the admin saves the same way: save(), then the version).
    edit = (
        "from negotiations.models import Demand; d = Demand.objects.get(slug='ru-memo-permanent-neutrality'); "
        "d.paraphrase = 'Edited through server A.'; d.save()"
    )
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", edit],
        cwd=settings.BASE_DIR,
        env=two_servers["env"],
        check=True,
        capture_output=True,
        timeout=60,
    )

    status, headers, html = get(two_servers["b"] + PAGE, **SITE, **{"If-None-Match": old_etag})
    assert status == 200
    assert "Edited through server A." in html
    assert headers["ETag"] != old_etag


def test_no_server_takes_over_a_control_socket_shared_by_every_instance(two_servers):
    # gunicorn's default ~/.gunicorn/gunicorn.ctl is one path for every instance: the second removed the first's.
    assert not (two_servers["home"] / ".gunicorn").exists()
