"""Writing the contract tables as Parquet, atomically and reproducibly."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from .schema import TABLES, TableSchema


def arrow_table(schema: TableSchema, rows: list[dict]) -> pa.Table:
    columns = {c.name: [r.get(c.name) for r in rows] for c in schema.columns}
    return pa.table(columns, schema=schema.arrow())


def write_tables(records: dict[str, list[dict]], out_dir: Path) -> dict[str, int]:
    """Write every table of the schema (empty ones too) under out_dir/<table>/.

    All files are written into a staging folder first and each table folder is
    then swapped in with a rename, so readers never see a half-written file.
    No timestamps are stored: the same input gives byte-identical files.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = out_dir / f".staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    counts = {}
    for schema in TABLES:
        rows = records.get(schema.name, [])
        folder = staging / schema.name
        folder.mkdir(parents=True)
        pq.write_table(arrow_table(schema, rows), folder / "part-0.parquet", compression="zstd")
        counts[schema.name] = len(rows)
    for schema in TABLES:
        target = out_dir / schema.name
        retired = staging / f"retired-{schema.name}"
        if target.exists():
            target.rename(retired)
        (staging / schema.name).rename(target)
    shutil.rmtree(staging)
    return counts
