"""`make loadtest-fairness`: can a few clients take every fresh render, or slow cached pages, for everyone else?

Issue 21, items 1, 6 and 7, against gunicorn as `make serve` runs it (3 sync workers, DEBUG off, render
slots one per core, Redis page cache) on PostgreSQL with the curated records and BENCH_DEMANDS synthetic terms
(100,000). Every simulated client has an address of its own: the server trusts one proxy (PROXY_COUNT=1) and
each client says who it is in X-Forwarded-For, as a proxy in front would. Three scenarios, one after another:

1. starvation — two attacker loops (closed loops from two addresses, no pause, every URL new: a full-text OR
   with a deep page, or a range comparison) for FAIRNESS_DURATION seconds, while an honest visitor asks for an
   ordinary uncached page (a new date range on /demands/) every 4 s, and /actors/ (cached) is asked 10 times a
   second; every 30 s a curator corrects a term, and a reader reloads its page every 0.25 s until the
   correction shows (the delay is counted from the commit).
2. exports — six clients (six addresses) each download the full CSV export again and again (waiting as
   Retry-After says when refused), while /actors/ (cached) is asked 20 times a second.
3. shedding — four tight loops (four addresses, never waiting) on new expensive URLs, while /actors/ (cached)
   is asked 20 times a second; the ERROR lines the server logs meanwhile are counted.

Prints the tables and writes bench/results/<date>-fairness.md (FAIRNESS_OUT names another file). A benchmark,
not a test. FAIRNESS_REUSE_DB=1 keeps a database prepared by an earlier run (BENCH_DB names it).
"""

import collections
import concurrent.futures
import contextlib
import datetime
import json
import os
import random
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

os.environ.setdefault("BENCH_DEMANDS", "100000")
os.environ.setdefault("BENCH_DB", "ceasefire_fairness")
sys.path.insert(0, os.path.dirname(__file__))
import bench  # noqa: E402  (bench.py beside this file: the same database, server and environment helpers)

DURATION = float(os.environ.get("FAIRNESS_DURATION", "120"))
EXPORT_DURATION = float(os.environ.get("FAIRNESS_EXPORT_DURATION", "60"))
SHED_DURATION = float(os.environ.get("FAIRNESS_SHED_DURATION", "60"))
PORT = int(os.environ.get("FAIRNESS_PORT", "8047"))
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
BASE = f"http://127.0.0.1:{PORT}"
CACHED = "/actors/"
HONEST_EVERY, CORRECTION_EVERY, RELOAD_EVERY = 4.0, 30.0, 0.25

EDITOR = """
import json, sys, time, django
django.setup()
from negotiations.models import Demand
term = Demand.objects.order_by("pk").first()
original = term.paraphrase
print(json.dumps({"slug": term.slug}), flush=True)
for line in sys.stdin:
    term.paraphrase = f"{original} (corrected {line.strip()})"
    term.save()  # the save's on_commit advances the data version, as a curator's edit in the admin does
    print(json.dumps({"committed": time.time(), "text": term.paraphrase}), flush=True)
term.paraphrase = original
term.save()
"""


def address(number):
    return f"10.21.0.{number}"


def fetch(path, client, timeout=60):
    """(seconds, status, body, headers); a timeout or a dropped connection is a status too, not a crash."""
    request = urllib.request.Request(BASE + path, headers={"X-Forwarded-For": client})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
            return time.monotonic() - started, response.status, body, response.headers
    except urllib.error.HTTPError as error:
        return time.monotonic() - started, error.code, error.read(), error.headers
    except Exception as error:
        return time.monotonic() - started, type(error).__name__, b"", {}


def expensive_url(number):
    """A URL no one asked before, whose answer is as costly as a public request can make it (uncached_load.py's,
    with the search three times in four: at 100,000 terms it takes about 1 s alone, a range comparison 0.1 s)."""
    if number % 4:
        words = " OR ".join(random.sample(["russia", "ukraine", "ceasefire", "peace", "talks", "nato"], 3))
        return f"/demands/?q={urllib.request.quote(words + ' OR x' + str(number))}&page={random.randint(2, 400)}"
    start = datetime.date(2022, 1, 1) + datetime.timedelta(days=random.randint(0, 900))
    end = start + datetime.timedelta(days=random.randint(200, 500))
    return f"/compare/?from={start.isoformat()}&to={end.isoformat()}"


def ordinary_url(number):
    """An ordinary page nobody asked for yet: the explorer over a new few weeks."""
    start = datetime.date(2022, 1, 1) + datetime.timedelta(days=(number * 37) % 1200)
    end = start + datetime.timedelta(days=20 + number % 50)
    return f"/demands/?from={start.isoformat()}&to={end.isoformat()}"


class Stop:
    def __init__(self, seconds):
        self.at = time.monotonic() + seconds

    def __bool__(self):
        return time.monotonic() >= self.at


def loop(next_path, client, stop, results, *, polite=False):
    """A closed loop: the next request as soon as the last is answered (after Retry-After when `polite`)."""
    number = random.randint(0, 10**9)
    while not stop:
        number += 1
        seconds, status, _, headers = fetch(next_path(number), client)
        results.append((seconds, status))
        if polite and status in (429, 503):
            time.sleep(float(headers.get("Retry-After") or 1))


def polite_loop(next_path, client, stop, results):
    loop(next_path, client, stop, results, polite=True)


def open_loop(rate, path, client, stop, results, pool):
    """`rate` requests a second on a fixed schedule, whatever the answers' speed."""
    begin, sent, futures = time.monotonic(), 0, []
    while not stop:
        if sent < (time.monotonic() - begin) * rate:
            futures.append(pool.submit(fetch, path, client))
            sent += 1
        else:
            time.sleep(0.002)
    for future in futures:
        seconds, status, _, _ = future.result()
        results.append((seconds, status))


def honest(stop, results):
    while not stop:
        started = time.monotonic()
        seconds, status, _, _ = fetch(ordinary_url(random.randint(0, 10**9)), address(200))
        results.append((seconds, status))
        time.sleep(max(0.0, HONEST_EVERY - (time.monotonic() - started)))


def corrections(stop, delays, env):
    """Every CORRECTION_EVERY s a curator's save; a reader reloads the term's page until it shows the new text."""
    editor = subprocess.Popen(
        [str(bench.VENV_PY), "-c", EDITOR],
        cwd=bench.ROOT,
        env={**os.environ, **env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    page = f"/demands/{json.loads(editor.stdout.readline())['slug']}/"
    fetch(page, address(201))
    round_ = 0
    try:
        while not stop:
            time.sleep(CORRECTION_EVERY / 2)
            round_ += 1
            editor.stdin.write(f"{round_}\n")
            editor.stdin.flush()
            done = json.loads(editor.stdout.readline())
            while True:
                _, status, body, _ = fetch(page, address(201))
                if status == 200 and f"(corrected {round_})".encode() in body:
                    delays.append(time.time() - done["committed"])
                    break
                if time.time() - done["committed"] > 90:
                    delays.append(float("inf"))
                    break
                time.sleep(RELOAD_EVERY)
            time.sleep(CORRECTION_EVERY / 2)
    finally:
        editor.stdin.close()
        editor.wait(timeout=60)


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100 * len(values)))] if values else float("nan")


def row(name, results, seconds):
    latencies = [latency for latency, _ in results]
    statuses = collections.Counter(str(status) for _, status in results)
    return (
        f"| {name} | {len(results)} | {len(results) / seconds:.1f} | {percentile(latencies, 50) * 1000:.0f} "
        f"| {percentile(latencies, 95) * 1000:.0f} | {percentile(latencies, 99) * 1000:.0f} "
        f"| {max(latencies, default=0) * 1000:.0f} | {dict(sorted(statuses.items()))} |"
    )


HEADER = [
    "| stream | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | statuses |",
    "|---|---:|---:|---:|---:|---:|---:|---|",
]


class ServerCpu:
    """The CPU the server's workers used from now until `percent()`, in % of one core: what the load cost the
    server itself, apart from the load generator's own threads on the same machine."""

    server = None  # set by main()

    def __init__(self):
        self.pids = self.server.worker_pids()
        self.started, self.used = time.monotonic(), self.ticks()

    def ticks(self):
        total = 0
        for pid in self.pids:
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime
        return total

    def percent(self):
        seconds = (self.ticks() - self.used) / os.sysconf("SC_CLK_TCK")
        return 100 * seconds / (time.monotonic() - self.started)


def run_threads(*targets):
    threads = [threading.Thread(target=target, args=args) for target, *args in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def starvation(pool, env, attacker_addresses):
    stop, attack, visitor, cached, delays = Stop(DURATION), [], [], [], []
    load, cpu = os.getloadavg()[0], ServerCpu()
    run_threads(
        *((loop, expensive_url, client, stop, attack) for client in attacker_addresses),
        (honest, stop, visitor),
        (open_loop, 10, CACHED, address(202), stop, cached, pool),
        (corrections, stop, delays, env),
    )
    server_cpu = cpu.percent()
    ok = sum(1 for _, status in visitor if status == 200)
    shown = ", ".join(f"{delay:.1f}" for delay in delays)
    return [
        f"### Starvation: two attacker loops from {len(set(attacker_addresses))} address(es), {DURATION:.0f} s "
        f"(load average {load:.1f} at the start)",
        "",
        *HEADER,
        row("attacker loops, new expensive URLs", attack, DURATION),
        row(f"honest visitor, a new ordinary page every {HONEST_EVERY:.0f} s", visitor, DURATION),
        row(f"{CACHED} (cached) at 10/s", cached, DURATION),
        "",
        f"Honest visitor's fresh pages served first time: **{ok}/{len(visitor)}**"
        f" ({100 * ok / max(1, len(visitor)):.0f}%).",
        f"Corrections shown after (s, from the commit): **{shown}** (max {max(delays, default=float('nan')):.1f}).",
        f"gunicorn's workers used {server_cpu:.0f}% of a core.",
        "",
    ]


def exports(pool):
    stop, downloads, cached = Stop(EXPORT_DURATION), [], []
    load, cpu = os.getloadavg()[0], ServerCpu()
    run_threads(
        *((polite_loop, lambda n: "/demands/export.csv", address(100 + i), stop, downloads) for i in range(6)),
        (open_loop, 20, CACHED, address(203), stop, cached, pool),
    )
    server_cpu = cpu.percent()
    served = [latency for latency, status in downloads if status == 200]
    return [
        f"### Six clients downloading the full CSV export, {EXPORT_DURATION:.0f} s (load average {load:.1f})",
        "",
        *HEADER,
        row("full CSV export, 6 polite loops", downloads, EXPORT_DURATION),
        row(f"{CACHED} (cached) at 20/s", cached, EXPORT_DURATION),
        "",
        f"Full exports completed: {len(served)}, median {percentile(served, 50):.1f} s each;"
        f" gunicorn's workers used {server_cpu:.0f}% of a core.",
        "",
    ]


def shedding(pool, log_path):
    stop, attack, cached = Stop(SHED_DURATION), [], []
    load, cpu = os.getloadavg()[0], ServerCpu()
    before = log_path.stat().st_size
    run_threads(
        *((loop, expensive_url, address(50 + i), stop, attack) for i in range(4)),
        (open_loop, 20, CACHED, address(204), stop, cached, pool),
    )
    server_cpu = cpu.percent()
    time.sleep(1)
    with log_path.open("rb") as log:
        log.seek(before)
        lines = log.read().decode(errors="replace").splitlines()
    errors = sum(" ERROR " in line for line in lines)
    return [
        f"### Shedding: four tight loops on new expensive URLs, {SHED_DURATION:.0f} s (load average {load:.1f})",
        "",
        *HEADER,
        row("tight attacker loops", attack, SHED_DURATION),
        row(f"{CACHED} (cached) at 20/s", cached, SHED_DURATION),
        "",
        f"Server log meanwhile: {len(lines)} lines, {errors} at ERROR; gunicorn's workers used"
        f" {server_cpu:.0f}% of a core.",
        "",
    ]


def main():
    bench.WORK.mkdir(parents=True, exist_ok=True)
    if os.environ.get("FAIRNESS_REUSE_DB"):
        manage = [str(bench.VENV_PY), "manage.py"]
        bench.run(*manage, "collectstatic", "--noinput", "-v0", env=bench.app_env(), cwd=bench.ROOT)
    else:
        bench.prepare_database()
    env = {
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": f"fairness-{time.time()}",
        "PROXY_COUNT": "1",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    server = ServerCpu.server = bench.gunicorn("fairness", PORT, workers=3, **env)
    commit = subprocess.run(["git", "describe", "--always", "--dirty"], capture_output=True, text=True, cwd=bench.ROOT)
    sections = [
        f"## {datetime.datetime.now():%Y-%m-%d %H:%M}, commit {commit.stdout.strip()}: {bench.DEMANDS} synthetic "
        f"terms on PostgreSQL, gunicorn 3 sync workers, render slots {os.environ.get('RENDER_SLOTS', os.cpu_count())}",
        "",
    ]
    try:
        fetch(CACHED, address(1))  # the cached victim page: readers have asked for it already
        with concurrent.futures.ThreadPoolExecutor(max_workers=100) as pool:
            for attackers in ([address(10), address(11)], [address(12), address(12)]):
                bench.log(f"starvation, attackers {attackers}")
                sections += starvation(pool, bench.app_env(**env), attackers)
            bench.log("exports")
            sections += exports(pool)
            bench.log("shedding")
            sections += shedding(pool, bench.WORK / "fairness.log")
    finally:
        server.stop()
    report = "\n".join(sections)
    print(report)
    out = bench.ROOT / "bench" / "results" / os.environ.get("FAIRNESS_OUT", f"{datetime.date.today()}-fairness.md")
    with out.open("a") as file:
        file.write(report + "\n")
    bench.log(f"appended to {out}")


if __name__ == "__main__":
    main()
