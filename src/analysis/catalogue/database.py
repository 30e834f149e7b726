"""The DuckDB catalogue (data/budget.duckdb): views over the Parquet of `budget extract`.

Layer 1 is one view per contract table, layer 2 the analytical views (views.py reads
their SQL files), materialised when the catalogue is built: they are a snapshot of the
Parquet at that time, and `connect()` warns when the Parquet has changed since. Each
view's header comment becomes its comment and its rows of `data_dictionary`.

Views name their Parquet by a path relative to the project folder (the folder above the
catalogue's own folder), so the catalogue survives moving the project: `connect()` points
DuckDB's `file_search_path` there, and the duckdb CLI started in the project folder
resolves the same paths.
"""
from __future__ import annotations

import hashlib
import os
import warnings
from dataclasses import asdict, fields
from pathlib import Path

import duckdb
import pyarrow as pa

from .. import __version__
from ..config import CATALOGUE, PARQUET
from ..store.schema import TABLES
from .departments import DocumentDepartment, document_department
from .views import ViewFile, analytical_views, contract_view_sql


def project_root(db_path: Path) -> Path:
    """The folder view paths are relative to: the one holding the catalogue's folder."""
    return db_path.resolve().parent.parent


def department_keys(documents: list[tuple[str, str | None, str | None, str]]) -> pa.Table:
    """One row per (doc_id, department_name, province_zh, source_name): its department key,
    the name it is shown by, its place and type (departments.document_department)."""
    rows = [{"doc_id": doc_id, **asdict(document_department(doc_id, *rest))} for doc_id, *rest in documents]
    flags = {f.name for f in fields(DocumentDepartment) if f.type.startswith("bool")}
    schema = pa.schema([("doc_id", pa.string())] + [(f.name, pa.bool_() if f.name in flags else pa.string())
                                                    for f in fields(DocumentDepartment)])
    return pa.Table.from_pylist(rows, schema=schema)


def build(parquet_dir: Path = PARQUET, db_path: Path = CATALOGUE) -> Path:
    """(Re)create the catalogue at db_path over parquet_dir, atomically: it is built in a
    temporary file beside it and renamed over the old one, so readers never see half of it."""
    if not (parquet_dir / "documents").is_dir():
        raise FileNotFoundError(f"{parquet_dir}: no Parquet tables; run `budget extract PATH --out {parquet_dir}` first")
    db_path = db_path.resolve()
    root = project_root(db_path)
    parquet = Path(os.path.relpath(parquet_dir.resolve(), root)).as_posix()
    db_path.parent.mkdir(parents=True, exist_ok=True)
    staging = db_path.with_name(f".{db_path.name}.{os.getpid()}.building")
    staging.unlink(missing_ok=True)
    con = duckdb.connect(str(staging), config={"file_search_path": str(root)})
    try:
        _create(con, parquet, parquet_fingerprint(parquet_dir))
    except BaseException:
        con.close()
        staging.unlink(missing_ok=True)
        raise
    con.close()
    os.replace(staging, db_path)
    return db_path


_FOOTER_BYTES = 1 << 16


def parquet_fingerprint(parquet_dir: Path) -> str:
    """A digest of the Parquet files' names, sizes and footers (row counts, statistics):
    it changes with their content, not when the folder is copied or moved."""
    digest = hashlib.sha256()
    for path in sorted(parquet_dir.rglob("*.parquet")):
        size = path.stat().st_size
        with open(path, "rb") as fh:
            fh.seek(max(0, size - _FOOTER_BYTES))
            digest.update(f"{path.relative_to(parquet_dir)} {size}\n".encode() + fh.read())
    return digest.hexdigest()[:16]


def _create(con: duckdb.DuckDBPyConnection, parquet: str, fingerprint: str) -> None:
    """Layer 1, the department keys, layer 2, the data dictionary and the build facts."""
    for table in TABLES:
        con.execute(contract_view_sql(table.name, table.row, parquet))
    keys = department_keys(con.execute("SELECT doc_id, department_name, province_zh, source_name FROM documents "
                                       "ORDER BY doc_id").fetchall())
    con.execute("CREATE TABLE department_keys AS SELECT * FROM keys")
    views = analytical_views()
    for view in views:
        con.execute(view.sql)
        con.execute(f"COMMENT ON {view.kind} {view.name} IS {sql_literal(view.description)}")
    names = [t.name for t in TABLES] + [v.name for v in views]
    dictionary = data_dictionary(views, {name: _column_types(con, name) for name in names})
    con.execute("CREATE TABLE data_dictionary AS SELECT * FROM dictionary")
    con.execute("CREATE TABLE build_info (key VARCHAR, value VARCHAR)")
    con.executemany("INSERT INTO build_info VALUES (?, ?)",
                    [("parquet_dir", parquet), ("parquet_fingerprint", fingerprint),
                     ("package_version", __version__)])


def sql_literal(text: str) -> str:
    """A SQL string literal (COMMENT ON takes no parameters)."""
    return "'" + text.replace("'", "''") + "'"


def _column_types(con: duckdb.DuckDBPyConnection, view: str) -> list[tuple[str, str]]:
    return con.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? "
                       "AND schema_name = 'main' AND database_name = current_database() "
                       "ORDER BY column_index", [view]).fetchall()


def data_dictionary(views: list[ViewFile], column_types: dict[str, list[tuple[str, str]]]) -> pa.Table:
    """Rows (table_name, column_name, column_type, description, layer): every column of the
    contract tables, described by schema.py; one row per analytical view (column_name NULL,
    its header comment), then its columns with the notes of its header."""
    rows = []
    contract_docs: dict[str, str] = {}
    for table in TABLES:
        docs = {c.name: c.doc for c in table.columns}
        rows += [(table.name, name, type_, docs.get(name), 1) for name, type_ in column_types[table.name]]
        contract_docs = docs | contract_docs
    for view in views:
        rows.append((view.name, None, None, view.description, 2))
        # a column the header does not describe means what the contract column of its name means
        rows += [(view.name, name, type_, view.column_notes.get(name, contract_docs.get(name)), 2)
                 for name, type_ in column_types[view.name]]
    names = ("table_name", "column_name", "column_type", "description", "layer")
    return pa.table({n: [r[i] for r in rows] for i, n in enumerate(names)},
                    schema=pa.schema([(n, pa.int32() if n == "layer" else pa.string()) for n in names]))


def several_versions(db_path: Path) -> list[str]:
    """One line per department-year that several documents cover, naming the one the
    panel uses (document_departments.is_current)."""
    with connect(db_path) as con:
        found = con.execute("""
            SELECT department_key, budget_year, count(*), string_agg(source_name, ', ' ORDER BY source_name),
                   arg_max(source_name, is_current)
            FROM document_departments WHERE n_versions > 1
            GROUP BY department_key, budget_year ORDER BY department_key, budget_year""").fetchall()
    return [f"{key} {year}: {n} documents ({names}); the panel uses {chosen}" for key, year, n, names, chosen in found]


def catalogue_beside(parquet_dir: Path) -> Path:
    """The catalogue of an extraction: budget.duckdb in the folder holding its Parquet
    folder (data/parquet → data/budget.duckdb), so its views find the Parquet relative to it."""
    return parquet_dir.resolve().parent / "budget.duckdb"


def is_up_to_date(parquet_dir: Path, db_path: Path) -> bool:
    """The catalogue exists and was built over the Parquet of parquet_dir as it is now."""
    if not db_path.exists():
        return False
    with duckdb.connect(str(db_path), read_only=True) as con:
        built = dict(con.execute("SELECT key, value FROM build_info").fetchall())
    return ((project_root(db_path) / built["parquet_dir"]).resolve() == parquet_dir.resolve()
            and parquet_fingerprint(parquet_dir) == built["parquet_fingerprint"])


def connect(path: Path | None = None, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """A connection to the catalogue whose views resolve from any working directory."""
    path = Path(path or CATALOGUE)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no catalogue; run `budget build` first")
    root = project_root(path)
    con = duckdb.connect(str(path), read_only=read_only, config={"file_search_path": str(root)})
    built = dict(con.execute("SELECT key, value FROM build_info").fetchall())
    if parquet_fingerprint(root / built["parquet_dir"]) != built["parquet_fingerprint"]:
        warnings.warn(f"{root / built['parquet_dir']} changed after {path} was built: the analytical views "
                      "show the earlier extraction; run `budget build`", stacklevel=2)
    return con
