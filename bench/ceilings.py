"""The benchmark's two ceilings, served by the same server and settings as the dashboard (BENCH_VIEWS=1 only).

- constant: the cheapest Django response there is, for the server's own limit.
- minimal: the explorer's date-range query and the same 50 rows, rendered with nothing else
  (no form, no count, no layout), for the limit of the query and row rendering alone.
"""

import datetime

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from negotiations.models import Demand

ROWS = engines["django"].from_string(
    "<table>{% for d in rows %}<tr><td>{{ d.stated_on }}</td><td>{{ d.party.name }}</td><td>{{ d.topic.name }}</td>"
    "<td>{{ d.paraphrase }}</td><td>{{ d.quote }}</td></tr>{% endfor %}</table>"
)


def constant(request):
    return HttpResponse("ok")


def minimal(request):
    start = datetime.date.fromisoformat(request.GET["from"])
    end = datetime.date.fromisoformat(request.GET["to"])
    rows = Demand.objects.stated_between(start, end).select_related("party", "topic").newest_first()[:50]
    return HttpResponse(ROWS.render({"rows": rows}))


urlpatterns = [path("constant/", constant), path("minimal/", minimal)]
