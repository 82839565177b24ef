"""PostgreSQL as Django has it, except that a server which stops answering is given up on, in bounded time.

The statement timeout bounds a query the server runs; it cannot help when the server never sees the query (a
hung host, a network or relay that drops what it is sent): the kernel acknowledges the bytes, so keepalives and
tcp_user_timeout do not fire either, and the request waits until gunicorn kills the worker (the visitor's
connection dropped, no 503). So every wait for the server has a deadline (OPTIONS "answer_timeout", seconds:
settings.py sets the statement timeout and a margin, so the server's own cancellation always comes first): past
it the connection is closed and the query fails with OperationalError, which DatabaseUnavailableMiddleware
answers with a 503. A server that did not answer in time, or could not be connected to in time, opens the
breaker (Silence): no request of this process tries it again until a probe of its own finds it answering, so
cached pages are still served (caching.version_now) and fresh ones answer 503 at once, instead of each request
waiting.
"""

import contextlib
import threading
import time

import psycopg
from django.db.backends.postgresql import base

# psycopg's own default interval, and the error its waits raise when their timeout expires: internal names of the
# version pinned in requirements.txt (test_silent_dependencies fails if they stop meaning this).
from psycopg.connection import _WAIT_INTERVAL
from psycopg.errors import ConnectionTimeout, _WaitTimeout

from negotiations.web.breaker import Breaker

# A health check's SELECT 1 answers at once from a live server: waiting for it as long as for a page's query
# would leave a request little time to answer.
HEALTH_CHECK_SECONDS = 2
# How often a silent server is tried again, from a thread of its own (Silence): no request waits for it.
COOL_DOWN_SECONDS = 2


class Silence(Breaker):
    """The breaker of one database server, in this process. While it is open no request tries the server, not
    even as a probe (connecting to a silent server waits the whole connect timeout, and a cached page would wait
    with it): a thread of its own tries it once per cool-down, and its first answer closes the breaker."""

    def __init__(self, address, params):
        super().__init__(f"database {address}", "serving cached pages, 503 for the others", COOL_DOWN_SECONDS)
        self.params = params

    def allows(self):
        return not self.down

    def failed(self, error):
        opening = not self.down
        super().failed(error)
        if opening:
            threading.Thread(target=self.probe, name=f"probe {self.name}", daemon=True).start()

    def probe(self):
        while self.down:
            time.sleep(self.cool_down)
            try:
                connection = DeadlineConnection.connect(**self.params)
                connection.deadline, connection.silence = HEALTH_CHECK_SECONDS, self
                with connection:
                    connection.execute("SELECT 1")
            except psycopg.Error:
                continue
            self.worked()


silences = {}


def silence_of(params):
    address = f"{params.get('host', '')}:{params.get('port', '')}"
    if address not in silences:
        silences[address] = Silence(address, params)
    return silences[address]


class DeadlineConnection(psycopg.Connection):
    """psycopg's connection, whose every wait for the server (queries, fetches, commits) ends by `deadline`."""

    deadline = None  # seconds; None: as long as it takes
    silence = None  # the server's breaker

    def wait(self, gen, interval=_WAIT_INTERVAL, timeout=None):
        if timeout is not None or self.deadline is None:  # psycopg's own timeouts are its to handle
            return super().wait(gen, interval, timeout)
        try:
            return super().wait(gen, interval, self.deadline)
        except _WaitTimeout:
            # Cut off mid-exchange, the connection cannot be used again.
            self.pgconn.finish()
            error = psycopg.OperationalError(f"the database did not answer within {self.deadline:g} s")
            self.silence.failed(error)
            raise error from None


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        params.pop("answer_timeout", None)
        return params

    def get_new_connection(self, conn_params):
        silence = silence_of(conn_params)
        if not silence.allows():
            raise psycopg.OperationalError("the database stopped answering: not tried again until it answers")
        try:
            connection = super().get_new_connection(conn_params)
        except ConnectionTimeout as error:
            silence.failed(error)
            raise
        silence.worked()
        # psycopg builds its own class of connection; ours only adds the deadline to its waits.
        connection.__class__ = DeadlineConnection
        connection.deadline = self.settings_dict["OPTIONS"].get("answer_timeout")
        connection.silence = silence
        return connection

    def is_usable(self):
        with self.deadline_of(HEALTH_CHECK_SECONDS):
            return super().is_usable()

    @contextlib.contextmanager
    def deadline_of(self, seconds):
        """Within the block, the open connection's waits end by `seconds` (None: as long as they take)."""
        connection = self.connection
        if connection is None:
            yield
            return
        saved, connection.deadline = connection.deadline, seconds
        try:
            yield
        finally:
            connection.deadline = saved
