"""`slac eval POLICY.sla (--ticket JSON | --tickets FILE.jsonl|-) [--now ISO] [--format json|text]`.

Evaluates tickets with the reference interpreter. One ticket prints its evaluation (JSON, or
sentences with `--format text`). A JSONL file (or `-` for stdin) is streamed: one result per
input line, in order; a bad line prints `{"line": N, "error": "..."}` in JSON mode (and the
error on stderr), and only a sentence on stderr ("line N: invalid ticket: ...") in text mode;
evaluation goes on and the exit status is then 1. Whatever a line holds (bytes that are not
UTF-8, a number of thousands of digits, JSON nested thousands deep, a line of gigabytes) it
becomes that line's error and the run goes on; a UTF-8 byte-order mark before the first line
is skipped. A reader that stops reading (`| head -1`) ends the run quietly. Progress goes to
stderr only when stderr is a terminal. A policy with errors prints its diagnostics and exits 1.
"""

from __future__ import annotations

import errno
import json
import sys
from collections.abc import Iterator
from typing import IO, Any

import click

from slac.commands.common import echo_diagnostics
from slac.diagnostics import SourceCache
from slac.pipeline import compile_file
from slac.runtime.evaluation import TicketError, parse_now

PROGRESS_EVERY = 1000
MAX_LINE_BYTES = 1024 * 1024
"""A ticket is a small JSON object; a longer line is refused without being decoded (1 MiB)."""
UTF8_BOM = b"\xef\xbb\xbf"


@click.command("eval")
@click.argument("policy_path", metavar="POLICY.sla", type=click.Path())
@click.option("--ticket", "ticket_json", metavar="JSON", help="One ticket as a JSON object.")
@click.option(
    "--tickets",
    "tickets_file",
    metavar="FILE.jsonl",
    type=click.File("rb"),
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
    tickets_file: IO[bytes] | None,
    now_text: str | None,
    output_format: str,
) -> None:
    """Evaluate tickets under the policy in POLICY.sla: level, trace, deadlines and status."""
    if (ticket_json is None) == (tickets_file is None):
        raise click.UsageError("give one ticket with --ticket JSON or a file of them with --tickets FILE.jsonl")
    try:
        code = _run(policy_path, ticket_json, tickets_file, now_text, output_format)
    except OSError as error:
        if error.errno == errno.EPIPE:
            raise  # the reader has gone (`| head -1`): click ends quietly
        click.echo(f"slac: {error.strerror or error}", err=True)
        code = 1
    except Exception as error:  # the command boundary: never a raw traceback
        click.echo(f"slac: internal error: {type(error).__name__}: {error}", err=True)
        click.echo("slac: this is a bug in slac; please report it with the policy and ticket that caused it", err=True)
        code = 2
    raise SystemExit(code)


def _run(
    policy_path: str,
    ticket_json: str | None,
    tickets_file: IO[bytes] | None,
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
    # One encoder for the run (json.dumps with options builds one per call); the results are
    # fresh trees, so the check for circular references is not needed.
    encoder = json.JSONEncoder(ensure_ascii=False, check_circular=False, indent=None if tickets_file else 2)

    def render(ticket: Any) -> str:
        evaluation = interpreter.evaluate(ticket, now)
        if output_format == "text":
            return explain_text(policy, evaluation)
        return encoder.encode(evaluation.to_dict())

    if ticket_json is not None:
        try:
            out.write(render(_decode(ticket_json)) + "\n")
        except (TicketError, _BadJson, RecursionError) as error:
            click.echo(f"slac: invalid ticket: {_message(error)}", err=True)
            return 1
        return 0

    assert tickets_file is not None
    failures = 0
    progress = sys.stderr.isatty()
    count = 0
    for number, line in _numbered_lines(tickets_file):
        count += 1
        try:
            if isinstance(line, _BadLine):
                raise line
            result = render(_decode(line))
        except (TicketError, _BadJson, _BadLine, RecursionError) as error:
            failures += 1
            message = _message(error)
            if output_format == "text":
                click.echo(f"line {number}: invalid ticket: {message}", err=True)
            else:
                out.write(json.dumps({"line": number, "error": message}, ensure_ascii=False) + "\n")
                click.echo(f"line {number}: {message}", err=True)
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


class _BadLine(ValueError):
    """A line that cannot even be decoded: too long, or not UTF-8."""


MAX_MESSAGE_CHARACTERS = 2000
"""A last bound on an error record, whatever the message quotes."""


def _message(error: Exception) -> str:
    """An error as a line's record quotes it: nested too deeply, or the error's own words
    (never more than `MAX_MESSAGE_CHARACTERS`)."""
    if isinstance(error, RecursionError):
        return "the ticket is nested too deeply to evaluate; a ticket is a flat JSON object of inputs"
    message = str(error)
    if len(message) > MAX_MESSAGE_CHARACTERS:
        message = message[:MAX_MESSAGE_CHARACTERS] + f"… ({len(message):,} characters)"
    return message


def _decode(text: str) -> Any:
    """JSON text as Python values; every way it can fail is a `_BadJson` in words."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise _BadJson(f"not valid JSON: {error.msg} at column {error.colno}") from None
    except RecursionError:
        raise _BadJson("not a ticket: the JSON is nested too deeply; a ticket is a flat JSON object of inputs") from None
    except ValueError:  # a number beyond Python's limit on digits (4,300)
        raise _BadJson("not a ticket: it holds a number with thousands of digits; no input takes one") from None


def _numbered_lines(stream: IO[bytes]) -> Iterator[tuple[int, str | _BadLine]]:
    """Non-blank lines (split at `\n` only) with their 1-based line numbers, decoded from
    UTF-8; a line that is too long or not UTF-8 comes as the `_BadLine` that says so. No more
    than `MAX_LINE_BYTES` of a line is ever held in memory."""
    number = 0
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if number == 1 and raw.startswith(UTF8_BOM):
            raw = raw[len(UTF8_BOM) :]
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            size = len(raw) + _skip_line(stream)
            yield number, _BadLine(
                f"the line is {size:,} bytes long; a ticket is a JSON object of at most {MAX_LINE_BYTES:,} bytes"
            )
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            shown = raw[error.start : error.end].hex(" ")
            yield number, _BadLine(
                f"not UTF-8 text: byte(s) {shown} at byte {error.start + 1}; save the tickets as UTF-8"
            )
            continue
        if line.strip():
            yield number, line


def _skip_line(stream: IO[bytes]) -> int:
    """Read to the end of the current line; how many bytes that was."""
    skipped = 0
    while True:
        chunk = stream.readline(MAX_LINE_BYTES)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped
