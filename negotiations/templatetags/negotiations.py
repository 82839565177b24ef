from django import template

from negotiations import search
from negotiations.citing import wording
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


@register.inclusion_tag("negotiations/_words.html")
def words(record, statement, quote=None):
    """`{% words demand demand.statement quote %}`: whose words the quote of a statement or term is (wording.py),
    named before it: “Russia: “…””, “Euromaidan Press, reporting Russian memorandum (Russia): “…””. Without
    `quote`, only who wrote the words. `quote` may be shortened or highlighted already (it is shown as given)."""
    return {"words": wording.whose_words(record.wording, statement), "quote": quote}
