"""The `slac` command line: a thin click group; each command lives in `slac.commands`.

Commands are imported when they run (or when help lists them), not all at start-up: `slac
check` does not pay for the imports of `build`, `report` or `import`.
"""

from __future__ import annotations

import importlib

import click

from slac import __version__

COMMANDS: dict[str, str] = {
    "build": "slac.commands.build:build_command",
    "check": "slac.commands.check:check_command",
    "eval": "slac.commands.eval:eval_command",
    "explain": "slac.commands.explain:explain_command",
    "fmt": "slac.commands.fmt:fmt_command",
    "import": "slac.commands.importing:import_command",
    "report": "slac.commands.report:report_command",
    "synth": "slac.commands.synth:synth_command",
    "test": "slac.commands.test:test_command",
}
"""Each command's name and where it is defined (`module:attribute`)."""


class LazyGroup(click.Group):
    """A click group whose commands (listed in `COMMANDS`) are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *super().list_commands(ctx)})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module_name, attribute = COMMANDS[cmd_name].split(":")
            self.add_command(getattr(importlib.import_module(module_name), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="slac")
def main() -> None:
    """slac compiles support-policy SLAs (.sla files) into checked Python modules and
    Markdown documents."""
