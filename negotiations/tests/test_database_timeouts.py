"""A database that stops answering, or a statement that runs too long, answers 503 in bounded time."""

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time

import pytest
from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("statement and connect timeouts are PostgreSQL's: this runs in the PostgreSQL pass")


def show_statement_timeout():
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


@contextlib.contextmanager
def connection_settings(**changes):
    """Reconnect with changed settings (the same dict every thread's connection reads), then put them back."""
    settings_dict = connection.settings_dict
    saved = {name: settings_dict[name] for name in changes}
    saved_options = dict(settings_dict["OPTIONS"])
    connection.close()
    settings_dict.update(changes)
    try:
        yield
    finally:
        connection.close()
        settings_dict.update(saved)
        settings_dict["OPTIONS"] = saved_options


@pytest.mark.django_db(transaction=True)
def test_a_blackholed_database_answers_503_with_retry_after_within_15_seconds(client, postgresql):
    # A listener that never accepts: the kernel completes the TCP handshake, then nothing ever answers.
    blackhole = socket.create_server(("127.0.0.1", 0))
    # Without a connect timeout the request would hang for good; closing the listener resets the connection,
    # so a failing test ends too.
    release = threading.Timer(30, blackhole.close)
    release.start()
    try:
        with connection_settings(HOST="127.0.0.1", PORT=blackhole.getsockname()[1]):
            start = time.monotonic()
            response = client.get("/compare/")
            elapsed = time.monotonic() - start
    finally:
        release.cancel()
        blackhole.close()
    print(f"503 {elapsed:.2f} s after the request, with the database blackholed")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "briefly unavailable" in response.content.decode()
    assert elapsed < 15


@pytest.mark.django_db(transaction=True)
def test_a_statement_over_the_timeout_answers_a_clear_503(client, curated, postgresql, monkeypatch):
    def slow(*args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(2)")

    # Any statement of the page will do: the comparison itself (the home page now shows a featured comparison).
    monkeypatch.setattr("negotiations.compare.fetch.comparison_of", slow)
    options = {**connection.settings_dict["OPTIONS"], "options": "-c statement_timeout=200"}
    with connection_settings(OPTIONS=options):
        start = time.monotonic()
        response = client.get("/compare/")
        elapsed = time.monotonic() - start
    assert response.status_code == 503
    assert response["Retry-After"]
    html = response.content.decode()
    assert "This request took too long" in html
    assert "narrow the search" in html
    assert "Traceback" not in html
    assert elapsed < 2


def test_public_requests_run_under_the_configured_statement_timeout(postgresql):
    assert settings.DATABASE_STATEMENT_TIMEOUT_MS > 0
    assert connection.settings_dict["OPTIONS"]["connect_timeout"] <= 5
    assert show_statement_timeout() == f"{settings.DATABASE_STATEMENT_TIMEOUT_MS}ms".replace("000ms", "s")


def test_admin_requests_run_without_the_statement_timeout_and_restore_it_after(postgresql):
    from negotiations.web.middleware import AdminWithoutStatementTimeoutMiddleware

    seen = []

    def view(request):
        # The deadline for a server that stops answering (web/postgresql) follows the statement timeout.
        seen.append((show_statement_timeout(), connection.connection.deadline))
        return HttpResponse()

    public_default = show_statement_timeout()
    public_deadline = settings.DATABASE_STATEMENT_TIMEOUT_MS / 1000 + 2
    AdminWithoutStatementTimeoutMiddleware(view)(RequestFactory().get("/admin/negotiations/demand/"))
    AdminWithoutStatementTimeoutMiddleware(view)(RequestFactory().get("/compare/"))
    assert seen == [("0", None), (public_default, public_deadline)]
    assert show_statement_timeout() == public_default != "0"


def test_management_commands_run_without_the_statement_timeout(postgresql):
    script = "from django.db import connection; c = connection.cursor(); c.execute('SHOW statement_timeout'); "
    script += "print(c.fetchone()[0])"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_STATEMENT_TIMEOUT_MS": "1000"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "0"
