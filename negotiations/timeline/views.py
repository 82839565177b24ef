"""/timeline/: each side's terms over time, one lane per topic; undated terms are listed, not placed.
/timeline/table/: the table that stands in for the picture, fetched when a reader asks for it."""

from django.template.response import TemplateResponse

from negotiations.timeline import fetch
from negotiations.timeline.forms import TimelineForm
from negotiations.web.pages import public_page


def narrowing(query):
    data = query.cleaned_data if query.is_valid() else {}
    return {"topic": data.get("topic"), "side": data.get("side") or None}


@public_page(query=TimelineForm)
def timeline_page(request, query):
    context = fetch.timeline_of(request.data_version.version)
    # An address from before the table was fetched on demand (/timeline/?topic=…) still shows it, open, in place.
    filters = narrowing(query)
    if any(filters.values()) or query.errors:
        context.update(fetch.timeline_table_of(request.data_version.version, **filters), table_shown=True)
    return TemplateResponse(request, "negotiations/timeline.html", {**context, "form": query})


@public_page(query=TimelineForm, partial="table")
def timeline_table(request, query):
    context = fetch.timeline_table_of(request.data_version.version, **narrowing(query))
    return TemplateResponse(request, "negotiations/timeline.html", {**context, "table_page": True, "form": query})
