"""The README's examples are true: its language reference parses, and its Python snippets
run and give what their comments say."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from slac.syntax.parser import parse_text
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)


def test_the_language_reference_parses() -> None:
    section = README[README.index("## The .sla language") :]
    reference = section.split("```\n", 2)[1]
    assert reference.startswith("policy ")
    result = parse_text(reference, "README.md")
    assert result.ok, [f"{d.span}: {d.message}" for d in result.diagnostics]


def test_the_business_time_snippet() -> None:
    snippet = next(block for block in blocks("python") if "prague.add(" in block)
    namespace: dict[str, object] = {}
    *setup, last = [line for line in snippet.splitlines() if line and not line.startswith("#")]
    exec("\n".join(setup), namespace)
    assert eval(last, namespace) == datetime(2025, 3, 10, 7, 30, tzinfo=timezone.utc)


def test_the_generated_module_snippet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.syspath_prepend(str(REPO))
    snippet = next(block for block in blocks("python") if "from generated import managry" in block)
    code = snippet.split("\nmanagry.evaluate({\"plan\": \"gold\"")[0]
    namespace: dict[str, object] = {}
    exec(code, namespace)
    result = namespace["result"]
    assert result.level == "1"  # type: ignore[attr-defined]
    assert result.deadline("initial_response").status == "breached"  # type: ignore[attr-defined]
    managry = namespace["managry"]
    with pytest.raises(managry.TicketError, match="plan: 'gold' is not a plan of this policy"):  # type: ignore[attr-defined]
        managry.evaluate({"plan": "gold", "severity": 1, "opened_at": "2025-03-07T16:30:00+01:00"})  # type: ignore[attr-defined]


def test_the_columnar_snippet_gives_what_its_comments_say(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("numpy")
    pytest.importorskip("pyarrow")
    monkeypatch.chdir(REPO)
    monkeypatch.syspath_prepend(str(REPO))
    snippet = next(block for block in blocks("python") if "evaluate_columns(managry" in block)
    namespace: dict[str, object] = {}
    exec(snippet, namespace)
    result = namespace["result"]
    assert [str(d) for d in result["initial_response.due"]] == [  # type: ignore[index]
        "2025-03-03T10:00:00.000000", "2025-03-04T11:00:00.000000", "NaT"
    ]
    assert list(result["initial_response.status"]) == ["breached", "due", None]  # type: ignore[index]
    errors = result["error"]  # type: ignore[index]
    assert errors[0] is None and errors[1] is None and errors[2].startswith("plan: 'gold' is not a plan of this policy")


def test_the_codes_table_is_the_registry() -> None:
    from slac.checks.registry import all_codes, format_table

    assert format_table(all_codes(), markdown=True).strip() in README


def test_the_history_snippet_gives_what_its_comments_say(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.syspath_prepend(str(REPO))
    snippet = next(block for block in blocks("python") if "from generated import acme" in block)
    setup: list[str] = []
    stated: list[tuple[str, str]] = []
    for line in snippet.splitlines():
        code, _, comment = line.partition("  # ")
        if comment and not line.startswith(" "):
            stated.append((code.strip(), comment.strip()))
        else:
            setup.append(line)
    namespace: dict[str, object] = {}
    exec("\n".join(setup), namespace)
    assert stated, "the snippet states its results in comments"
    for expression, result in stated:
        assert repr(eval(expression, namespace)) == result, expression


def test_the_calendar_api_snippet() -> None:
    """Each line of the Calendar API example that ends in a comment gives what the comment says."""
    import ast

    snippet = next(block for block in blocks("python") if "office.subtract(" in block)
    namespace: dict[str, object] = {}
    setup: list[str] = []
    checked = 0
    for line in snippet.splitlines():
        code, _, expected = line.partition("  # ")
        if expected:
            exec("\n".join(setup), namespace)
            setup = []
            assert eval(code, namespace) == ast.literal_eval(expected), line
            checked += 1
        else:
            setup.append(line)
    assert checked == 9
