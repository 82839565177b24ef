"""The one rule for "fragment or page": every view, template choice, Vary header and cache key asks here.

htmx sends `HX-Request: true` when it swaps part of a page; on Back it may ask for the whole page again
with `HX-History-Restore-Request: true`. django-htmx reads both headers (`request.htmx`).
"""

from django.utils.cache import patch_vary_headers

# The request headers that decide the answer, so caches keep the two variants apart.
DECIDING_HEADERS = ("HX-Request", "HX-History-Restore-Request")


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
