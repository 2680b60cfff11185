"""`slac build [PATHS] [--out DIR] [--check] [--lang LANG] [--no-test]`.

Compiles every policy, prints the checker's report, runs each policy's worked examples with
the interpreter, and writes the generated files of the policies without errors (only those
whose content changed). A policy with errors is reported and keeps whatever it generated
before; the command then exits 1. With `--check` nothing is written: every generated file
that is missing, differs from what the sources produce, or would be removed, and whatever an
interrupted build left, is named, and the command exits 1.

What the build may overwrite and remove is decided by `slac.outputs.plan` from the manifest
of the files it wrote before; the changes are applied as one transaction
(`slac.outputs.journal`), so a killed build leaves each policy's old files or its new ones.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import click

from slac.commands.common import echo_diagnostics, report_internal_error
from slac.diagnostics import Diagnostic, Severity, SourceCache, summary_line
from slac.files import display_path, sla_files
from slac.options import DOCUMENT_LANGUAGES, BuildOptions
from slac.outputs.journal import JournalError, Removal, Write, apply, leftovers, locked, recover, stray_temporaries
from slac.outputs.manifest import MANIFEST_NAME, ManifestError, load_manifest, source_key
from slac.outputs.plan import Output, Plan, Scope, plan_outputs
from slac.holiday_cache import runtime_reads_cache
from slac.pipeline import Compilation, compile_files


@click.command("build")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    default="generated",
    show_default=True,
    help="Directory to write the generated files to.",
)
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 1 and name every generated file that is missing, stale or left over.",
)
@click.option(
    "--lang",
    type=click.Choice(DOCUMENT_LANGUAGES),
    default=None,
    help="Language of document labels (default: each policy's own, English when slac has no labels for it).",
)
@click.option("--no-test", is_flag=True, help="Generate even when a policy's worked examples fail.")
def build_command(paths: tuple[str, ...], out_dir: str, check: bool, lang: str | None, no_test: bool) -> None:
    """Compile the policies in PATHS (default: rules/), report the checker's findings, and
    generate a Python module and a Markdown document for each policy without errors."""
    options = BuildOptions(out_dir=Path(out_dir), lang=lang, check=check, run_examples=not no_test)
    try:
        with runtime_reads_cache():
            code = run_build(paths, options)
    except OSError as error:
        if error.errno == errno.EPIPE:
            raise  # click ends quietly when the reader of the output has gone
        where = f"{display_path(error.filename)}: " if error.filename else ""
        click.echo(f"slac: {where}{error.strerror or error}; fix that and run `slac build` again", err=True)
        code = 1
    except Exception as error:  # the command boundary: never a raw traceback
        report_internal_error(error, "the policy")
        code = 2
    raise SystemExit(code)


@dataclass
class BuildReport:
    """What a build did or would do, in the order it is reported."""

    recovered: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)
    stale: list[Path] = field(default_factory=list)
    extra: list[Path] = field(default_factory=list)
    kept: list[tuple[Path, str]] = field(default_factory=list)
    refused: list[tuple[Path, str]] = field(default_factory=list)
    left_over: list[tuple[Path, str]] = field(default_factory=list)
    unlisted: list[Path] = field(default_factory=list)
    manifest: str | None = None
    """`missing` or `stale` when `--check` finds the manifest out of date."""
    not_built: list[Path] = field(default_factory=list)

    def problems(self) -> int:
        """How many things `--check` finds out of date."""
        listed = (self.missing, self.stale, self.extra, self.kept, self.refused, self.left_over)
        return sum(len(items) for items in listed) + (self.manifest is not None)


def run_build(paths: Sequence[str], options: BuildOptions) -> int:
    """Compile, report and generate (or check); the exit status."""
    out_dir = options.out_dir
    if out_dir.exists() and not out_dir.is_dir():
        click.echo(f"slac: --out {display_path(out_dir)} is not a directory; give a directory", err=True)
        return 1
    passed, failed = _compile(paths, options)
    directories = [Path(p) for p in paths] or [Path("rules")]
    complete = all(p.is_dir() for p in directories)
    scope = Scope(
        passed=frozenset(source_key(c.path, out_dir) for c in passed),
        failed=frozenset(source_key(c.path, out_dir) for c in failed),
        directories=tuple(p.absolute() for p in directories if p.is_dir()),
    )
    outputs = _render(passed, passed if complete and not failed else None, options)

    report = BuildReport(not_built=[Path(c.path) for c in failed])
    try:
        if options.check:
            _check(out_dir, outputs, scope, report)
        else:
            out_dir.mkdir(parents=True, exist_ok=True)
            with locked(out_dir):
                _build(out_dir, outputs, scope, report)
    except (ManifestError, JournalError) as error:
        _report(report, options)
        click.echo(f"slac: {error}", err=True)
        return 1
    _report(report, options)
    return 1 if report.not_built or (options.check and report.problems()) else 0


def _compile(paths: Sequence[str], options: BuildOptions) -> tuple[list[Compilation], list[Compilation]]:
    """Compile every file as one set (ids are compared across files), print each file's
    findings and status; the policies to generate (no errors, worked examples pass) and the
    others."""
    passed: list[Compilation] = []
    failed: list[Compilation] = []
    for compilation in compile_files(sla_files(tuple(paths))):
        echo_diagnostics(compilation.diagnostics, SourceCache({compilation.path: compilation.text}))
        ok = compilation.ok and (not options.run_examples or _examples_pass(compilation, options))
        click.echo(f"{'ok' if ok else 'FAILED':6} {compilation.path}{_counts(compilation.diagnostics)}")
        (passed if ok else failed).append(compilation)
    diagnostics = [d for c in passed + failed for d in c.diagnostics]
    click.echo(summary_line(diagnostics), err=True)
    if any(d.severity is not Severity.INFO for d in diagnostics):
        click.echo(
            "Errors stop a policy from being generated; warnings do not (they name defects of the "
            "policy). `slac explain CODE` tells what a finding means and how to fix it.",
            err=True,
        )
    return passed, failed


def _render(passed: list[Compilation], everything: list[Compilation] | None, options: BuildOptions) -> list[Output]:
    """The files of each passing policy, grouped by policy, then the index when `everything`
    is given: index.md lists every policy of the directories built, so a build of some files,
    or one where a policy fails (and keeps its previous output), leaves it as it is."""
    from slac.codegen import render_index, render_policy  # jinja2 loads only when generating

    out_dir = options.out_dir
    outputs = [
        Output(name, content.encode("utf-8"), source_key(c.path, out_dir))
        for c in passed
        for name, content in sorted(render_policy(c, options).items())
    ]
    if everything is not None:
        outputs += [Output(n, text.encode("utf-8"), None) for n, text in render_index(everything, options).items()]
    return outputs


def _plan(out_dir: Path, outputs: list[Output], scope: Scope) -> Plan:
    """The plan; when a policy's files are refused, the index (which links to them) waits too."""
    plan = plan_outputs(out_dir, outputs, load_manifest(out_dir), scope)
    if plan.refused_sources and any(o.source is None for o in outputs):
        plan = plan_outputs(out_dir, [o for o in outputs if o.source is not None], load_manifest(out_dir), scope)
    return plan


def _build(out_dir: Path, outputs: list[Output], scope: Scope, report: BuildReport) -> None:
    """Finish what an interrupted build left, then write this build's changes as one
    transaction, the manifest last."""
    recovered = recover(out_dir)
    if recovered is not None:
        report.recovered.append(recovered)
    plan = _plan(out_dir, outputs, scope)
    known = {o.name for o in outputs} | set(plan.manifest.files) | {MANIFEST_NAME}
    for path in stray_temporaries(out_dir, known):
        path.unlink()
        report.recovered.append(f"removed {display_path(path)} (a temporary file of an interrupted build)")
    _record(out_dir, plan, scope, report)
    writes = [Write(o.name, o.data) for o in plan.writes]
    manifest_text = plan.manifest.render()
    if plan.manifest.files or (out_dir / MANIFEST_NAME).exists():
        if _read(out_dir / MANIFEST_NAME) != manifest_text.encode("utf-8"):
            writes.append(Write(MANIFEST_NAME, manifest_text.encode("utf-8")))
    removals = [Removal(name, digest) for name, digest in plan.removals]
    if writes or removals:
        try:
            apply(out_dir, writes, removals)
        except OSError as error:
            reason = str(error) if error.strerror is None else error.strerror
            where = f" {display_path(error.filename)}" if error.filename else ""
            raise JournalError(
                f"cannot write{where}: {reason}; no generated file was changed (fix the cause and run `slac build` again)"
            ) from None
    report.written = [out_dir / o.name for o in plan.writes]
    report.extra = [out_dir / name for name, _ in plan.removals]


def _check(out_dir: Path, outputs: list[Output], scope: Scope, report: BuildReport) -> None:
    """What `_build` would change, and what an interrupted build left; nothing is written."""
    plan = _plan(out_dir, outputs, scope)
    known = {o.name for o in outputs} | set(plan.manifest.files) | {MANIFEST_NAME}
    report.left_over = leftovers(out_dir, known)
    _record(out_dir, plan, scope, report)
    for output in plan.writes:
        target = out_dir / output.name
        (report.stale if target.exists() else report.missing).append(target)
    report.extra = [out_dir / name for name, _ in plan.removals]
    current = _read(out_dir / MANIFEST_NAME)
    if current != plan.manifest.render().encode("utf-8") and (plan.manifest.files or current is not None):
        report.manifest = "missing" if current is None else "stale"


def _record(out_dir: Path, plan: Plan, scope: Scope, report: BuildReport) -> None:
    report.unchanged = [out_dir / name for name in plan.unchanged]
    report.kept = [(out_dir / note.name, note.reason) for note in plan.kept]
    report.refused = [(out_dir / note.name, note.reason) for note in plan.refused]
    report.unlisted = [out_dir / name for name in plan.unlisted]
    refused_sources = {Path(s) for s in plan.refused_sources}
    report.not_built += [p for p in _sources_of(out_dir, refused_sources) if p not in report.not_built]


def _sources_of(out_dir: Path, keys: set[Path]) -> list[Path]:
    """Source paths as the user gave them, from manifest keys (relative to `out_dir`)."""
    return sorted(Path(display_path(os.path.normpath(os.path.join(out_dir, key)))) for key in keys)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _examples_pass(compilation: Compilation, options: BuildOptions) -> bool:
    """Run the policy's worked examples through the interpreter and the generated module;
    print each failure (the same report as `slac test`)."""
    from slac.examples import run_examples, text_report

    ok = True
    for result in run_examples(compilation, options):
        if not result.passed:
            click.echo(text_report(result, color=False), err=True)
            ok = False
    return ok


def _report(report: BuildReport, options: BuildOptions) -> None:
    for message in report.recovered:
        click.echo(message)
    for path, reason in report.left_over:
        click.echo(f"left over: {display_path(path)} ({reason})")
    for path in report.missing:
        click.echo(f"missing: {display_path(path)}")
    for path in report.stale:
        click.echo(f"stale: {display_path(path)} (differs from what its source produces)")
    for path in report.written:
        click.echo(f"wrote {display_path(path)}")
    for path in report.extra:
        if options.check:
            click.echo(f"stale: {display_path(path)} (no policy generates it any more; `slac build` removes it)")
        else:
            click.echo(f"removed {display_path(path)} (no policy generates it any more)")
    for path, reason in report.kept:
        click.echo(f"{'left over' if options.check else 'kept'}: {display_path(path)} (no policy generates it any more; {reason})")
    for path, reason in report.refused:
        click.echo(f"refused: {reason}")
    for path in report.unlisted:
        click.echo(
            f"note: {display_path(path)} carries slac's header, but this directory has no manifest of what slac "
            "wrote, so it is left alone; delete it if no policy generates it any more"
        )
    if report.manifest is not None:
        click.echo(
            f"{report.manifest}: {display_path(options.out_dir / MANIFEST_NAME)} (the list of files slac wrote; "
            "`slac build` writes it; commit it with the generated files)"
        )
    for path in report.not_built:
        verb = "not checked" if options.check else "not generated"
        click.echo(
            f"{verb}: {display_path(path)} fails (see above); its previous output and index.md are left as they are"
        )
    if options.check:
        problems = report.problems()
        if problems or report.not_built:
            click.echo(
                f"{problems} generated file(s) out of date, {len(report.unchanged)} up to date, "
                f"{len(report.not_built)} policy(ies) not checked",
                err=True,
            )
        else:
            click.echo(f"all {len(report.unchanged)} generated file(s) are up to date", err=True)
    else:
        click.echo(f"{len(report.written)} file(s) written, {len(report.unchanged)} unchanged", err=True)


def _counts(diagnostics: Sequence[Diagnostic]) -> str:
    """`  (2 errors, 7 warnings)` after a file's status, or nothing when there are none."""
    errors = sum(1 for d in diagnostics if d.severity is Severity.ERROR)
    warnings = sum(1 for d in diagnostics if d.severity is Severity.WARNING)
    parts = [f"{n} {word}{'' if n == 1 else 's'}" for n, word in ((errors, "error"), (warnings, "warning")) if n]
    return f"  ({', '.join(parts)})" if parts else ""
