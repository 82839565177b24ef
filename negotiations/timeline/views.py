"""/timeline/: each side's terms over time, one lane per topic; undated terms are listed, not placed.
/timeline/table/: the table that stands in for the picture, fetched when a reader asks for it."""

from django.template.response import TemplateResponse

from negotiations.timeline import fetch
from negotiations.timeline.forms import TimelineForm
from negotiations.web.pages import public_page
from negotiations.web.query import DateRangeForm


def narrowing(query):
    data = query.cleaned_data if query.is_valid() else {}
    return {"topic": data.get("topic"), "side": data.get("side") or None}


def topic_menu(query, topics):
    """The table's Topic menu from the topics the page has read already, not by a query of its own."""
    field = query.fields["topic"]
    field.widget.choices = [("", field.empty_label), *((topic.slug, topic.name) for topic in topics)]


@public_page(query=TimelineForm)
def timeline_page(request, query):
    context = fetch.timeline_of(request.data_version.version)
    # An address from before the table was fetched on demand (/timeline/?topic=…) still shows it, open, in place.
    filters = narrowing(query)
    if any(filters.values()) or query.errors:
        context.update(fetch.timeline_table_of(request.data_version.version, **filters), table_shown=True)
    # The range form sends its dates to the explorer; its ids (tl-from) stay apart from the table form's.
    range_form = DateRangeForm(auto_id="tl-%s")
    topic_menu(query, context["topics"])
    return TemplateResponse(request, "negotiations/timeline.html", {**context, "form": query, "range_form": range_form})


@public_page(query=TimelineForm, partial="table")
def timeline_table(request, query):
    context = fetch.timeline_table_of(request.data_version.version, **narrowing(query))
    topic_menu(query, context["topics"])
    return TemplateResponse(request, "negotiations/timeline.html", {**context, "table_page": True, "form": query})
