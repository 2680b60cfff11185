"""The author loop as a user runs it: `slac` commands in fresh processes, wall time.

Each command runs `--repeats` times in a new process on a copy of the repository's rules/ and
generated/ (so nothing in the checkout changes), the commands of a group (the seeds' commands
with the yardsticks; the synthetic sizes) taking turns run by run so that a change of the
machine's load touches them alike, printed as median and spread (wall and CPU time) beside
`python -c "import slac"` and `python -c pass` as yardsticks of the machine. Then a synthetic
policy of 500 plans × 10 levels × 3 targets (benchmarks/check_scale.py's generator) and the
same at 100 and 250 plans, to show that build time grows linearly with the policy.

slac keeps the built parser and black's output for generated modules under the user's cache
directory (XDG_CACHE_HOME or ~/.cache): the first command after installing or upgrading, or
after changing a policy's rules (not its durations), builds them. The script measures both:
every command after one warm-up run, as an author runs it again and again; `slac build` after
changing one duration of a seed policy before each run, and after adding a comment line at its
top, which moves every line number in its generated module (the edit loop); and `slac check`,
`slac build` and the 500-plan build once more with an empty cache directory each run.

Nothing the machine has cached is used: slac's cache is a directory of the script's own
(XDG_CACHE_HOME in a temporary directory, filled by the warm-up runs), and so is Python's
bytecode (PYTHONPYCACHEPREFIX, PYTHONDONTWRITEBYTECODE unset): the first run writes it and the
timed runs read it, as an installed package has it, whatever the checkout's __pycache__ folders
hold or the environment sets. Two more rows run `slac check` and `slac build` with nothing
cached by Python (PYTHONDONTWRITEBYTECODE=1 and an empty PYTHONPYCACHEPREFIX: slac and the
standard library compiled from source in every process, as in a container that sets
PYTHONDONTWRITEBYTECODE before any .pyc exists), beside `python -c pass` run the same way.

    python benchmarks/authorloop.py [--repeats 5] [--skip-synthetic]

Exits with status 1 when a bar fails: `slac check rules/` <= 0.5 s, `slac build rules/`
<= 1.5 s, the 500-plan build <= 10 s (wall-time medians, bytecode cached, this machine), and
build time linear in the policy's size: the CPU seconds each plan adds from 250 to 500 plans at
most 1.25x what each adds from 100 to 250 (constant for linear growth; n log n gives 1.13x,
quadratic growth 2.14x; CPU time because the machine's load moves wall time more than that).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from check_scale import Size, synthetic_policy
from timing import Bar, Timing, add_bars_option, machine, measure, private_environment, report_bars

REPO = Path(__file__).resolve().parents[1]
EDITED_POLICY = "managry.sla"
EDITED_CELL = re.compile(r"^(\s+4\s+\| )2 business days( +\|)$", re.MULTILINE)
"""A cell no worked example depends on: before each run of the edit row it gets another
number of business days (3, 4, …), so every run generates a module and documents it has
not generated before, as an author's build after changing one duration does."""
BARS = {"slac check rules/": 0.5, "slac build rules/": 1.5, "slac build (500 plans)": 10.0}
SYNTHETIC = (Size(100, 10, 3, 50), Size(250, 10, 3, 50), Size(500, 10, 3, 50))
LINEAR_BAR = 1.25
"""The most the marginal CPU seconds per plan from 250 to 500 plans may exceed those from 100
to 250 plans for build time to count as linear in the policy's size."""


CPU_TIMES: dict[str, Timing] = {}
"""The CPU time (user + system) of the same runs, by row: on a shared machine, what the
command itself costs when other processes make the wall time wait for a processor."""


def environments(work: Path) -> tuple[dict[str, str], dict[str, str]]:
    """The commands' environments: (bytecode cached, nothing cached by Python), each with
    slac's cache in `work/cache` and Python's bytecode under `work`, never the machine's."""
    return private_environment(work), private_environment(work, bytecode_cached=False)


def marginal_ratio(rows: dict[str, Timing]) -> float:
    """Seconds per plan added from 250 to 500 plans over those from 100 to 250 (medians)."""
    small, middle, large = (rows[f"slac build ({size.plans} plans)"].median for size in SYNTHETIC)
    return ((large - middle) / (SYNTHETIC[2].plans - SYNTHETIC[1].plans)) / (
        (middle - small) / (SYNTHETIC[1].plans - SYNTHETIC[0].plans)
    )


def child_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(
    command: Sequence[str],
    cwd: Path,
    repeats: int,
    environment: dict[str, str],
    statuses: tuple[int, ...] = (0, 1),
) -> Timing:
    """Wall time of `command` in a fresh process, `repeats` times (its CPU time is kept in
    `last_cpu`); an exit status outside `statuses` stops the script (a build with findings
    exits 0, `--check` may exit 1, a crash exits otherwise)."""
    cpu: list[float] = []

    def run() -> None:
        began = child_cpu_seconds()
        finished = subprocess.run(
            command, cwd=cwd, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        cpu.append(child_cpu_seconds() - began)
        if finished.returncode not in statuses:
            raise SystemExit(f"{' '.join(command)} failed with status {finished.returncode}: {finished.stderr[-800:]}")

    wall = measure(run, repeats)
    last_cpu[:] = cpu
    return wall


last_cpu: list[float] = []


def timed_alternately(
    commands: dict[str, tuple[Sequence[str], Path, dict[str, str]]], repeats: int
) -> dict[str, tuple[Timing, Timing]]:
    """(wall, CPU) timings of each command in fresh processes, the commands taking turns run
    by run (a, b, c, a, b, c, …), so that a change of the machine's load touches them alike."""
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeats):
        for name, (command, cwd, environment) in commands.items():
            walls[name] += timed(command, cwd, 1, environment).runs
            cpus[name] += last_cpu
    return {name: (Timing(tuple(walls[name])), Timing(tuple(cpus[name]))) for name in commands}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="runs of every command (default 5)")
    parser.add_argument("--skip-synthetic", action="store_true", help="only the seed policies")
    add_bars_option(parser)
    options = parser.parse_args(argv)
    python = sys.executable
    slac = [python, "-m", "slac"]
    rows: dict[str, Timing] = {}
    cpu_rows: dict[str, Timing] = {}

    def keep_cpu(name: str) -> None:
        cpu_rows[name] = Timing(tuple(last_cpu))
    print(machine())
    print("slac's cache and Python's bytecode: the script's own, filled by one warm-up run (see the docstring)\n")
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        env, from_source = environments(work)
        shutil.copytree(REPO / "rules", work / "rules")
        shutil.copytree(REPO / "generated", work / "generated")
        # the caches as an author has them after a first run (this writes the bytecode too)
        timed([python, "-c", "import slac"], work, 1, env)
        timed(slac + ["check", "rules/"], work, 1, env)
        timed(slac + ["build", "rules/", "--out", str(work / "warm-up")], work, 1, env)
        timed(slac + ["fmt", "--check", "rules/"], work, 1, env)
        seeds = {
            'python -c "pass"': [python, "-c", "pass"],
            'python -c "import slac"': [python, "-c", "import slac"],
            "slac check rules/": slac + ["check", "rules/"],
            "slac build rules/": slac + ["build", "rules/"],
            "slac build --check rules/": slac + ["build", "--check", "rules/"],
            "slac fmt --check rules/": slac + ["fmt", "--check", "rules/"],
        }
        uncached = ('python -c "pass"', "slac check rules/", "slac build rules/")
        commands = {label: (command, work, env) for label, command in seeds.items()}
        commands |= {f"{label} (nothing cached by Python)": (seeds[label], work, from_source) for label in uncached}
        for label, (wall, cpu) in timed_alternately(commands, options.repeats).items():
            rows[label], cpu_rows[label] = wall, cpu
        edited = work / "edited"
        shutil.copytree(REPO / "rules", edited / "rules")
        shutil.copytree(REPO / "generated", edited / "generated")
        original = (edited / "rules" / EDITED_POLICY).read_text(encoding="utf-8")
        timed(slac + ["build", "rules/"], edited, 1, env)  # this folder's files as a first build leaves them
        if len(EDITED_CELL.findall(original)) != 1:
            raise SystemExit(f"benchmarks/authorloop.py: EDITED_CELL no longer matches one cell of rules/{EDITED_POLICY}; update it")
        edit_runs, edit_cpu = [], []
        for run in range(options.repeats):
            changed = EDITED_CELL.sub(lambda m: f"{m[1]}{run + 3} business days{m[2]}", original)
            (edited / "rules" / EDITED_POLICY).write_text(changed, encoding="utf-8")
            # exit status 0: every policy builds (a failing worked example would skip work)
            edit_runs += timed(slac + ["build", "rules/"], edited, 1, env, statuses=(0,)).runs
            edit_cpu += last_cpu
        rows["slac build rules/ (a duration edited)"] = Timing(tuple(edit_runs))
        cpu_rows["slac build rules/ (a duration edited)"] = Timing(tuple(edit_cpu))
        (edited / "rules" / EDITED_POLICY).write_text(original, encoding="utf-8")
        moved_runs, moved_cpu = [], []
        for run in range(options.repeats):
            # a new comment line at the top moves every line after it: the module's line numbers change
            moved = "# a note of the author\n" * (run + 1) + original
            (edited / "rules" / EDITED_POLICY).write_text(moved, encoding="utf-8")
            moved_runs += timed(slac + ["build", "rules/"], edited, 1, env, statuses=(0,)).runs
            moved_cpu += last_cpu
        rows["slac build rules/ (a line added at the top)"] = Timing(tuple(moved_runs))
        cpu_rows["slac build rules/ (a line added at the top)"] = Timing(tuple(moved_cpu))
        for label, command in (
            ("slac check rules/ (empty cache)", slac + ["check", "rules/"]),
            ("slac build rules/ (empty cache)", slac + ["build", "rules/"]),
        ):
            cold_runs, cold_cpu = [], []
            for run in range(options.repeats):
                cold_environment = dict(env, XDG_CACHE_HOME=str(work / f"empty-cache-{len(rows)}-{run}"))
                cold_runs += timed(command, work, 1, cold_environment).runs
                cold_cpu += last_cpu
            rows[label] = Timing(tuple(cold_runs))
            cpu_rows[label] = Timing(tuple(cold_cpu))
        if not options.skip_synthetic:
            ladder: dict[str, tuple[Sequence[str], Path, dict[str, str]]] = {}
            for size in SYNTHETIC:
                folder = work / f"synthetic-{size.plans}"
                folder.mkdir()
                text = synthetic_policy(size)
                (folder / "bench.sla").write_text(text, encoding="utf-8")
                label = f"slac build ({size.plans} plans)"
                ladder[label] = (slac + ["build", str(folder), "--out", str(work / f"out-{size.plans}")], work, env)
                timed(ladder[label][0], work, 1, env)  # warm-up: the caches as an author has them
                print(f"{label}: {size.plans} plans × {size.levels} levels × {size.targets} targets, "
                      f"{size.rules} rules, {text.count(chr(10)):,} lines of .sla")
            for label, (wall, cpu) in timed_alternately(ladder, options.repeats).items():
                rows[label], cpu_rows[label] = wall, cpu
            cold = dict(env, XDG_CACHE_HOME=str(work / "empty-cache-500"))
            rows["slac build (500 plans) (empty cache)"] = timed(ladder["slac build (500 plans)"][0], work, 1, cold)
            keep_cpu("slac build (500 plans) (empty cache)")

    width = max(map(len, rows))
    print(f"\n{'command (fresh process)':<{width}}  {'wall time':<48}  CPU time (user + system)")
    for name, timing in rows.items():
        print(f"{name:<{width}}  {timing.spread():<48}  {cpu_rows[name].spread()}")
    bars = [
        Bar(
            "authorloop.py",
            f"{name} <= {limit} s (wall, median)",
            f"{rows[name].median:.2f} s, {min(rows[name].runs):.2f}-{max(rows[name].runs):.2f}; "
            f"CPU {cpu_rows[name].median:.2f} s",
            rows[name].median <= limit,
        )
        for name, limit in BARS.items()
        if name in rows
    ]
    if not options.skip_synthetic:
        per_plan = [rows[f"slac build ({size.plans} plans)"].median / size.plans for size in SYNTHETIC]
        print(
            "build seconds per plan at 100, 250, 500 plans: "
            + ", ".join(f"{seconds * 1000:.1f} ms" for seconds in per_plan)
            + " (wall; fixed start-up weighs most on the smallest)"
        )
        cpu_ratio, wall_ratio = marginal_ratio(cpu_rows), marginal_ratio(rows)
        print(
            f"seconds each plan adds, 250 -> 500 plans over 100 -> 250 plans: {cpu_ratio:.2f}x in CPU time, "
            f"{wall_ratio:.2f}x in wall time (1.0x when linear)"
        )
        bars.append(
            Bar(
                "authorloop.py",
                f"build time linear: CPU per plan added 250->500 <= {LINEAR_BAR}x that of 100->250",
                f"{cpu_ratio:.2f}x; wall {wall_ratio:.2f}x",
                cpu_ratio <= LINEAR_BAR,
            )
        )
    return report_bars(bars, options.bars_json)


if __name__ == "__main__":
    sys.exit(main())
