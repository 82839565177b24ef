from django import template

from negotiations import links, search
from negotiations.web import query

register = template.Library()


@register.filter
def lookup(mapping, key):
    """`mapping|lookup:key` — a dict value by a key held in a variable (0 when absent, for counts)."""
    return mapping.get(key, 0)


@register.simple_tag
def explorer_url(period=None, **filters):
    """`{% explorer_url period party="russia" topic=topic.slug %}`: the demands explorer for that view."""
    return query.explorer_url(period or query.ALL_DATES, **filters)


@register.filter
def highlight(text, words):
    """`text|highlight:search_words` — escaped, the searched words marked (search.highlight)."""
    return search.highlight(text or "", words or [])


@register.filter
def web_address(url):
    """`source.url|web_address` — the address if it is http(s), else "": never a javascript: link (links.py)."""
    return links.web_address(url)
