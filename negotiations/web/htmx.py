"""The one rule for "fragment or page": every view, template choice, Vary header and cache key asks here; and
the one rule for the address a fragment leaves in the browser (HX-Push-Url).

htmx sends `HX-Request: true` when it swaps part of a page; on Back it may ask for the whole page again
with `HX-History-Restore-Request: true`. django-htmx reads both headers (`request.htmx`). It also names the
element it will swap (`HX-Target`, its id).
"""

from django.utils.cache import patch_vary_headers

# The request headers that decide the answer, so caches keep the variants apart (HX-Target decides whether
# the answer carries HX-Push-Url: see push_url).
DECIDING_HEADERS = ("HX-Request", "HX-History-Restore-Request", "HX-Target")


def wants_fragment(request):
    """Only the swapped part: an htmx request that is not restoring history."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def variant(request):
    return "fragment" if wants_fragment(request) else "page"


def template_for(request, template, partial):
    """`template`, or its partial `template#partial` when the request wants a fragment."""
    return f"{template}#{partial}" if partial and wants_fragment(request) else template


def vary(response):
    patch_vary_headers(response, DECIDING_HEADERS)
    return response


def push_url(response, request, partial, state):
    """A fragment that replaces the page's own results (the element whose id is the partial's name: the
    explorer's `results`, the compare page's `comparison`) is a step through the page's states: the browser's
    address becomes that state's canonical URL, computed here from the view state (known parameters only, no
    empty fields), whatever the request's own query string held. Other fragments (a topic's terms fetched
    into a compare range, the timeline's table fetched into its disclosure, a term's provenance) leave the
    address alone. The header is set per request, after the page cache: it is never stored with the page."""
    if wants_fragment(request) and partial and request.htmx.target == partial and response.status_code < 400:
        query = state.urlencode()
        response["HX-Push-Url"] = f"{request.path}?{query}" if query else request.path
    return response
