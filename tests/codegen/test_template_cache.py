"""Compiled templates from slac's cache (slac.codegen.template_cache): a template loaded from the
cache renders as a freshly compiled one; an edited template is compiled again; a damaged entry
or a cache that cannot be written means compiling."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
import pytest

from slac import cache
from slac.codegen import template_cache
from slac.codegen.template_cache import FOLDER, TemplateCache


class CountingEnvironment(jinja2.Environment):
    """An environment over `directory` with slac's template cache, counting compilations."""

    def __init__(self, directory: Path) -> None:
        super().__init__(loader=jinja2.FileSystemLoader(directory), bytecode_cache=TemplateCache("test"))
        self.compilations = 0

    def compile(self, *args, **kwargs):  # type: ignore[no-untyped-def, override]
        self.compilations += 1
        return super().compile(*args, **kwargs)


@pytest.fixture
def templates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    directory = tmp_path / "templates"
    directory.mkdir()
    (directory / "greeting.j2").write_text("{% for n in names %}hello {{ n }}\n{% endfor %}", encoding="utf-8")
    return directory


def render(directory: Path) -> tuple[str, int]:
    environment = CountingEnvironment(directory)
    return environment.get_template("greeting.j2").render(names=["a", "b"]), environment.compilations


def test_a_cached_template_renders_without_compiling(templates: Path, tmp_path: Path) -> None:
    assert render(templates) == ("hello a\nhello b\n", 1)
    assert len(list((tmp_path / "cache" / "slac" / FOLDER).iterdir())) == 1
    assert render(templates) == ("hello a\nhello b\n", 0)


def test_an_edited_template_is_compiled_again(templates: Path) -> None:
    render(templates)
    (templates / "greeting.j2").write_text("{% for n in names %}bye {{ n }}\n{% endfor %}", encoding="utf-8")
    assert render(templates) == ("bye a\nbye b\n", 1)
    assert render(templates) == ("bye a\nbye b\n", 0)


def test_a_damaged_entry_is_compiled_again(templates: Path, tmp_path: Path) -> None:
    render(templates)
    (entry,) = (tmp_path / "cache" / "slac" / FOLDER).iterdir()
    entry.write_bytes(entry.read_bytes()[:-10])
    assert render(templates) == ("hello a\nhello b\n", 1)
    assert render(templates) == ("hello a\nhello b\n", 0), "the damaged entry should have been replaced"


@pytest.mark.parametrize("payload", [b"", b"garbage"], ids=["ends after the magic", "not a pickle"])
def test_a_whole_entry_that_is_not_jinjas_is_compiled_again(payload: bytes, templates: Path, tmp_path: Path) -> None:
    """Sealed, so only its content is wrong: Jinja's own reader raises on it, and a template
    cache must never make rendering fail."""
    from jinja2.bccache import bc_magic

    from slac.cache import sealed

    render(templates)
    (entry,) = (tmp_path / "cache" / "slac" / FOLDER).iterdir()
    entry.write_bytes(sealed(bc_magic + payload))
    assert render(templates) == ("hello a\nhello b\n", 1)
    assert render(templates) == ("hello a\nhello b\n", 0), "the entry should have been replaced"


def test_an_unwritable_cache_means_compiling(templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert render(templates) == ("hello a\nhello b\n", 1)
    assert render(templates) == ("hello a\nhello b\n", 1)


def test_another_jinja_or_environment_compiles_afresh(
    templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    render(templates)
    environment = CountingEnvironment(templates)
    environment.bytecode_cache = TemplateCache("another")
    environment.get_template("greeting.j2")
    assert environment.compilations == 1
    monkeypatch.setattr(template_cache, "installed_identity", lambda package: "jinja2-0.0.dist-info")
    assert render(templates) == ("hello a\nhello b\n", 1)


def test_another_slac_compiles_afresh_although_its_environment_has_the_same_name(
    templates: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The options of slac's environments are set in slac's code: a slac whose `python`
    environment trims blocks, after one that did not, must not run the older one's code."""
    (templates / "block.j2").write_text("{% if yes %}\nyes\n{% endif %}\n", encoding="utf-8")

    def render_block(**options: bool) -> str:
        environment = jinja2.Environment(
            loader=jinja2.FileSystemLoader(templates), bytecode_cache=TemplateCache("test"), **options
        )
        return environment.get_template("block.j2").render(yes=True)

    assert render_block() == "\nyes\n"
    monkeypatch.setattr(template_cache, "slac_identity", lambda: "slac 0.0 another checkout", raising=False)
    assert render_block(trim_blocks=True) == "yes\n"


def test_the_oldest_entries_beyond_the_limit_are_removed(
    templates: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every edited or upgraded slac compiles a new set of entries: the folder keeps the newest."""
    monkeypatch.setattr(template_cache, "KEPT_ENTRIES", 2)
    monkeypatch.setattr(cache, "PRUNE_EVERY", 1)  # each new entry, not a process's first and every 256th
    folder = tmp_path / "cache" / "slac" / FOLDER
    written: set[Path] = set()
    for age in range(3):  # slac 0 oldest, slac 2 newest
        monkeypatch.setattr(template_cache, "slac_identity", lambda age=age: f"slac {age}", raising=False)
        render(templates)
        (entry,) = set(folder.iterdir()) - written
        os.utime(entry, ns=(age * 10**9, age * 10**9))
        written.add(entry)
    unrelated = folder / "notes.md"
    unrelated.write_text("mine", encoding="utf-8")
    monkeypatch.setattr(template_cache, "slac_identity", lambda: "slac 3", raising=False)
    render(templates)
    assert len(list(folder.glob("*.code"))) == 2
    assert unrelated.exists()
    monkeypatch.setattr(template_cache, "slac_identity", lambda: "slac 2", raising=False)
    assert render(templates) == ("hello a\nhello b\n", 0), "the newest older entry should have been kept"
    monkeypatch.setattr(template_cache, "slac_identity", lambda: "slac 1", raising=False)
    assert render(templates) == ("hello a\nhello b\n", 1), "an older entry should have been removed"
