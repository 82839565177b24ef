"""Records' addresses, resolved once per URL name rather than once per link.

Django's reverse() matches its candidate address against the URL pattern on every call: about 100 µs each
here, and a page of 50 terms links every term, its speaker and its topic (150 calls, 10 ms of a cold
/demands/ render at 100,000 terms). A record's address is its pattern's address with the record's key put
in: the two halves around a placeholder are resolved once (per script prefix) and kept, until the URLconf
setting changes (tests). The project sets no per-request URLconf (request.urlconf).
"""

import functools
from urllib.parse import quote

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse

# Matches both the slug and the int converters, and appears in no address of ours.
PLACEHOLDER = "2718281828"
# What reverse() leaves unquoted in an argument (django.urls.resolvers): the same address, byte for byte.
SAFE = "!$&'()*+,;=/~:@"


@functools.cache
def _halves(name, prefix):
    before, found, after = reverse(name, args=[PLACEHOLDER]).partition(PLACEHOLDER)
    assert found, f"{name}'s address does not hold its argument"
    return before, after


def record_url(name, key):
    """reverse(name, args=[key]) for a URL with one slug or integer argument."""
    before, after = _halves(name, get_script_prefix())
    return f"{before}{quote(str(key), safe=SAFE)}{after}"


@receiver(setting_changed)
def forget_addresses(*, setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _halves.cache_clear()


# The schemes a source's address may have: a link to anything else (javascript:, data:) would run or carry
# something in the reader's browser. The model refuses others (Source, its constraints); pages link only these.
WEB_SCHEMES = ("http", "https")


def web_address(url):
    """`url` if it is an http(s) address, else "": what a page may put in an href."""
    scheme, colon, _ = (url or "").partition(":")
    return url if colon and scheme.lower() in WEB_SCHEMES else ""
