"""`make bench-edge`: Varnish (edge/positions.vcl) in front of gunicorn on the benchmark's database.

On a database `make bench` prepared (100,000 synthetic terms; BENCH_DB or DATABASE_URL names it; nothing is
seeded here), gunicorn runs as in bench.py's warm phase (3 workers, the page cache in Redis) and:
(a) the origin's warm throughput on five public pages, wrk straight at gunicorn, each page cached there first;
(b) the same five pages through Varnish, 256 connections (wrk -t2 -c256, 10 s each), requests/s and errors;
(c) the origin's requests during (b), from Varnish's counters (MAIN.backend_req), against the view states asked
    for: gunicorn starts (b) with an empty page cache of its own, so each request that reaches it is a render;
(d) a correction: another process changes a term's text through the ORM (its save's on_commit advances the data
    version, which BANs the older pages), and the term's page is polled through the edge until it shows it.
`measure_edge(database_url, env)` returns the markdown section (bench.py's main can call it); run alone, this
writes bench/results/<date>-edge.md. A benchmark, not a test: it reports, it does not assert.
"""

import datetime
import importlib.util
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

# Imported by bench.py, which runs as a script (its folder first on sys.path, where `edge` is this file and
# `bench` is bench.py), or run as `python -m bench.edge`: the checkout's packages are found from the checkout.
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench import bench  # noqa: E402
from bench.bench import REDIS_URL, VENV_PY, WORK, gunicorn, log, target, to_ms  # noqa: E402


def varnish_runner():
    """edge/varnish.py, loaded from its file: the name `edge` is this module's when bench.py imports it."""
    spec = importlib.util.spec_from_file_location("ceasefire_edge_varnish", ROOT / "edge" / "varnish.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


RANGE = "from=2025-01-01&to=2025-06-30"
# bench.py's five public pages (its PAGES before the grid's are added): label, path, whether an htmx fragment.
PAGES = [
    ("demands (full page)", f"/demands/?{RANGE}", False),
    ("demands (htmx fragment)", f"/demands/?{RANGE}", True),
    ("compare: memoranda", "/compare/", False),
    ("compare: 2025-01-01..06-30", f"/compare/?{RANGE}", False),
    ("timeline", "/timeline/", False),
]
EDGE_CONNECTIONS = 256
# What every browser sends; the origin ignores it (no compression in gunicorn: a proxy in front would compress),
# Varnish keeps pages compressed (edge/positions.vcl) and sends them so.
BROWSERS_ENCODING = "Accept-Encoding: gzip"
THROUGHPUT_GOAL = 20  # × the origin's warm throughput
VISIBLE_GOAL_SECONDS = 2
direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))

# Run in another process, as a curator's save would be: prints the moment it saves, then puts the text back.
CORRECTION = """
import time, django
django.setup()
from negotiations.models import Demand
term = Demand.objects.order_by("pk").first()
original = term.paraphrase
term.paraphrase = original + " (corrected {marker})"
print("saving", time.time(), flush=True)
term.save()  # on_commit: the data version advances, and the edge is told (negotiations/web/edge.py)
time.sleep({wait})
term.paraphrase = original
term.save()
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url, htmx=False):
    request = urllib.request.Request(url, headers={"HX-Request": "true"} if htmx else {})
    with direct.open(request, timeout=60) as answer:
        return answer.read().decode()


def wrk_run(url, connections, *headers):
    """wrk -t2 -d<bench.py's duration> with these headers ("Name: value"): bench.wrk sends no header but htmx's."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{bench.DURATION}", "--latency"]
    for header in headers:
        command += ["-H", header]
    out = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": to_ms(latency["50"]) if "50" in latency else float("inf"),
        "p99": to_ms(latency["99"]) if "99" in latency else float("inf"),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": sockets.group(1) if sockets else "",
    }


def headers_of(htmx, *, gzip=True):
    return [*([BROWSERS_ENCODING] if gzip else []), *(["HX-Request: true"] if htmx else [])]


def origin_warm(base):
    """(a): each page cached at the origin first, then wrk at bench.py's own connections and duration."""
    results = {}
    for label, path, htmx in PAGES:
        fetch(base + path, htmx)
        results[label] = wrk_run(base + path, bench.CONNECTIONS, *headers_of(htmx))
        log(f"origin warm, {label}: {results[label]['rps']:.0f} req/s")
    return results


def through_edge(edge_url, *, gzip=True):
    """(b): the same pages through Varnish, 256 connections each; as browsers ask (gzip), or without compression
    (Varnish keeps pages compressed, so a client that takes none costs it a gunzip per request)."""
    results = {}
    for label, path, htmx in PAGES:
        results[label] = wrk_run(edge_url + path, EDGE_CONNECTIONS, *headers_of(htmx, gzip=gzip))
        log(f"through the edge{'' if gzip else ', no compression'}, {label}: {results[label]}")
    return results


def socket_errors(figures):
    """wrk's "connect 0, read 0, write 0, timeout 0", summed."""
    counts = (count.strip(",") for count in figures["socket_errors"].split()[1::2])
    return sum(int(count) for count in counts if count.isdigit())


def correction_seconds(edge_url, env):
    """(d): from the moment another process saves a term's new text to the moment the edge serves it."""
    slug = subprocess.run(
        [str(VENV_PY), "manage.py", "shell", "-c", "from negotiations.models import Demand;"
         "print(Demand.objects.order_by('pk').first().slug)"],
        check=True, capture_output=True, text=True, cwd=ROOT, env={**os.environ, **env},
    ).stdout.split()[-1]  # fmt: skip
    url = f"{edge_url}/demands/{slug}/"
    for _ in range(2):  # kept at the edge before the change
        fetch(url)
    marker = f"edge-bench-{time.time():.0f}"
    editor = subprocess.Popen(
        [str(VENV_PY), "-c", CORRECTION.format(marker=marker, wait=VISIBLE_GOAL_SECONDS * 5)],
        cwd=ROOT, env={**os.environ, **env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        saving = float(editor.stdout.readline().split()[1])
        deadline = saving + VISIBLE_GOAL_SECONDS * 5
        while time.time() < deadline:
            if marker in fetch(url):
                return time.time() - saving
            time.sleep(0.02)
        return float("inf")
    finally:
        editor.wait(timeout=120)


def measure_edge(database_url, env):
    """The edge's section of the results: gunicorn (3 workers, page cache in Redis) and Varnish in front."""
    env = {"DATABASE_URL": database_url, "REDIS_URL": REDIS_URL, "PAGE_CACHE": "1", "PROXY_COUNT": "1", **env}
    origin_port, edge_port = free_port(), free_port()
    edge_url = f"http://127.0.0.1:{edge_port}"
    env["EDGE_PURGE_URL"] = f"{edge_url}/"
    server = gunicorn("edge-origin", origin_port, **{**env, "CACHE_KEY_PREFIX": f"edge-origin-{time.time()}"})
    try:
        origin = origin_warm(f"http://127.0.0.1:{origin_port}")
    finally:
        server.stop()
    # Again with an empty page cache of its own: every request reaching it through the edge is a render.
    # The correction's process reads and writes the same entries (the data version's shared copy among them).
    env["CACHE_KEY_PREFIX"] = f"edge-cold-{time.time()}"
    server = gunicorn("edge-origin", origin_port, **env)
    with (WORK / "edge-varnish.log").open("w") as varnish_log:
        varnish = varnish_runner().Varnish(f"127.0.0.1:{origin_port}", f"127.0.0.1:{edge_port}", log=varnish_log)
        varnish.start()
        try:
            before = varnish.counters()
            edge = through_edge(edge_url), through_edge(edge_url, gzip=False)
            after = varnish.counters()
            seconds = correction_seconds(edge_url, bench.app_env(**env))
        finally:
            varnish.stop()
            server.stop()
    renders = after["MAIN.backend_req"] - before["MAIN.backend_req"]
    return render(origin, edge, renders, seconds)


def render(origin, edge, renders, seconds):
    """`edge`: (as browsers ask, without compression)."""
    lines = [
        "## The edge cache: Varnish in front (issue 25)",
        "",
        f"gunicorn -w 3, page cache in Redis; origin warm: wrk -t2 -c{bench.CONNECTIONS} -d{bench.DURATION} "
        f"straight at gunicorn; edge: wrk -t2 -c{EDGE_CONNECTIONS} -d{bench.DURATION} through Varnish "
        "(edge/positions.vcl, malloc 256 MB), the origin's page cache empty at its start. Every request says "
        f"`{BROWSERS_ENCODING}` as browsers do (gunicorn ignores it; Varnish keeps and sends pages compressed), "
        "but the last column's, which takes no compression (Varnish then unzips each page it sends).",
        "",
        "| page | origin warm req/s | edge req/s | × origin | edge p50 ms | edge p99 ms | edge errors "
        "| edge req/s, no compression | × origin |",
        "|---|---:|---:|---:|---:|---:|---|---:|---:|",
    ]
    for label, _, _ in PAGES:
        o, e, plain = origin[label], edge[0][label], edge[1][label]
        lines.append(
            f"| {label} | {o['rps']:.1f} | {e['rps']:.1f} | {e['rps'] / o['rps']:.1f} | {e['p50']:.2f} | "
            f"{e['p99']:.2f} | {e['errors']} non-2xx; {e['socket_errors'] or 'no socket errors'} | "
            f"{plain['rps']:.1f} | {plain['rps'] / o['rps']:.1f} |"
        )
    return "\n".join([*lines, "", *targets(origin, edge, renders, seconds), ""])


def targets(origin, edge, renders, seconds):
    origin_total = sum(figures["rps"] for figures in origin.values())
    edge_total, plain_total = (sum(figures["rps"] for figures in run.values()) for run in edge)
    errors = sum(figures["errors"] + socket_errors(figures) for run in edge for figures in run.values())
    return [
        "| target | measured | goal | verdict |",
        "|---|---:|---:|---|",
        target("through the edge, 256 connections, five pages: × origin", edge_total / origin_total, THROUGHPUT_GOAL),
        target("the same, a client taking no compression: × origin", plain_total / origin_total, THROUGHPUT_GOAL),
        f"| errors through the edge, both runs (non-2xx and socket errors) | {errors} | 0 | "
        f"{'met' if not errors else 'missed'} |",
        f"| origin requests during the edge runs, per view state ({renders} for {len(PAGES)}) | "
        f"{renders / len(PAGES):.2f} | ≤ 1 | {'met' if renders <= len(PAGES) else 'missed'} |",
        target("a correction visible through the edge", seconds, VISIBLE_GOAL_SECONDS, at_least=False, unit=" s"),
    ]


def main():
    os.chdir(ROOT)
    WORK.mkdir(exist_ok=True)
    database = os.environ.get("BENCH_DB", "ceasefire_bench")
    database_url = os.environ.get("DATABASE_URL") or f"postgres://postgres@127.0.0.1:5432/{database}"
    log(f"edge benchmark on {database_url} (not seeded here: `make bench` prepares it)")
    section = measure_edge(database_url, {})
    report = f"# Benchmark, the edge cache, {datetime.date.today().isoformat()}\n\n{section}"
    print(report)
    out = ROOT / "bench" / "results" / f"{datetime.date.today().isoformat()}-edge.md"
    out.write_text(report)
    log(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
