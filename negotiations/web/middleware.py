"""When the database is unreachable, answer 503 with Retry-After and a plain page, not a traceback; when two
curators' saves race past the admin form's version check, answer 409, not a 500; and the admin runs without
the statement timeout that bounds public pages."""

import contextlib
import logging

from concurrency.exceptions import RecordModifiedError
from django.conf import settings
from django.db import DatabaseError, connection, connections
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse

logger = logging.getLogger("negotiations")

RETRY_AFTER_SECONDS = 5
# PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout (psycopg's QueryCanceled).
QUERY_CANCELED = "57014"


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RecordModifiedError):
            # The form's check (admin.VersionedForm) passed, but another save landed before this one's UPDATE:
            # django-concurrency's conditional UPDATE refused it, and the transaction rolled back.
            logger.warning("409 concurrent save refused: %s %s", request.method, request.path)
            return HttpResponse(render_to_string("409.html"), status=409)
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        timed_out = getattr(exception.__cause__, "sqlstate", None) == QUERY_CANCELED
        what = "statement timeout" if timed_out else "database unavailable"
        logger.error("503 %s: %s %s (%s)", what, request.method, request.path, exception)
        # Drop the broken connections now, so the next request opens fresh ones once the database is back.
        for each in connections.all(initialized_only=True):
            each.close_if_unusable_or_obsolete()
        response = HttpResponse(render_to_string("503.html", {"timed_out": timed_out}), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response


class AdminWithoutStatementTimeoutMiddleware:
    """Curators' saves, history and searches over the whole record may take longer than a public page may."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            connection.vendor != "postgresql"
            or not settings.DATABASE_STATEMENT_TIMEOUT_MS
            or not request.path.startswith(reverse("admin:index"))
        ):
            return self.get_response(request)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET statement_timeout = 0")
        except DatabaseError:
            # The database is away: the view meets the same error, and DatabaseUnavailableMiddleware answers 503.
            return self.get_response(request)
        try:
            # Nor the deadline that gives up on a server which does not answer (web/postgresql): it follows the
            # statement timeout, which the server no longer applies.
            with connection.deadline_of(None):
                return self.get_response(request)
        finally:
            # Back to the connection's default for the public requests that reuse it.
            with contextlib.suppress(DatabaseError), connection.cursor() as cursor:
                cursor.execute("RESET statement_timeout")
