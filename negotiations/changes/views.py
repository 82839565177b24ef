"""/changes/: every change to a public record, newest first, with what changed; and its Atom feed."""

from django.template.response import TemplateResponse
from django.urls import reverse

from negotiations.changes import feeds
from negotiations.changes.forms import ChangesForm
from negotiations.citing import feeds as site_feeds
from negotiations.citing import history as changes
from negotiations.web.pages import paginate, public_page

CHANGES_PER_PAGE = 50


@public_page(query=ChangesForm, partial="results")
def change_list(request, query):
    valid = query.is_valid()
    record = query.cleaned_data["record"] if valid else None
    rows = changes.all_entries(record) if valid else []
    page, page_notice = paginate(rows, CHANGES_PER_PAGE, query.cleaned_data.get("page", 1) if valid else 1)
    entries = changes.describe(page.object_list)
    context = {
        "form": query,
        "record": record,
        "page": page,
        "page_notice": page_notice,
        "entries": entries,
        "feeds": [feed_of(record, entries)],
    }
    return TemplateResponse(request, "negotiations/change_list.html", context)


def feed_of(record, entries):
    """The feed of the changes listed: every record's, or one record's, titled as the feed titles itself."""
    if record is None:
        return site_feeds.changes_feed()
    kind, pk = record
    return site_feeds.announced(feeds.title_of(record, entries), reverse("changes_feed"), f"record={kind}-{pk}")


# The Feed object is the view; @public_page gives it what every public page has (GET only, cache, 304).
changes_feed = public_page(query=ChangesForm)(feeds.ChangesFeed())
