"""Where the documents of one `budget extract` are read: one process, a pool of local
processes, or the workers of a Dask distributed cluster.

Whatever the executor, results come back in input order, so the Parquet written from
them is the same. Documents travel to workers in batches (a task per document would
spend more on scheduling than on reading a 40 KB rendering); each worker reads the
files itself, so on a cluster they must be at the same paths on every worker (a shared
file system). A batch's results may travel packed (`pack` in the worker, `unpack` where
they are consumed): a cost paid once a batch instead of once an item.
"""
from __future__ import annotations

import gc
import logging
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

from tqdm import tqdm

EXECUTORS = ("process", "dask")
_AHEAD = 3  # batches in flight per worker
Item = TypeVar("Item")
Result = TypeVar("Result")


def batches(items: list, workers: int) -> list[list]:
    """Consecutive batches: about four per worker, at most 32 items each."""
    size = max(1, min(32, len(items) // (4 * max(workers, 1))))
    return [items[i:i + size] for i in range(0, len(items), size)]


@dataclass(frozen=True)
class Packing:
    """How a batch's results travel: pack(list of results) → what is sent, and back,
    unpack(what was sent) → the results in order. As they are, by default."""
    pack: Callable[[list], object] = list
    unpack: Callable[[object], Iterable] = iter


def map_batch(function: Callable[[Item], Result], batch: list[Item], packing: Packing = Packing()) -> object:
    with _young_objects_collected_less_often():
        return packing.pack([function(item) for item in batch])


# Reading a document allocates some 10⁵ short-lived objects that form hardly any cycles: at
# the default threshold (700 allocations) the collector would scan the young generation a
# hundred times a document, ~9 % of the time (measured); at this one a few times.
_YOUNG_THRESHOLD = 50_000


@contextmanager
def _young_objects_collected_less_often() -> Iterator[None]:
    threshold = gc.get_threshold()
    gc.set_threshold(_YOUNG_THRESHOLD, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


def ordered_batches(function: Callable[[Item], Result], items: list[Item], executor: str = "process",
                    workers: int = 1, scheduler: str | None = None, packing: Packing = Packing()) -> Iterator:
    """packing.unpack of function(item) for the items of each batch, batch after batch in
    input order, with a progress bar of items on stderr (shown on a terminal)."""
    run_batch = partial(map_batch, function, packing=packing)
    results = (_dask(run_batch, packing.unpack, items, workers, scheduler) if executor == "dask"
               else _processes(run_batch, packing.unpack, items, workers))
    with tqdm(total=len(items), unit="doc", file=sys.stderr, disable=None, leave=False) as progress:
        for size, unpacked in results:
            progress.update(size)
            yield unpacked


def _windowed(submit: Callable, run_batch: Callable, unpack: Callable, parts: list[list], workers: int) -> Iterator:
    """(size, unpacked results) of batch after batch, submitted a few ahead of the one being
    consumed, not all at once: results wait for the writer in the memory of that window only,
    however many documents."""
    pending: deque = deque()

    def oldest() -> tuple[int, object]:
        size, future = pending.popleft()
        return size, unpack(_take(future))

    for part in parts:
        pending.append((len(part), submit(run_batch, part)))
        if len(pending) > _AHEAD * workers:
            yield oldest()
    while pending:
        yield oldest()


def _take(future) -> object:
    result = future.result()
    if hasattr(future, "release"):
        future.release()  # a Dask future: the cluster may forget the result
    return result


def _processes(run_batch, unpack, items, workers) -> Iterator:
    if workers <= 1 or len(items) < 2:  # in this process, batch by batch all the same: the same results
        for part in batches(items, 1):
            yield len(part), unpack(run_batch(part))
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from _windowed(pool.submit, run_batch, unpack, batches(items, workers), workers)


def _dask(run_batch, unpack, items, workers, scheduler) -> Iterator:
    """On the cluster at `scheduler` (tcp://host:8786), or on a local cluster of `workers`
    single-threaded worker processes when none is given."""
    from dask.distributed import Client, LocalCluster

    if scheduler:
        client, cluster = Client(scheduler), None
    else:
        cluster = LocalCluster(n_workers=max(workers, 1), threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        client = Client(cluster)
    try:
        if scheduler:
            workers = sum(client.nthreads().values())
        yield from _windowed(partial(client.submit, pure=False), run_batch, unpack, batches(items, workers), workers)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
