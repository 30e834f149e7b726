"""Writing the contract tables as Parquet, atomically and reproducibly."""
from __future__ import annotations

import ctypes
import os
import shutil
import sys
from contextlib import suppress
from functools import cache
from itertools import groupby
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from .records import Records
from .schema import TABLES, TableSchema

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # renameat2(2): swap two paths in one step


class ForeignFolder(ValueError):
    """The output folder holds something `budget extract` did not write; it is not replaced."""


_ARROW_SCHEMAS = {s.name: s.arrow() for s in TABLES}


class _PandasNotNow:
    def find_spec(self, name, path=None, target=None):
        if name == "pandas":
            raise ImportError("pandas is not imported by an extraction")


@cache
def arrow_without_pandas() -> None:
    """Arrow's first conversion of Python values imports pandas, to recognise pandas objects
    among them: ~40 MB and half a second of CPU in every process of an extraction, which
    converts lists only. Called before that first conversion, Arrow takes pandas as absent
    for such checks; an explicit pandas conversion (to_pandas) still imports it."""
    if "pandas" in sys.modules:
        return
    blocker = _PandasNotNow()
    sys.meta_path.insert(0, blocker)
    try:
        pa.array([], type=pa.int8())
    finally:
        sys.meta_path.remove(blocker)


def arrow_table(schema: TableSchema, rows: list[dict]) -> pa.Table:
    """Rows as dicts (a missing key is NULL) → a table of the schema's columns."""
    return pa.Table.from_pylist(rows, schema=_ARROW_SCHEMAS[schema.name])


def encode_rows(tables: dict[str, Records]) -> dict[str, bytes]:
    """Records, table by table, as Arrow IPC messages without their schema (both sides know it)."""
    arrow_without_pandas()
    return {name: _record_batch(records).serialize().to_pybytes() for name, records in tables.items()}


def _record_batch(records: Records) -> pa.RecordBatch:
    schema = _ARROW_SCHEMAS[records.table]
    columns = records.columns()
    return pa.RecordBatch.from_arrays([pa.array(columns.get(f.name, ()), type=f.type) for f in schema],
                                      schema=schema)


def decode_rows(encoded: dict[str, bytes]) -> dict[str, pa.RecordBatch]:
    return {name: pa.ipc.read_record_batch(pa.py_buffer(data), _ARROW_SCHEMAS[name])
            for name, data in encoded.items()}


# Tables of documents are partitioned by the document's budget year (hive style); a
# document without a year goes under hive's name for NULL. The key is `year`, not
# `budget_year`: a reader's hive detection would otherwise replace the documents' own
# INTEGER budget_year (the contract's type) with its BIGINT guess from the folder name.
PARTITION_KEY = "year"
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"
DOCS_PER_ROW_GROUP = 64  # row groups hold the rows of this many documents, in input order
# A Parquet writer keeps every row group's metadata until its file is closed (~13 KB a row
# group of these tables, measured, with or without min/max statistics): a year's table goes
# on in a new file (part-1.parquet, …) after this many, so that the command's memory does
# not grow with the number of documents.
ROW_GROUPS_PER_FILE = 4
PENDING = ".pending"  # hidden: not a table folder
# A pending stream is written a few small pieces per column a record batch; this buffer
# gathers them. Every year and table of a run keeps one open: 8 KB each where 64 KB cost
# ~23 MB at 12 years (measured), for no measurable gain in speed.
PENDING_BUFFER_BYTES = 1 << 13


def is_partitioned(schema: TableSchema) -> bool:
    """A table of documents' rows; `extract_errors` (files that gave no document) is not."""
    return schema.name != "extract_errors" and any(c.name == "doc_id" for c in schema.columns)


def partition_folder(year: int | None) -> str:
    return f"{PARTITION_KEY}={NULL_PARTITION if year is None else year}"


def part_name(number: int) -> str:
    return f"part-{number}.parquet"


FILE_NAME = part_name(0)  # the file of a table that is not partitioned, and a year's first


def year_parts(folder: Path) -> list[Path]:
    """A year's files of one table, in the order of their rows (part-10 after part-9)."""
    return sorted(folder.glob("part-*.parquet"), key=lambda path: int(path.stem.split("-")[1]))


def _write_row_group(writer: pq.ParquetWriter, table: pa.Table) -> None:
    writer.write_table(table.combine_chunks())  # one contiguous chunk: the bytes do not depend on how rows came


# A document's rows of one table: rows [start, start + length) of a bigger table (its
# batch's, as a worker sent them, or its year's in a previous run's file).
Rows = tuple[pa.Table, int, int]


class YearWriter:
    """The files of one budget year in a staging folder, by partitioned table (`_Parts`), fed one
    document at a time in input order; every DOCS_PER_ROW_GROUP documents become a row group,
    so that the same documents give the same bytes however the run was put together.

    A document is only noted where its rows are (`add`); `spill` takes the rows noted since
    the last spill out of their sources in one step per table and hands them to the table's
    `_Parts`, so that the sources may go. Copies are paid per table and spill, not per table
    and document."""

    def __init__(self, staging: Path, year: int | None):
        self._pending_folder = staging / PENDING / partition_folder(year)
        self._pending_folder.mkdir(parents=True)
        self._parts = {schema.name: _Parts(staging / schema.name / partition_folder(year),
                                           self._pending_folder / schema.name, _ARROW_SCHEMAS[schema.name])
                       for schema in TABLES if is_partitioned(schema)}
        self._noted: dict[str, list[Rows]] = {}
        self._documents = 0

    def add(self, rows: dict[str, Rows]) -> None:
        """One document's rows, table by table (tables it has no rows in may be missing); the
        sources must stay as they are until the next spill."""
        for name, where in rows.items():
            self._noted.setdefault(name, []).append(where)
        self._documents += 1
        if self._documents % DOCS_PER_ROW_GROUP == 0:
            self.spill()
            for parts in self._parts.values():
                parts.end_row_group()

    def spill(self) -> None:
        """The rows noted since the last spill, to their tables' pending streams: one write per table."""
        for name, noted in self._noted.items():
            self._parts[name].append(_gathered(noted))
        self._noted.clear()

    def close(self) -> None:
        self.spill()
        for parts in self._parts.values():
            parts.close()
        shutil.rmtree(self._pending_folder)
        with suppress(OSError):  # the last year closed takes PENDING away: it must not be swapped in
            self._pending_folder.parent.rmdir()


class _Parts:
    """One table's files of a year: part-0.parquet, then a new part after every
    ROW_GROUPS_PER_FILE row groups (no empty last part; the first is always there).

    A part's rows wait on disk (an Arrow stream in the staging folder's hidden PENDING folder)
    rather than in memory, and the part is written whole once its row groups are complete:
    a corpus spread over many years has a part in the making for every year and table at
    once, and an open Parquet writer holds ~130 KB (measured) where a pending stream holds
    its buffer. Row groups end where a spill ends (`YearWriter.add`), so they are read back
    batch by batch."""

    def __init__(self, folder: Path, pending: Path, schema: pa.Schema):
        folder.mkdir(parents=True)
        self._folder = folder
        self._pending = pending
        self._schema = schema
        self._stream: tuple[pa.ipc.RecordBatchStreamWriter, pa.NativeFile] | None = None
        self._groups: list[int] = []  # rows of each complete row group in the pending stream
        self._group_rows = 0  # rows of the row group in the making
        self._parts = 0

    def append(self, table: pa.Table) -> None:
        if self._stream is None:
            sink = pa.output_stream(self._pending, buffer_size=PENDING_BUFFER_BYTES)
            self._stream = pa.ipc.new_stream(sink, self._schema), sink
        self._stream[0].write_table(table)
        self._group_rows += table.num_rows

    def end_row_group(self) -> None:
        if self._group_rows:
            self._groups.append(self._group_rows)
            self._group_rows = 0
            if len(self._groups) == ROW_GROUPS_PER_FILE:
                self._write_part()

    def close(self) -> None:
        self.end_row_group()
        if self._groups or not self._parts:
            self._write_part()

    def _write_part(self) -> None:
        with pq.ParquetWriter(self._folder / part_name(self._parts), self._schema, compression="zstd") as writer:
            if self._stream is not None:
                stream, sink = self._stream
                stream.close()
                sink.close()
                with pa.input_stream(self._pending) as source:
                    reader = pa.ipc.open_stream(source)
                    for rows in self._groups:
                        _write_row_group(writer, _next_rows(reader, rows))
                os.remove(self._pending)
        self._parts += 1
        self._stream, self._groups = None, []


def _next_rows(reader: pa.ipc.RecordBatchStreamReader, rows: int) -> pa.Table:
    """The next `rows` rows of a pending stream, whose batches end where its row groups do."""
    batches = []
    while rows > 0:
        batches.append(reader.read_next_batch())
        rows -= batches[-1].num_rows
    if rows:
        raise RuntimeError("a pending stream's batches straddle a row group")
    return pa.Table.from_batches(batches, reader.schema)


def _gathered(noted: list[Rows]) -> pa.Table:
    """Documents' rows, in order, taken out of their sources in one step per source: a slice
    when they follow each other (a batch's documents of a year: workers pack rows year by
    year), else a take (documents of a previous run's year with changed ones between them)."""
    parts = []
    for _, group in groupby(noted, key=lambda rows: id(rows[0])):
        source, first, _ = (group := list(group))[0]
        ranges = [(start, length) for _, start, length in group]
        if all(start + length == following for (start, length), (following, _) in zip(ranges, ranges[1:])):
            parts.append(source.slice(first, sum(length for _, length in ranges)))
        else:
            parts.append(source.take(np.concatenate([np.arange(start, start + length) for start, length in ranges])))
    return pa.concat_tables(parts)


def write_flat(staging: Path, schema: TableSchema, table: pa.Table) -> None:
    """A table that is not partitioned, in one file."""
    folder = staging / schema.name
    folder.mkdir(parents=True)
    pq.write_table(table.combine_chunks(), folder / FILE_NAME, compression="zstd")


def link_year(previous: Path, staging: Path, year: int | None) -> None:
    """A year whose documents did not change: its files of the previous run, hard-linked
    (no copy, no rewrite) into the staging folder."""
    for schema in TABLES:
        if is_partitioned(schema):
            folder = staging / schema.name / partition_folder(year)
            folder.mkdir(parents=True)
            for path in year_parts(previous / schema.name / partition_folder(year)):
                os.link(path, folder / path.name)


def new_staging(out_dir: Path) -> Path:
    """An empty staging folder beside out_dir (staging folders of killed runs removed first)."""
    out_dir = Path(os.path.abspath(out_dir))
    check_replaceable(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned_staging(out_dir)
    staging = _staging(out_dir, os.getpid())
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    return staging


def swap_in(staging: Path, out_dir: Path) -> None:
    """The staging folder becomes out_dir in one step, so that a reader, or a run killed at
    any point, sees either the previous run's tables or this run's, never a mix."""
    out_dir = Path(os.path.abspath(out_dir))
    _carry_hidden_files(out_dir, staging)
    _swap_in(staging, out_dir)
    shutil.rmtree(staging, ignore_errors=True)  # after the swap it holds the previous run


def _carry_hidden_files(out_dir: Path, staging: Path) -> None:
    # a hidden file such as .gitkeep keeps the empty data/parquet/ in git: it stays with the folder
    if out_dir.is_dir():
        for path in out_dir.iterdir():
            if path.name.startswith(".") and path.is_file():
                shutil.copy2(path, staging / path.name)


def _staging(out_dir: Path, pid: int) -> Path:
    return out_dir.with_name(f".{out_dir.name}.staging-{pid}")


def check_replaceable(out_dir: Path) -> None:
    """Only a folder of Parquet table folders (what a previous run wrote) is replaced:
    `--out ~` must not swap a home folder away."""
    if not out_dir.exists():
        return
    if not out_dir.is_dir():
        raise ForeignFolder(f"{out_dir} is a file, not an output folder")
    foreign = sorted(p.name for p in out_dir.iterdir() if not p.name.startswith(".")
                     and (not p.is_dir() or not all(map(_written, p.iterdir()))))
    if foreign:
        raise ForeignFolder(f"{out_dir} holds what budget extract did not write ({', '.join(foreign[:3])}); "
                            "give a new or empty folder")


def _written(path: Path) -> bool:
    """A Parquet file, or a partition folder of Parquet files."""
    if path.is_dir():
        return path.name.startswith(f"{PARTITION_KEY}=") and all(f.name.endswith(".parquet") for f in path.iterdir())
    return path.name.endswith(".parquet")


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
