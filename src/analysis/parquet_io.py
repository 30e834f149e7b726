"""Writing the contract tables as Parquet, atomically and reproducibly."""
from __future__ import annotations

import ctypes
import os
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .schema import TABLES, TableSchema

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # renameat2(2): swap two paths in one step


class ForeignFolder(ValueError):
    """The output folder holds something `budget extract` did not write; it is not replaced."""


def arrow_table(schema: TableSchema, rows: list[dict]) -> pa.Table:
    columns = {c.name: [r.get(c.name) for r in rows] for c in schema.columns}
    return pa.table(columns, schema=schema.arrow())


def write_tables(records: dict[str, list[dict]], out_dir: Path) -> dict[str, int]:
    """Write every table of the schema (empty ones too) as out_dir/<table>/part-0.parquet.

    The whole run is written into a staging folder beside out_dir, then swapped in as one
    folder in one step, so that a reader, or a run killed at any point, sees either the
    previous run's tables or this run's, never a mix. No timestamps are stored: the same
    input gives byte-identical files.
    """
    out_dir = Path(os.path.abspath(out_dir))
    check_replaceable(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_staging(out_dir)
    staging = _staging(out_dir, os.getpid())
    shutil.rmtree(staging, ignore_errors=True)
    counts = {}
    for schema in TABLES:
        rows = records.get(schema.name, [])
        folder = staging / schema.name
        folder.mkdir(parents=True)
        pq.write_table(arrow_table(schema, rows), folder / "part-0.parquet", compression="zstd")
        counts[schema.name] = len(rows)
    _swap_in(staging, out_dir)
    shutil.rmtree(staging, ignore_errors=True)  # after the swap it holds the previous run
    return counts


def _staging(out_dir: Path, pid: int) -> Path:
    return out_dir.with_name(f".{out_dir.name}.staging-{pid}")


def check_replaceable(out_dir: Path) -> None:
    """Only a folder of Parquet table folders (what a previous run wrote) is replaced:
    `--out ~` must not swap a home folder away."""
    if not out_dir.exists():
        return
    if not out_dir.is_dir():
        raise ForeignFolder(f"{out_dir} is a file, not an output folder")
    foreign = sorted(p.name for p in out_dir.iterdir()
                     if not p.is_dir() or any(not f.name.endswith(".parquet") for f in p.iterdir()))
    if foreign:
        raise ForeignFolder(f"{out_dir} holds what budget extract did not write ({', '.join(foreign[:3])}); "
                            "give a new or empty folder")


def _remove_abandoned_staging(out_dir: Path) -> None:
    """Staging folders of runs that were killed before their swap."""
    for folder in out_dir.parent.glob(f".{out_dir.name}.staging-*"):
        pid = folder.name.rsplit("-", 1)[1]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # alive, another user's
    return True


def _swap_in(staging: Path, out_dir: Path) -> None:
    """staging becomes out_dir in one step; the previous out_dir is left at staging."""
    if not out_dir.exists():
        os.rename(staging, out_dir)
        return
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is not None and renameat2(_AT_FDCWD, os.fsencode(staging), _AT_FDCWD, os.fsencode(out_dir),
                                           _RENAME_EXCHANGE) == 0:
        return
    # no atomic exchange here (not Linux, or a file system without it): two renames, with
    # an instant in between where out_dir is missing and the previous run sits aside
    previous = staging.with_name(staging.name + "-previous")
    os.rename(out_dir, previous)
    os.rename(staging, out_dir)
    os.rename(previous, staging)
