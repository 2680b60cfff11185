"""`slac import zendesk|jira|zammad FILE [--mapping MAP.toml] [--policy POLICY.sla]
[--source-timezone ZONE] [--out FILE.jsonl] [--vendor-records FILE.jsonl]`.

Reads a helpdesk export and writes one ticket history per line (JSON Lines), to stdout or
atomically to `--out`. With `--policy`, the mapping is checked against the compiled policy:
mapping targets the policy does not have, and helpdesk values the export holds without a
mapping, are each reported with the fix. Any problem prints every message on stderr, writes
nothing and exits 1. `--vendor-records` also writes the helpdesk's own SLA record
(`slac.importers.vendor_record`) for the targets the mapping's `[targets]` names.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click

from slac.commands.common import echo_diagnostics, internal_errors
from slac.diagnostics import SourceCache
from slac.files import OutputRefused, resolved_output, write_atomic
from slac.importers import VENDORS, import_export, unevaluable
from slac.importers.documents import read_documents
from slac.importers.mapping import EMPTY, MappingError, Vocabulary, check_mapping, load_mapping, vocabulary_of
from slac.importers.vendor_record import vendor_cycles
from slac.pipeline import compile_file


@click.command("import")
@click.argument("vendor", type=click.Choice(sorted(VENDORS)))
@click.argument("export_path", metavar="FILE", type=click.Path())
@click.option("--mapping", "mapping_path", metavar="MAP.toml", type=click.Path(),
              help="How the helpdesk's statuses, priorities, groups and fields map onto the policy's.")
@click.option("--policy", "policy_path", metavar="POLICY.sla", type=click.Path(),
              help="Check the mapping against this policy and report what is unmapped.")
@click.option("--source-timezone", "source_zone", metavar="ZONE",
              help="The IANA zone of timestamps written without a UTC offset (refused otherwise).")
@click.option("--out", "out_path", metavar="FILE.jsonl", type=click.Path(),
              help="Write the histories here (atomically) instead of stdout.")
@click.option("--vendor-records", "records_path", metavar="FILE.jsonl", type=click.Path(),
              help="Also write the helpdesk's own SLA record per ticket and target (the targets in [targets]).")
@internal_errors
def import_command(
    vendor: str,
    export_path: str,
    mapping_path: str | None,
    policy_path: str | None,
    source_zone: str | None,
    out_path: str | None,
    records_path: str | None,
) -> None:
    """Turn a helpdesk export (FILE) into ticket histories, one JSON object per line."""
    raise SystemExit(_run(vendor, export_path, mapping_path, policy_path, source_zone, out_path, records_path))


def _run(
    vendor: str,
    export_path: str,
    mapping_path: str | None,
    policy_path: str | None,
    source_zone: str | None,
    out_path: str | None,
    records_path: str | None = None,
) -> int:
    zone = None
    if source_zone is not None:
        try:
            zone = ZoneInfo(source_zone)
        except (ZoneInfoNotFoundError, ValueError):
            click.echo(f"slac import: --source-timezone {source_zone!r} is not an IANA zone (e.g. Europe/Prague, UTC)", err=True)
            return 1
    try:
        mapping = load_mapping(mapping_path) if mapping_path is not None else EMPTY
    except MappingError as error:
        click.echo(f"slac import: {error}", err=True)
        return 1
    vocabulary: Vocabulary | None = None
    findings: list[str] = []
    if policy_path is not None:
        compilation = compile_file(policy_path)
        if not compilation.ok or compilation.policy is None:
            echo_diagnostics(compilation.diagnostics, SourceCache({compilation.path: compilation.text}))
            click.echo(f"slac import: {policy_path} has errors; fix them before checking a mapping against it", err=True)
            return 1
        vocabulary = vocabulary_of(compilation.policy)
        findings = check_mapping(mapping, vocabulary)
    result = import_export(vendor, export_path, mapping, zone, vocabulary)
    if vocabulary is not None and result.ok:
        findings += unevaluable(result.histories, compilation.policy, export_path)
    for message in [*findings, *result.problems]:
        click.echo(message, err=True)
    if findings or not result.ok:
        count = len(findings) + len(result.problems)
        click.echo(f"slac import: {count} problem{'s' if count != 1 else ''}; nothing written", err=True)
        return 1
    read = [path for path in (export_path, mapping_path, policy_path) if path is not None]
    for option, path in (("--vendor-records", records_path), ("--out", out_path)):
        refusal = _refusal(option, path, read) if path is not None else None
        if refusal is not None:
            click.echo(f"slac import: {refusal}; nothing written", err=True)
            return 1
    if records_path is not None:
        cycles, problems = vendor_cycles(vendor, read_documents(Path(export_path)), mapping, zone)
        if problems:
            for problem in problems:
                click.echo(problem.render(export_path), err=True)
            click.echo("slac import: the vendor's record has problems; nothing written", err=True)
            return 1
        records = "".join(json.dumps(c.to_dict(), ensure_ascii=False) + "\n" for c in cycles)
        if not _written(records_path, records):
            return 1
    text = "".join(json.dumps(history, ensure_ascii=False) + "\n" for history in result.histories)
    if out_path is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    elif not _written(out_path, text):
        return 1
    click.echo(f"slac import: {len(result.histories)} ticket histories from {export_path}", err=True)
    return 0


def _refusal(option: str, path: str, read: list[str]) -> str | None:
    """Why `path` cannot be written (checked for every output before any is written), or None:
    it is one of the files being `read` (writing would replace the user's export or mapping), a
    directory or other non-file stands there, or a file stands where a folder above it goes."""
    if any(os.path.exists(path) and os.path.exists(other) and os.path.samefile(path, other) for other in read):
        return f"{option} {path} is the file being read; give another path"
    try:
        target = resolved_output(path)
    except OutputRefused as error:
        return str(error)
    folder = target.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        return f"cannot write {path}: {folder} is a file, not a folder; give another path"
    return None


def _written(path: str, text: str) -> bool:
    """Write `text` to `path` atomically; False, having said why, when the system refuses."""
    try:
        write_atomic(path, text)
    except OSError as error:
        click.echo(f"slac import: cannot write {path} ({error.strerror or error}); give a path you can write", err=True)
        return False
    return True
