"""`slac eval` through the policy's generated module, kept in slac's cache (`slac.module_cache`).

Its output must be byte for byte what the interpreter's `Evaluation.to_dict()` encodes to, for
snapshots, histories, excluded tickets and tickets with errors of every seed policy; the cache
must never serve a wrong module (edited policy, damaged entry, another source's module) and
must never be needed (no home, a read-only one); a second run must not parse or check the
policy, nor compute holidays.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import select
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from slac.cli import main
from slac.explanation import explain_text
from slac.interpret import Interpreter
from slac.model.types import Policy
from slac.cache import CHECKSUM_PREFIX
from slac.module_cache import FOLDER
from slac.pipeline import compile_file
from slac.runtime import schedule
from slac.runtime.inputs import TicketError

from codegen.support import REPO, RULES

pytestmark = pytest.mark.filterwarnings("ignore:Requested Holidays are available only")

NOW = "2025-07-01T12:00:00Z"
POLICIES = sorted(path.stem for path in RULES.glob("*.sla"))
STATUS_EVENTS = 4
"""Every how many events of a history is a status change (when the policy has statuses)."""


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache directory of slac's own for the test."""
    home = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


def slac_eval(*arguments: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, ["eval", *arguments], input=stdin, catch_exceptions=False)


def entries(cache_home: Path) -> list[Path]:
    return sorted((cache_home / "slac" / FOLDER).glob("*.py"))


# ----------------------------------------------------------------------------- tickets


def instant(generator: random.Random, low: datetime, days: float) -> str:
    """A whole-minute instant up to `days` after `low`, as ISO 8601 text in a random offset."""
    moment = low + timedelta(minutes=generator.randrange(max(1, int(days * 1440))))
    offset = timezone(timedelta(minutes=generator.choice((0, 60, 120, -300, 330))))
    text = moment.astimezone(offset).isoformat()
    return text.replace("+00:00", "Z") if generator.random() < 0.5 else text


def snapshot(generator: random.Random, policy: Policy) -> dict[str, Any]:
    """A valid-looking snapshot ticket: any plan, level (or none), field values (or none),
    instants around `NOW`, sometimes the customer's zone and country."""
    ticket: dict[str, Any] = {"plan": generator.choice([plan.name for plan in policy.plans])}
    if not policy.scale.implicit and generator.random() < 0.8:
        level = generator.choice(policy.scale.names)
        ticket[policy.scale.name] = int(level) if level.isdigit() and generator.random() < 0.5 else level
    for field in policy.fields:
        if generator.random() < 0.7:
            ticket[field.name] = generator.choice(list(field.values))
    opened = datetime(2025, 6, 20, tzinfo=timezone.utc)
    ticket["opened_at"] = instant(generator, opened, 12)
    start = datetime.fromisoformat(ticket["opened_at"].replace("Z", "+00:00"))
    for name in ("last_agent_reply_at", "last_customer_reply_at", "responded_at"):
        if generator.random() < 0.4:
            ticket[name] = instant(generator, start, 4)
    if generator.random() < 0.5:
        ticket["timezone"] = generator.choice(("Europe/Prague", "America/New_York", "Asia/Kolkata"))
    if generator.random() < 0.5:
        ticket["country"] = generator.choice(("CZ", "us", "PL", "SK"))
    return ticket


def history(generator: random.Random, policy: Policy) -> dict[str, Any]:
    """A history: opened, then messages by everyone (some internal), status changes through the
    policy's statuses and level changes, in time order."""
    plan = generator.choice([plan.name for plan in policy.plans])
    at = datetime(2025, 6, 23, 6, tzinfo=timezone.utc)
    opened: dict[str, Any] = {"type": "opened", "at": instant(generator, at, 0.5)}
    if not policy.scale.implicit and generator.random() < 0.7:
        opened["level"] = generator.choice(policy.scale.names)
    events = [opened]
    at = datetime.fromisoformat(opened["at"].replace("Z", "+00:00"))
    statuses = [status.name for status in policy.statuses]
    for index in range(generator.randrange(1, 9)):
        at += timedelta(minutes=generator.randrange(0, 2 * 1440))
        text = at.isoformat().replace("+00:00", "Z")
        if statuses and index % STATUS_EVENTS == STATUS_EVENTS - 1:
            events.append({"type": "status", "at": text, "to": generator.choice(statuses)})
        elif not policy.scale.implicit and generator.random() < 0.15:
            events.append({"type": "level", "at": text, "to": generator.choice(policy.scale.names)})
        else:
            event = {"type": "message", "at": text, "by": generator.choice(("agent", "customer", "system"))}
            if generator.random() < 0.2:
                event["public"] = False
            events.append(event)
    return {"plan": plan, "events": events}


def corrupted(generator: random.Random, ticket: dict[str, Any]) -> Any:
    """The ticket with one input wrong, or not a ticket at all."""
    broken = dict(ticket)
    key, value = generator.choice(
        (
            ("plan", "platinum"),
            ("opened_at", "2025-03-07T10:00:00"),
            ("opened_at", None),
            ("timezone", "Mars/Olympus_Mons"),
            ("country", "QQ"),
            ("unknown", 1),
            ("responded_at", "2020-01-01T00:00:00Z"),
        )
    )
    broken[key] = value
    return broken if generator.random() < 0.9 else [ticket]


def workload(policy: Policy, count: int, seed: int) -> list[Any]:
    generator = random.Random(seed)
    tickets: list[Any] = []
    for _ in range(count):
        roll = generator.random()
        if roll < 0.6:
            tickets.append(snapshot(generator, policy))
        elif roll < 0.85:
            tickets.append(history(generator, policy))
        else:
            tickets.append(corrupted(generator, snapshot(generator, policy)))
    return tickets


def expected_lines(policy: Policy, tickets: list[Any]) -> tuple[list[str], dict[str, int]]:
    """What `slac eval --tickets` printed before it used generated modules: each ticket's
    `to_dict()` from the interpreter, encoded by `json`, or the line's error record; and how
    many tickets were evaluated, histories, excluded and refused."""
    interpreter = Interpreter(policy)
    now = datetime.fromisoformat(NOW.replace("Z", "+00:00"))
    lines = []
    seen = {"evaluated": 0, "histories": 0, "excluded": 0, "errors": 0}
    for number, ticket in enumerate(tickets, start=1):
        try:
            evaluation = interpreter.evaluate(ticket, now)
        except TicketError as error:
            lines.append(json.dumps({"line": number, "error": str(error)}, ensure_ascii=False))
            seen["errors"] += 1
            continue
        lines.append(json.dumps(evaluation.to_dict(), ensure_ascii=False))
        seen["evaluated"] += 1
        seen["histories"] += "events" in ticket
        seen["excluded"] += evaluation.excluded
    return lines, seen


# ----------------------------------------------------------------------------- the same output


@pytest.mark.parametrize("policy_id", POLICIES)
def test_the_output_is_the_interpreters_to_dict_byte_for_byte(policy_id: str, cache_home: Path) -> None:
    path = str(RULES / f"{policy_id}.sla")
    compilation = compile_file(path)
    assert compilation.ok and compilation.policy is not None
    tickets = workload(compilation.policy, 150, seed=len(policy_id))
    expected, seen = expected_lines(compilation.policy, tickets)
    assert seen["evaluated"] > 50 and seen["histories"] > 10 and seen["errors"] > 5, seen
    stdin = "".join(json.dumps(ticket) + "\n" for ticket in tickets)
    for run in ("rendered and saved", "from the cache"):
        result = slac_eval(path, "--tickets", "-", "--now", NOW, stdin=stdin)
        assert result.exit_code == 1, (run, result.stderr[-2000:])
        assert result.stdout.splitlines() == expected, run
    assert len(entries(cache_home)) == 1


def test_excluded_tickets_are_among_those_compared(cache_home: Path) -> None:
    compilation = compile_file(RULES / "cloudtalk.sla")
    assert compilation.policy is not None
    _, seen = expected_lines(compilation.policy, workload(compilation.policy, 150, seed=len("cloudtalk")))
    assert seen["excluded"] > 3, seen


@pytest.mark.parametrize("policy_id", ["cloudtalk", "acme"])
def test_one_ticket_and_text_output_are_the_interpreters(policy_id: str, cache_home: Path) -> None:
    path = str(RULES / f"{policy_id}.sla")
    policy = compile_file(path).policy
    assert policy is not None
    interpreter = Interpreter(policy)
    generator = random.Random(7)
    for ticket in [snapshot(generator, policy) for _ in range(4)] + [history(generator, policy) for _ in range(4)]:
        try:
            evaluation = interpreter.evaluate(ticket, NOW)
        except TicketError:
            continue
        as_json = slac_eval(path, "--ticket", json.dumps(ticket), "--now", NOW)
        assert as_json.stdout == json.dumps(evaluation.to_dict(), ensure_ascii=False, indent=2) + "\n"
        as_text = slac_eval(path, "--ticket", json.dumps(ticket), "--now", NOW, "--format", "text")
        assert as_text.stdout == explain_text(policy, evaluation) + "\n"


# ----------------------------------------------------------------------------- the cache


GOOD = '{"plan": "premium", "severity": 1, "opened_at": "2025-03-07T10:00:00+01:00", "last_agent_reply_at": "2025-03-07T12:00:00+01:00"}'
MANAGRY = str(RULES / "managry.sla")


def reference(policy_path: str = MANAGRY, ticket: str = GOOD) -> str:
    policy = compile_file(policy_path).policy
    assert policy is not None
    return json.dumps(Interpreter(policy).evaluate(json.loads(ticket), NOW).to_dict(), ensure_ascii=False, indent=2) + "\n"


def test_a_second_run_neither_parses_nor_checks(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = slac_eval(MANAGRY, "--ticket", GOOD, "--now", NOW)
    assert first.stdout == reference()
    import slac.pipeline

    def refuse(*arguments: object) -> None:
        raise AssertionError("the policy was compiled although its module is in the cache")

    monkeypatch.setattr(slac.pipeline, "compile_file", refuse)
    monkeypatch.setattr(slac.pipeline, "compile_text", refuse)
    assert slac_eval(MANAGRY, "--ticket", GOOD, "--now", NOW).stdout == first.stdout


def test_a_second_run_imports_no_parser_checks_or_holidays(cache_home: Path) -> None:
    program = (
        "import sys\n"
        "from slac.cli import main\n"
        "try:\n"
        f"    main(['eval', {MANAGRY!r}, '--ticket', {GOOD!r}, '--now', {NOW!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ('lark', 'slac.syntax.parser', 'slac.model', 'slac.checks', 'slac.codegen', 'holidays')\n"
        "sys.stderr.write(' '.join(name for name in heavy if name in sys.modules))\n"
    )
    environment = dict(os.environ, XDG_CACHE_HOME=str(cache_home))
    runs = [
        subprocess.run([sys.executable, "-c", program], env=environment, capture_output=True, text=True, check=True)
        for _ in range(2)
    ]
    assert runs[0].stderr.split() == ["lark", "slac.syntax.parser", "slac.model", "slac.checks", "slac.codegen", "holidays"]
    assert runs[1].stderr == ""
    assert runs[0].stdout == runs[1].stdout == reference()


def damage(entry: Path, old: str, new: str, keep_checksum: bool) -> None:
    """Replace `old` by `new` in a saved module; with `keep_checksum`, write a checksum line
    that matches the new text (as if it were another source's whole module)."""
    data = entry.read_bytes()
    body = data[: data.rfind(b"\n", 0, len(data) - 1) + 1]
    assert old.encode() in body
    body = body.replace(old.encode(), new.encode())
    checksum = hashlib.sha256(body).hexdigest() if keep_checksum else "0" * 64
    entry.write_bytes(body + CHECKSUM_PREFIX + checksum.encode() + b"\n")


@pytest.mark.parametrize(
    ("old", "new", "keep_checksum"),
    [
        ("text='1 business hour'", "text='9 business hour'", False),  # damaged: the checksum says so
        ("SOURCE_SHA256: Final = ", "SOURCE_SHA256: Final = 'another' or ", True),  # another source's module
        ("def evaluate(", "def _evaluate(", True),  # not a module that evaluates
        ("\nfrom ", "\nfrom nowhere import nothing\nfrom ", True),  # does not import
    ],
)
def test_a_wrong_entry_is_never_used_and_is_made_again(
    cache_home: Path, old: str, new: str, keep_checksum: bool
) -> None:
    slac_eval(MANAGRY, "--ticket", GOOD, "--now", NOW)
    [entry] = entries(cache_home)
    whole = entry.read_bytes()
    damage(entry, old, new, keep_checksum)
    assert slac_eval(MANAGRY, "--ticket", GOOD, "--now", NOW).stdout == reference()
    assert entry.read_bytes() == whole


def test_a_truncated_entry_is_made_again(cache_home: Path) -> None:
    slac_eval(MANAGRY, "--ticket", GOOD, "--now", NOW)
    [entry] = entries(cache_home)
    whole = entry.read_bytes()
    entry.write_bytes(whole[: len(whole) // 2])
    assert slac_eval(MANAGRY, "--ticket", GOOD, "--now", NOW).stdout == reference()
    assert entry.read_bytes() == whole


def test_an_edited_policy_gets_its_own_module(cache_home: Path, tmp_path: Path) -> None:
    policy = tmp_path / "managry.sla"
    text = (RULES / "managry.sla").read_text(encoding="utf-8")
    policy.write_text(text, encoding="utf-8")
    before = slac_eval(str(policy), "--ticket", GOOD, "--now", NOW).stdout
    assert before == reference(str(policy))
    edited = text.replace("1 business hour; 8 hours outside business hours", "3 business hours; 8 hours outside business hours", 1)
    assert edited != text
    policy.write_text(edited, encoding="utf-8")
    after = slac_eval(str(policy), "--ticket", GOOD, "--now", NOW).stdout
    assert after == reference(str(policy)) != before
    assert len(entries(cache_home)) == 2


def test_a_policy_with_errors_has_no_module_and_shows_its_diagnostics(cache_home: Path, tmp_path: Path) -> None:
    policy = tmp_path / "broken.sla"
    text = (RULES / "managry.sla").read_text(encoding="utf-8")
    assert slac_eval(MANAGRY, "--ticket", GOOD, "--now", NOW).exit_code == 0
    policy.write_text(text.replace("calendar business_hours", "calendar business_hourz", 1), encoding="utf-8")
    for _ in range(2):
        result = slac_eval(str(policy), "--ticket", GOOD, "--now", NOW)
        assert result.exit_code == 1
        assert "SLA" in result.stderr and "has errors" in result.stderr
        assert result.stdout == ""
    assert len(entries(cache_home)) == 1


@pytest.mark.parametrize("place", ["a file", "writes fail", "no home"])
def test_without_a_writable_cache_the_module_runs_from_memory(
    place: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if place == "a file":
        blocker = tmp_path / "a-file"
        blocker.write_text("not a directory", encoding="utf-8")
        monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    elif place == "writes fail":  # a read-only directory, as even root meets it on a read-only mount
        import slac.module_cache

        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
        monkeypatch.setattr(slac.module_cache, "write_atomically", lambda path, content: False)
    else:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
        monkeypatch.setattr(Path, "home", staticmethod(lambda: (_ for _ in ()).throw(RuntimeError("no home"))))
    for _ in range(2):
        result = slac_eval(MANAGRY, "--ticket", GOOD, "--now", NOW)
        assert result.exit_code == 0, result.output
        assert result.stdout == reference()
    assert not list(tmp_path.glob("**/*.py"))


def test_the_runtime_keeps_no_store_after_the_command(cache_home: Path) -> None:
    slac_eval(MANAGRY, "--ticket", GOOD, "--now", NOW)
    assert schedule._holiday_dates_store is None


def test_unbuffered_output_answers_each_ticket_before_the_next(cache_home: Path) -> None:
    """With `python -u` each result is written when it is made: a client can send a ticket,
    read its result, then send the next."""
    process = subprocess.Popen(
        [sys.executable, "-u", "-m", "slac", "eval", MANAGRY, "--tickets", "-", "--now", NOW],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=dict(os.environ, XDG_CACHE_HOME=str(cache_home)),
        cwd=REPO,
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        for _ in range(3):
            process.stdin.write(GOOD.encode() + b"\n")
            process.stdin.flush()
            ready, _, _ = select.select([process.stdout], [], [], 60)
            assert ready, "no result before the next ticket"
            assert json.loads(process.stdout.readline())["level"] == "1"
        process.stdin.close()
        assert process.wait(60) == 0
    finally:
        process.kill()


# ----------------------------------------------------------------------------- --brief


def test_brief_results_are_the_full_ones_without_cycles_levels_and_timeline(cache_home: Path) -> None:
    compilation = compile_file(RULES / "acme.sla")
    assert compilation.policy is not None
    tickets = workload(compilation.policy, 60, seed=11)
    stdin = "".join(json.dumps(ticket) + "\n" for ticket in tickets)
    path = str(RULES / "acme.sla")
    full = slac_eval(path, "--tickets", "-", "--now", NOW, stdin=stdin).stdout.splitlines()
    brief = slac_eval(path, "--tickets", "-", "--now", NOW, "--brief", stdin=stdin).stdout.splitlines()
    assert len(full) == len(brief) == len(tickets)
    shortened = 0
    for full_line, brief_line in zip(full, brief):
        expected = json.loads(full_line)
        if "error" not in expected:
            for name in ("levels", "timeline"):
                del expected[name]
            for target in expected["targets"].values():
                shortened += bool(target.pop("cycles"))
        assert brief_line == json.dumps(expected, ensure_ascii=False)
    assert shortened > 20
    one = slac_eval(path, "--ticket", json.dumps(tickets[0]), "--now", NOW, "--brief")
    assert json.loads(one.stdout) == json.loads(brief[0]) and one.stdout.startswith("{\n  ")


def test_brief_is_for_json_output() -> None:
    result = slac_eval(MANAGRY, "--ticket", GOOD, "--format", "text", "--brief")
    assert result.exit_code == 2
    assert "--brief shortens JSON results" in result.stderr


def test_results_before_an_internal_error_are_written(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import slac.evaluation_json

    calls = []
    real = slac.evaluation_json.evaluation_line

    def third_fails(evaluation: Any, brief: bool = False) -> str:
        calls.append(evaluation)
        if len(calls) == 3:
            raise RuntimeError("boom")
        return real(evaluation, brief)

    monkeypatch.setattr(slac.evaluation_json, "evaluation_line", third_fails)
    result = CliRunner().invoke(main, ["eval", MANAGRY, "--tickets", "-", "--now", NOW], input=(GOOD + "\n") * 5)
    assert result.exit_code == 2
    assert "internal error: RuntimeError: boom" in result.stderr
    assert [json.loads(line)["level"] for line in result.stdout.splitlines()] == ["1", "1"]


def test_an_application_evaluating_with_a_generated_module_writes_no_cache(tmp_path: Path) -> None:
    """Only `slac eval` keeps holiday dates in slac's cache: the runtime an application imports
    computes them in memory and writes no file."""
    program = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('managry', {str(REPO / 'generated' / 'managry.py')!r})\n"
        "module = importlib.util.module_from_spec(spec)\n"
        "sys.modules['managry'] = module\n"
        "spec.loader.exec_module(module)\n"
        f"print(module.evaluate({GOOD}, {NOW!r}).deadline('initial_response').status)\n"
    )
    cache = tmp_path / "cache"
    environment = dict(os.environ, XDG_CACHE_HOME=str(cache))
    run = subprocess.run([sys.executable, "-c", program], env=environment, capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "breached"
    assert not cache.exists()
    slac = subprocess.run(
        [sys.executable, "-m", "slac", "eval", MANAGRY, "--ticket", GOOD, "--now", NOW],
        env=environment, capture_output=True, text=True, check=True, cwd=REPO,
    )
    assert json.loads(slac.stdout)["targets"]["initial_response"]["status"] == "breached"
    assert {"holidays", "modules"} <= {path.name for path in (cache / "slac").iterdir()}
