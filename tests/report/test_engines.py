"""One report, however it is computed: the generated module or the interpreter, one process or
a pool, JSONL or Parquet, chunked finely or not, and on a real two-worker Dask cluster."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from slac.cli import main
from slac.report import EngineOptions
from slac.report.sources import write_parquet_histories

from .support import ACME, NOW_TEXT, OUTPUTS, histories, report, write_jsonl

BAD_LINES = ["{not json", json.dumps({"id": "B-1", "plan": "gold", "events": [{"type": "opened", "at": "2025-03-03T10:00:00Z"}]})]


def outputs(directory: Path, skip: tuple[str, ...] = ()) -> dict[str, bytes]:
    """Every output's bytes (text outputs with their lines sorted)."""
    found = {}
    for name in OUTPUTS:
        if name in skip:
            continue
        data = (directory / name).read_bytes()
        found[name] = data if name.endswith((".parquet", ".json", ".html")) else b"\n".join(sorted(data.splitlines()))
    return found


@pytest.fixture(scope="module")
def tickets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    items = histories(240, seed=3)
    lines = [json.dumps(item) for item in items[:100]] + BAD_LINES + [json.dumps(item) for item in items[100:]]
    return write_jsonl(tmp_path_factory.mktemp("tickets") / "histories.jsonl", lines)


@pytest.fixture(scope="module")
def baseline(tickets: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("baseline")
    outcome = report([tickets], out)
    assert outcome.evaluator == "generated module" and outcome.errors == 2 and outcome.histories == 242
    return out


def test_the_interpreter_gives_the_same_report(tickets: Path, baseline: Path, tmp_path: Path) -> None:
    outcome = report([tickets], tmp_path, evaluator="interpreter")
    assert outcome.evaluator == "interpreter"
    skip = ("summary.json", "report.html")  # they name the evaluator
    assert outputs(tmp_path, skip) == outputs(baseline, skip)
    summary = json.loads((tmp_path / "summary.json").read_text())
    expected = json.loads((baseline / "summary.json").read_text())
    assert summary.pop("evaluator") == "interpreter" and expected.pop("evaluator") == "generated module"
    assert summary == expected


def test_a_process_pool_with_small_chunks_gives_the_same_report(tickets: Path, baseline: Path, tmp_path: Path) -> None:
    report([tickets], tmp_path, engine=EngineOptions(workers=2), chunk_size=17)
    assert outputs(tmp_path) == outputs(baseline)


def test_parquet_histories_give_the_same_report(tickets: Path, baseline: Path, tmp_path: Path) -> None:
    items = histories(240, seed=3)
    parquet = tmp_path / "histories.parquet"
    assert write_parquet_histories(items, parquet) == 240
    report([parquet], tmp_path / "out")
    rows = (tmp_path / "out" / "cycles.csv").read_text().replace(str(parquet), str(tickets)).splitlines()
    # the JSONL file has the two bad lines after line 100: its later line numbers are 2 higher
    expected = (baseline / "cycles.csv").read_text().splitlines()
    assert [r.rsplit(",", 1)[0] for r in rows] == [r.rsplit(",", 1)[0] for r in expected]
    assert (tmp_path / "out" / "compliance.csv").read_bytes() == (baseline / "compliance.csv").read_bytes()


def test_parquet_events_as_a_list_of_structs_are_read_too(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    items = histories(30, seed=4)
    events = [[{key: (str(value) if key == "to" else value) for key, value in event.items() if key != "fields"}
               for event in item["events"]] for item in items]
    table = pa.table({"id": [item["id"] for item in items], "plan": [item["plan"] for item in items], "events": events})
    pq.write_table(table, tmp_path / "structs.parquet")
    plain = [{**item, "events": [{k: v for k, v in e.items() if k != "fields"} for e in item["events"]]} for item in items]
    report([tmp_path / "structs.parquet"], tmp_path / "a")
    report([write_jsonl(tmp_path / "plain.jsonl", plain)], tmp_path / "b")
    assert (tmp_path / "a" / "compliance.csv").read_bytes() == (tmp_path / "b" / "compliance.csv").read_bytes()
    assert (tmp_path / "a" / "errors.csv").read_text().count("\n") == 1


def test_a_two_worker_dask_cluster_gives_the_same_report(tickets: Path, baseline: Path, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster:
        cluster.wait_for_workers(2, timeout=120)  # the cluster can return before its second worker registers
        assert len(cluster.scheduler_info["workers"]) == 2
        result = CliRunner().invoke(main, [
            "report", str(ACME), "--tickets", str(tickets), "--now", NOW_TEXT, "--out", str(tmp_path),
            "--engine", "dask", "--scheduler", cluster.scheduler_address, "--chunk-size", "25",
        ])
        assert result.exit_code == 0, result.output
        # the chunks ran as tasks of this cluster: 242 lines in chunks of 25
        finished = {entry[0] for entry in cluster.scheduler.transition_log
                    if str(entry[0]).startswith("slac-report-") and entry[2] == "memory"}
    assert len(finished) == 10
    assert outputs(tmp_path) == outputs(baseline)
