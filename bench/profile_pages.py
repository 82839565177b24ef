"""Where a cold page's time goes, in-process: `make bench` runs this against each database it measured.

Each page is rendered by the Django test client with the page cache off (as the cold wrk runs), after one
render to warm imports and connections; the medians of RUNS renders give, per page: the wall time, the
Python CPU time of this process, the SQL time the database reported back (and the number of queries), and the
split between the view (the queries it runs and the context it builds) and the template rendering (which
includes any query a template evaluates lazily, such as a menu). Then the functions of the slowest page that
take the most time of their own (cProfile). With the grid's URL (PROFILE_GRID_URL, and its compare page's,
PROFILE_GRID_COMPARE_URL), the two are rendered too, their ratio given, and the grid's queries listed one by
one with their time; PROFILE_ONLY=grid renders those two alone. PROFILE_URLS (space-separated) renders those
pages alone instead: the worst states of a cliffs run (bench/cliffs.py). Printed as Markdown for
bench/results/<date>.md.
"""

import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.template.response import SimpleTemplateResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

RUNS = int(os.environ.get("PROFILE_RUNS", "9"))
RANGE = "from=2025-01-01&to=2025-06-30"
PAGES = {
    "ceiling: bare same-query view": f"/_bench/minimal/?{RANGE}",
    "demands (full page)": f"/demands/?{RANGE}",
    "compare: memoranda": "/compare/",
    "compare: 2025-01-01..06-30": f"/compare/?{RANGE}",
    "timeline": "/timeline/",
}
GRID, GRID_COMPARE = "grid: 4 memoranda + 2 parties as of a date", "compare: 2 synthetic memoranda"
if os.environ.get("PROFILE_ONLY"):
    PAGES = {}
if os.environ.get("PROFILE_GRID_URL"):
    PAGES[GRID_COMPARE] = os.environ["PROFILE_GRID_COMPARE_URL"]
    PAGES[GRID] = os.environ["PROFILE_GRID_URL"]
if os.environ.get("PROFILE_URLS"):
    PAGES = {url: url for url in os.environ["PROFILE_URLS"].split()}

template_seconds = []
original_render = SimpleTemplateResponse.render


def timed_render(self):
    started = time.perf_counter()
    try:
        return original_render(self)
    finally:
        template_seconds.append(time.perf_counter() - started)


SimpleTemplateResponse.render = timed_render


def measure(client, url):
    """One render: (wall ms, CPU ms, SQL ms, queries, template ms, KB)."""
    template_seconds.clear()
    with CaptureQueriesContext(connection) as queries:
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert response.status_code == 200, (url, response.status_code)
    sql = sum(float(query["time"]) for query in queries.captured_queries)
    return wall * 1000, cpu * 1000, sql * 1000, len(queries), sum(template_seconds) * 1000, len(response.content) / 1024


def grid_queries(client):
    """The grid's queries in one render, slowest first, with the template's share (which includes any query it
    runs lazily)."""
    template_seconds.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(PAGES[GRID])
    lines = [
        "",
        f"The grid's {len(queries)} queries in one render (template {sum(template_seconds) * 1000:.1f} ms), slowest"
        " first:",
        "",
        "| ms | SQL (first 300 characters) |",
        "|---:|---|",
    ]
    for query in sorted(queries.captured_queries, key=lambda q: -float(q["time"])):
        sql = " ".join(query["sql"].split())[:300].replace("|", "\\|")
        lines.append(f"| {float(query['time']) * 1000:.1f} | `{sql}` |")
    return lines


def main():
    client = Client()
    lines = [
        "| page (in-process, page cache off) | wall ms | CPU ms (Python) | SQL ms | queries | view ms | template ms"
        " | KB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    slowest, slowest_ms, walls = None, 0, {}
    for label, url in PAGES.items():
        measure(client, url)  # imports, connections, template loading
        runs = [measure(client, url) for _ in range(RUNS)]
        wall, cpu, sql, count, template, size = (statistics.median(column) for column in zip(*runs, strict=True))
        lines.append(
            f"| {label} | {wall:.1f} | {cpu:.1f} | {sql:.1f} | {count:.0f} | {wall - template:.1f} | {template:.1f}"
            f" | {size:.0f} |"
        )
        walls[label] = wall
        if wall > slowest_ms and not label.startswith("ceiling"):
            slowest, slowest_ms = label, wall
    if GRID in walls:
        lines += ["", f"In-process, grid / compare (median wall): {walls[GRID] / walls[GRID_COMPARE]:.2f}×."]
        lines += grid_queries(client)
    lines += ["", f"The functions with the most time of their own while rendering **{slowest}** ({RUNS} renders):", ""]
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(RUNS):
        client.get(PAGES[slowest])
    profile.disable()
    out = io.StringIO()
    pstats.Stats(profile, stream=out).strip_dirs().sort_stats("tottime").print_stats(12)
    table = [line for line in out.getvalue().splitlines() if line.strip()]
    start = next(n for n, line in enumerate(table) if line.lstrip().startswith("ncalls"))
    lines += ["```", *table[start:], "```"]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
