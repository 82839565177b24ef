"""The page store: one entry per view state and variant, stamped with the data version it was rendered at.

A page is rendered once per data version: any save, delete or fixture load advances the version
(negotiations/signals.py), so a curator's edit shows on the very next request; nothing waits to expire.
The key names the view state (path and canonical query, see query.py) and the variant (page or htmx
fragment, see htmx.py), never the raw URL: junk parameters cannot make new entries. The entry of an older
version stays until the new one replaces it, so that while one worker renders the new version the others
can serve the previous one (pages.py) instead of all rendering at once.

The cache is an optimisation: when Redis fails, each process keeps its own pages until it answers again
(attempt). When the database fails instead, pages cached at the data version last seen are still served
(LastSeen).

It also keeps a few values that several pages compute from the whole record (per_version): computed once per
data version, not once per render.
"""

import hashlib
import logging
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpResponse

from negotiations.models import DataVersion, data_version_changed
from negotiations.web.breaker import Breaker

logger = logging.getLogger("negotiations")

CACHED_HEADERS = ("Content-Type", "Content-Disposition", "Vary", "X-Data-Version")
PAGE_TIMEOUT = 60 * 60 * 24
# Long enough for the slowest render; a worker that dies holding it delays others by this much at most.
RENDER_LOCK_SECONDS = 30
VERSION_KEY = "data-version"
# The version kept in a shared cache is rewritten on every change; this bounds how long a missed rewrite (the
# cache down at that moment) can keep an old version in use.
VERSION_TIMEOUT = 30
# How long the data version last seen stands in for the database's when it cannot be read (LastSeen).
STALE_IF_ERROR_SECONDS = 10 * 60


# A Redis that stops answering is left alone this long (per process) before one request tries it again.
COOL_DOWN_SECONDS = 5
outage = Breaker("page cache", "each process keeping its own pages", COOL_DOWN_SECONDS)
# Meanwhile each process keeps its own pages, as it does without REDIS_URL: a crowd asking for the same pages
# would otherwise have every request rendered afresh, and the render slots would turn most of them away. Emptied
# when Redis answers again. (The data version is never kept here: it is read from the database meanwhile.)
STAND_IN = LocMemCache("page-cache-stand-in", {"OPTIONS": {"MAX_ENTRIES": 2000}})


def attempt(method, *args, stand_in=True):
    """The cache's `method` called with `args`; when the cache cannot be reached, or failed a moment ago (a Redis
    that accepts connections and never answers costs one request one timeout, not every request six:
    breaker.py), the process's own cache answers instead, or with `stand_in=False`, None."""
    if outage.allows():
        try:
            result = getattr(cache, method)(*args)
        except Exception as error:  # any backend's failure (Redis: ConnectionError, TimeoutError)
            outage.failed(error)
        else:
            if outage.down:
                outage.worked()
                STAND_IN.clear()
            return result
    return getattr(STAND_IN, method)(*args) if stand_in else None


# --- The data version, from the shared cache when there is one ---------------------------------------------


def cached_version():
    """(version, changed_at) from a shared cache (Redis), or None: then the database says."""
    return attempt("get", VERSION_KEY, stand_in=False) if settings.DATA_VERSION_IN_CACHE else None


def remember_version(value, *, replace):
    """Keep the version in the shared cache. Readers only add (a reader that read the database before a
    change committed must not overwrite the writer's newer number); the writer replaces."""
    if settings.DATA_VERSION_IN_CACHE:
        attempt("set" if replace else "add", VERSION_KEY, value, VERSION_TIMEOUT, stand_in=False)


class LastSeen:
    """The data version this process last read (from the shared cache or the database), and when: while the
    database cannot be read, it stands in for the database's for STALE_IF_ERROR_SECONDS (stale-if-error), so
    pages cached at that version are still served; fresh renders meet the database's error and answer 503.
    Nothing can be edited while the database is away, so the version seen last is the current one unless the
    database was replaced behind the site's back: past the bound, cached pages answer 503 too."""

    value = None
    at = 0.0
    standing_in = False

    @classmethod
    def saw(cls, value):
        if cls.standing_in:
            logger.warning("data version read again")
        cls.value, cls.at, cls.standing_in = value, time.monotonic(), False

    @classmethod
    def stand_in(cls, error):
        """The version last seen, or the database's error again when there is none recent enough."""
        if cls.value is None or time.monotonic() - cls.at > STALE_IF_ERROR_SECONDS:
            raise error
        if not cls.standing_in:
            logger.error("data version unreadable, serving the pages cached at version %s: %s", cls.value[0], error)
        cls.standing_in = True
        return cls.value


def version_now(shared=None):
    """The VersionStamp for a request: `shared`, the version the page's lookup read from the shared cache, or
    read from there now, so a cached page is served without touching the database; from the database otherwise,
    or, when it cannot be read, the version last seen (LastSeen)."""
    value = shared or cached_version()
    if value is None:
        try:
            row = DataVersion.current()
        except (OperationalError, InterfaceError) as error:
            return DataVersion.stamp(LastSeen.stand_in(error))
        value = (row.version, row.changed_at)
        remember_version(value, replace=False)
    LastSeen.saw(value)
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


def page_key(variant, origin, path, query):
    """`origin` is the scheme and host the page was asked for (https://positions.example.org): pages write it
    into their permalinks, citations and feeds, so a page asked for at another host or scheme is another entry,
    never a page that carries the first visitor's host (the hosts are those ALLOWED_HOSTS lets through)."""
    digest = hashlib.sha256(f"{origin}{path}?{query}".encode("utf-8", "surrogateescape")).hexdigest()
    return f"page:{variant}:{digest}"


def etag_of(version, key):
    """The same version and key, the same bytes: together they name the content."""
    return hashlib.sha256(f"{version}:{key}".encode()).hexdigest()[:32]


def load(key):
    """The stored entry (of any version), or None."""
    return attempt("get", key) if settings.PAGE_CACHE else None


def lookup(key):
    """(the data version from a shared cache or None, the stored entry or None), in one round trip: a
    cached page is served after this one call."""
    if not settings.DATA_VERSION_IN_CACHE:
        return None, load(key)
    wanted = [VERSION_KEY, key] if settings.PAGE_CACHE else [VERSION_KEY]
    found = attempt("get_many", wanted)
    return found.get(VERSION_KEY), found.get(key)


def store(key, version, response):
    if response.status_code == 200 and not response.streaming:
        keep(key, version, response.content, response)


def keep(key, version, content, response):
    """`content` (a page, or a streamed body once sent whole) stored under `key` at `version`, with the
    response's headers that describe it."""
    if settings.PAGE_CACHE:
        headers = {name: response[name] for name in (*CACHED_HEADERS, "ETag", "Last-Modified") if name in response}
        attempt("set", key, Entry(version, content, headers), PAGE_TIMEOUT)


def keep_one_version(name, version, key):
    """A page whose address names its data version (a data package table, /data/v12/demands.csv) is a new entry
    for every version, each kept PAGE_TIMEOUT: about 41 MB per version at 100,000 terms, although an older
    version's address only answers 410. Called when `version`'s page named `name` is rendered (`key`: its entry,
    request.page_key), this deletes the entry of the version rendered before it, so each name keeps one."""
    if not settings.PAGE_CACHE:
        return
    pointer = f"latest-version-page:{name}"
    previous = attempt("get", pointer)
    if previous is not None and tuple(previous) != (version, key):
        attempt("delete", previous[1])
    attempt("set", pointer, (version, key), PAGE_TIMEOUT)


def claim_render(key, version):
    """True for the one worker that renders this version of the page; the others get False. Without a cache
    every worker renders, as before."""
    if not settings.PAGE_CACHE:
        return True
    return attempt("add", f"{key}:rendering:{version}", True, RENDER_LOCK_SECONDS)


def render_under_way(key, version):
    """Whether some worker has claimed this version of the page (and is rendering it)."""
    return bool(settings.PAGE_CACHE and attempt("get", f"{key}:rendering:{version}"))


def release_render(key, version):
    if settings.PAGE_CACHE:
        attempt("delete", f"{key}:rendering:{version}")


# --- Values computed once per data version -------------------------------------------------------------------


def per_version(name, version, compute):
    """`compute()` as of this data version: computed by the first render that needs it after a change, then read
    from the cache by every other render of that version (any page, and every worker when the cache is shared).
    One entry per name, stamped with its version as a page is, so a day of edits leaves one entry, not one per
    version. Not a page: kept whether or not the page cache is on."""
    key = f"data:{name}"
    kept_version, value = attempt("get", key) or (None, None)
    if kept_version == version:
        return value
    value = compute()
    attempt("set", key, (version, value), PAGE_TIMEOUT)
    return value
