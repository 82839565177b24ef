"""Plan cliffs, in-process: the cold explorer over random filter states of one database (bench/cliffs.py runs it).

CLIFF_STATES states (20), drawn with random.Random(CLIFF_SEED) from values that exist in the database the
settings name (dates within its terms' span, its parties, speakers, sources, topics, stances, statuses and the
words of its paraphrases), each filter in or out at random; the same seed and data give the same states. Each
state is rendered by the Django test client as the cold wrk runs serve it (run it with PAGE_CACHE=0,
RENDER_SLOTS=0, DEBUG off), after one render of the bare explorer for imports and connections; its time is the
median of CLIFF_RUNS renders (3). Prints one JSON object per state: url, ms (the median), runs, status, and
cpu_ms, this process's CPU time in the median render: on a shared machine a wall time far above it (on SQLite,
whose queries run in this process) was spent waiting for a core, not rendering.
"""

import datetime
import json
import os
import random
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db.models import Max, Min  # noqa: E402
from django.test import Client  # noqa: E402

from negotiations import search  # noqa: E402
from negotiations.explorer.filters import DemandFilter  # noqa: E402
from negotiations.models import Actor, Demand, Stance, Statement, Topic  # noqa: E402
from negotiations.statuses import TermStatus  # noqa: E402

STATES = int(os.environ.get("CLIFF_STATES", "20"))
RUNS = int(os.environ.get("CLIFF_RUNS", "3"))
SEED = int(os.environ.get("CLIFF_SEED", "2025"))


def existing_values():
    """What a filter may be set to in this database, each list in a stable order (the draws depend on it)."""
    span = Demand.objects.aggregate(first=Min("stated_on"), last=Max("stated_on"))
    words = set()
    for paraphrase in Demand.objects.order_by().values_list("paraphrase", flat=True).distinct():
        words.update(search.words_of(paraphrase))
    return {
        "first": span["first"],
        "last": span["last"],
        "party": sorted(Actor.objects.parties().values_list("slug", flat=True)),
        # The Said by menu's own list: speakers and the bodies they speak for.
        "said_by": sorted(DemandFilter.base_filters["said_by"].queryset.values_list("slug", flat=True)),
        "source": sorted(set(Statement.objects.order_by().values_list("source__slug", flat=True))),
        "topic": sorted(Topic.objects.values_list("slug", flat=True)),
        "stance": sorted(Stance.values),
        "status": sorted(TermStatus.values),
        "q": sorted(word for word in words if len(word) > 3),
    }


def a_day(rng, values):
    return values["first"] + datetime.timedelta(days=rng.randrange((values["last"] - values["first"]).days + 1))


def date_range(rng, values):
    """A range of a week to two years, or an open one (only `from`, or only `to`)."""
    start = a_day(rng, values)
    end = start + datetime.timedelta(days=rng.randrange(7, 730))
    shape = rng.choice(["both", "both", "from", "to"])
    return [("from", start.isoformat())] * (shape != "to") + [("to", end.isoformat())] * (shape != "from")


def random_state(rng, values):
    """One view state: each filter in with its own chance, so that most states combine two to four of them."""
    query = []
    if rng.random() < 0.4:
        query += date_range(rng, values)
    for name, chance in (("party", 0.4), ("said_by", 0.25), ("source", 0.15), ("stance", 0.3), ("q", 0.3)):
        if rng.random() < chance:
            query.append((name, rng.choice(values[name])))
    for name, chance in (("topic", 0.4), ("status", 0.25)):
        if rng.random() < chance:
            query += [(name, value) for value in rng.sample(values[name], rng.randint(1, 2))]
    if rng.random() < 0.2:
        query.append(("as_of", a_day(rng, values).isoformat()))
    if rng.random() < 0.3:
        query.append(("sort", "oldest"))
    if rng.random() < 0.3:
        query.append(("page", str(rng.randint(2, 5))))
    return "/demands/?" + urllib.parse.urlencode(query)


def timed(client, url):
    started, cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    return (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000, response.status_code


def main():
    rng = random.Random(SEED)
    values = existing_values()
    urls = [random_state(rng, values) for _ in range(STATES)]
    client = Client()
    client.get("/demands/")  # imports, connections, templates: not a cold render's cost
    for url in urls:
        runs = sorted(timed(client, url) for _ in range(RUNS))
        wall, cpu, _ = runs[len(runs) // 2]  # the median render (RUNS is odd)
        status = max(code for _, _, code in runs)
        state = {"url": url, "ms": wall, "cpu_ms": cpu, "runs": [ms for ms, _, _ in runs], "status": status}
        print(json.dumps(state))


if __name__ == "__main__":
    main()
