"""Issue 25's plan cliffs: the cold explorer's worst random view state against its median, per database and seed.

bench.py prepares each database (one per synthetic seed) and runs bench/cliff_states.py in it; this module runs
that script and renders its figures: per database and seed, the median render, the worst (with its URL) and
worst/median (at most 3×), then the three worst URLs of each, with the command that profiles them
(bench/profile_pages.py reads PROFILE_URLS). Every state's figures are kept in bench/.work/cliffs-<database>-
<seed>.json, to set one run beside another.
"""

import json
import os
import statistics
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_PY = ROOT / ".venv" / "bin" / "python"
WORST_SHOWN = 3
GOAL = 3  # the worst cold render at most this many times the median


def run_states(env, seed, keep):
    """The states' renders in the database `env` names: one dict per state (cliff_states.py), also written to
    `keep`."""
    out = subprocess.run(
        [str(VENV_PY), str(ROOT / "bench" / "cliff_states.py")],
        check=True, capture_output=True, text=True, cwd=ROOT,
        env={**os.environ, **env, "PAGE_CACHE": "0", "RENDER_SLOTS": "0", "ALLOWED_HOSTS": "testserver",
             "CLIFF_SEED": str(seed)},
    ).stdout  # fmt: skip
    states = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    keep.write_text(json.dumps(states, indent=1))
    return states


def summary(states):
    """(median ms, the worst state, worst/median) of one database and seed's states."""
    median = statistics.median(state["ms"] for state in states)
    worst = max(states, key=lambda state: state["ms"])
    return median, worst, worst["ms"] / median


def render(runs, target):
    """`runs`: {(database, seed): {"states": [...], "seeding": text}}; `target` is bench.py's row format."""
    lines = [
        "| database | seed | states | not 200 | database prepared | median ms | worst ms (its CPU ms) | worst state |",
        "|---|---:|---:|---:|---|---:|---:|---|",
    ]
    verdicts = ["", "| target (issue 25) | measured | goal | verdict |", "|---|---:|---:|---|"]
    worst_lists = ["", f"The {WORST_SHOWN} worst states of each, to profile:", ""]
    for (database, seed), run in runs.items():
        states = run["states"]
        median, worst, ratio = summary(states)
        failed = sum(state["status"] != 200 for state in states)
        lines.append(
            f"| {database} | {seed} | {len(states)} | {failed} | {run['seeding']} | {median:.1f} | {worst['ms']:.1f}"
            f" ({worst['cpu_ms']:.0f})"
            f" | `{worst['url']}` |"
        )
        verdicts.append(target(f"{database}, seed {seed}: worst / median", ratio, GOAL, at_least=False))
        worst_lists += worst_states(database, seed, states, run["database_url"])
    return "\n".join(lines + verdicts + worst_lists)


def worst_states(database, seed, states, database_url):
    ranked = sorted(states, key=lambda state: -state["ms"])[:WORST_SHOWN]
    urls = " ".join(state["url"] for state in ranked)
    return [
        f"- {database}, seed {seed}: "
        + "; ".join(
            f"`{state['url']}` {state['ms']:.0f} ms (CPU {state['cpu_ms']:.0f} ms; runs"
            f" {', '.join(f'{ms:.0f}' for ms in state['runs'])}; status {state['status']})"
            for state in ranked
        ),
        f"  `DATABASE_URL={database_url} PAGE_CACHE=0 RENDER_SLOTS=0 ALLOWED_HOSTS=testserver DEBUG=0"
        f" PROFILE_URLS='{urls}' .venv/bin/python bench/profile_pages.py` (with SECRET_KEY set)",
    ]
