"""Incremental extraction: only what changed since the previous run is read and rewritten.

The output folder keeps a manifest (`_manifest/part-0.parquet`: one row per input file, its
SHA-256, doc_id, budget year and outcome). A run hashes its input files and compares:
a file at the same path with the same SHA-256, read by the same extractor (this package's
version and the SHA-256 of the code and vocabulary that read a document), is not read again; a budget year is rewritten only when its documents, in input order, differ from the
previous run's (a file added, changed, removed or moved); every other year's files are
hard-linked from the previous output. The whole run still goes to a staging folder that is
swapped in at once (parquet_io), and a year's rows are always its documents' rows in input
order, so an incremental run writes the bytes a run from scratch writes.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .. import __version__
from .executors import Packing
from .parquet_io import (FILE_NAME, Rows, YearWriter, arrow_table, arrow_without_pandas, decode_rows, encode_rows,
                         is_partitioned, link_year, new_staging, partition_folder, swap_in, write_flat, year_parts)
from .records import Records
from .schema import TABLES

MANIFEST = "_manifest"  # leading underscore: Spark, Trino and hive readers skip it
MANIFEST_SCHEMA = pa.schema([("source_file", pa.string()), ("sha256", pa.string()), ("doc_id", pa.string()),
                             ("budget_year", pa.int32()), ("outcome", pa.string()),
                             ("extractor_version", pa.string())])
EXTRACTED, FAILED, DUPLICATE = "extracted", "failed", "duplicate"
_SCHEMAS = {s.name: s for s in TABLES}
# what reads a document into its rows: an edit to any of these makes every document read again
_EXTRACTOR_SOURCES = ("extract", "checks", "store", "data")


@cache
def extractor_version() -> str:
    """This package's version and a digest of the sources and data that read a document, so
    that a run after an edit of the code or vocabulary does not keep rows the old code read."""
    digest = hashlib.sha256()
    root = resources.files("analysis")
    for folder in _EXTRACTOR_SOURCES:
        for path in sorted(Path(str(root.joinpath(folder))).rglob("*")):
            if path.is_file() and path.suffix in (".py", ".toml", ".csv"):
                digest.update(path.relative_to(str(root)).as_posix().encode() + b"\0" + path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"


@dataclass(frozen=True)
class Entry:
    """One input file in the manifest."""
    source_file: str
    sha256: str | None  # None: the file could not be read
    doc_id: str | None
    budget_year: int | None
    outcome: str
    extractor_version: str = field(default_factory=extractor_version)


@dataclass
class Outcome:
    """What a run did, for its summary line."""
    extracted: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: int = 0
    rewritten_years: list = field(default_factory=list)
    written: bool = True  # False: nothing changed, the output was left as it was
    messages: list[str] = field(default_factory=list)  # one line per failed or skipped file
    checks: dict[str, int] = field(default_factory=dict)  # statuses of the checks of the documents read


def file_sha256(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


def read_manifest(out_dir: Path) -> list[Entry]:
    path = out_dir / MANIFEST / FILE_NAME
    if not path.is_file():
        return []
    return [Entry(**row) for row in pq.ParquetFile(path).read().to_pylist()]


def manifest_table(entries: list[Entry]) -> pa.Table:
    return pa.table({name: [getattr(e, name) for e in entries] for name in MANIFEST_SCHEMA.names},
                     schema=MANIFEST_SCHEMA)


def years_in_order(entries: list[Entry]) -> dict[int | None, list[tuple[str, str]]]:
    """Budget year → its extracted documents (source_file, sha256) in input order."""
    years: dict[int | None, list[tuple[str, str]]] = {}
    for e in entries:
        if e.outcome == EXTRACTED:
            years.setdefault(e.budget_year, []).append((e.source_file, e.sha256))
    return years


def reusable(previous: list[Entry]) -> dict[tuple[str, str], Entry]:
    """(source_file, sha256) → its entry, for documents the previous run extracted with this version."""
    return {(e.source_file, e.sha256): e for e in previous
            if e.outcome == EXTRACTED and e.extractor_version == extractor_version()}


class PreviousRows:
    """A previous year's rows, per document, read from its files when first asked for."""

    def __init__(self, out_dir: Path, year: int | None):
        self._folder = out_dir
        self._year = year
        self._rows: dict[str, dict[str, Rows]] | None = None

    def of(self, doc_id: str) -> dict[str, Rows]:
        if self._rows is None:
            self._rows = {}
            for schema in TABLES:
                if is_partitioned(schema):
                    table = pa.concat_tables([pq.ParquetFile(path).read() for path in year_parts(
                        self._folder / schema.name / partition_folder(self._year))])
                    for doc, start, length in _runs(table.column("doc_id").to_pylist()):
                        self._rows.setdefault(doc, {})[schema.name] = table, start, length
        return self._rows.get(doc_id, {})


def _runs(values: list) -> Iterator[tuple[object, int, int]]:
    """(value, start, length) of each run of equal values: a document's rows are consecutive."""
    start = 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            yield values[start], start, i - start
            start = i


def document_result(doc_id: str, tables: dict[str, Records]) -> dict:
    """What the reading of one document gives the run: its rows table by table, and what
    the run reports and files it by."""
    checks = tables.get("checks")
    return {"doc_id": doc_id, "budget_year": tables["documents"].column("budget_year")[0],
            "checks": Counter(checks.column("status") if checks else ()), "rows": tables}


def pack_results(results: list[tuple[str, dict | str]]) -> tuple[list, dict[str, bytes]]:
    """A batch of ("ok", document_result) or ("error", reason), as a worker sends it back:
    each table's rows of all the batch's documents become one Arrow message, and each
    document keeps where its rows of each table are (start, count). Arrow's conversion costs
    mostly per column and call, so a batch pays it once where documents one by one paid it
    30 times; the parent takes in a message in microseconds, where rows as Python values
    cost it their unpickling and conversion, row by row.

    The rows are packed year by year (in input order within a year): a year's writer then
    takes the batch's rows of its year as one slice, not document by document."""
    merged: dict[str, Records] = {}
    placed: dict[int, dict[str, tuple[int, int]]] = {}
    documents = [i for i, (status, _) in enumerate(results) if status == "ok"]
    for i in sorted(documents, key=lambda i: _year_order(results[i][1]["budget_year"])):
        placed[i] = {}
        for name, records in results[i][1]["rows"].items():
            if name not in merged:
                merged[name] = Records(name, records.names)
            placed[i][name] = len(merged[name]), len(records)
            merged[name].extend(records)
    sent = [(status, {**result, "rows": placed[i]} if status == "ok" else result)
            for i, (status, result) in enumerate(results)]
    return sent, encode_rows(merged)


def unpack_results(packed: tuple[list, dict[str, bytes]]) -> list[tuple[str, dict | str]]:
    """pack_results undone: each document's rows as where they are in the batch's tables
    (parquet_io.Rows)."""
    sent, encoded = packed
    tables = {name: pa.Table.from_batches([batch]) for name, batch in decode_rows(encoded).items()}
    return [(status, {**result, "rows": {name: (tables[name], start, count)
                                         for name, (start, count) in result["rows"].items()}}
             if status == "ok" else result) for status, result in sent]


PACKING = Packing(pack_results, unpack_results)


ExtractResults = Callable[[list[Path]], Iterator[list[tuple[str, dict | str]]]]


def extract_incremental(paths: list[Path], out_dir: Path, results_of: ExtractResults) -> Outcome:
    """Bring out_dir up to date with `paths`; results_of(paths) gives, batch after batch,
    ("ok", document_result(…) with its rows as unpack_results gives them) or ("error", reason)
    for each path, in order (cli._extract_one through an executor, with PACKING)."""
    arrow_without_pandas()  # before the command's first conversion of Python values
    out_dir = Path(out_dir)
    previous = read_manifest(out_dir)
    reuse = reusable(previous)
    old_years = years_in_order(previous)
    outcome = Outcome()
    hashes = [file_sha256(p) for p in paths]
    first_of: dict[str, str] = {}
    plan: list[tuple[Path, str | None, Entry | None]] = []  # (path, sha256, reused entry or None: to read)
    for path, sha in zip(paths, hashes):
        doc_id = sha[:16] if sha else None
        if doc_id and doc_id in first_of:
            outcome.messages.append(f"{path}: same content as {first_of[doc_id]}, skipped")
            plan.append((path, sha, Entry(str(path), sha, doc_id, None, DUPLICATE)))
            continue
        if doc_id:
            first_of[doc_id] = str(path)
        plan.append((path, sha, reuse.get((str(path), sha))))
    to_read = [path for path, _, entry in plan if entry is None]
    kept = years_in_order([e for _, _, e in plan if e is not None])
    # years that lost, changed or reordered a document; years that gain one are found on the way
    changed = {y for y in old_years if kept.get(y, []) != old_years[y]}
    if not to_read and not changed and (out_dir / MANIFEST).is_dir():
        outcome.unchanged, outcome.written = sum(map(len, kept.values())), False
        return outcome
    staging = new_staging(out_dir)
    writers: dict[int | None, YearWriter] = {}
    deferred: dict[int | None, list[Entry]] = {}  # reused documents of a year not (yet) rewritten
    old_rows: dict[int | None, PreviousRows] = {}

    def spill() -> None:
        for writer in writers.values():
            writer.spill()

    results = _one_by_one(results_of(to_read), spill)
    entries, errors = [], []

    def writer_of(year: int | None) -> YearWriter:
        if year not in writers:
            writers[year] = YearWriter(staging, year)
            for entry in deferred.pop(year, []):
                writers[year].add(old_rows.setdefault(year, PreviousRows(out_dir, year)).of(entry.doc_id))
        return writers[year]

    for year in sorted(changed, key=_year_order):
        writer_of(year)
    for path, sha, entry in plan:
        if entry is not None:
            entries.append(entry)
            if entry.outcome != EXTRACTED:
                continue
            outcome.unchanged += 1
            if entry.budget_year in writers:
                writers[entry.budget_year].add(old_rows.setdefault(entry.budget_year, PreviousRows(
                    out_dir, entry.budget_year)).of(entry.doc_id))
            else:
                deferred.setdefault(entry.budget_year, []).append(entry)
            continue
        status, result = next(results)
        if status == "error":
            outcome.failed += 1
            outcome.messages.append(f"{path}: {result}")
            errors.append({"source_file": str(path), "doc_id": None, "error": result})
            entries.append(Entry(str(path), sha, None, None, FAILED))
            continue
        year = result["budget_year"]
        outcome.extracted += 1
        for status, count in result["checks"].items():
            outcome.checks[status] = outcome.checks.get(status, 0) + count
        writer_of(year).add(result["rows"])
        entries.append(Entry(str(path), sha, result["doc_id"], year, EXTRACTED))
    if not writers and not deferred:
        writer_of(None)  # no document at all: every table still gets its (empty) file
    for writer in writers.values():
        writer.close()
    for year in deferred:
        link_year(out_dir, staging, year)
    write_flat(staging, _SCHEMAS["extract_errors"], arrow_table(_SCHEMAS["extract_errors"], errors))
    (staging / MANIFEST).mkdir()
    pq.write_table(manifest_table(entries), staging / MANIFEST / FILE_NAME, compression="zstd")
    swap_in(staging, out_dir)
    outcome.removed = len({e.source_file for e in previous if e.outcome == EXTRACTED} - {str(p) for p in paths})
    outcome.rewritten_years = sorted(writers, key=_year_order)
    return outcome


def _one_by_one(batches: Iterator[list], spill: Callable[[], object]) -> Iterator:
    """The results of batch after batch; spill() once a batch's are taken, before the next
    batch comes: the year writers then hold no rows of it and it may go."""
    for batch in batches:
        yield from batch
        spill()


def _year_order(year: int | None) -> int:
    return -1 if year is None else year
