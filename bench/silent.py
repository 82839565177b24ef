"""`make bench-silent`: Redis, then PostgreSQL, accept connections and never answer (issue 21, items 2 and 3).

gunicorn as `make serve` runs it (3 workers, DEBUG off, the settings' timeouts) on PostgreSQL with the curated
records and the page cache in Redis; both reached through TCP relays (negotiations/tests/relay.py, the tests'
own) that this script silences and resumes. Open-loop load (requests sent on a schedule, whatever the answers'
speed), as a crowd of readers would:

- Redis silent: the cached pages asked 20 times a second for SILENT_SECONDS; then Redis answers again, and the
  same load shows whether pages are cached again.
- PostgreSQL silent on the workers' open connections: a cached page asked 20 times a second, and a page never
  asked before once a second, for SILENT_SECONDS (longer than the 30 s the data version lives in Redis); then
  PostgreSQL answers again, and a fresh page is asked every 0.1 s until it is a 200 (the recovery time).

A dropped connection (the worker killed by gunicorn's timeout mid-request) is counted apart from a 503. Prints
the table and writes it to bench/.work/silent-<time>.md. A benchmark, not a test. Run it from a checkout
of the code to measure; the database is its own (BENCH_SILENT_DB), so other benchmarks are not disturbed.
"""

import collections
import concurrent.futures
import datetime
import http.client
import os
import re
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))
import bench  # noqa: E402  (bench.py beside this file: the server and logging helpers)

sys.path.insert(0, str(bench.ROOT))
from negotiations.tests.relay import Relay  # noqa: E402

DB = os.environ.get("BENCH_SILENT_DB", "ceasefire_silent")
REDIS_DB = os.environ.get("BENCH_SILENT_REDIS_DB", "4")
PORT = int(os.environ.get("BENCH_SILENT_PORT", "8071"))
SILENT_SECONDS = float(os.environ.get("SILENT_SECONDS", "60"))
AFTER_SECONDS = 15
CACHED_RATE, FRESH_RATE = 20, 1
CACHED_PAGES = ["/", "/compare/", "/demands/", "/timeline/", "/actors/", "/topics/", "/about/"]
# Beyond gunicorn's own 30 s timeout, so that a request it kills is seen as dropped, not as a client timeout.
CLIENT_TIMEOUT = 60
DROPPED = (http.client.RemoteDisconnected, http.client.IncompleteRead, ConnectionResetError, BrokenPipeError)


def fetch(path):
    started = time.monotonic()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=CLIENT_TIMEOUT) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except urllib.error.URLError as error:
        status = "dropped" if isinstance(error.reason, DROPPED) else type(error.reason).__name__
    except DROPPED:
        status = "dropped"
    except Exception as error:  # a client timeout counts as a failure, not a crash
        status = type(error).__name__
    return time.monotonic() - started, status


def stream(rate, next_path, duration, pool, results):
    """Send `rate` requests a second on a fixed schedule (open loop)."""
    begin, sent, futures = time.monotonic(), 0, []
    while (elapsed := time.monotonic() - begin) < duration:
        if sent < elapsed * rate:
            futures.append(pool.submit(fetch, next_path(sent)))
            sent += 1
        else:
            time.sleep(0.002)
    results.extend(future.result() for future in futures)


def load(duration, **streams):
    """{name: (rate, next_path)} for `duration` seconds, all at once: {name: [(latency, status)]}."""
    results = {name: [] for name in streams}
    with concurrent.futures.ThreadPoolExecutor(max_workers=400) as pool:
        threads = [
            threading.Thread(target=stream, args=(rate, next_path, duration, pool, results[name]))
            for name, (rate, next_path) in streams.items()
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return results


def row(name, results):
    latencies = sorted(latency for latency, _ in results)
    statuses = collections.Counter(str(status) for _, status in results)

    def percentile(p):
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))]

    return (
        f"| {name} | {len(results)} | {percentile(50):.3f} | {percentile(99):.3f} | {latencies[-1]:.3f} "
        f"| {dict(sorted(statuses.items()))} |"
    )


def cached(number):
    return CACHED_PAGES[number % len(CACHED_PAGES)]


def fresh(number):
    """A page nobody asked for before (a range ending on a day of its own): it must be rendered, from the
    database. Each server has a cache key prefix of its own, so every run starts with none cached."""
    end = datetime.date(2000, 1, 1) + datetime.timedelta(days=number)
    return f"/demands/?from=1999-12-31&to={end.isoformat()}"


def prepare():
    bench.log(f"preparing {DB} with the curated records")
    env = server_env(f"postgres://postgres@127.0.0.1:5432/{DB}", "")
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-q"]
    bench.run(*psql, "-c", f"DROP DATABASE IF EXISTS {DB}", "-c", f"CREATE DATABASE {DB}")
    manage = [str(bench.VENV_PY), "manage.py"]
    bench.run(*manage, "migrate", "--noinput", "-v0", env=env, cwd=bench.ROOT)
    bench.run(*manage, "load_curated", env=env, cwd=bench.ROOT, stdout=bench.subprocess.DEVNULL)
    bench.run(*manage, "collectstatic", "--noinput", "-v0", env=env, cwd=bench.ROOT)


def server_env(database_url, redis_url):
    return {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": f"silent-{time.time_ns()}",
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }


def serve(name, postgres, redis):
    env = server_env(
        f"postgres://postgres@127.0.0.1:{postgres.port}/{DB}", f"redis://127.0.0.1:{redis.port}/{REDIS_DB}"
    )
    command = [str(bench.ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{PORT}",
               "--workers", "3", "--error-logfile", "-", "--no-control-socket"]  # fmt: skip
    return bench.Server(name, command, env, PORT)


def stop(server):
    """Stopped, even with workers stuck on a silent dependency (gunicorn waits for them before exiting)."""
    try:
        server.stop()
    except bench.subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()
        server.log.close()


def warm():
    for path in CACHED_PAGES:
        for _ in range(4):  # each worker's connections opened, each page cached
            fetch(path)


def back_in_each_worker(server, pattern, since):
    """Seconds from `since` (wall clock) to each line of the server's log matching `pattern`: when each worker
    found the dependency answering again."""
    server.log.flush()
    found = []
    for line in Path(server.log.name).read_text().splitlines():
        if re.search(pattern, line):
            at = datetime.datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f").timestamp()
            found.append(round(at - since, 1))
    return found


def redis_silent(postgres, redis):
    server = serve("silent-redis", postgres, redis)
    try:
        warm()
        rows = [row("cached pages, Redis answering (10 s)", load(10, pages=(CACHED_RATE, cached))["pages"])]
        bench.log("Redis silent")
        redis.silence()
        rows.append(
            row(
                f"cached pages, Redis silent ({SILENT_SECONDS:.0f} s)",
                load(SILENT_SECONDS, pages=(CACHED_RATE, cached))["pages"],
            )
        )
        redis.resume()
        back = time.time()
        bench.log("Redis answering again")
        rows.append(
            row(
                f"cached pages, Redis answering again ({AFTER_SECONDS} s)",
                load(AFTER_SECONDS, pages=(CACHED_RATE, cached))["pages"],
            )
        )
        workers_back = back_in_each_worker(server, "page cache available again", back)
    finally:
        stop(server)
    return rows, workers_back


def recovery_seconds():
    back = time.monotonic()
    number = 100_000  # past the days the load asked for
    while True:
        number += 1
        _, status = fetch(fresh(number))
        if status == 200:
            return time.monotonic() - back
        if time.monotonic() - back > 120:
            return float("inf")
        time.sleep(0.1)


def postgresql_silent(postgres, redis):
    server = serve("silent-postgresql", postgres, redis)
    try:
        warm()
        bench.log("PostgreSQL silent")
        postgres.silence()
        results = load(SILENT_SECONDS, cached=(CACHED_RATE, lambda n: "/actors/"), fresh=(FRESH_RATE, fresh))
        rows = [
            row(f"a cached page, PostgreSQL silent ({SILENT_SECONDS:.0f} s)", results["cached"]),
            row(f"fresh pages, PostgreSQL silent ({SILENT_SECONDS:.0f} s)", results["fresh"]),
        ]
        postgres.resume()
        back = time.time()
        bench.log("PostgreSQL answering again")
        recovery = recovery_seconds()
        time.sleep(5)  # every worker's probe has run by then
        workers_back = back_in_each_worker(server, r"database \S+ available again", back)
    finally:
        stop(server)
    return rows, recovery, workers_back


def main():
    os.chdir(bench.ROOT)
    bench.WORK.mkdir(exist_ok=True)
    prepare()
    postgres = Relay(("127.0.0.1", 5432)).start()
    redis = Relay(("127.0.0.1", 6379)).start()
    load_average = os.getloadavg()
    redis_rows, redis_back = redis_silent(postgres, redis)
    postgres_rows, recovery, postgres_back = postgresql_silent(postgres, redis)
    header = ["| stream | requests | p50 s | p99 s | max s | statuses |", "|---|---:|---:|---:|---:|---|"]
    table = "\n".join(
        [
            f"Load average when it started: {load_average[0]:.1f} {load_average[1]:.1f} {load_average[2]:.1f} "
            f"({os.cpu_count()} cores).",
            "",
            *header,
            *redis_rows,
            *postgres_rows,
            "",
            f"Redis answering again: each worker's log said so after {redis_back} s.",
            f"PostgreSQL answering again: a fresh page was a 200 after {recovery:.1f} s; each worker's log said so "
            f"after {postgres_back} s.",
        ]
    )
    print(table)
    out = bench.WORK / f"silent-{datetime.datetime.now():%Y%m%d-%H%M%S}.md"
    out.write_text(table + "\n")
    bench.log(f"written to {out.relative_to(bench.ROOT)}")


if __name__ == "__main__":
    main()
