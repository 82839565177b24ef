"""The edge cache in front of the site (Varnish: edge/positions.vcl; or a managed CDN): what it may keep, and its
purge when the data changes.

Browsers keep `Cache-Control: no-cache` (pages.py): they revalidate every time. The edge reads its own field,
`CDN-Cache-Control` (RFC 9213, targeted cache control), which browsers ignore: a public page of a valid query, as
its data version renders it, may be kept EDGE_TTL_SECONDS and served EDGE_STALE_SECONDS longer while the edge
fetches it again. The response names its data version (`X-Data-Version`); every change to the data sends the edge
a BAN of every object of another version (purge), so a correction reaches every reader at once, as the origin's
own page cache does (caching.py: the whole site renders again per data version). Never at the edge: a logged-in
request (`Cache-Control: private`), the admin, a refused query, an error or refusal (4xx, 5xx).
"""

import datetime
import logging
import threading
import urllib.request

from django.conf import settings
from django.utils import timezone
from django.utils.cache import patch_cache_control

from negotiations.web.breaker import Breaker

logger = logging.getLogger("negotiations")

# Each step of a BAN (connect, then the answer) gives up after this: a save waits 1 s at most for an edge that
# does not answer, once per cool-down (the breaker), and never fails because of it.
PURGE_TIMEOUT_SECONDS = 0.5
PURGE_COOL_DOWN_SECONDS = 5
# The repeated BAN (see repeat_purge) goes out this long after the last change. A public render's statements are
# cancelled at DATABASE_STATEMENT_TIMEOUT_MS (none: gunicorn's 30 s worker timeout ends any request), and a page
# holds one slow query at most in practice: the margin is for the rest of its render and its way to the edge.
# A render slower than that (several statements each near the limit) can leave its page at the edge for
# EDGE_TTL_SECONDS at most.
REPEAT_MARGIN_SECONDS = 3
NO_STATEMENT_TIMEOUT_SECONDS = 30


# --- What the edge may keep ----------------------------------------------------------------------------------


def mark(request, response, etag, *, daily=False):
    """Say who may keep `response` (a public page's or stream's, `etag` the ETag of the page at the data version
    this request reads): called once per response, after it is made, by `public_page` and `public_stream`."""
    if signed_in(request):
        # A curator's pages may show what a reader's do not: no shared cache keeps them.
        patch_cache_control(response, private=True)
        return response
    if edge_may_keep(response, etag):
        seconds_left = seconds_to_midnight(timezone.localtime()) if daily else None
        response["CDN-Cache-Control"] = edge_directive(
            settings.EDGE_TTL_SECONDS, settings.EDGE_STALE_SECONDS, seconds_left
        )
        # A view may name the version its body holds already (an export; a past version's data package file,
        # which names an older one): the ban then evicts it at the next change, early but never stale.
        response.headers.setdefault("X-Data-Version", str(request.data_version.version))
    return response


def signed_in(request):
    """A request with the session cookie (the only way to be signed in here: the admin's login). The cookie is
    read, not `request.user`: reading the user opens the session, which adds `Vary: Cookie` to every public page."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def edge_may_keep(response, etag):
    """A 200 of a valid query, rendered at the version this request reads (its ETag is that version's: a page of
    the previous version, served while another worker renders the new one, is not), or a 304: the validators the
    edge revalidates with are this version's (Django's 304 carries no ETag to compare), and it revalidates only
    what it kept. A refused query is never kept (pages.store_fresh marks it)."""
    if getattr(response, "query_refused", False):
        return False
    return response.status_code == 304 or (response.status_code == 200 and response.get("ETag") == etag)


def edge_directive(ttl, stale, seconds_left=None):
    """The CDN-Cache-Control value. `seconds_left`: until the page's content changes by itself (a daily page shows
    today's date): neither kept nor served stale past it."""
    if seconds_left is not None:
        ttl = min(ttl, seconds_left)
        stale = max(0, min(stale, seconds_left - ttl))
    return f"public, s-maxage={ttl}, stale-while-revalidate={stale}"


def seconds_to_midnight(now):
    """Whole seconds from `now` (aware, local) to the next local midnight, rounded down."""
    midnight = timezone.make_aware(datetime.datetime.combine(now.date() + datetime.timedelta(days=1), datetime.time()))
    return int((midnight - now).total_seconds())


# --- The purge -----------------------------------------------------------------------------------------------

outages = {}  # one breaker per edge address
# Straight to the edge: a proxy named in the environment (http_proxy) is not the way to a cache on this network.
direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def purge(sender, stamp, **kwargs):
    """Receiver of models.data_version_changed (sent once a change has committed; connected in apps.py after the
    page cache's, so the shared version is rewritten before the edge forgets the pages: a fetch the BAN causes
    must not read the old version). Bans every object of another version at each edge, now and once more later."""
    if not settings.EDGE_PURGE_URLS:
        return
    ban(stamp.version)
    repeat_purge(stamp.version)


def ban(version):
    for url in settings.EDGE_PURGE_URLS:
        outage = outages.setdefault(
            url, Breaker(f"edge cache at {url}", "its pages expire by their TTL", PURGE_COOL_DOWN_SECONDS)
        )
        if outage.allows():
            send_ban(url, version, outage)


def send_ban(url, version, outage):
    request = urllib.request.Request(url, method="BAN", headers={"X-Data-Version": str(version)})
    try:
        with direct.open(request, timeout=PURGE_TIMEOUT_SECONDS) as answer:
            answer.read()
    except OSError as error:  # refused, silent (a timeout), or an error status (URLError and HTTPError are OSErrors)
        outage.failed(error)
    else:
        outage.worked()


class Repeat:
    """The one pending repeat of the purge. A render that began before the change (at the old version) can reach
    the edge after the BAN and be kept there; the same BAN once the longest render is over evicts it. Postponed by
    every further change (a fixture load publishes many versions at once), so it bans the last version, once.
    Not a daemon: a command's process (a restore, a fixture load) ends right after its change, and its repeat
    must still go out; a server's worker waits for it when it stops."""

    lock = threading.Lock()
    timer = None

    @classmethod
    def schedule(cls, delay, version):
        with cls.lock:
            if cls.timer is not None:
                cls.timer.cancel()
            cls.timer = threading.Timer(delay, ban, args=(version,))
            cls.timer.daemon = False
            cls.timer.start()

    @classmethod
    def cancel(cls):
        with cls.lock:
            if cls.timer is not None:
                cls.timer.cancel()
            cls.timer = None


def repeat_purge(version):
    statement_timeout = settings.DATABASE_STATEMENT_TIMEOUT_MS / 1000 or NO_STATEMENT_TIMEOUT_SECONDS
    Repeat.schedule(statement_timeout + REPEAT_MARGIN_SECONDS, version)
