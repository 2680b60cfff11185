"""The `slac` command line: a thin click group; each command lives in `slac.commands`."""

from __future__ import annotations

import click

from slac import __version__
from slac.commands.build import build_command
from slac.commands.check import check_command
from slac.commands.eval import eval_command
from slac.commands.explain import explain_command
from slac.commands.fmt import fmt_command
from slac.commands.importing import import_command
from slac.commands.report import report_command
from slac.commands.synth import synth_command
from slac.commands.test import test_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="slac")
def main() -> None:
    """slac compiles support-policy SLAs (.sla files) into checked Python modules and
    Markdown documents."""


for command in (
    build_command,
    check_command,
    eval_command,
    explain_command,
    fmt_command,
    import_command,
    report_command,
    synth_command,
    test_command,
):
    main.add_command(command)
