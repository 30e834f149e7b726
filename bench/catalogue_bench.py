"""Benchmark the catalogue's views at N documents (default 10,000).

The sample's extraction is multiplied in Parquet: each copy of a sample document gets
its own doc_id, a county of the gazetteer and a budget year (so the panel has many
departments over several years), every other table's rows follow their document. Then
`budget build` runs on it and every analytical view is read in full; prints the build
time and the median of 5 reads per view (all rows, as an Arrow table). Writes nothing into
the project.

    python bench/catalogue_bench.py --documents 10000
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import duckdb
import pyarrow as pa

from analysis.catalogue.database import build, connect
from analysis.catalogue.views import analytical_views
from analysis.cli import main as budget
from analysis.extract.metadata import gazetteer
from analysis.store.schema import TABLES

ROOT = Path(__file__).resolve().parents[1]
YEARS = 5


def multiply(sample: Path, out: Path, documents: int) -> None:
    con = duckdb.connect()
    counties = pa.table({"county": [p.name for p in gazetteer() if p.level == "county"]})
    con.register("counties", counties)
    con.execute(f"""CREATE TABLE copy AS
        WITH sample AS (SELECT doc_id, row_number() OVER (ORDER BY doc_id) - 1 AS j,
                               count(*) OVER () AS n FROM read_parquet('{sample}/documents/*.parquet'))
        SELECT s.doc_id AS sample_id, s.doc_id || '-' || lpad(c.i::VARCHAR, 6, '0') AS doc_id,
               c.i * s.n + s.j AS k
        FROM sample s, range({documents} // 4 + 1) c(i)
        WHERE c.i * s.n + s.j < {documents}""")
    n_places = max(1, documents // YEARS)
    for table in TABLES:
        (out / table.name).mkdir(parents=True)
        source = f"read_parquet('{sample}/{table.name}/*.parquet')"
        target = f"{out}/{table.name}/part-0.parquet"
        if table.name == "documents":
            select = f"""SELECT t.* REPLACE (c.doc_id AS doc_id,
                             g.county || '医疗保障局' AS department_name,
                             (2021 + c.k // {n_places})::INTEGER AS budget_year)
                         FROM {source} t JOIN copy c ON c.sample_id = t.doc_id
                         JOIN (SELECT county, row_number() OVER () - 1 AS p FROM counties) g
                           ON g.p = (c.k % {n_places}) % (SELECT count(*) FROM counties)"""
        elif "doc_id" in [c.name for c in table.columns] and table.name != "extract_errors":
            select = f"SELECT t.* REPLACE (c.doc_id AS doc_id) FROM {source} t JOIN copy c ON c.sample_id = t.doc_id"
        else:
            select = f"SELECT * FROM {source}"
        con.execute(f"COPY ({select}) TO '{target}' (FORMAT parquet)")


def median_ms(con, sql: str, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        con.sql(sql).to_arrow_table()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sample, data = Path(tmp) / "sample", Path(tmp) / "project" / "data"
        assert budget(["extract", str(ROOT / "data" / "raw"), "--out", str(sample)]) == 0
        multiply(sample, data / "parquet", args.documents)
        start = time.perf_counter()
        build(data / "parquet", data / "budget.duckdb")
        print(f"budget build: {time.perf_counter() - start:.2f} s for {args.documents} documents")
        with connect(data / "budget.duckdb") as con:
            counts = dict(con.execute("SELECT basis, count(*) FROM department_year GROUP BY basis").fetchall())
            print(f"department_year rows: {counts}; departments: "
                  f"{con.execute('SELECT count(*) FROM departments').fetchall()[0][0]}")
            for view in analytical_views():
                print(f"{view.name}: {median_ms(con, f'SELECT * FROM {view.name}'):.1f} ms (median of 5)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
