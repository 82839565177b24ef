"""/timeline/: each side's terms over time, one lane per topic; undated terms are listed, not placed."""

from django.template.response import TemplateResponse

from .. import assemble
from ..forms import TimelineForm
from ..pages import public_page


@public_page(query=TimelineForm)
def timeline_page(request, query):
    data = query.cleaned_data if query.is_valid() else {}
    context = assemble.timeline_of(topic=data.get("topic"), side=data.get("side") or None)
    return TemplateResponse(request, "negotiations/timeline.html", {**context, "form": query})
