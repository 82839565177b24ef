"""`@public_page`: the one request path of every public page, so that each view only fetches and renders.

In order: GET and HEAD only; the query string parsed once by the page's query form (or FilterSet) and
handed to the view as `query`; "fragment or page" decided by htmx.py; the response served from the
page cache, or as a 304, or rendered (by one worker at a time, in a render slot: see render_slots.py) and
stored; `Vary` set where a page has a fragment, and `Cache-Control: no-cache` everywhere, so browsers
revalidate instead of guessing; and what a cache in front may keep, said by edge.py.
"""

import datetime
import functools
import time
from typing import NamedTuple

from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, quote_etag
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django_filters import FilterSet

from negotiations.web import caching, edge, htmx
from negotiations.web.client_ip import client_key
from negotiations.web.render_slots import Shedding, render_slot

# How long a request waits for another worker's render of a page nobody has rendered before, then renders.
WAIT_FOR_RENDER_SECONDS = 3


def form_of(query):
    return query.form if isinstance(query, FilterSet) else query


def public_page(view=None, *, query=None, partial=None, daily=False):
    """Decorate a public view. `query`: the form or FilterSet class that reads the page's query string
    (the view receives the instance as `query`, its form's `state` the view state computed here); without one,
    every parameter is ignored. `partial`: the template partial an htmx request gets instead of the page (the
    view names the page's template). `daily`: the page shows today's date (a citation's retrieval date), so it
    is cached per day too. The view finds the data version it renders at in `request.data_version`, and its
    cache entry's key in `request.page_key`."""
    if view is None:
        return functools.partial(public_page, query=query, partial=partial, daily=daily)

    query_form = query_form_of(query)

    @functools.wraps(view)
    @require_safe
    def wrapper(request, *args, **kwargs):
        state = query_form().canonical_of(request.GET) if query else QueryDict()
        key = request.page_key = key_of(request, partial, daily, state)
        entry, stamp = look_up(request, key)
        validators = validators_of(key, stamp, daily)
        response = get_conditional_response(request, etag=validators.etag, last_modified=validators.timestamp)
        if response is None:

            def fresh():
                parsed = parse(query, request.GET, state)
                response = render(view, request, parsed, state, partial, args, kwargs)
                store_fresh(key, stamp.version, response, validators, parsed)
                return response

            response = cached_or_fresh(request, key, stamp.version, entry, fresh)
        # Browsers must ask again every time (a 304 when nothing changed), or a correction may not reach them.
        patch_cache_control(response, no_cache=True)
        edge.mark(request, response, validators.etag, daily=daily)  # what a cache in front may keep (edge.py)
        htmx.push_url(response, request, partial, state)
        return htmx.vary(response) if partial else response

    return wrapper


def query_form_of(query):
    """The form class that reads the query string, built once (a FilterSet builds it from its filters)."""
    return functools.cache(lambda: query().get_form_class() if issubclass(query, FilterSet) else query)


def look_up(request, key):
    """The stored entry under `key` (of any version, or None), and the data version this request reads at, also
    set as `request.data_version`: from the same round trip to a shared cache when there is one."""
    version_in_cache, entry = caching.lookup(key)
    stamp = request.data_version = caching.version_now(version_in_cache)
    return entry, stamp


def key_of(request, partial, daily, state):
    """The page's cache entry: its variant, the scheme and host asked for, its path and its view state."""
    return caching.page_key(variant_of(request, partial, daily), origin_of(request), request.path, state.urlencode())


def origin_of(request):
    """The scheme and host asked for: links on a page are absolute (permalinks, exports' rows)."""
    return f"{request.scheme}://{request.get_host()}"


def variant_of(request, partial, daily):
    """Which rendering of the address this request gets: the page or its fragment, and today's date if daily."""
    variant = htmx.variant(request) if partial else "page"
    return f"{variant}:{timezone.localdate().isoformat()}" if daily else variant


class Validators(NamedTuple):
    etag: str
    last_modified: str  # the header's value
    timestamp: int  # the same moment, for get_conditional_response


def validators_of(key, stamp, daily):
    """The page's ETag and Last-Modified: a daily page changes at midnight too."""
    version, changed_at = stamp
    if daily:
        midnight = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time()))
        changed_at = max(changed_at, midnight)
    return Validators(
        quote_etag(caching.etag_of(version, key)), http_date(changed_at.timestamp()), int(changed_at.timestamp())
    )


def parse(query, data, state):
    """The page's query form (or FilterSet) over the query string, given the view state computed from the same
    string for the cache key: the view, and what it builds links with, read that one state. Parsed and
    validated only for a render: a cached page needs the canonical state alone (a FilterSet deep-copies its
    filters and their querysets, about 1 ms a request, on every hit)."""
    if query is None:
        return None
    parsed = query(data)
    form_of(parsed).state = state
    return parsed


def store_fresh(key, version, response, validators, parsed):
    """A fresh render carries the page's validators, and is stored unless its query was refused (a refused
    query is never cached: junk parameters make no cache entries)."""
    response.headers.setdefault("ETag", validators.etag)
    response.headers.setdefault("Last-Modified", validators.last_modified)
    response.query_refused = parsed is not None and not form_of(parsed).is_valid()  # nor at the edge (edge.py)
    if not response.query_refused:
        caching.store(key, version, response)


def cached_or_fresh(request, key, version, entry, fresh):
    """The stored page (`entry`) of this version; else one worker renders it (in a render slot) while the
    others serve the previous version's page, or, when there is none yet, wait a moment for the render: after
    an edit, a page is rendered once, not by every worker at the same moment. The slot is asked for first, so
    that a refusal costs no more than the lookup already made."""
    if entry is not None and entry.version == version:
        return entry.response()
    with render_slot(client_key(request)) as slot:
        if slot and caching.claim_render(key, version):
            try:
                return fresh()
            finally:
                caching.release_render(key, version)
    if entry is not None:
        return entry.response()  # the previous version, until a render of this one is stored
    if slot.over_share or not (slot or caching.render_under_way(key, version)):
        # A client over its share may not hold a worker waiting for someone else's render (two connections asking
        # for one new page would hold two workers); and without a slot, waiting is only worth it for a render
        # under way.
        return refused(request, slot)
    return rendered_elsewhere(request, key, version, fresh)


def rendered_elsewhere(request, key, version, fresh):
    """The page another worker is rendering, once it is stored; rendered here if it does not come in time."""
    deadline = time.monotonic() + WAIT_FOR_RENDER_SECONDS
    while time.monotonic() < deadline:
        time.sleep(0.05)
        entry = caching.load(key)
        if entry is not None and entry.version == version:
            return entry.response()
    with render_slot(client_key(request)) as slot:
        return fresh() if slot else refused(request, slot)


@functools.cache
def refusal_page(over_share):
    """Rendered once per worker: the same words every time, and a refusal must cost next to nothing."""
    if over_share:
        return render_to_string("429.html").encode()
    return render_to_string("503.html", {"busy": True}).encode()


def refused(request, refusal):
    """No render slot for this client (render_slots.py): say so at once, with when to come back, instead of
    queueing behind the others. Counted, not logged one by one."""
    response = HttpResponse(refusal_page(refusal.over_share), status=429 if refusal.over_share else 503)
    response["Retry-After"] = str(refusal.retry_after)
    request.render_refused = True  # render_slots.NotRefusals keeps it out of django.request's errors
    Shedding.count(refusal)
    return response


def render(view, request, parsed, state, partial, args, kwargs):
    if parsed is not None:
        kwargs = {**kwargs, "query": parsed}
    response = view(request, *args, **kwargs)
    if hasattr(response, "render"):
        response.template_name = htmx.template_for(request, response.template_name, partial)
        # What every page's links and out-of-band messages need: the view state, and which variant this is.
        response.context_data = {
            "state": state,
            "is_fragment": htmx.wants_fragment(request),
            "data_version": request.data_version,
            **response.context_data,
        }
        response.render()
    return response


def paginate(objects, per_page, number, *, count=None):
    """The page asked for, or the nearest one with a notice saying so (0 is “not a page number”). A `count`
    already known (the explorer sums its facets' aggregate) spares the paginator its own COUNT query."""
    paginator = Paginator(objects, per_page)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached property: this is its cached value
    page = paginator.get_page(number or 1)
    if number == page.number:
        return page, ""
    asked = f"no page {number}" if number else "no page by that name"
    return page, f"There is {asked}; showing page {page.number} of {page.paginator.num_pages}."
