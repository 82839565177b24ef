"""Public pages cached by URL and data version, with ETag and Last-Modified for browsers' repeat visits.

A page is rendered once per data version: any save, delete or fixture load advances the version
(negotiations/signals.py), so a curator's edit shows on the very next request; nothing waits to expire.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.views.decorators.http import condition

from .models import DataVersion

CACHED_HEADERS = ("Content-Type", "Content-Disposition", "Vary")
PAGE_TIMEOUT = 60 * 60 * 24


def variant(request):
    """htmx fragments and full pages share URLs: they are cached apart."""
    if request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request"):
        return "fragment"
    return "page"


def page_key(request, version):
    digest = hashlib.sha256(request.get_full_path().encode("utf-8", "surrogateescape")).hexdigest()
    return f"page:{version}:{variant(request)}:{digest}"


def cached_page(view):
    def current_version(request):
        if not hasattr(request, "_data_version"):
            request._data_version = DataVersion.current()
        return request._data_version

    def etag(request, *args, **kwargs):
        # The cache key names the data version, the variant and the URL: the same key, the same bytes.
        return hashlib.sha256(page_key(request, current_version(request).version).encode()).hexdigest()[:32]

    def last_modified(request, *args, **kwargs):
        return current_version(request).changed_at

    @functools.wraps(view)
    @condition(etag_func=etag, last_modified_func=last_modified)
    def wrapper(request, *args, **kwargs):
        key = page_key(request, current_version(request).version)
        stored = cache.get(key) if settings.PAGE_CACHE else None
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
        if settings.PAGE_CACHE and response.status_code == 200 and not response.streaming:
            headers = {name: response[name] for name in CACHED_HEADERS if response.has_header(name)}
            cache.set(key, (response.content, headers), PAGE_TIMEOUT)
        return response

    return wrapper
