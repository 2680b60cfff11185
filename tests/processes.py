"""Running slac in fresh Python processes, as a user's commands run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def imported_in_two_runs(program: str, module: str, cache: Path) -> list[bool]:
    """Whether `module` was imported by `program`, run twice in fresh processes with `cache`
    as their `XDG_CACHE_HOME`: the first run fills slac's cache, the second reads it."""
    code = f"import sys\n{program}\nprint({module!r} in sys.modules)\n"
    environment = dict(os.environ, XDG_CACHE_HOME=str(cache))
    runs = [
        subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True)
        for _ in range(2)
    ]
    return [run.stdout.strip().splitlines()[-1] == "True" for run in runs]
