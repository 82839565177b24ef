from html import escape

from django import template
from django.utils.safestring import mark_safe

from negotiations import links, search
from negotiations.citing import feeds as feeds_of_site
from negotiations.citing import sharing, wording
from negotiations.citing.citation import SITE
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


@register.simple_tag
def words(record, statement, quote=None, marking=None):
    """`{% words demand demand.statement quote %}`: whose words the quote of a statement or term is (wording.py),
    named before it: “Russia: “…””, “Euromaidan Press, reporting Russian memorandum (Russia): “…””, each name a
    link to its page. Without `quote`, only who wrote the words. `quote` is text (it may be shortened already), put
    in marks as wording.in_marks says; `marking`, a search's words, are marked in it (search.highlight) after that,
    so that the marks are decided on the text and not on HTML. Written here with the standard library's escape,
    not in an included template nor with format_html: the explorer shows it on each of its 50 rows, where those
    cost 2-5 ms a page."""
    parts = wording.whose_words(record.wording, statement).parts()
    label = "".join(f'<a href="{escape(url)}">{escape(text)}</a>' if url else escape(text) for text, url in parts)
    if quote is None:
        return mark_safe(f'<span class="words-by">{label}</span>')  # noqa: S308 (every piece escaped above)
    quoted = search.highlight(wording.in_marks(str(quote)), marking or [])
    return mark_safe(f'<span class="words-by">{label}:</span> <span class="words-quote">{quoted}</span>')  # noqa: S308


@register.filter
def in_marks(text):
    """`record.quote|in_marks` — “…”, with a quotation inside it in single marks (wording.in_marks)."""
    return wording.in_marks(text or "")


@register.filter
def web_address(url):
    """`source.url|web_address` — the address if it is http(s), else "": never a javascript: link (links.py)."""
    return links.web_address(url)


@register.inclusion_tag("negotiations/_sharing.html", takes_context=True)
def sharing_head(context):
    """The head's description, OpenGraph tags, canonical link and feed links: from the page's `share`
    (citing/sharing.py; the site's description when it has none) and `feeds` (citing/feeds.Announced; the changes
    feed when it has none). Addresses are made absolute here, from the request, as every absolute link of the site."""
    request = context.get("request")
    share = context.get("share")
    absolute = request.build_absolute_uri if request is not None else (lambda path: path)
    feeds = context.get("feeds") or [feeds_of_site.changes_feed()]
    return {
        "site_name": SITE,
        "share": share,
        "description": share.description if share else sharing.SITE_DESCRIPTION,
        "url": absolute(share.path) if share else "",
        "feeds": [(feed.title, absolute(feed.path)) for feed in feeds],
    }
