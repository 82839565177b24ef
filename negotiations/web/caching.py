"""The page store: one entry per view state and variant, stamped with the data version it was rendered at.

A page is rendered once per data version: any save, delete or fixture load advances the version
(negotiations/signals.py), so a curator's edit shows on the very next request; nothing waits to expire.
The key names the view state (path and canonical query, see query.py) and the variant (page or htmx
fragment, see htmx.py), never the raw URL: junk parameters cannot make new entries. The entry of an older
version stays until the new one replaces it, so that while one worker renders the new version the others
can serve the previous one (pages.py) instead of all rendering at once.

The cache is an optimisation: when it fails, pages are rendered uncached (every call here says so).

It also keeps a few values that several pages compute from the whole record (per_version): computed once per
data version, not once per render.
"""

import hashlib
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.dispatch import receiver
from django.http import HttpResponse

from negotiations.models import DataVersion, data_version_changed

logger = logging.getLogger("negotiations")

CACHED_HEADERS = ("Content-Type", "Content-Disposition", "Vary", "X-Data-Version")
PAGE_TIMEOUT = 60 * 60 * 24
# Long enough for the slowest render; a worker that dies holding it delays others by this much at most.
RENDER_LOCK_SECONDS = 30
VERSION_KEY = "data-version"
# The version kept in a shared cache is rewritten on every change; this bounds how long a missed rewrite (the
# cache down at that moment) can keep an old version in use.
VERSION_TIMEOUT = 30


class Outage:
    """Said once per outage in the log, not once per request (a dead Redis under load would bury the rest)."""

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


def attempt(operation, *args, failed=None):
    """The cache operation's result, or `failed` when the cache cannot be reached."""
    try:
        result = operation(*args)
    except Exception as error:  # any backend's failure (Redis: ConnectionError, TimeoutError)
        Outage.failed(error)
        return failed
    Outage.worked()
    return result


# --- The data version, from the shared cache when there is one ---------------------------------------------


def cached_version():
    """(version, changed_at) from a shared cache (Redis), or None: then the database says."""
    return attempt(cache.get, VERSION_KEY) if settings.DATA_VERSION_IN_CACHE else None


def remember_version(value, *, replace):
    """Keep the version in the shared cache. Readers only add (a reader that read the database before a
    change committed must not overwrite the writer's newer number); the writer replaces."""
    if settings.DATA_VERSION_IN_CACHE:
        attempt(cache.set if replace else cache.add, VERSION_KEY, value, VERSION_TIMEOUT)


def version_now():
    """The VersionStamp for a request: from the shared cache when there is one, so a cached page is served
    without touching the database; from the database otherwise."""
    value = cached_version()
    if value is None:
        row = DataVersion.current()
        value = (row.version, row.changed_at)
        remember_version(value, replace=False)
    return DataVersion.stamp(value)


@receiver(data_version_changed, dispatch_uid="page-cache-version")
def share_new_version(sender, stamp, **kwargs):
    """The writer replaces the shared copy (connected when the app is ready: apps.py)."""
    remember_version(tuple(stamp), replace=True)


# --- Pages --------------------------------------------------------------------------------------------------


@dataclass
class Entry:
    version: int
    content: bytes
    headers: dict = field(default_factory=dict)

    def response(self):
        response = HttpResponse(self.content)
        for name, value in self.headers.items():
            response[name] = value
        return response


def page_key(variant, path, query):
    digest = hashlib.sha256(f"{path}?{query}".encode("utf-8", "surrogateescape")).hexdigest()
    return f"page:{variant}:{digest}"


def etag_of(version, key):
    """The same version and key, the same bytes: together they name the content."""
    return hashlib.sha256(f"{version}:{key}".encode()).hexdigest()[:32]


def load(key):
    """The stored entry (of any version), or None."""
    return attempt(cache.get, key) if settings.PAGE_CACHE else None


def lookup(key):
    """(the data version from a shared cache or None, the stored entry or None), in one round trip: a
    cached page is served after this one call."""
    if not settings.DATA_VERSION_IN_CACHE:
        return None, load(key)
    wanted = [VERSION_KEY, key] if settings.PAGE_CACHE else [VERSION_KEY]
    found = attempt(cache.get_many, wanted, failed={})
    return found.get(VERSION_KEY), found.get(key)


def store(key, version, response):
    if response.status_code == 200 and not response.streaming:
        keep(key, version, response.content, response)


def keep(key, version, content, response):
    """`content` (a page, or a streamed body once sent whole) stored under `key` at `version`, with the
    response's headers that describe it."""
    if settings.PAGE_CACHE:
        headers = {name: response[name] for name in (*CACHED_HEADERS, "ETag", "Last-Modified") if name in response}
        attempt(cache.set, key, Entry(version, content, headers), PAGE_TIMEOUT)


def claim_render(key, version):
    """True for the one worker that renders this version of the page; the others get False. Without a cache
    every worker renders, as before."""
    if not settings.PAGE_CACHE:
        return True
    return attempt(cache.add, f"{key}:rendering:{version}", True, RENDER_LOCK_SECONDS, failed=True)


def render_under_way(key, version):
    """Whether some worker has claimed this version of the page (and is rendering it)."""
    return bool(settings.PAGE_CACHE and attempt(cache.get, f"{key}:rendering:{version}"))


def release_render(key, version):
    if settings.PAGE_CACHE:
        attempt(cache.delete, f"{key}:rendering:{version}")


# --- Values computed once per data version -------------------------------------------------------------------


def per_version(name, version, compute):
    """`compute()` as of this data version: computed by the first render that needs it after a change, then read
    from the cache by every other render of that version (any page, and every worker when the cache is shared).
    One entry per name, stamped with its version as a page is, so a day of edits leaves one entry, not one per
    version. Not a page: kept whether or not the page cache is on. When the cache fails, computed every time."""
    key = f"data:{name}"
    kept_version, value = attempt(cache.get, key) or (None, None)
    if kept_version == version:
        return value
    value = compute()
    attempt(cache.set, key, (version, value), PAGE_TIMEOUT)
    return value
