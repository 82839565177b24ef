"""Rendered pages stored by data version and view state, with the ETag a browser's repeat visit sends back.

A page is rendered once per data version: any save, delete or fixture load advances the version
(negotiations/signals.py), so a curator's edit shows on the very next request; nothing waits to expire.
The key names the view state (path and canonical query, see query.py) and the variant (page or htmx
fragment, see htmx.py), never the raw URL: junk parameters cannot make new entries.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

logger = logging.getLogger("negotiations")

CACHED_HEADERS = ("Content-Type", "Content-Disposition", "Vary")
PAGE_TIMEOUT = 60 * 60 * 24


def page_key(version, variant, path, query):
    digest = hashlib.sha256(f"{path}?{query}".encode("utf-8", "surrogateescape")).hexdigest()
    return f"page:{version}:{variant}:{digest}"


def etag_of(key):
    """The same key, the same bytes: the key itself names the content."""
    return hashlib.sha256(key.encode()).hexdigest()[:32]


class Outage:
    """The cache is an optimisation: when it fails, pages are rendered uncached. Said once per outage in the
    log, not once per request (a dead Redis under load would bury everything else)."""

    down = False

    @classmethod
    def failed(cls, error):
        if not cls.down:
            logger.error("page cache unavailable, serving uncached pages: %s", error)
        cls.down = True

    @classmethod
    def worked(cls):
        if cls.down:
            logger.warning("page cache available again")
        cls.down = False


def load(key):
    """The stored response, or None (also when the cache cannot be reached)."""
    if not settings.PAGE_CACHE:
        return None
    try:
        stored = cache.get(key)
    except Exception as error:  # any backend's failure (Redis: ConnectionError, TimeoutError)
        Outage.failed(error)
        return None
    Outage.worked()
    if stored is None:
        return None
    content, headers = stored
    response = HttpResponse(content)
    for name, value in headers.items():
        response[name] = value
    return response


def store(key, response):
    if settings.PAGE_CACHE and response.status_code == 200 and not response.streaming:
        headers = {name: response[name] for name in CACHED_HEADERS if response.has_header(name)}
        try:
            cache.set(key, (response.content, headers), PAGE_TIMEOUT)
        except Exception as error:
            Outage.failed(error)
