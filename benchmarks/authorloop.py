"""The author loop as a user runs it: `slac` commands in fresh processes, wall time.

Each command runs `--repeats` times in a new process on a copy of the repository's rules/ and
generated/ (so nothing in the checkout changes), printed as median and spread beside
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

Python's own cache matters as much: with PYTHONDONTWRITEBYTECODE set and no .pyc files from an
earlier run, every process compiles slac's modules from source. The header says which holds.

    python benchmarks/authorloop.py [--repeats 5] [--skip-synthetic]

Exits with status 1 when a bar fails: `slac check rules/` <= 0.5 s, `slac build rules/`
<= 1.5 s, the 500-plan build <= 10 s (medians, this machine).
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
from timing import Timing, machine, measure

REPO = Path(__file__).resolve().parents[1]
EDITED_POLICY = "managry.sla"
EDITED_CELL = re.compile(r"^(\s+4\s+\| )2 business days( +\|)$", re.MULTILINE)
"""A cell no worked example depends on: before each run of the edit row it gets another
number of business days (3, 4, …), so every run generates a module and documents it has
not generated before, as an author's build after changing one duration does."""
BARS = {"slac check rules/": 0.5, "slac build rules/": 1.5, "slac build (500 plans)": 10.0}
SYNTHETIC = (Size(100, 10, 3, 50), Size(250, 10, 3, 50), Size(500, 10, 3, 50))


CPU_TIMES: dict[str, Timing] = {}
"""The CPU time (user + system) of the same runs, by row: on a shared machine, what the
command itself costs when other processes make the wall time wait for a processor."""


def bytecode_state() -> str:
    """Whether Python may write .pyc files here, and whether slac's are there already."""
    import importlib.util

    import slac.syntax.ast

    variable = os.environ.get("PYTHONDONTWRITEBYTECODE")
    writes = "not set: Python writes .pyc files" if not variable else f"set ({variable!r}): Python writes no .pyc files"
    cached = Path(importlib.util.cache_from_source(slac.syntax.ast.__file__)).exists()
    return f"PYTHONDONTWRITEBYTECODE {writes}; slac's .pyc files {'exist' if cached else 'do not exist (every process compiles slac from source)'}"


def child_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(
    command: Sequence[str],
    cwd: Path,
    repeats: int,
    environment: dict[str, str] | None = None,
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="runs of every command (default 5)")
    parser.add_argument("--skip-synthetic", action="store_true", help="only the seed policies")
    options = parser.parse_args(argv)
    python = sys.executable
    slac = [python, "-m", "slac"]
    rows: dict[str, Timing] = {}
    cpu_rows: dict[str, Timing] = {}

    def keep_cpu(name: str) -> None:
        cpu_rows[name] = Timing(tuple(last_cpu))
    print(machine())
    print(bytecode_state() + "\n")
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        shutil.copytree(REPO / "rules", work / "rules")
        shutil.copytree(REPO / "generated", work / "generated")
        rows['python -c "pass"'] = timed([python, "-c", "pass"], work, options.repeats)
        keep_cpu('python -c "pass"')
        rows['python -c "import slac"'] = timed([python, "-c", "import slac"], work, options.repeats)
        keep_cpu('python -c "import slac"')
        # the caches as an author has them after a first run
        timed(slac + ["check", "rules/"], work, 1)
        timed(slac + ["build", "rules/", "--out", str(work / "warm-up")], work, 1)
        rows["slac check rules/"] = timed(slac + ["check", "rules/"], work, options.repeats)
        keep_cpu("slac check rules/")
        rows["slac build rules/"] = timed(slac + ["build", "rules/"], work, options.repeats)
        keep_cpu("slac build rules/")
        rows["slac build --check rules/"] = timed(slac + ["build", "--check", "rules/"], work, options.repeats)
        keep_cpu("slac build --check rules/")
        rows["slac fmt --check rules/"] = timed(slac + ["fmt", "--check", "rules/"], work, options.repeats)
        keep_cpu("slac fmt --check rules/")
        edited = work / "edited"
        shutil.copytree(REPO / "rules", edited / "rules")
        shutil.copytree(REPO / "generated", edited / "generated")
        original = (edited / "rules" / EDITED_POLICY).read_text(encoding="utf-8")
        if len(EDITED_CELL.findall(original)) != 1:
            raise SystemExit(f"benchmarks/authorloop.py: EDITED_CELL no longer matches one cell of rules/{EDITED_POLICY}; update it")
        edit_runs, edit_cpu = [], []
        for run in range(options.repeats):
            changed = EDITED_CELL.sub(lambda m: f"{m[1]}{run + 3} business days{m[2]}", original)
            (edited / "rules" / EDITED_POLICY).write_text(changed, encoding="utf-8")
            # exit status 0: every policy builds (a failing worked example would skip work)
            edit_runs += timed(slac + ["build", "rules/"], edited, 1, statuses=(0,)).runs
            edit_cpu += last_cpu
        rows["slac build rules/ (a duration edited)"] = Timing(tuple(edit_runs))
        cpu_rows["slac build rules/ (a duration edited)"] = Timing(tuple(edit_cpu))
        (edited / "rules" / EDITED_POLICY).write_text(original, encoding="utf-8")
        moved_runs, moved_cpu = [], []
        for run in range(options.repeats):
            # a new comment line at the top moves every line after it: the module's line numbers change
            moved = "# a note of the author\n" * (run + 1) + original
            (edited / "rules" / EDITED_POLICY).write_text(moved, encoding="utf-8")
            moved_runs += timed(slac + ["build", "rules/"], edited, 1, statuses=(0,)).runs
            moved_cpu += last_cpu
        rows["slac build rules/ (a line added at the top)"] = Timing(tuple(moved_runs))
        cpu_rows["slac build rules/ (a line added at the top)"] = Timing(tuple(moved_cpu))
        for label, command in (
            ("slac check rules/ (empty cache)", slac + ["check", "rules/"]),
            ("slac build rules/ (empty cache)", slac + ["build", "rules/"]),
        ):
            cold_runs, cold_cpu = [], []
            for run in range(options.repeats):
                cold_environment = dict(os.environ, XDG_CACHE_HOME=str(work / f"empty-cache-{len(rows)}-{run}"))
                cold_runs += timed(command, work, 1, cold_environment).runs
                cold_cpu += last_cpu
            rows[label] = Timing(tuple(cold_runs))
            cpu_rows[label] = Timing(tuple(cold_cpu))
        if not options.skip_synthetic:
            for size in SYNTHETIC:
                folder = work / f"synthetic-{size.plans}"
                folder.mkdir()
                text = synthetic_policy(size)
                (folder / "bench.sla").write_text(text, encoding="utf-8")
                label = f"slac build ({size.plans} plans)"
                command = slac + ["build", str(folder), "--out", str(work / f"out-{size.plans}")]
                timed(command, work, 1)  # warm-up: the caches as an author has them
                rows[label] = timed(command, work, options.repeats if size.plans < 500 else max(1, min(options.repeats, 3)))
                keep_cpu(label)
                if size.plans == 500:
                    cold = dict(os.environ, XDG_CACHE_HOME=str(work / "empty-cache-500"))
                    rows[f"{label} (empty cache)"] = timed(command, work, 1, cold)
                    keep_cpu(f"{label} (empty cache)")
                print(f"{label}: {size.plans} plans × {size.levels} levels × {size.targets} targets, "
                      f"{size.rules} rules, {text.count(chr(10)):,} lines of .sla")

    width = max(map(len, rows))
    print(f"\n{'command (fresh process)':<{width}}  {'wall time':<48}  CPU time (user + system)")
    for name, timing in rows.items():
        print(f"{name:<{width}}  {timing.spread():<48}  {cpu_rows[name].spread()}")
    if not options.skip_synthetic:
        per_plan = [rows[f"slac build ({size.plans} plans)"].median / size.plans for size in SYNTHETIC]
        print(
            "build seconds per plan at 100, 250, 500 plans: "
            + ", ".join(f"{seconds * 1000:.1f} ms" for seconds in per_plan)
            + " (linear when these stay level)"
        )
    failed = [
        f"{name} {rows[name].median:.2f} s > {limit} s" for name, limit in BARS.items() if name in rows and rows[name].median > limit
    ]
    passed = [f"{name} <= {limit} s" for name, limit in BARS.items() if name in rows and rows[name].median <= limit]
    print("bar: " + "; ".join([f"{text} PASS" for text in passed] + [f"{text} FAIL" for text in failed]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
