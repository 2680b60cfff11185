"""Issue 11, item 7: SIGKILL a real `python -m slac build` at random moments, many times.

After each kill, every policy's files come from one source version (all old or all new),
unless the build was killed after its commit, in the middle of its renames: then the journal
says so, and the next build completes it. The next build always leaves every policy on the
current version, no temporary file and no journal, and `--check` passes.

`HYPOTHESIS_PROFILE=thorough` kills 80 builds instead of 4 (each round runs two or three
builds, seconds each).
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from .support import copy_policies, environment, slac_process

POLICIES = ("credenti", "zimbra")
KILLS = 80 if os.environ.get("HYPOTHESIS_PROFILE") == "thorough" else 4
SHA = re.compile(rb"(?:Source SHA-256: |\(sha256 )([0-9a-f]{64})")


def versions(rules: Path) -> list[dict[str, str]]:
    """Two versions of every policy's source: as published, and with its title changed."""
    first = {p: (rules / f"{p}.sla").read_text(encoding="utf-8") for p in POLICIES}
    second = {p: text.replace('"\n', ' (v2)"\n', 1) for p, text in first.items()}
    assert first != second
    return [first, second]


def shas_by_policy(generated: Path) -> dict[str, set[bytes]]:
    """For each policy, the source SHA-256s its files name (one when they form one set); the
    index, which names every source, under `index`."""
    found: dict[str, set[bytes]] = {}
    for path in generated.iterdir():
        if path.name.startswith("."):
            continue
        owner = path.name.split(".")[0].split("-")[0]
        shas = set(SHA.findall(path.read_bytes()[:4096]))
        assert shas, path
        found.setdefault(owner, set()).add(b",".join(sorted(shas)))
    return found


def leftovers(generated: Path) -> list[str]:
    return sorted(p.name for p in generated.iterdir() if p.name.endswith(".tmp") or p.name == ".slac-journal.json")


def start_build(project: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "slac", "build", "--no-test"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=environment(),
    )


def kill_during_write(process: subprocess.Popen[bytes], journal: Path, rng: random.Random, full: float) -> None:
    """Kill at a random moment of the whole run, or (every other time) a random moment after
    the journal appears, which is when files are being written."""
    if rng.random() < 0.4:
        time.sleep(rng.uniform(0, full))
    else:
        deadline = time.monotonic() + 3 * full + 5
        while not journal.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.0005)  # poll without taking the build's CPU
        time.sleep(rng.uniform(0, 0.03))
    process.send_signal(signal.SIGKILL)
    process.wait()


def test_sigkill_during_build_leaves_old_or_new_sets_and_the_next_build_cleans_up(tmp_path: Path) -> None:
    rules = copy_policies(tmp_path / "rules", *POLICIES)
    generated = tmp_path / "generated"
    texts = versions(rules)
    started = time.monotonic()
    assert slac_process("build", "--no-test", cwd=tmp_path).returncode == 0
    full = time.monotonic() - started
    rng = random.Random(int(os.environ.get("SLAC_KILL_SEED", "11")))
    interrupted_commits = 0
    during_writes = 0

    for round_number in range(KILLS):
        version = texts[(round_number + 1) % 2]
        for policy_id, text in version.items():
            (rules / f"{policy_id}.sla").write_text(text, encoding="utf-8")
        kill_during_write(start_build(tmp_path), generated / ".slac-journal.json", rng, full)

        journal = generated / ".slac-journal.json"
        committed = journal.exists() and '"committed"' in journal.read_text(encoding="utf-8")
        sets = shas_by_policy(generated)
        during_writes += bool(leftovers(generated))
        if committed:
            interrupted_commits += 1
        else:
            mixed = {owner: shas for owner, shas in sets.items() if len(shas) != 1}
            assert not mixed, f"round {round_number}: files of one policy from two versions: {mixed}"

        recovery = slac_process("build", "--no-test", cwd=tmp_path)
        assert recovery.returncode == 0, recovery.stderr.decode(errors="replace")[-2000:]
        assert leftovers(generated) == [], f"round {round_number}"
        assert all(len(shas) == 1 for shas in shas_by_policy(generated).values())
    check = slac_process("build", "--no-test", "--check", cwd=tmp_path)
    assert check.returncode == 0, check.stdout.decode(errors="replace")
    print(
        f"{KILLS} kills: {during_writes} during the write phase (a journal or temporaries left), "
        f"{interrupted_commits} of them after the commit (completed by the next build)"
    )
