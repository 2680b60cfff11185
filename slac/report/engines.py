"""Where chunks are replayed: in this process, in a pool of processes on this machine (all cores
by default), or on a Dask cluster. Every engine yields the chunks' results in chunk order, so the
outputs do not depend on the engine or on how many workers ran.

At most a few chunks per worker are in flight at once, so a long run holds only a bounded number
of results in memory while the outputs are written.
"""

from __future__ import annotations

import multiprocessing
import os
import uuid
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, Literal

from slac.report.replay import ChunkResult, Evaluator, ReplaySettings, replay_chunk
from slac.report.sources import Chunk

IN_FLIGHT_PER_WORKER = 3


class EngineError(RuntimeError):
    """An engine could not start (Dask missing, a scheduler that does not answer)."""


@dataclass(frozen=True)
class EngineOptions:
    """Which engine, with how many workers (None: one per core for the local pool, Dask's own
    choice for a LocalCluster), and the Dask scheduler to join (None: start a LocalCluster)."""

    engine: Literal["local", "dask"] = "local"
    workers: int | None = None
    scheduler: str | None = None


def available_cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def replay_all(
    chunks: Sequence[Chunk], evaluator: Evaluator, settings: ReplaySettings, options: EngineOptions
) -> Iterator[ChunkResult]:
    """The result of every chunk, in chunk order."""
    if options.engine == "dask":
        return _dask(chunks, evaluator, settings, options)
    workers = options.workers or available_cores()
    if workers <= 1 or len(chunks) <= 1:
        return (replay_chunk(chunk, evaluator, settings) for chunk in chunks)
    return _pool(chunks, evaluator, settings, min(workers, len(chunks)))


def _prepare_worker(evaluator: Evaluator) -> None:
    """Build the evaluator once when a pool process starts."""
    evaluator.function()


def _pool(chunks: Sequence[Chunk], evaluator: Evaluator, settings: ReplaySettings, workers: int) -> Iterator[ChunkResult]:
    # spawn, not fork: the parent may hold pyarrow's threads, which a fork would copy mid-lock
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_prepare_worker, initargs=(evaluator,)) as pool:
        yield from _in_order(lambda chunk: pool.submit(replay_chunk, chunk, evaluator, settings), chunks,
                             workers * IN_FLIGHT_PER_WORKER)


def _in_order(submit: Any, chunks: Sequence[Chunk], window: int) -> Iterator[ChunkResult]:
    """Submit chunks with at most `window` in flight and yield their results in order."""
    pending: list[Future[ChunkResult]] = []
    upcoming = iter(chunks)
    for chunk in upcoming:
        pending.append(submit(chunk))
        if len(pending) >= window:
            break
    while pending:
        result = pending.pop(0).result()
        following = next(upcoming, None)
        if following is not None:
            pending.append(submit(following))
        yield result


LOCAL_WORKERS_WAIT_SECONDS = 60


def _dask(chunks: Sequence[Chunk], evaluator: Evaluator, settings: ReplaySettings, options: EngineOptions) -> Iterator[ChunkResult]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise EngineError("--engine dask needs dask.distributed: install it with python3 -m pip install 'slac[dask]'") from None
    cluster = None
    try:
        if options.scheduler is None:
            workers = options.workers or available_cores()
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
            client = Client(cluster)
            try:
                # the cluster can return before every worker has registered; the window of
                # chunks in flight is sized by the workers registered
                client.wait_for_workers(workers, timeout=LOCAL_WORKERS_WAIT_SECONDS)
            except TimeoutError:
                pass  # a slow machine: go on with the workers there are
        else:
            client = Client(options.scheduler, timeout="20s")
    except (OSError, TimeoutError) as error:
        if cluster is not None:
            cluster.close()
        where = f"the scheduler at {options.scheduler}" if options.scheduler else "a local Dask cluster"
        raise EngineError(f"could not connect to {where}: {error}") from None
    try:
        # the evaluator (the generated module's source) travels to each worker once
        shipped = client.scatter(evaluator, broadcast=True)
        run = uuid.uuid4().hex[:12]
        window = max(2, len(client.scheduler_info().get("workers", {})) * IN_FLIGHT_PER_WORKER)
        yield from _in_order(
            lambda chunk: client.submit(replay_chunk, chunk, shipped, settings, key=f"slac-report-{run}-{chunk.index}", pure=False),
            chunks,
            window,
        )
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
