"""`make loadtest-uncached`: can one client take the site down with requests the page cache cannot serve?

20,000 synthetic demands on PostgreSQL; gunicorn as `make serve` runs it (3 workers, page cache on, the
statement timeout of settings); for DURATION seconds, 6 requests/s of the most expensive uncached pages we
can build (every URL new: a full-text OR over common words with a deep page, and a range comparison of a
random span), while `/actors/` (cached before the load starts) is asked 20 times a second. Prints each stream's latency
percentiles and status codes and writes bench/results/<date>-uncached.md. A benchmark, not a test.
"""

import collections
import concurrent.futures
import datetime
import os
import random
import sys
import threading
import time
import urllib.error
import urllib.request

os.environ.setdefault("BENCH_DEMANDS", "20000")
sys.path.insert(0, os.path.dirname(__file__))
import bench  # noqa: E402  (bench.py beside this file: the same database, server and environment helpers)

DURATION = float(os.environ.get("UNCACHED_DURATION", "60"))
PORT = 8045
ATTACK_RATE, VICTIM_RATE = 6, 20
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
SLOTS = os.environ.get("RENDER_SLOTS", f"{os.cpu_count()} (one per core, the default)")


def expensive_url(number):
    """A URL no one asked before, whose answer is as costly as a public request can be made."""
    if number % 2:
        words = " OR ".join(random.sample(["russia", "ukraine", "ceasefire", "peace", "talks", "nato"], 3))
        return f"/demands/?q={urllib.request.quote(words + ' OR x' + str(number))}&page={random.randint(2, 400)}"
    start = datetime.date(2022, 1, 1) + datetime.timedelta(days=random.randint(0, 900))
    end = start + datetime.timedelta(days=random.randint(200, 500))
    return f"/compare/?from={start.isoformat()}&to={end.isoformat()}"


def fetch(path):
    started = time.monotonic()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=30) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except Exception as error:  # a timeout or a refused connection counts as a failure, not a crash
        status = type(error).__name__
    return time.monotonic() - started, status


def stream(rate, next_path, pool, results):
    """Send `rate` requests a second on a fixed schedule, whatever the answers' speed (an open-loop load)."""
    begin, sent = time.monotonic(), 0
    futures = []
    while (elapsed := time.monotonic() - begin) < DURATION:
        if sent < elapsed * rate:
            futures.append(pool.submit(fetch, next_path(sent)))
            sent += 1
        else:
            time.sleep(0.002)
    for future in futures:
        results.append(future.result())


def summary(name, results):
    latencies = sorted(latency for latency, _ in results)
    statuses = collections.Counter(str(status) for _, status in results)

    def percentile(p):
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000

    return (
        f"| {name} | {len(results)} | {len(results) / DURATION:.1f} | {percentile(50):.0f} | {percentile(95):.0f} "
        f"| {percentile(99):.0f} | {max(latencies) * 1000:.0f} | {dict(sorted(statuses.items()))} |"
    )


def main():
    bench.WORK.mkdir(parents=True, exist_ok=True)
    bench.prepare_database()
    # As deployed: one page cache shared by the workers (Redis), so a page cached by one is cached for all.
    prefix = f"uncached-{time.time()}"
    server = bench.gunicorn("uncached", PORT, workers=3, REDIS_URL=REDIS_URL, CACHE_KEY_PREFIX=prefix)
    try:
        # The victim page is one readers have asked for already: it is in the page cache.
        fetch("/actors/")
        attack, victim = [], []
        with concurrent.futures.ThreadPoolExecutor(max_workers=200) as pool:
            threads = [
                threading.Thread(target=stream, args=(ATTACK_RATE, expensive_url, pool, attack)),
                threading.Thread(target=stream, args=(VICTIM_RATE, lambda n: "/actors/", pool, victim)),
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
    finally:
        server.stop()
    table = "\n".join(
        [
            f"# Uncached load, {datetime.date.today()}: {bench.DEMANDS} demands, PostgreSQL, gunicorn 3 workers, "
            f"{DURATION:.0f} s, Redis page cache, render slots {SLOTS}",
            "",
            "| stream | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | statuses |",
            "|---|---:|---:|---:|---:|---:|---:|---|",
            summary(f"expensive uncached pages at {ATTACK_RATE}/s", attack),
            summary(f"/actors/ (cached) at {VICTIM_RATE}/s", victim),
        ]
    )
    print(table)
    out = bench.ROOT / "bench" / "results" / f"{datetime.date.today()}-uncached.md"
    out.write_text(table + "\n")
    bench.log(f"written to {out.relative_to(bench.ROOT)}")


if __name__ == "__main__":
    main()
