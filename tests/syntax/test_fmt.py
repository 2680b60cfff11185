"""`slac fmt`: the seeds are in canonical form, formatting is idempotent, `--check` writes
nothing and names what would change, comments survive, broken files are left alone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from slac.cli import main
from slac.fmt import format_file
from slac.syntax.parser import parse_text
from slac.syntax.printer import format_document

REPO = Path(__file__).resolve().parents[2]
SEEDS = sorted((REPO / "rules").glob("*.sla"))
SEED_TEXTS = {seed.stem: seed.read_text(encoding="utf-8") for seed in SEEDS}


def fmt(text: str) -> str:
    result = parse_text(text, "f.sla")
    assert result.document is not None, result.diagnostics
    return format_document(result.document)


def disturb(text: str) -> str:
    """The same policy with its layout spoilt: two-space indentation, tables not aligned,
    extra blanks between words, blank lines doubled, Windows line endings."""
    lines = []
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        depth = (len(line) - len(stripped)) // 4
        if stripped.startswith("#") or '"' in stripped:
            body = stripped
        else:
            body = re.sub(r"\s*\|\s*", " |  ", stripped).replace(" ", "  ").rstrip()
        lines.append("  " * depth + body)
        if not stripped:
            lines.append("")
    return "\r\n".join(lines)


def comment_texts(text: str) -> list[str]:
    return [c.text for c in parse_text(text).document.comments]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_seed_is_fmt_clean(seed: Path) -> None:
    result = format_file(seed)
    assert result.diagnostics == ()
    assert not result.changed, f"`slac fmt {seed.name}` would change it"


@pytest.mark.parametrize("name", sorted(SEED_TEXTS))
def test_fmt_is_idempotent_on_the_seeds(name: str) -> None:
    once = fmt(SEED_TEXTS[name])
    assert fmt(once) == once == SEED_TEXTS[name]


@pytest.mark.parametrize("name", sorted(SEED_TEXTS))
def test_a_spoilt_layout_formats_back_to_the_seed(name: str) -> None:
    spoilt = disturb(SEED_TEXTS[name])
    assert spoilt != SEED_TEXTS[name]
    assert fmt(spoilt) == SEED_TEXTS[name]


def test_check_names_the_files_that_would_change_and_writes_nothing(tmp_path: Path) -> None:
    for seed in SEEDS:
        (tmp_path / seed.name).write_bytes(seed.read_bytes())
    (tmp_path / "zmanda.sla").write_text(
        disturb(SEED_TEXTS["zmanda"]), encoding="utf-8", newline=""
    )
    (tmp_path / "cloudtalk.sla").write_text(
        disturb(SEED_TEXTS["cloudtalk"]), encoding="utf-8", newline=""
    )
    before = {
        path.name: (path.read_bytes(), path.stat().st_mtime_ns) for path in tmp_path.iterdir()
    }

    outcome = CliRunner().invoke(main, ["fmt", "--check", str(tmp_path)])

    assert outcome.exit_code == 1
    named = sorted(
        line for line in outcome.stdout.splitlines() if line.startswith("would reformat")
    )
    assert named == [
        f"would reformat {tmp_path / 'cloudtalk.sla'}",
        f"would reformat {tmp_path / 'zmanda.sla'}",
    ]
    assert f"{len(SEEDS) - 2} file(s) already formatted" in outcome.stderr
    after = {path.name: (path.read_bytes(), path.stat().st_mtime_ns) for path in tmp_path.iterdir()}
    assert after == before


def test_check_passes_on_formatted_files(tmp_path: Path) -> None:
    for seed in SEEDS:
        (tmp_path / seed.name).write_bytes(seed.read_bytes())
    outcome = CliRunner().invoke(main, ["fmt", "--check", str(tmp_path)])
    assert outcome.exit_code == 0, outcome.output
    assert "would reformat" not in outcome.output


def test_fmt_rewrites_changed_files_only(tmp_path: Path) -> None:
    spoilt = tmp_path / "zmanda.sla"
    spoilt.write_text(disturb(SEED_TEXTS["zmanda"]), encoding="utf-8", newline="")
    clean = tmp_path / "managry.sla"
    clean.write_text(SEED_TEXTS["managry"], encoding="utf-8", newline="")
    clean_mtime = clean.stat().st_mtime_ns

    outcome = CliRunner().invoke(main, ["fmt", str(tmp_path)])

    assert outcome.exit_code == 0, outcome.output
    assert f"reformatted {spoilt}" in outcome.stdout
    assert spoilt.read_bytes() == SEED_TEXTS["zmanda"].encode("utf-8")
    assert clean.stat().st_mtime_ns == clean_mtime
    assert CliRunner().invoke(main, ["fmt", "--check", str(tmp_path)]).exit_code == 0


def test_fmt_on_a_broken_file_reports_and_touches_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.sla"
    text = SEED_TEXTS["cloudtalk"].replace("then priority may become 3", "then 3").replace("  ", "   ")
    broken.write_text(text, encoding="utf-8")
    before = broken.read_bytes()
    for arguments in (["fmt", str(broken)], ["fmt", "--check", str(broken)]):
        outcome = CliRunner().invoke(main, arguments)
        assert outcome.exit_code == 1
        assert f"{broken}:" in outcome.stderr
        assert "SLA0" in outcome.stderr
        assert "Traceback" not in outcome.output
        assert broken.read_bytes() == before


def test_fmt_removes_a_byte_order_mark_and_windows_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "managry.sla"
    path.write_bytes(b"\xef\xbb\xbf" + SEED_TEXTS["managry"].replace("\n", "\r\n").encode("utf-8"))
    assert CliRunner().invoke(main, ["fmt", "--check", str(path)]).exit_code == 1
    assert CliRunner().invoke(main, ["fmt", str(path)]).exit_code == 0
    assert path.read_bytes() == SEED_TEXTS["managry"].encode("utf-8")


def test_fmt_of_a_missing_file_is_a_diagnostic(tmp_path: Path) -> None:
    outcome = CliRunner().invoke(main, ["fmt", "--check", str(tmp_path / "nowhere.sla")])
    assert outcome.exit_code == 1
    assert "SLA009" in outcome.stderr
    assert "Traceback" not in outcome.output


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "# one\n\n# two\n"])
def test_files_without_blocks_are_stable(text: str) -> None:
    once = fmt(text)
    assert fmt(once) == once
    assert comment_texts(once) == comment_texts(text)


COMMENTED = """\
# header of the file

policy p "P"  # trailing on a block header
    # own line inside a block
    source "s.txt"  # trailing on an item
    # last line of the block, indented

# between two blocks
matrix priority
    # before the matrix header
    urgency \\ impact | high | low  # on the matrix header
    # between header and row
    high             | P1   | P2  # on a matrix row

plan standard
    targets  # on `targets`
        # before the table header
        severity | initial_response  # on the table header
        # between header and rows
        1        | 4 hours  # on a row
        2        | n/a assumed "a # inside a text"  # after a text with a hash
        # after the last row

rule r  # on the rule header
    # before when
    when a is b  # on when
    then priority 1  # on then
# right after the last block

# set apart at the end
"""


def test_comments_survive_in_place() -> None:
    assert fmt(COMMENTED) == COMMENTED


def test_comments_are_reindented_with_their_lines() -> None:
    text = COMMENTED.replace("    ", "  ").replace("  # on", "      # on")
    assert fmt(text) == COMMENTED


_SEED_LINES = [(name, text.split("\n")) for name, text in sorted(SEED_TEXTS.items())]


@st.composite
def commented_seeds(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A seed with comments added: own-line ones at any indentation, trailing ones after any
    line's content. Returns the text and the comments in order."""
    _, lines = draw(st.sampled_from(_SEED_LINES))
    words = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=12)
    out: list[str] = []
    for index, line in enumerate(lines):
        if index < len(lines) - 1 and draw(st.integers(0, 9)) == 0:
            out.append(" " * draw(st.integers(0, 12)) + "# " + draw(words).strip())
        if line.strip() and not line.lstrip().startswith("#") and draw(st.integers(0, 5)) == 0:
            line = line + "  # " + draw(words).strip()
        out.append(line)
    text = "\n".join(out)
    return text, [c.rstrip() for c in re.findall(r"#.*", "\n".join(out))]


@given(commented_seeds())
def test_added_comments_survive_and_fmt_is_idempotent(case: tuple[str, list[str]]) -> None:
    text, _ = case
    once = fmt(text)
    assert comment_texts(once) == comment_texts(text)
    assert fmt(once) == once
    assert parse_text(once).document == parse_text(text).document


def test_fmt_check_on_the_rules_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    """What CI runs: `slac fmt --check` with no path checks rules/."""
    monkeypatch.chdir(REPO)
    outcome = CliRunner().invoke(main, ["fmt", "--check"])
    assert outcome.exit_code == 0, outcome.output
    assert f"{len(SEEDS)} file(s) already formatted" in outcome.stderr


PARAGRAPHS = """\
# a header


# in two paragraphs
policy x "X"
  source "x.txt"

# first paragraph
# still the first

# second paragraph
calendar office
  timezone Europe/Prague
  # inside a block


  # and apart from it
  open mon-fri 09:00-17:00
# at the end


# apart at the end
"""


def test_comment_paragraphs_stay_apart_by_one_blank_line() -> None:
    once = fmt(PARAGRAPHS)
    assert once == (
        "# a header\n\n# in two paragraphs\npolicy x \"X\"\n    source \"x.txt\"\n\n"
        "# first paragraph\n# still the first\n\n# second paragraph\ncalendar office\n"
        "    timezone Europe/Prague\n    # inside a block\n\n    # and apart from it\n"
        "    open mon-fri 09:00-17:00\n# at the end\n\n# apart at the end\n"
    )
    assert fmt(once) == once
