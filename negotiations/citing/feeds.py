"""What every Atom feed of the site shares: its author, and the addresses that announce it and explain it.

RFC 4287 requires an author on a feed whose entries name none: the dashboard's editors, by the site's name and
address (never a curator's name: who made a change is not public). A feed's address is announced twice, by
`<link rel="alternate">` in a page's head, which points at the feed itself for feed readers and browsers that
discover it, and by a visible link, which leads to /feeds/ with that address (`subscribe_url`): a feed opened in a
browser is raw XML, so a person is first told what it is and what to copy."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from negotiations.citing.citation import SITE
from negotiations.citing.history import KIND_LABELS, label_of

# The feeds a visible link may name on /feeds/: the site's own, so the page never shows another site's address.
FEED_PATHS = ("/demands/feed/", "/changes/feed/")


class SiteFeed(Feed):
    """An Atom feed whose object (get_object) has `absolute`, the request's build_absolute_uri: the site's address
    is written with the host asked for, as every absolute link of the site is (the page cache keys on it)."""

    feed_type = Atom1Feed
    author_name = SITE

    def author_link(self, obj):
        return obj.absolute("/")


@dataclass(frozen=True)
class Announced:
    """A feed as a page announces it: its title, its address (a path with its query), and that address on /feeds/."""

    title: str
    path: str

    @property
    def subscribe_url(self):
        return f"{reverse('feeds')}?{urlencode({'feed': self.path})}"


def announced(title, feed_path, query=""):
    return Announced(title, f"{feed_path}?{query}" if query else feed_path)


def changes_title(kind=None, label=""):
    """The changes feed's title: of every record, or of one (“changes to the term “Neutrality of Ukraine.””)."""
    if kind is None:
        return f"{SITE}: changes to the record"
    return f"{SITE}: changes to the {KIND_LABELS[kind].lower()} “{label}”"


def changes_feed(kind=None, record=None):
    """The changes feed, of every record or of one `record` of `kind`, as a page announces it."""
    if kind is None:
        return announced(changes_title(), reverse("changes_feed"))
    label = label_of(kind, record, {})
    return announced(changes_title(kind, label), reverse("changes_feed"), urlencode({"record": f"{kind}-{record.pk}"}))


def own_feed(path):
    """`path` if it is the address of one of the site's feeds, else None."""
    return path if path and any(path == p or path.startswith(f"{p}?") for p in FEED_PATHS) else None
