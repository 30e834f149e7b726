"""`budget sql`: ad-hoc queries over the catalogue that can only read.

DuckDB's own guards do the work, not a parse of the SQL by hand: the catalogue is opened
read-only; DuckDB's parser says what kind each statement is, and only reading kinds run;
file access is limited to the project's data folder (`allowed_directories` with
`enable_external_access` off), so read_csv/read_text/glob elsewhere fail, and so do
INSTALL/LOAD; the configuration is then locked, so no SET or PRAGMA can loosen it.
"""
from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv

from .database import project_root, sql_literal

READING = frozenset({duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN, duckdb.StatementType.PRAGMA})


class Refused(Exception):
    """A statement that would do more than read the catalogue and the data folder."""


def readable_folders(db_path: Path) -> list[Path]:
    """The data folder (the catalogue's own) and the Parquet folder its views read."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        parquet = con.execute("SELECT value FROM build_info WHERE key = 'parquet_dir'").fetchone()[0]
    return sorted({db_path.parent, (project_root(db_path) / parquet).resolve()})


def guarded_connection(db_path: Path) -> duckdb.DuckDBPyConnection:
    folders = ", ".join(sql_literal(f"{folder}/") for folder in readable_folders(db_path))
    con = duckdb.connect(str(db_path), read_only=True)
    # the order matters: directories are allowed while access is still on, then it is
    # switched off, then nothing may be changed back
    con.execute(f"SET allowed_directories = [{folders}]")
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
    return con


def query(sql: str, db_path: Path) -> pa.Table:
    """The result of one reading statement; Refused for anything else."""
    db_path = db_path.resolve()
    if not db_path.exists():
        raise FileNotFoundError(f"{db_path}: no catalogue; run `budget build` first")
    # views name their Parquet relative to the project folder; the access check wants
    # the paths DuckDB resolves from the working directory to fall inside the data folder
    with contextlib.chdir(project_root(db_path)), guarded_connection(db_path) as con:
        statements = con.extract_statements(sql)
        if len(statements) != 1:
            raise Refused(f"one statement at a time, got {len(statements)}")
        kind = statements[0].type
        if kind not in READING:
            raise Refused(f"{kind.name} statements are not allowed: budget sql only reads (SELECT, EXPLAIN, PRAGMA)")
        try:
            return con.sql(sql).to_arrow_table()
        except duckdb.PermissionException as exc:
            raise Refused(f"{first_line(exc)} (budget sql reads files under {db_path.parent}/ only)") from exc


def first_line(exc: Exception) -> str:
    """DuckDB's message without the hints it prints below it."""
    return str(exc).strip().splitlines()[0]


def render(table: pa.Table, fmt: str) -> str:
    """`table` (a readable grid, as DuckDB prints one), `csv`, or `json` (records; amounts
    as strings, so that they stay exact)."""
    if fmt == "csv":
        out = io.BytesIO()
        pyarrow.csv.write_csv(table, out)
        return out.getvalue().decode("utf-8")
    if fmt == "json":
        return json.dumps(table.to_pylist(), ensure_ascii=False, default=str, indent=1) + "\n"
    with duckdb.connect() as con:
        return f"{con.from_arrow(table)}\n"
