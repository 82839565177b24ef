"""`make bench`: the dashboard on 100,000 synthetic demands, measured with wrk, beside Datasette and two ceilings.

One run on this machine, once per database (PostgreSQL, then SQLite; BENCH_DATABASES chooses): the database
gets the curated records plus the synthetic ones (seed 2025); gunicorn serves the dashboard with production
settings (as `make serve`), once with the page cache off (cold) and once on, shared in Redis (warm); wrk
measures each page; then 16 connections ask for the timeline while a curator's edit lands every 2 s (the
stampede the render lock prevents), and the full CSV export is timed; then each cold page is profiled
in-process (bench/profile_pages.py: wall, CPU, SQL, view and template time). Then issue 25's two parts:
equal work against Datasette (bench/equal_work.py: one process each, three view states, beside the bare view)
and plan cliffs (bench/cliffs.py: twenty random view states rendered in-process on each of three synthetic
seeds, each seed its own database). Each issue-14 target is checked against the figures, issue 24's (a
six-column grid against a compare page of two of its memoranda, both cold) and issue 25's. The tables are
printed and written to bench/results/<date>.md. A benchmark, not a test: it reports, it does not assert.

BENCH_ONLY=grid|explorer|cliffs runs one part alone, written to bench/results/<date>-<part>.md: the grid rows
(cold grid and compare, wrk and in-process, with the grid's queries), the equal work against Datasette, or the
plan cliffs. BENCH_REUSE_DB=1 keeps the databases an earlier run prepared (the other seeds' too).
"""

import datetime
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import cliffs
import equal_work

ROOT = Path(__file__).resolve().parent.parent
VENV_PY = ROOT / ".venv" / "bin" / "python"
DATASETTE_VENV = ROOT / "bench" / ".venv-datasette"
WORK = ROOT / "bench" / ".work"
# Its own database (and its own Redis db, BENCH_REDIS_URL), so that two benchmarks on one host do not clash.
DB = os.environ.get("BENCH_DB", "ceasefire_bench")
MAIN_SEED = 2025  # seed_synthetic's default: every part but the cliffs measures this seed's database
# The cliffs' seeds; each other than MAIN_SEED gets its own database, <BENCH_SEED_DB_PREFIX><seed>.
CLIFF_SEEDS = [int(seed) for seed in os.environ.get("BENCH_CLIFF_SEEDS", f"{MAIN_SEED},2,3").split(",")]
SEED_DB_PREFIX = os.environ.get("BENCH_SEED_DB_PREFIX", f"{DB}_seed")
DATABASES = os.environ.get("BENCH_DATABASES", "postgresql,sqlite").split(",")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
STAMPEDE_DURATION = os.environ.get("BENCH_STAMPEDE_DURATION", "20s")
database = "postgresql"  # the one being measured; main() walks DATABASES
DEMANDS = int(os.environ.get("BENCH_DEMANDS", "100000"))
DURATION = os.environ.get("BENCH_DURATION", "10s")
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
WORKERS = os.environ.get("BENCH_WORKERS", "3")
RANGE = "from=2025-01-01&to=2025-06-30"
ONLY = os.environ.get("BENCH_ONLY", "")  # "grid", "explorer" or "cliffs": that part alone
REUSE_DB = os.environ.get("BENCH_REUSE_DB") == "1"
# Issue 24's grid: four synthetic memoranda (two Russian, each with Ukraine's answer, found in the database once
# seeded) and each party's position as of a date, against the compare page of the last two memoranda.
GRID_AS_OF = ["russia@2025-03-15", "ukraine@2025-06-30"]
GRID_MEMORANDA_UNTIL = "2025-06-30"
GRID_LABEL, GRID_COMPARE_LABEL = "grid: 4 memoranda + 2 parties as of a date", "compare: 2 synthetic memoranda"
# BENCH_PORT_BASE moves them all, so that two benchmarks can run on one host.
PORT_BASE = int(os.environ.get("BENCH_PORT_BASE", "8041"))
PORTS = {
    name: PORT_BASE + offset
    for name, offset in {"cold": 0, "warm": 1, "datasette": 2, "export": 3, "stampede": 5, "equal": 6}.items()
}
# Issue 25's equal work: one process each, four connections from one wrk thread, each state REPEATS times.
EQUAL_CONNECTIONS = 4
REPEATS = int(os.environ.get("BENCH_REPEATS", "1"))


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def run(*command, env=None, **kwargs):
    return subprocess.run(command, check=True, env={**os.environ, **(env or {})}, **kwargs)


def ensure_tools():
    if not shutil.which("wrk"):
        log("installing wrk")
        run("apt-get", "install", "-y", "-qq", "wrk", stdout=subprocess.DEVNULL)
    if ONLY in ("", "explorer") and not (DATASETTE_VENV / "bin" / "datasette").exists():
        log("installing Datasette in its own virtualenv")
        run(sys.executable, "-m", "venv", str(DATASETTE_VENV))
        run(
            str(DATASETTE_VENV / "bin" / "pip"),
            "install",
            "-q",
            "-r",
            str(ROOT / "bench" / "requirements-datasette.txt"),
        )


def database_name(seed=MAIN_SEED):
    return DB if seed == MAIN_SEED else f"{SEED_DB_PREFIX}{seed}"


def sqlite_file(seed=MAIN_SEED):
    return WORK / ("bench.sqlite3" if seed == MAIN_SEED else f"bench-seed{seed}.sqlite3")


def database_url(seed=MAIN_SEED):
    if database == "postgresql":
        return f"postgres://postgres@127.0.0.1:5432/{database_name(seed)}"
    return f"sqlite:///{sqlite_file(seed)}"


def app_env(seed=MAIN_SEED, **extra):
    return {
        "DATABASE_URL": database_url(seed),
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "BENCH_VIEWS": "1",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        **extra,
    }


def prepare_database(seed=MAIN_SEED):
    """The curated records and DEMANDS synthetic ones of `seed` in a fresh database; what it cost, for the
    results file (seeding is not what is measured, but a reader should see it)."""
    manage = [str(VENV_PY), "manage.py"]
    if REUSE_DB:  # only what a change since that run may need: its migrations (an index), fresh statistics
        log(f"reusing the {database} database of seed {seed} an earlier run prepared (BENCH_REUSE_DB)")
        run(*manage, "migrate", "--noinput", "-v0", env=app_env(seed), cwd=ROOT)
        analyze(seed)
        return "reused"
    log(f"preparing {database} database with the curated records and {DEMANDS} synthetic demands (seed {seed})")
    if database == "postgresql":
        name = database_name(seed)
        run("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-q",
            "-c", f"DROP DATABASE IF EXISTS {name}", "-c", f"CREATE DATABASE {name}")  # fmt: skip
    else:
        WORK.mkdir(parents=True, exist_ok=True)
        sqlite_file(seed).unlink(missing_ok=True)
    started = time.monotonic()
    run(*manage, "migrate", "--noinput", "-v0", env=app_env(seed), cwd=ROOT)
    run(*manage, "load_curated", env=app_env(seed), cwd=ROOT, stdout=subprocess.DEVNULL)
    run(*manage, "seed_synthetic", f"--demands={DEMANDS}", f"--seed={seed}", "--force", env=app_env(seed), cwd=ROOT)
    analyze(seed)
    seconds = time.monotonic() - started
    log(f"{database} database of seed {seed} ready in {seconds:.0f} s")
    return f"seeded in {seconds:.0f} s"


def analyze(seed=MAIN_SEED):
    if database == "postgresql":
        run("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database_name(seed), "-q", "-c", "VACUUM ANALYZE")
    else:
        with sqlite3.connect(sqlite_file(seed)) as db:
            db.execute("ANALYZE")


class Server:
    def __init__(self, name, command, env, port):
        self.name, self.port = name, port
        self.log = open(WORK / f"{name}.log", "w")  # noqa: SIM115 - kept open for the server's life
        self.process = subprocess.Popen(command, env={**os.environ, **env}, cwd=ROOT, stdout=self.log, stderr=self.log)
        self.wait_ready()

    def wait_ready(self):
        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=2)
                return
            except Exception:
                time.sleep(0.5)
        raise RuntimeError(f"{self.name} did not start; see {self.log.name}")

    def worker_pids(self):
        children = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True).stdout
        return [int(pid) for pid in children.split()]

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)
        self.log.close()


def gunicorn(name, port, workers=WORKERS, **env):
    command = [str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers), "--error-logfile", "-",
               # Several servers run at once: gunicorn's shared default control socket would be torn down.
               "--no-control-socket"]  # fmt: skip
    return Server(name, command, app_env(**env), port)


def wrk(url, htmx=False, duration=DURATION, timeout=None, threads=2, connections=CONNECTIONS):
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}", "--latency", url]
    if timeout:  # wrk's default, 2 s, would record a slower page's answers as timeouts, without their latency
        command[1:1] = ["--timeout", timeout]
    if htmx:
        command[1:1] = ["-H", "HX-Request: true"]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": rps,
        # No answer at all within the run: no latency to report, and no p99 target can be met.
        "p50": to_ms(latency["50"]) if "50" in latency else float("inf"),
        "p99": to_ms(latency["99"]) if "99" in latency else float("inf"),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def to_ms(value):
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def peak_rss_kb(pid):
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)), int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))


def measure_export():
    """CSV exports: their time, size, and how far the single worker's peak memory rose above its resting size."""
    server = gunicorn("export", PORTS["export"], workers=1, PAGE_CACHE="0")
    results = {}
    try:
        (worker,) = server.worker_pids()
        base = f"http://127.0.0.1:{server.port}/demands/export.csv"
        urllib.request.urlopen(f"{base}?from=2025-06-01&to=2025-06-02").read()  # imports and connections warm
        for label, query in (("2024-01-01..2025-12-31", "?from=2024-01-01&to=2025-12-31"), ("all", "")):
            _, rss_before = peak_rss_kb(worker)
            started = time.monotonic()
            body = urllib.request.urlopen(base + query, timeout=600).read()
            seconds = time.monotonic() - started
            peak, _ = peak_rss_kb(worker)
            results[label] = {
                "seconds": seconds,
                "bytes": len(body),
                "rows": body.count(b"\n") - 1,
                "growth_mb": (peak - rss_before) / 1024,
            }
    finally:
        server.stop()
    return results


PAGES = {
    "demands (full page)": (f"/demands/?{RANGE}", False),
    "demands (htmx fragment)": (f"/demands/?{RANGE}", True),
    "compare: memoranda": ("/compare/", False),
    "compare: 2025-01-01..06-30": (f"/compare/?{RANGE}", False),
    "timeline": ("/timeline/", False),
}
GRID_MEMORANDA = f"""
from negotiations.models import Statement
found = list(
    Statement.objects.memoranda().filter(slug__startswith="syn-", stated_on__lte="{GRID_MEMORANDA_UNTIL}")
    .order_by("pk").values_list("slug", "actor__slug")
)
while found and found[-1][1] != "ukraine":  # end on an answer: Russian, Ukrainian, Russian, Ukrainian
    found.pop()
print(",".join(slug for slug, _ in found[-4:]))
"""


def grid_pages():
    """The grid and its compare page, for the memoranda seed_synthetic made in this database."""
    out = subprocess.run(
        [str(VENV_PY), "manage.py", "shell", "-c", GRID_MEMORANDA],
        check=True, capture_output=True, text=True, cwd=ROOT, env={**os.environ, **app_env()},
    ).stdout  # fmt: skip
    memoranda = out.strip().splitlines()[-1].split(",")
    if len(memoranda) != 4:
        raise RuntimeError(f"expected four synthetic memoranda, found {memoranda}")
    return {
        GRID_COMPARE_LABEL: (f"/compare/?left={memoranda[2]}&right={memoranda[3]}", False),
        GRID_LABEL: (f"/grid/?docs={','.join(memoranda + GRID_AS_OF)}", False),
    }


def wait_idle(server):
    """Until the workers have answered what wrk left queued when it stopped (a slow page leaves up to
    CONNECTIONS requests behind), so that the next page is measured on idle workers."""

    def cpu(pid):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])

    deadline = time.monotonic() + 120
    before = {pid: cpu(pid) for pid in server.worker_pids()}
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = {pid: cpu(pid) for pid in server.worker_pids() if Path(f"/proc/{pid}").exists()}
        if all(now[pid] - before.get(pid, 0) <= 1 for pid in now):
            return
        before = now


EDITOR = """
import time, django
django.setup()
from negotiations.models import Demand
term = Demand.objects.order_by("pk").first()
original = term.paraphrase
deadline = time.monotonic() + {seconds}
while time.monotonic() < deadline:
    time.sleep(2)
    term.paraphrase = original + (" (edited)" if term.paraphrase == original else "")
    term.save()  # the save's on_commit advances the data version, as a curator's edit in the admin does
term.paraphrase = original
term.save()
"""


def measure_pages():
    """Cold (page cache off, no render limit: the render's own speed) and warm (Redis, as deployed)."""
    results = {}
    prefix = f"bench-{database}-{time.time()}"
    phases = (
        ("cold", {"PAGE_CACHE": "0", "RENDER_SLOTS": "0"}),
        ("warm", {"PAGE_CACHE": "1", "REDIS_URL": REDIS_URL, "CACHE_KEY_PREFIX": prefix}),
    )
    for phase, env in phases[:1] if ONLY else phases:
        log(f"{database}, {phase}: gunicorn with {env}")
        server = gunicorn(phase, PORTS[phase], **env)
        try:
            base = f"http://127.0.0.1:{server.port}"
            results[f"ceiling: constant response [{phase}]"] = wrk(f"{base}/_bench/constant/")
            if phase == "cold" and not ONLY:
                results["ceiling: bare same-query view"] = wrk(f"{base}/_bench/minimal/?{RANGE}")
            for label, (path, htmx) in PAGES.items():
                if phase == "warm":  # cached once, in Redis, for every worker
                    request = urllib.request.Request(base + path, headers={"HX-Request": "true"} if htmx else {})
                    urllib.request.urlopen(request, timeout=60).read()
                slow = label in (GRID_LABEL, GRID_COMPARE_LABEL)
                results[f"{label} [{phase}]"] = wrk(base + path, htmx=htmx, timeout="60s" if slow else None)
                if slow:
                    wait_idle(server)
                log(f"{label} [{phase}]: {results[f'{label} [{phase}]']}")
        finally:
            server.stop()
    return results


def measure_stampede():
    """16 connections on the timeline while a curator's edit lands every 2 s: each edit makes every page stale."""
    seconds = float(STAMPEDE_DURATION.rstrip("s"))
    env = {"PAGE_CACHE": "1", "REDIS_URL": REDIS_URL, "CACHE_KEY_PREFIX": f"stampede-{database}-{time.time()}"}
    server = gunicorn("stampede", PORTS["stampede"], **env)
    try:
        url = f"http://127.0.0.1:{server.port}/timeline/"
        urllib.request.urlopen(url, timeout=60).read()
        editor = subprocess.Popen(
            [str(VENV_PY), "-c", EDITOR.format(seconds=seconds)],
            cwd=ROOT,
            env={**os.environ, **app_env(**env), "DJANGO_SETTINGS_MODULE": "config.settings"},
        )
        figures = wrk(url, duration=STAMPEDE_DURATION)
        editor.wait(timeout=seconds + 30)
    finally:
        server.stop()
    return figures


def database_rows(sql):
    """A few rows of the main seed's database, read with its own client (no Django in this process)."""
    if database == "postgresql":
        out = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database_name(), "-AtF", "\t", "-c", sql],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        return [line.split("\t") for line in out.splitlines()]
    with sqlite3.connect(sqlite_file()) as db:
        return db.execute(sql).fetchall()


def equal_work_states():
    """The three states, with the names Datasette's table holds for the party and topic the explorer takes."""
    ((party,),) = database_rows(f"SELECT name FROM negotiations_actor WHERE slug = '{equal_work.PARTY_SLUG}'")
    ((topic,),) = database_rows(f"SELECT name FROM negotiations_topic WHERE slug = '{equal_work.TOPIC_SLUG}'")
    return equal_work.states(party, topic)


def measure_equal_work():
    """Issue 25's equal work (bench/equal_work.py): the cold explorer and the bare view in one gunicorn worker,
    Datasette in its one process, on the same states; wrk -t1 -c4, the three taking turns, REPEATS times."""
    datasette_db, metadata = WORK / "datasette.db", WORK / "datasette-metadata.json"
    started = time.monotonic()
    source = database_name() if database == "postgresql" else sqlite_file()
    equal_work.build_datasette_file(equal_work.exported_rows(database, source), datasette_db, metadata)
    log(f"{database}: Datasette's one-table file built in {time.monotonic() - started:.0f} s")
    states = equal_work_states()
    ours = gunicorn("equal", PORTS["equal"], workers=1, PAGE_CACHE="0", RENDER_SLOTS="0")
    try:
        command = equal_work.datasette_command(
            DATASETTE_VENV / "bin" / "datasette", datasette_db, metadata, PORTS["datasette"]
        )
        datasette = Server("datasette", command, {}, PORTS["datasette"])
        try:
            datasette_base = f"http://127.0.0.1:{PORTS['datasette']}"
            checks = [equal_work.check_datasette(datasette_base, query) for _, _, query in states]
            figures = equal_work_runs(f"http://127.0.0.1:{PORTS['equal']}", datasette_base, states)
        finally:
            datasette.stop()
    finally:
        ours.stop()
    return equal_work_section(figures, states, checks)


def equal_work_runs(ours_base, datasette_base, states):
    figures = {}
    for repeat in range(REPEATS):
        for label, ours_query, datasette_query in states:
            urls = {
                "ours": f"{ours_base}/demands/?{ours_query}",
                "Datasette": equal_work.datasette_url(datasette_base, datasette_query),
                "bare": f"{ours_base}/_bench/minimal/?{ours_query}",
            }
            for side, url in urls.items():
                result = wrk(url, threads=1, connections=EQUAL_CONNECTIONS)
                figures.setdefault((label, side), []).append(result)
                log(f"{database}, run {repeat + 1}: {label}, {side}: {result}")
    return figures


def equal_work_section(figures, states, checks):
    intro = (
        f"### Equal work against Datasette ({database})\n\n{DEMANDS} synthetic terms (seed {MAIN_SEED}) plus the"
        f" curated records. Ours: gunicorn, one sync worker, page cache off, no render limit, DEBUG off; the bare"
        f" view in the same worker. Datasette {datasette_version()}: one process, immutable (-i), the same terms in"
        f" one SQLite table (bench/equal_work.py), settings {equal_work.DATASETTE_SETTINGS}, facets"
        f" {', '.join(equal_work.FACETS)} asked for, newest first. wrk -t1 -c{EQUAL_CONNECTIONS} {DURATION} per"
        f" page, {REPEATS} run(s) each (runs separated by /), the three taking turns, on the same"
        f" {os.cpu_count()}-core machine. Our `q` searches more than Datasette's `_search` (the party's, speaker's"
        " and reporter's names and the sources' titles too), with the other spellings of each word.\n\n"
    )
    return intro + equal_work.render(figures, states, checks, target) + "\n"


def datasette_version():
    out = subprocess.run([str(DATASETTE_VENV / "bin" / "datasette"), "--version"], capture_output=True, text=True)
    return out.stdout.strip().split()[-1] if out.returncode == 0 else "(version unknown)"


def measure_cliffs(seeding):
    """Issue 25's plan cliffs (bench/cliffs.py) on this database: each seed's database prepared (the main
    seed's already is: `seeding` says what that cost), then its random states rendered in-process."""
    runs = {}
    for seed in CLIFF_SEEDS:
        prepared = seeding if seed == MAIN_SEED else prepare_database(seed)
        log(f"{database}, seed {seed}: the cliffs' random states, in-process")
        states = cliffs.run_states(app_env(seed), seed, WORK / f"cliffs-{database}-{seed}.json")
        runs[database, seed] = {"states": states, "seeding": prepared, "database_url": database_url(seed)}
        log(f"{database}, seed {seed}: median, worst, ratio: {cliffs.summary(states)}")
    intro = (
        f"### Plan cliffs ({database})\n\nThe cold explorer (Django test client in-process, DEBUG off, page cache"
        " off, no render limit, after one warm-up render), twenty random view states per seed drawn from the values"
        f" in that database (bench/cliff_states.py), each the median of 3 renders; {DEMANDS} synthetic terms per"
        " seed plus the curated records.\n\n"
    )
    return intro + cliffs.render(runs, target) + "\n"


def measure_all():
    """Everything `make bench` measures on the main seed's database, as the sections of its results file."""
    global PAGES
    grid = grid_pages()
    PAGES = {**PAGES, **grid}
    results = measure_pages()
    log(f"{database}: stampede")
    results["timeline, edit every 2 s [warm]"] = measure_stampede()
    log(f"{database}: export")
    sections = [render(results, measure_export())]
    log(f"{database}: in-process profile of the cold pages")
    sections.append(profile_pages(grid))
    log(f"{database}: equal work against Datasette")
    sections.append(measure_equal_work())
    return sections


def measure_grid_only():
    global PAGES
    grid = grid_pages()
    PAGES = grid
    sections = [render_grid(measure_pages())]
    log(f"{database}: in-process profile of the grid and its compare page")
    return [*sections, profile_pages(grid)]


def main():
    global database
    os.chdir(ROOT)
    WORK.mkdir(exist_ok=True)
    started = time.monotonic()
    ensure_tools()
    sections = []
    for database in DATABASES:
        log(f"{database}: {ONLY or 'every part'}")
        seeding = prepare_database()
        run(str(VENV_PY), "manage.py", "collectstatic", "--noinput", "-v0", env=app_env(), cwd=ROOT)
        if ONLY == "grid":
            sections += measure_grid_only()
        elif ONLY == "explorer":
            sections.append(measure_equal_work())
        elif ONLY == "cliffs":
            sections.append(measure_cliffs(seeding))
        else:
            sections += [*measure_all(), measure_cliffs(seeding), *measure_edge_on(database)]
    elapsed = time.monotonic() - started
    report = "\n".join(
        [
            f"# Benchmark{', ' + ONLY if ONLY else ''}, {datetime.date.today().isoformat()}",
            "",
            *sections,
            f"Whole run: {elapsed / 60:.1f} minutes.",
            "",
        ]
    )
    print(report)
    out = ROOT / "bench" / "results" / f"{datetime.date.today().isoformat()}{'-' + ONLY if ONLY else ''}.md"
    out.write_text(report)
    log(f"written to {out.relative_to(ROOT)}")


def measure_edge_on(database):
    """The edge cache (bench/edge.py: Varnish in front of gunicorn, issue 25), once, on PostgreSQL as deployed."""
    if database != "postgresql":
        return []
    sys.path.insert(0, str(ROOT))  # bench/edge.py as part of the `bench` package, beside this script's module
    from bench.edge import measure_edge

    log("postgresql: the edge cache")
    return [measure_edge(database_url(), {})]


def profile_pages(grid):
    """Where each cold page's time goes (bench/profile_pages.py), on the database just measured, nothing else
    running; the grid's queries one by one."""
    env = app_env(
        PAGE_CACHE="0", RENDER_SLOTS="0", ALLOWED_HOSTS="testserver", PROFILE_ONLY=ONLY,
        PROFILE_GRID_URL=grid[GRID_LABEL][0], PROFILE_GRID_COMPARE_URL=grid[GRID_COMPARE_LABEL][0],
    )  # fmt: skip
    out = subprocess.run(
        [str(VENV_PY), str(ROOT / "bench" / "profile_pages.py")],
        check=True, capture_output=True, text=True, cwd=ROOT, env={**os.environ, **env},
    ).stdout  # fmt: skip
    return f"### Where the cold pages' time goes ({database})\n\n{out}\n"


def target(label, value, goal, *, at_least=True, unit="×"):
    met = value >= goal if at_least else value <= goal
    if met:
        verdict = "met"
    elif at_least:
        verdict = f"missed by {goal / value:.1f}×" if value else "missed: nothing answered"
    else:
        verdict = f"missed by {value / goal:.1f}×"
    sign = "≥" if at_least else "<"
    return f"| {label} | {value:.2f}{unit} | {sign} {goal}{unit} | {verdict} |"


def render(results, export):
    bare = results["ceiling: bare same-query view"]
    constant_warm = results["ceiling: constant response [warm]"]
    lines = [
        f"## {database}",
        "",
        f"{DEMANDS} synthetic demands plus the curated records on {database}; gunicorn ({WORKERS} sync workers,"
        f" DEBUG off, as `make serve`); wrk, {CONNECTIONS} connections, 2 threads, {DURATION} per page, on the same"
        f" {os.cpu_count()}-core machine as the servers. Range: {RANGE.replace('&', ', ')}. Cold: page cache off,"
        " no render limit. Warm: page cache on in Redis, page already cached.",
        "",
        "| page | requests/s | p50 ms | p99 ms | errors | ours/bare view | ours/constant |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for label, figures in results.items():
        constant = results[
            "ceiling: constant response [warm]" if "[warm]" in label else "ceiling: constant response [cold]"
        ]
        lines.append(
            f"| {label} | {figures['rps']:.0f} | {figures['p50']:.1f} | {figures['p99']:.1f} | {figures['errors']}"
            f"{' ' + figures['socket_errors'] if figures['socket_errors'] else ''} | "
            f"{figures['rps'] / bare['rps']:.2f}× |"
            f" {figures['rps'] / constant['rps']:.2f}× |"
        )
    lines += ["", "| CSV export | rows | MB | seconds | worker peak memory growth, MB |", "|---|---:|---:|---:|---:|"]
    for label, figures in export.items():
        lines.append(
            f"| {label} | {figures['rows']} | {figures['bytes'] / 1e6:.1f} | {figures['seconds']:.1f} |"
            f" {figures['growth_mb']:.1f} |"
        )
    demands, stampede = results["demands (full page) [cold]"], results["timeline, edit every 2 s [warm]"]
    timeline, ranged = results["timeline [cold]"], results["compare: 2025-01-01..06-30 [cold]"]
    lines += [
        "",
        "| target (issue 14) | measured | goal | verdict |",
        "|---|---:|---:|---|",
        target("cold demands page / bare view", demands["rps"] / bare["rps"], 0.7),
        target("cold timeline / bare view", timeline["rps"] / bare["rps"], 0.3),
        target("cold timeline p99", timeline["p99"], 250, at_least=False, unit=" ms"),
        target("cold range compare / bare view", ranged["rps"] / bare["rps"], 0.3),
        target("cold range compare p99", ranged["p99"], 250, at_least=False, unit=" ms"),
        *(
            target(f"warm {label} / constant", results[f"{label} [warm]"]["rps"] / constant_warm["rps"], 0.5)
            for label in PAGES
        ),
        target("timeline under edits every 2 s: p99", stampede["p99"], 250, at_least=False, unit=" ms"),
        f"| timeline under edits every 2 s: errors | {stampede['errors']} {stampede['socket_errors']} | 0 |"
        f" {'met' if not stampede['errors'] and not stampede['socket_errors'] else 'missed'} |",
        target("full CSV export", export["all"]["seconds"], 5, at_least=False, unit=" s"),
        "",
        *grid_targets(results),
    ]
    return "\n".join(lines)


def grid_targets(results):
    """Issue 24: a cold six-column grid costs at most 1.5 times a cold compare page of two of its memoranda. Cost
    is time per request under the same load (the compare page's requests/s over the grid's), and the median."""
    grid, compare = results[f"{GRID_LABEL} [cold]"], results[f"{GRID_COMPARE_LABEL} [cold]"]
    return [
        "| target (issue 24) | measured | goal | verdict |",
        "|---|---:|---:|---|",
        target("cold grid / cold compare: time per request", compare["rps"] / grid["rps"], 1.5, at_least=False),
        target("cold grid / cold compare: p50", grid["p50"] / compare["p50"], 1.5, at_least=False),
        "",
        f"Grid: `{PAGES[GRID_LABEL][0]}`; compare: `{PAGES[GRID_COMPARE_LABEL][0]}`.",
        "",
    ]


def render_grid(results):
    """BENCH_ONLY=grid: the grid rows, beside the constant response, and issue 24's target."""
    lines = [
        f"## {database}",
        "",
        f"{DEMANDS} synthetic demands plus the curated records on {database}; gunicorn ({WORKERS} sync workers,"
        f" DEBUG off, as `make serve`); wrk, {CONNECTIONS} connections, 2 threads, {DURATION} per page, on the same"
        f" {os.cpu_count()}-core machine as the servers. Cold: page cache off, no render limit.",
        "",
        "| page | requests/s | p50 ms | p99 ms | errors |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| {label} | {f['rps']:.0f} | {f['p50']:.1f} | {f['p99']:.1f} | {f['errors']}"
            f"{' ' + f['socket_errors'] if f['socket_errors'] else ''} |"
            for label, f in results.items()
        ),
        "",
        *grid_targets(results),
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
