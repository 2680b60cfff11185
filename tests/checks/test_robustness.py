"""No check can crash: random policies, odd but valid, go through every check."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from slac import compile_text
from slac.checks import run_checks

LEVELS = ("1", "2", "3")
FIELDS = {"channel": ("portal", "email", "phone"), "stage": ("ga", "beta")}
TIMES = ("00:00", "00:01", "02:30", "08:00", "12:00", "17:00", "23:59", "24:00")
CELLS = (
    "",
    "n/a",
    "best effort",
    "0 minutes",
    "15 minutes",
    "4 hours",
    "2 hours (24/7)",
    "3 business hours",
    "1 business day",
    "2 business days",
    "72-24 hours",
    "24-72 business hours",
    "1 business hour; 8 hours outside business hours",
    "45 business minutes",
)


@st.composite
def opening(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 3))
    start, end = draw(st.sampled_from(TIMES[:-1])), draw(st.sampled_from(TIMES[1:]))
    if start == end:
        end = "24:00"
    if kind == 0:
        return f"    open {draw(st.sampled_from(['mon-fri', 'daily', 'sat-sun', 'fri-mon', 'wed']))} {start}-{end}"
    if kind == 1:
        return f"    open from {draw(st.sampled_from(['mon', 'fri']))} {start} to {draw(st.sampled_from(['fri', 'tue']))} 23:59"
    if kind == 2:
        return f"    open on 2025-12-{draw(st.integers(20, 28))} 09:00-12:00"
    return f"    closed on 2025-12-{draw(st.integers(20, 28))}" + draw(
        st.sampled_from(["", " from 12:00", " from 18:00"])
    )


@st.composite
def condition(draw: st.DrawFn) -> str:
    clauses = []
    for _ in range(draw(st.integers(1, 3))):
        subject = draw(st.sampled_from([*FIELDS, "severity"]))
        values = FIELDS.get(subject, LEVELS)
        operator = draw(st.sampled_from(["is", "is not", "missing"]))
        if operator == "missing":
            clauses.append(f"{subject} is missing")
        else:
            chosen = draw(
                st.lists(st.sampled_from(values), min_size=1, max_size=2, unique=True)
            )
            clauses.append(f"{subject} {operator} " + " or ".join(chosen))
    return " and ".join(clauses)


@st.composite
def policy(draw: st.DrawFn) -> str:
    zone = draw(
        st.sampled_from(["Europe/Prague", "local", "America/Santiago", "Asia/Tokyo"])
    )
    lines = ['policy fuzz "Fuzz"', "", "scale severity", "    chosen by customer"]
    lines += [f'    level {level} "Level {level}"' for level in LEVELS]
    lines += [
        "",
        'field channel "Channel"',
        "    values portal, email, phone",
        "",
        'field stage "Stage"',
        "    values ga, beta",
    ]
    if draw(st.booleans()):
        lines.append("    default ga")
    lines += ["", "calendar office", f"    timezone {zone}"]
    lines += draw(st.lists(opening(), min_size=1, max_size=4))
    lines.insert(len(lines) - 1, "    open mon 09:00-10:00")
    if draw(st.booleans()):
        lines.append("    closed on public holidays of CZ")
    lines += ["", "calendar always", "    open 24x7", ""]
    lines += ["target first from opened", "target next from last agent reply", ""]
    for plan in ("basic", "premium"):
        lines += [
            f"plan {plan}",
            f"    hours {draw(st.sampled_from(['office', 'always']))}",
        ]
        if draw(st.booleans()):
            lines.append(
                f"    targets count {draw(st.sampled_from(['in support hours', 'around the clock']))}"
            )
        lines += ["    targets", "        severity | first | next"]
        for level in LEVELS:
            cells = [draw(st.sampled_from(CELLS)) for _ in range(2)]
            lines.append(f"        {level} | {cells[0]} | {cells[1]}")
        lines.append("")
    if draw(st.booleans()):
        lines += ["matrix severity", "    channel \\ stage | ga | beta"]
        for value in FIELDS["channel"]:
            lines.append(
                f"    {value} | {draw(st.sampled_from(LEVELS))} | {draw(st.sampled_from([*LEVELS, '']))}"
            )
        lines.append("")
    for index in range(draw(st.integers(0, 4))):
        action = draw(
            st.sampled_from(
                [f"severity {level}" for level in LEVELS] + ["no guaranteed response"]
            )
        )
        lines += [
            f"rule r{index}",
            f"    when {draw(condition())}",
            f"    then {action}",
            "",
        ]
    if draw(st.booleans()):
        lines += [
            "restrict only",
            f"    severity {draw(st.sampled_from(LEVELS))} only when {draw(condition())}",
            "",
        ]
    return "\n".join(lines) + "\n"


@given(policy())
def test_checks_never_crash(text: str) -> None:
    compilation = compile_text(text, "fuzz.sla")
    if compilation.policy is not None:
        assert isinstance(run_checks(compilation.policy), list)
