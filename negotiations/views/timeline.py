"""/timeline/: each side's terms over time, one lane per topic; undated terms are listed, not placed."""

from django.template.response import TemplateResponse

from .. import assemble
from ..pages import public_page


@public_page
def timeline_page(request):
    return TemplateResponse(request, "negotiations/timeline.html", assemble.timeline_of())
