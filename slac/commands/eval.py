"""`slac eval POLICY.sla (--ticket JSON | --tickets FILE.jsonl|-) [--now ISO] [--format json|text] [--brief]`.

Evaluates tickets with the policy's generated module (the one `slac build` writes, kept in
slac's cache directory by `slac.module_cache`, so that a policy evaluated before is neither
parsed nor checked again), with public holiday dates from the same cache. One ticket prints
its evaluation (JSON, or sentences with `--format text`). A JSONL file (or `-` for stdin) is streamed: one result per
input line, in order; a bad line prints `{"line": N, "error": "..."}` in JSON mode (and the
error on stderr), and only a sentence on stderr ("line N: invalid ticket: ...") in text mode;
evaluation goes on and the exit status is then 1. Whatever a line holds (bytes that are not
UTF-8, a number of thousands of digits, JSON nested thousands deep, a line of gigabytes) it
becomes that line's error and the run goes on; a UTF-8 byte-order mark before the first line
is skipped. A reader that stops reading (`| head -1`) ends the run quietly. Progress goes to
stderr only when stderr is a terminal. A policy with errors prints its diagnostics and exits 1.
`--brief` leaves out of each JSON result what grows with a ticket's history (each target's
cycles, the level history and the timeline).

Results are written in chunks of `CHUNK_LINES` lines (and before any message on stderr) unless
stdout is a terminal or writes each line through (`python -u`), where each is written at once.
"""

from __future__ import annotations

import errno
import json
import sys
from collections.abc import Iterator
from datetime import datetime
from typing import IO, TYPE_CHECKING, Any

import click

from slac import json_input

from slac.module_cache import load_policy_module
from slac.runtime.inputs import TicketError, parse_now

if TYPE_CHECKING:
    from slac.module_cache import PolicyModule
    from slac.pipeline import Compilation

PROGRESS_EVERY = 1000
CHUNK_LINES = 256
MAX_LINE_BYTES = 1024 * 1024
"""A ticket is a small JSON object; a longer line is refused without being decoded (1 MiB)."""
UTF8_BOM = b"\xef\xbb\xbf"


class _TicketsFile(click.File):
    """`click.File("rb")` that says so when `-` names a standard input that is closed (click
    itself raises a RuntimeError there)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except RuntimeError:
            self.fail("standard input is closed; give a file of tickets, or open stdin", param, ctx)


@click.command("eval")
@click.argument("policy_path", metavar="POLICY.sla", type=click.Path())
@click.option("--ticket", "ticket_json", metavar="JSON", help="One ticket as a JSON object.")
@click.option(
    "--tickets",
    "tickets_file",
    metavar="FILE.jsonl",
    type=_TicketsFile("rb"),
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
@click.option(
    "--brief",
    is_flag=True,
    help="JSON results without each target's cycles, the level history and the timeline.",
)
def eval_command(
    policy_path: str,
    ticket_json: str | None,
    tickets_file: IO[bytes] | None,
    now_text: str | None,
    output_format: str,
    brief: bool,
) -> None:
    """Evaluate tickets under the policy in POLICY.sla: level, trace, deadlines and status."""
    if (ticket_json is None) == (tickets_file is None):
        raise click.UsageError("give one ticket with --ticket JSON or a file of them with --tickets FILE.jsonl")
    if brief and output_format == "text":
        raise click.UsageError("--brief shortens JSON results; leave it out with --format text")
    if sys.stdout is None:
        _warn("slac: standard output is closed: there is nowhere to write the results; open it (or send it to a file)")
        raise SystemExit(1)
    try:
        code = _run(policy_path, ticket_json, tickets_file, now_text, output_format, brief)
    except OSError as error:
        if error.errno == errno.EPIPE:
            raise  # the reader has gone (`| head -1`): click ends quietly
        click.echo(f"slac: {error.strerror or error}", err=True)
        code = 1
    except Exception as error:  # the command boundary: never a raw traceback
        from slac.commands.common import report_internal_error  # here: only a bug needs it

        report_internal_error(error, "the policy and ticket")
        code = 2
    raise SystemExit(code)


def _run(
    policy_path: str,
    ticket_json: str | None,
    tickets_file: IO[bytes] | None,
    now_text: str | None,
    output_format: str,
    brief: bool = False,
) -> int:
    """Load the policy's module (or report its errors), read `--now`, evaluate; the exit status."""
    loaded = load_policy_module(policy_path, with_model=output_format == "text")
    if loaded.module is None:
        assert loaded.compilation is not None
        _report_errors(policy_path, loaded.compilation)
        return 1
    try:
        now = parse_now(now_text)
    except TicketError as error:
        click.echo(f"slac: --now: {error.detail}", err=True)
        return 1
    from slac.holiday_cache import runtime_reads_cache

    with runtime_reads_cache():
        return _evaluate(loaded, ticket_json, tickets_file, now, output_format, brief)


def _report_errors(policy_path: str, compilation: Compilation) -> None:
    from slac.commands.common import echo_diagnostics
    from slac.diagnostics import SourceCache

    echo_diagnostics(compilation.diagnostics, SourceCache({compilation.path: compilation.text}))
    click.echo(f"slac: {policy_path} has errors; fix them before evaluating tickets", err=True)


def _evaluate(
    loaded: PolicyModule,
    ticket_json: str | None,
    tickets_file: IO[bytes] | None,
    now: datetime,
    output_format: str,
    brief: bool,
) -> int:
    """Evaluate the ticket, or every line of the file, and print the results; the exit status."""
    evaluate = loaded.module.evaluate  # type: ignore[union-attr]
    out = sys.stdout
    if output_format == "text":
        from slac.explanation import explain_text

        assert loaded.compilation is not None and loaded.compilation.policy is not None
        policy = loaded.compilation.policy

        def render(ticket: Any) -> str:
            return explain_text(policy, evaluate(ticket, now))

    elif tickets_file is not None:
        from slac.evaluation_json import evaluation_line

        def render(ticket: Any) -> str:
            return evaluation_line(evaluate(ticket, now), brief)

    else:
        encode = json.JSONEncoder(ensure_ascii=False, check_circular=False, indent=2).encode

        def render(ticket: Any) -> str:
            return encode(evaluate(ticket, now).to_dict(brief=brief))

    if ticket_json is not None:
        try:
            # a BOM, as `--ticket "$(cat ticket.json)"` passes on from a file saved with one
            out.write(render(_decode(ticket_json.removeprefix("\ufeff"))) + "\n")
        except (TicketError, _BadJson, RecursionError) as error:
            click.echo(f"slac: invalid ticket: {_message(error)}", err=True)
            return 1
        return 0

    assert tickets_file is not None
    failures = 0
    # progress only where it cannot mix with the results: stderr a terminal, stdout not
    progress = _terminal(sys.stderr) and not _terminal(out)
    chunk = 1 if _interactive(out) else CHUNK_LINES
    pending: list[str] = []
    count = 0
    try:
        for number, line in _numbered_lines(tickets_file):
            count += 1
            try:
                if line.__class__ is _BadLine:
                    raise line  # type: ignore[misc]
                result = render(_decode(line))  # type: ignore[arg-type]
            except (TicketError, _BadJson, _BadLine, RecursionError) as error:
                failures += 1
                message = _message(error)
                if output_format != "text":
                    pending.append(json.dumps({"line": number, "error": message}, ensure_ascii=False) + "\n")
                out.write("".join(pending))  # what came before, before the message
                pending.clear()
                if output_format == "text":
                    _warn(f"line {number}: invalid ticket: {message}")
                else:
                    _warn(f"line {number}: {message}")
            else:
                pending.append(f"line {number}:\n{result}\n\n" if output_format == "text" else result + "\n")
                if len(pending) >= chunk:
                    out.write("".join(pending))
                    pending.clear()
            if progress and count % PROGRESS_EVERY == 0:
                _warn(f"\r{count} tickets evaluated", end="")
    finally:
        out.write("".join(pending))  # also the results before a failure nobody planned for
    if progress and count >= PROGRESS_EVERY:
        _warn(f"\r{count} tickets evaluated")
    out.flush()
    if failures:
        _warn(f"slac: {failures} of {count} ticket(s) could not be evaluated")
    return 1 if failures else 0


def _warn(message: str, end: str = "\n") -> None:
    """A message on stderr, if it can be written: a closed or broken stderr (`2>/dev/full`,
    `2>&1 >out | head -1`) must not stop the results, which go to stdout."""
    stream = sys.stderr
    if stream is None:
        return
    try:
        stream.write(message + end)
        stream.flush()
    except (OSError, ValueError):
        pass


def _terminal(stream: IO[str] | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (OSError, ValueError):
        return False


def _interactive(stream: IO[str]) -> bool:
    """True when each result should be written as soon as it is made: to a terminal, or to a
    stream that passes on each line or each write (line-buffered, or unbuffered with `-u`)."""
    try:
        return (
            stream.isatty()
            or bool(getattr(stream, "line_buffering", False))
            or bool(getattr(stream, "write_through", False))
        )
    except (OSError, ValueError):
        return True


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
        return json_input.loads(text)
    except json_input.DuplicateMember as error:
        raise _BadJson(f"not a ticket: {error}; give each input once") from None
    except json.JSONDecodeError as error:
        # json's own words may end with "at" already ("Invalid control character at")
        raise _BadJson(f"not valid JSON: {error.msg.removesuffix(' at')} at column {error.colno}") from None
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
