"""`slac eval POLICY.sla (--ticket JSON | --tickets FILE.jsonl|-) [--now ISO] [--format json|text]`.

Evaluates tickets with the reference interpreter. One ticket prints its evaluation (JSON, or
sentences with `--format text`). A JSONL file (or `-` for stdin) is streamed: one result per
input line, in order; a bad line prints `{"line": N, "error": "..."}` in JSON mode (and the
error on stderr), and only a sentence on stderr ("line N: invalid ticket: ...") in text mode;
evaluation goes on and the exit status is then 1. Progress goes to stderr only when stderr is
a terminal. A policy with errors prints its diagnostics and exits 1.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from typing import IO, Any

import click

from slac.commands.common import echo_diagnostics
from slac.diagnostics import SourceCache
from slac.pipeline import compile_file
from slac.runtime.evaluation import TicketError, parse_now

PROGRESS_EVERY = 1000


@click.command("eval")
@click.argument("policy_path", metavar="POLICY.sla", type=click.Path())
@click.option("--ticket", "ticket_json", metavar="JSON", help="One ticket as a JSON object.")
@click.option(
    "--tickets",
    "tickets_file",
    metavar="FILE.jsonl",
    type=click.File("r", encoding="utf-8"),
    help="Tickets as JSON lines, one object per line; `-` reads stdin.",
)
@click.option("--now", "now_text", metavar="ISO", help="Evaluate at this instant (default: the current time).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "text"]),
    default="json",
    show_default=True,
    help="JSON results, or the evaluation explained in sentences.",
)
def eval_command(
    policy_path: str,
    ticket_json: str | None,
    tickets_file: IO[str] | None,
    now_text: str | None,
    output_format: str,
) -> None:
    """Evaluate tickets under the policy in POLICY.sla: level, trace, deadlines and status."""
    if (ticket_json is None) == (tickets_file is None):
        raise click.UsageError("give one ticket with --ticket JSON or a file of them with --tickets FILE.jsonl")
    try:
        code = _run(policy_path, ticket_json, tickets_file, now_text, output_format)
    except Exception as error:  # the command boundary: never a raw traceback
        click.echo(f"slac: internal error: {type(error).__name__}: {error}", err=True)
        click.echo("slac: this is a bug in slac; please report it with the policy and ticket that caused it", err=True)
        code = 2
    raise SystemExit(code)


def _run(
    policy_path: str,
    ticket_json: str | None,
    tickets_file: IO[str] | None,
    now_text: str | None,
    output_format: str,
) -> int:
    from slac.explanation import explain_text
    from slac.interpret import Interpreter

    compilation = compile_file(policy_path)
    if not compilation.ok or compilation.policy is None:
        echo_diagnostics(compilation.diagnostics, SourceCache({compilation.path: compilation.text}))
        click.echo(f"slac: {policy_path} has errors; fix them before evaluating tickets", err=True)
        return 1
    policy = compilation.policy
    try:
        now = parse_now(now_text)
    except TicketError as error:
        click.echo(f"slac: --now: {error.detail}", err=True)
        return 1
    interpreter = Interpreter(policy)
    out = sys.stdout

    def render(ticket: Any) -> str:
        evaluation = interpreter.evaluate(ticket, now)
        if output_format == "text":
            return explain_text(policy, evaluation)
        return json.dumps(evaluation.to_dict(), ensure_ascii=False, indent=None if tickets_file else 2)

    if ticket_json is not None:
        try:
            out.write(render(_decode(ticket_json)) + "\n")
        except (TicketError, _BadJson) as error:
            click.echo(f"slac: invalid ticket: {error}", err=True)
            return 1
        return 0

    assert tickets_file is not None
    failures = 0
    progress = sys.stderr.isatty()
    count = 0
    for number, line in _numbered_lines(tickets_file):
        count += 1
        try:
            result = render(_decode(line))
        except (TicketError, _BadJson) as error:
            failures += 1
            if output_format == "text":
                click.echo(f"line {number}: invalid ticket: {error}", err=True)
            else:
                out.write(json.dumps({"line": number, "error": str(error)}, ensure_ascii=False) + "\n")
                click.echo(f"line {number}: {error}", err=True)
        else:
            if output_format == "text":
                result = f"line {number}:\n{result}\n"
            out.write(result + "\n")
        if progress and count % PROGRESS_EVERY == 0:
            sys.stderr.write(f"\r{count} tickets evaluated")
            sys.stderr.flush()
    if progress and count >= PROGRESS_EVERY:
        sys.stderr.write(f"\r{count} tickets evaluated\n")
    out.flush()
    if failures:
        click.echo(f"slac: {failures} of {count} ticket(s) could not be evaluated", err=True)
    return 1 if failures else 0


class _BadJson(ValueError):
    """A line that is not JSON."""


def _decode(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise _BadJson(f"not valid JSON: {error.msg} at column {error.colno}") from None


def _numbered_lines(lines: Iterable[str]) -> Iterator[tuple[int, str]]:
    """Non-blank lines with their 1-based line numbers."""
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield number, line
