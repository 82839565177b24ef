"""The benchmark's two ceilings, served by the same server and settings as the dashboard (BENCH_VIEWS=1 only).

- constant: the cheapest Django response there is, for the server's own limit.
- minimal: the explorer's query for one of the benchmark's view states and the same 50 newest rows, rendered
  with nothing else (no form, no count, no facets, no layout), for the limit of the query and row rendering
  alone. It reads a date range (`from`, `to`), a search (`q`: every word, on the explorer's columns, without
  its table of other spellings) and a party and a topic (`party`, `topic`, by slug); any of them together.
"""

import datetime

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from negotiations import search
from negotiations.models import Demand

ROWS = engines["django"].from_string(
    "<table>{% for d in rows %}<tr><td>{{ d.stated_on }}</td><td>{{ d.party.name }}</td><td>{{ d.topic.name }}</td>"
    "<td>{{ d.paraphrase }}</td><td>{{ d.quote }}</td></tr>{% endfor %}</table>"
)


def constant(request):
    return HttpResponse("ok")


def minimal(request):
    """Bad input is the benchmark's own mistake here, not a reader's: it may fail loudly."""
    demands = Demand.objects.all()
    if "from" in request.GET or "to" in request.GET:
        start = datetime.date.fromisoformat(request.GET["from"])
        end = datetime.date.fromisoformat(request.GET["to"])
        demands = demands.stated_between(start, end)
    if request.GET.get("q"):
        demands = demands.matching([search.variants_of(word, {}) for word in search.words_of(request.GET["q"])])
    if request.GET.get("party"):
        demands = demands.filter(party__slug=request.GET["party"])
    if request.GET.get("topic"):
        demands = demands.filter(topic__slug=request.GET["topic"])
    rows = demands.select_related("party", "topic").newest_first()[:50]
    return HttpResponse(ROWS.render({"rows": rows}))


urlpatterns = [path("constant/", constant), path("minimal/", minimal)]
