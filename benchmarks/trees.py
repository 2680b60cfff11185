"""Two slac trees side by side: the same evaluations timed in each, to measure a change A/B.

    git worktree add /tmp/before <commit>        # or: git archive <commit> | tar -x -C /tmp/before
    python benchmarks/trees.py /tmp/before .   [--rounds 2] [--repeats 9]

Each tree runs in its own fresh process (its own `slac` first on the path, checked), in turns,
`--rounds` times, on one workload made once by the second tree: acme histories of 5–15 events
(`slac synth`, 1,500 of them), the snapshot of each, and Managry tickets from JSON
(benchmarks/evaluate.py's workload, 3,000), every target's status and due instant read. Each row is the fastest of `--repeats` passes, in CPU µs a ticket:
on a shared machine the minimum is the least disturbed; compare rows of the same round.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r'''
import importlib.util, json, sys, time
repo, repeats, workload = sys.argv[1], int(sys.argv[2]), sys.argv[3]
sys.path[:0] = [repo, repo + "/benchmarks"]
import slac
assert slac.__file__.startswith(repo), f"{slac.__file__} is not in {repo}"
from slac.pipeline import compile_file
from slac.synth import SynthOptions, synthesize
import evaluate, replay

def load(name):
    spec = importlib.util.spec_from_file_location("tree_" + name, f"{repo}/generated/{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module

if repeats == 0:  # write the workload, once, for both trees
    histories = list(synthesize(compile_file(f"{repo}/rules/acme.sla").policy, SynthOptions(1500, 1)))
    data = {"histories": histories, "snapshots": [replay.snapshot(h) for h in histories],
            "tickets": evaluate.make_tickets(3000, 1)}
    open(workload, "w", encoding="utf-8").write(json.dumps(data))
    raise SystemExit(0)
acme, managry = load("acme"), load("managry")
data = json.load(open(workload, encoding="utf-8"))
histories, snapshots, tickets = data["histories"], data["snapshots"], data["tickets"]

def fastest(evaluate_one, data):
    evaluate_one(data[0])
    runs = []
    for _ in range(repeats):
        start = time.process_time()
        for item in data:
            for deadline in evaluate_one(item).deadlines:
                deadline.status, deadline.due
        runs.append(time.process_time() - start)
    return min(runs) / len(data) * 1e6

history = fastest(lambda h: acme.evaluate(h, replay.NOW), histories)
snapshot = fastest(lambda s: acme.evaluate(s, replay.NOW), snapshots)
ticket = fastest(lambda t: managry.evaluate(t, evaluate.NOW), tickets)
print(f"acme history {history:7.1f} µs   acme snapshot {snapshot:6.1f} µs   (history {history / snapshot:.2f}x)"
      f"   managry from JSON {ticket:5.1f} µs")
'''


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trees", nargs=2, type=Path, help="the tree before and the tree after")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=9)
    options = parser.parse_args()
    roots = [str(tree.resolve()) for tree in options.trees]
    with tempfile.TemporaryDirectory() as scratch:
        workload = str(Path(scratch) / "workload.json")
        # one workload for both, made by the tree after (its `slac synth`)
        subprocess.run([sys.executable, "-c", CHILD, roots[1], "0", workload], check=True, cwd=roots[1])
        return _rounds(roots, workload, options.rounds, options.repeats)


def _rounds(roots: list[str], workload: str, rounds: int, repeats: int) -> int:
    for round_number in range(1, rounds + 1):
        for root in roots:
            result = subprocess.run(
                [sys.executable, "-c", CHILD, root, str(repeats), workload], capture_output=True, text=True, cwd=root
            )
            line = result.stdout.strip() if result.returncode == 0 else f"failed: {result.stderr.strip()[-300:]}"
            print(f"round {round_number}  {root:<24} {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
