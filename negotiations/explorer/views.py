"""/demands/: the explorer, its exports and its feed."""

import logging

from django.http import HttpResponseBadRequest, QueryDict, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse

from negotiations import search
from negotiations.citing import feeds as site_feeds
from negotiations.citing.citation import SITE
from negotiations.explorer import export, feeds, fetch
from negotiations.explorer.filters import DemandFilter
from negotiations.explorer.forms import FeedForm
from negotiations.models import Demand, Stance
from negotiations.statuses import TermStatus
from negotiations.web.pages import paginate, public_page
from negotiations.web.streams import public_stream

DEMANDS_PER_PAGE = 50


logger = logging.getLogger("negotiations")


@public_page(query=DemandFilter, partial="results")
def demand_list(request, query):
    form = query.form
    query.data_version = request.data_version.version
    valid = query.is_valid()
    demands = query.ordered().with_related() if valid else Demand.objects.none()
    query.narrow_menus()
    facets, total = query.counts() if valid else ([], 0)
    page, page_notice = paginate(demands, DEMANDS_PER_PAGE, form.cleaned_data.get("page", 1), count=total)
    page.object_list = fetch.with_statuses(list(page.object_list), query.as_of)
    context = {
        "form": form,
        "page": page,
        "page_notice": page_notice,
        "date_range": form.date_range,
        "as_of": query.as_of if valid else None,
        "status_labels": dict(TermStatus.choices),
        "facets": facets,
        "search_words": search.every_spelling(query.search_words) if valid else [],
        **(help_for_nothing_found(query, request.data_version.version) if valid and not total else {}),
        # Its filter's feed, announced in the head and linked (by way of /feeds/) beside the exports.
        "feeds": [feed_of(query)] if valid else [],
        # The folded filters' summary says the choice in the words that title its feed and name its exports.
        "chosen": query.in_words().describe() if valid else "",
    }
    return TemplateResponse(request, "negotiations/demand_list.html", context)


def feed_of(query):
    """The feed of the explorer's query (its page aside), titled by the query in words."""
    state = query.form.state.copy()  # the page's own state is read only
    state.pop("page", None)
    return site_feeds.announced(query.in_words().title(SITE), reverse("demand_feed"), state.urlencode())


def help_for_nothing_found(query, version):
    """A search that found nothing: say that the record is in English when no word of it is written in Latin
    letters (перемирие), else offer the record's closest words to those it does not hold (cesefire → ceasefire)."""
    text = query.form.cleaned_data.get("q") or ""
    if search.written_without_latin_letters(text):
        return {"english_only": True}
    if not query.typed_words:
        return {}
    return {"suggestions": search.suggestions(query.typed_words, fetch.vocabulary(version))}


# The explorer's filter, read by the explorer's own DemandFilter: the same query string means the same terms.
demand_feed = public_page(query=DemandFilter)(feeds.DemandsFeed())


def cut_off_loudly(chunks, request):
    try:
        yield from chunks
    except Exception:
        logger.exception("export cut off mid-stream: %s %s", request.method, request.get_full_path())
        raise


@public_stream(query=DemandFilter)
def demand_export(request, query, extension):
    """Exactly the rows the explorer shows for the same query string, every page of them, streamed; read in one
    snapshot with the data version they are stamped with (`@public_stream`)."""
    version = query.data_version = request.data_version.version
    if not query.is_valid():
        messages = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in query.errors.items())
        return HttpResponseBadRequest(f"Cannot export: {messages}", content_type="text/plain; charset=utf-8")
    records = fetch.export_records(query.ordered(), query.as_of)
    write, content_type = export.FORMATS[extension]
    # The permalink's shape once, not a URL resolution per row.
    link = request.build_absolute_uri(reverse("demand_detail", args=["SLUG"])).replace("SLUG", "{}")
    labels = export.Labels(stances=dict(Stance.choices), statuses=dict(TermStatus.choices))
    rows = (export.row_of(record, link.format, labels, version) for record in records)
    response = StreamingHttpResponse(cut_off_loudly(export.in_pieces(write(rows)), request), content_type=content_type)
    response["X-Data-Version"] = str(version)
    filename = query.in_words().filename("demands", extension)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@public_page(query=FeedForm)
def feeds_page(request, query):
    """/feeds/: what each feed carries and how to subscribe, with the address of the feed a visible link named
    (`?feed=`) to copy into a feed reader: a feed opened in a browser is raw XML."""
    path = query.cleaned_data["feed"] if query.is_valid() else ""
    context = {
        "form": query,
        "chosen": site_feeds.announced(feed_title(path), path) if path else None,
        "chosen_url": request.build_absolute_uri(path) if path else "",
        "demands_url": request.build_absolute_uri(reverse("demand_feed")),
        "changes_url": request.build_absolute_uri(reverse("changes_feed")),
    }
    return TemplateResponse(request, "negotiations/feeds.html", context)


def feed_title(path):
    """A feed's title, from its address: a demands feed's names its filter, as the feed itself does."""
    feed, _, query_string = path.partition("?")
    if feed == reverse("changes_feed"):
        return site_feeds.changes_title() if not query_string else f"{SITE}: changes to one record"
    query = DemandFilter(QueryDict(query_string))
    return query.in_words().title(SITE) if query.is_valid() else f"{SITE}: terms"
