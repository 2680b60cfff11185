"""`slac report` from the command line: what it writes, where, and what it says when the input
or the options are wrong (never a traceback)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from slac.cli import main
from slac.report import ReportError, page
from slac.report.progress import Progress
from slac.report.sources import Chunk, plan_chunks, read_chunk

from .support import ACME, NOW_TEXT, OUTPUTS, csv_rows, histories, report, write_jsonl

FIXTURES = Path(__file__).resolve().parents[1] / "importers" / "fixtures"


def run(*arguments: str | Path) -> object:
    return CliRunner().invoke(main, ["report", *map(str, arguments)])


def test_a_report_writes_its_files_and_nothing_else(tmp_path: Path) -> None:
    tickets = write_jsonl(tmp_path / "h.jsonl", histories(40))
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    result = run(ACME, "--tickets", tickets, "--now", NOW_TEXT, "--out", out, "--workers", "1")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted([*OUTPUTS, "notes.txt"])
    assert (out / "notes.txt").read_text() == "mine"
    assert "40 histories" in result.output
    summary = json.loads((out / "summary.json").read_text())
    assert summary["histories"] == 40 and summary["errors"] == 0
    assert sum(row["cycles"] for row in summary["compliance"]) == len(csv_rows(out / "cycles.csv"))


def test_bad_histories_are_rows_of_errors_csv_and_the_run_goes_on(tmp_path: Path) -> None:
    good = histories(5)
    lines = [json.dumps(good[0]), "[1, 2", "", json.dumps({"id": 77, "plan": "gold", "events": []}),
             json.dumps(good[1])]
    tickets = write_jsonl(tmp_path / "h.jsonl", lines)
    outcome = report([tickets], tmp_path / "out")
    assert (outcome.histories, outcome.errors) == (4, 2)
    errors = csv_rows(tmp_path / "out" / "errors.csv")
    assert [(e["line"], e["ticket"]) for e in errors] == [("2", ""), ("4", "77")]
    assert "not valid JSON" in errors[0]["message"]
    assert "'gold' is not a plan" in errors[1]["message"]
    assert {row["ticket"] for row in csv_rows(tmp_path / "out" / "cycles.csv")} == {good[0]["id"], good[1]["id"]}


def test_text_that_a_spreadsheet_would_run_as_a_formula_is_written_as_text(tmp_path: Path) -> None:
    """A ticket id from a helpdesk export such as `=HYPERLINK(…)` or `@SUM(A1)`, opened from
    cycles.csv or errors.csv in a spreadsheet, would run as a formula (CSV injection): the CSV
    cells get an apostrophe before them, and cycles.parquet keeps the ids as they are."""
    import pyarrow.parquet

    hostile = ['=HYPERLINK("http://example.com/x","open")', "+1-555", "@SUM(A1)", "-2+3", "T-1"]
    good = histories(len(hostile))
    for history, ticket_id in zip(good, hostile):
        history["id"] = ticket_id
    bad = json.dumps({"id": "=1+1", "plan": "gold", "events": []})
    tickets = write_jsonl(tmp_path / "h.jsonl", [*map(json.dumps, good), bad])
    report([tickets], tmp_path / "out")

    shown = {row["ticket"] for row in csv_rows(tmp_path / "out" / "cycles.csv")}
    assert shown == {"'" + ticket_id for ticket_id in hostile[:4]} | {"T-1"}
    [error] = csv_rows(tmp_path / "out" / "errors.csv")
    assert error["ticket"] == "'=1+1" and error["line"] == "6"
    stored = set(pyarrow.parquet.read_table(tmp_path / "out" / "cycles.parquet").column("ticket").to_pylist())
    assert stored == set(hostile)


def test_json_too_deep_or_with_a_huge_number_is_a_row_of_errors_csv(tmp_path: Path) -> None:
    # json.loads raises RecursionError and ValueError for these, not JSONDecodeError: each must
    # stay its line's error, not end the run as an internal error
    good = histories(2)
    opened = {"type": "opened", "at": "2025-06-02T09:00:00Z", "level": 1}
    lines = [json.dumps(good[0]), "[" * 100_000 + "]" * 100_000,
             '{"id": ' + "1" * 5000 + ', "plan": "standard", "events": [' + json.dumps(opened) + "]}",
             json.dumps(good[1])]
    tickets = write_jsonl(tmp_path / "h.jsonl", lines)
    outcome = report([tickets], tmp_path / "out")
    assert (outcome.histories, outcome.errors) == (4, 2)
    errors = csv_rows(tmp_path / "out" / "errors.csv")
    assert [e["line"] for e in errors] == ["2", "3"]
    assert "nested too deeply" in errors[0]["message"]
    assert "a number with thousands of digits" in errors[1]["message"]
    assert {row["ticket"] for row in csv_rows(tmp_path / "out" / "cycles.csv")} == {good[0]["id"], good[1]["id"]}


def test_a_member_given_twice_is_a_row_of_errors_csv(tmp_path: Path) -> None:
    good = histories(2)
    twice = json.dumps(good[1]).replace('"plan": ', '"plan": "premium", "plan": ', 1)
    tickets = write_jsonl(tmp_path / "h.jsonl", [json.dumps(good[0]), twice])
    outcome = report([tickets], tmp_path / "out")
    assert (outcome.histories, outcome.errors) == (2, 1)
    [error] = csv_rows(tmp_path / "out" / "errors.csv")
    assert (error["line"], error["message"]) == ("2", 'the member "plan" is given twice in one object; give each member once')


def test_lines_are_read_as_utf8_only_after_a_bom_on_the_first(tmp_path: Path) -> None:
    # json.loads(bytes) also reads UTF-16: a UTF-16 file had its first history evaluated and
    # every other line refused; every line of it is now refused alike, saying where and why
    good = histories(3)
    text = "".join(json.dumps(history) + "\n" for history in good)
    utf16 = tmp_path / "utf16.jsonl"
    utf16.write_bytes(text.encode("utf-16"))
    outcome = report([utf16], tmp_path / "out16")
    assert outcome.errors == outcome.histories
    assert csv_rows(tmp_path / "out16" / "cycles.csv") == []
    first = csv_rows(tmp_path / "out16" / "errors.csv")[0]
    assert first["line"] == "1"
    assert first["message"] == "not UTF-8 text: byte(s) ff at byte 1; save the histories as UTF-8"
    bom = tmp_path / "bom.jsonl"
    lines = [json.dumps(history) for history in good]
    lines[1] = lines[1].replace('"plan"', '"pl\u00e1n"', 1)
    bom.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode("utf-8").replace("pl\u00e1n".encode(), b"pl\xe1n"))
    outcome = report([bom], tmp_path / "outbom")
    assert (outcome.histories, outcome.errors) == (3, 1)
    [error] = csv_rows(tmp_path / "outbom" / "errors.csv")
    at = lines[1].index('"pl\u00e1n"') + 4  # the 1-based byte of the Latin-1 á (the line before it is ASCII)
    assert (error["line"], error["message"]) == ("2", f"not UTF-8 text: byte(s) e1 at byte {at}; save the histories as UTF-8")


def test_an_id_with_a_lone_surrogate_is_refused_and_its_error_row_written(tmp_path: Path) -> None:
    # `"\ud800"` is valid JSON but no UTF-8 text: the id is refused, and errors.csv shows it escaped
    good = histories(1)
    bad = {**good[0], "id": "T-\ud800"}
    tickets = write_jsonl(tmp_path / "h.jsonl", [json.dumps(bad), json.dumps(good[0])])
    outcome = report([tickets], tmp_path / "out")
    assert (outcome.histories, outcome.errors) == (2, 1)
    [error] = csv_rows(tmp_path / "out" / "errors.csv")
    assert error["ticket"] == "T-\\ud800"
    assert "half of a UTF-16 surrogate pair" in error["message"]


def test_a_failed_run_leaves_the_directory_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import slac.report as facade

    def broken(data: object) -> str:
        raise RuntimeError("the page could not be drawn")

    monkeypatch.setattr(facade, "render_page", broken)
    out = tmp_path / "out"
    out.mkdir()
    (out / "cycles.csv").write_text("an older report")
    with pytest.raises(RuntimeError):
        report([write_jsonl(tmp_path / "h.jsonl", histories(5))], out)
    assert [p.name for p in out.iterdir()] == ["cycles.csv"]
    assert (out / "cycles.csv").read_text() == "an older report"


def test_a_directory_where_a_report_file_goes_is_refused_before_anything_is_replaced(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "summary.json").mkdir(parents=True)
    (out / "cycles.csv").write_text("an older report")
    tickets = write_jsonl(tmp_path / "h.jsonl", histories(5))
    result = run(ACME, "--tickets", tickets, "--now", NOW_TEXT, "--out", out, "--workers", "1")
    assert result.exit_code == 1, result.output
    assert "summary.json is a directory, where the report writes its summary.json; move it away" in result.output
    assert "internal error" not in result.output
    assert sorted(p.name for p in out.iterdir()) == ["cycles.csv", "summary.json"]
    assert (out / "cycles.csv").read_text() == "an older report"


def test_a_tickets_file_the_report_would_replace_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    tickets = write_jsonl(out / "errors.csv", histories(3))  # a history file under a report's name
    before = tickets.read_bytes()
    result = run(ACME, "--tickets", tickets, "--now", NOW_TEXT, "--out", out, "--workers", "1")
    assert result.exit_code == 1, result.output
    assert f"--tickets {tickets} is the errors.csv this report writes into {out}; move it or give another --out" in result.output
    assert tickets.read_bytes() == before and [p.name for p in out.iterdir()] == ["errors.csv"]


def test_an_out_directory_that_cannot_be_made_says_so(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    tickets = write_jsonl(tmp_path / "h.jsonl", histories(2))
    result = run(ACME, "--tickets", tickets, "--now", NOW_TEXT, "--out", tmp_path / "notes.txt" / "out", "--workers", "1")
    assert result.exit_code == 1, result.output
    assert "cannot write the report there (Not a directory); give a directory you can write" in result.output
    assert (tmp_path / "notes.txt").read_text() == "mine"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--tickets", "missing.jsonl"], "missing.jsonl: cannot read the tickets file"),
        (["--tickets", "{h}", "--zone", "Mars/Olympus"], "'Mars/Olympus' is not an IANA zone"),
        (["--tickets", "{h}", "--now", "2025-01-01T00:00:00"], "--now"),
        (["--tickets", "{h}", "--scheduler", "tcp://127.0.0.1:1"], "add --engine dask"),
        (["--tickets", "{p}"], "missing: events"),
        (["--tickets", "{t}"], "t.parquet: not a Parquet file slac can read"),
        (["--tickets", "{g}"], "g.dat: not a Parquet file slac can read"),
    ],
)
def test_bad_options_and_files_say_what_to_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, arguments: list[str], message: str
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.table({"plan": ["standard"]}), tmp_path / "p.parquet")
    h = write_jsonl(tmp_path / "h.jsonl", histories(2))
    (tmp_path / "t.parquet").write_bytes((tmp_path / "p.parquet").read_bytes()[:-20])  # cut short
    (tmp_path / "g.dat").write_bytes(b"PAR1" + bytes(range(256)))  # Parquet's magic, then garbage
    filled = [a.format(h=h, p=tmp_path / "p.parquet", t=tmp_path / "t.parquet", g=tmp_path / "g.dat") for a in arguments]
    monkeypatch.chdir(tmp_path)
    result = run(ACME, *filled, "--out", tmp_path / "out")
    assert result.exit_code in (1, 2) and message in result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert not (tmp_path / "out" / "cycles.csv").exists()


def test_a_helpdesk_export_given_as_histories_fails_and_says_to_import_it(tmp_path: Path) -> None:
    """Zendesk's ticket events export is JSON lines too, but no line of it is a history: the
    report holds nothing, so it ends with status 1 (the files are written: errors.csv says what
    each line lacks) and names `slac import`, instead of a report of nothing with status 0."""
    export = FIXTURES / "zendesk_ticket_events.jsonl"
    result = run(ACME, "--tickets", export, "--now", NOW_TEXT, "--out", tmp_path / "out", "--workers", "1")
    assert result.exit_code == 1, result.output
    assert "could be evaluated, so the report holds no cycle" in result.output
    assert "slac import" in result.output
    assert len(csv_rows(tmp_path / "out" / "errors.csv")) == len(export.read_text().splitlines())
    assert "internal error" not in result.output


def test_a_report_with_some_histories_evaluated_ends_with_status_0(tmp_path: Path) -> None:
    tickets = write_jsonl(tmp_path / "h.jsonl", [json.dumps(histories(1)[0]), "[1, 2"])
    result = run(ACME, "--tickets", tickets, "--now", NOW_TEXT, "--out", tmp_path / "out", "--workers", "1")
    assert result.exit_code == 0, result.output
    assert "1 could not be evaluated" in result.output


def test_a_garbled_parquet_row_group_is_a_row_of_errors_csv_per_history(tmp_path: Path) -> None:
    from slac.report.sources import write_parquet_histories

    write_parquet_histories(histories(30), tmp_path / "h.parquet")
    data = bytearray((tmp_path / "h.parquet").read_bytes())
    for index in range(200, len(data) // 2):  # the column chunks, not the footer
        data[index] ^= 0x5A
    (tmp_path / "h.parquet").write_bytes(bytes(data))
    result = run(ACME, "--tickets", tmp_path / "h.parquet", "--now", NOW_TEXT, "--out", tmp_path / "out", "--workers", "1")
    assert result.exit_code == 1, result.output  # nothing could be evaluated: a report of nothing
    assert "none of the 30 histories could be evaluated" in result.output
    errors = csv_rows(tmp_path / "out" / "errors.csv")
    assert [int(row["line"]) for row in errors] == list(range(1, 31))
    assert all(row["message"].startswith("row group 1 of the file cannot be read") for row in errors)
    assert "internal error" not in result.output


def test_a_tickets_file_that_is_a_pipe_or_a_directory_is_refused(tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "pipe")  # nobody writes into it: reading it would wait for ever
    (tmp_path / "folder").mkdir()
    for name, kind in (("pipe", "a named pipe"), ("folder", "a directory")):
        result = run(ACME, "--tickets", tmp_path / name, "--now", NOW_TEXT, "--out", tmp_path / "out", "--workers", "1")
        assert result.exit_code == 1, result.output
        assert f"{tmp_path / name}: the tickets file is {kind}; slac report reads a file" in result.output
        assert "internal error" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_policy_with_errors_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sla"
    bad.write_text("policy nonsense\n")
    result = run(bad, "--tickets", write_jsonl(tmp_path / "h.jsonl", []), "--out", tmp_path / "out")
    assert result.exit_code == 1 and "has errors" in result.output


def test_jsonl_chunks_cover_every_line_once(tmp_path: Path) -> None:
    lines = ['{"n": %d}' % n if n % 7 else "" for n in range(1, 60)]
    path = tmp_path / "h.jsonl"
    path.write_text("\n".join(lines))  # no newline after the last line
    expected = [(n, {"n": int(text[6:-1])}) for n, text in enumerate(lines, start=1) if text]
    for size in (1, 2, 5, 13, 59, 100):
        chunks = plan_chunks([str(path)], size)
        assert all(isinstance(c, Chunk) and c.histories <= size for c in chunks)
        assert [(r.position, r.history) for c in chunks for r in read_chunk(c)] == expected


def test_report_error_for_a_policy_that_does_not_compile() -> None:
    from slac.pipeline import compile_text
    from slac.report import ReportOptions, build_report

    with pytest.raises(ReportError):
        build_report(compile_text("nonsense"), ReportOptions((), "unused", __import__("datetime").datetime.now()))


def test_the_progress_bar_counts_to_the_total() -> None:
    stream = io.StringIO()
    progress = Progress(10, True, stream)
    progress.advance(4)
    progress.advance(6)
    progress.close()
    assert stream.getvalue().rstrip().endswith("100% 10/10 histories, " + stream.getvalue().rstrip().rsplit(", ", 1)[1])
    assert "[" + "#" * 30 + "]" in stream.getvalue()
    silent = io.StringIO()
    Progress(10, False, silent).close()
    assert silent.getvalue() == ""


def test_durations_read_as_words() -> None:
    assert [page.duration(s) for s in (30, 2700, 8100, 7200, 90000, 86400 * 3)] == \
        ["30 s", "45 min", "2 h 15 min", "2 h", "1 d 1 h", "3 d"]


def test_a_share_is_rounded_down_so_100_percent_means_nothing_breached() -> None:
    assert [page.percent(share) for share in (1.0, 9999 / 10000, 1999 / 2000, 2 / 3, 0.29, 0.07, 1 / 3000, 0.0, None)] == \
        ["100.0%", "99.9%", "99.9%", "66.6%", "29.0%", "7.0%", "0.0%", "0.0%", "—"]


def test_the_readme_walkthrough_works_on_the_importer_fixtures(tmp_path: Path) -> None:
    """The three commands of README "Compliance reports", on tests/importers/fixtures."""
    runner = CliRunner()
    imported = runner.invoke(main, ["import", "zendesk", str(FIXTURES / "zendesk_audits.json"), "--mapping",
                                    str(FIXTURES / "zendesk.toml"), "--policy", str(FIXTURES / "policy.sla")])
    assert imported.exit_code == 0, imported.output
    histories_path = tmp_path / "histories.jsonl"
    histories_path.write_text(imported.stdout)
    result = runner.invoke(main, ["report", str(FIXTURES / "policy.sla"), "--tickets", str(histories_path),
                                  "--now", "2025-04-01T00:00:00Z", "--out", str(tmp_path / "report")])
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "report" / "summary.json").read_text())
    assert summary["histories"] == len(imported.stdout.splitlines()) > 0 and summary["errors"] == 0
    assert summary["totals"]["cycles"] > 0
    assert (tmp_path / "report" / "report.html").read_text().startswith("<!DOCTYPE html>")


def test_a_tickets_file_given_twice_is_refused(tmp_path: Path) -> None:
    """Given twice, by its name or through a link, a file would have each ticket counted twice."""
    import os

    tickets = write_jsonl(tmp_path / "h.jsonl", histories(3))
    os.symlink(tickets, tmp_path / "link.jsonl")
    for second, words in ((tickets, "is given twice"), (tmp_path / "link.jsonl", f"as {tickets} and as")):
        result = run(ACME, "--tickets", tickets, "--tickets", second, "--now", NOW_TEXT, "--out", tmp_path / "out")
        assert result.exit_code == 1, result.output
        assert words in result.output and "counted twice; give it once" in result.output
        assert not (tmp_path / "out" / "cycles.csv").exists()
    other = write_jsonl(tmp_path / "other.jsonl", histories(2))
    result = run(ACME, "--tickets", tickets, "--tickets", other, "--now", NOW_TEXT, "--out", tmp_path / "out",
                 "--workers", "1")
    assert result.exit_code == 0, result.output
