"""The `budget` command."""
from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path

from .catalogue.dictionary import write_dictionary
from .config import CATALOGUE, CATALOGUE_ENV, DOCS, NOTEBOOKS, PARQUET, RAW, REPORTS
from .extract.readers import DEFAULT_ENGINE, PDF_ENGINES
from .report.reconciliation import report
from .store.document_records import SUPPORTED_SUFFIXES, ExtractError, extract_file
from .store.executors import EXECUTORS, ordered_batches
from .store.incremental import PACKING, document_result, extract_incremental
from .store.parquet_io import ForeignFolder, check_replaceable

# Original formats are listed so that a folder scan reports them instead of
# silently skipping them until their readers exist.
DOCUMENT_SUFFIXES = SUPPORTED_SUFFIXES | {".pdf", ".docx", ".doc"}


def find_documents(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found += sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            found.append(path)
    return found


def _extract_one(path: Path, pdf_engine: str = DEFAULT_ENGINE) -> tuple[str, dict | str]:
    """("ok", incremental.document_result) or ("error", one-line reason);
    never raises, so that a bug in one document cannot cost the others their data."""
    try:
        if not path.is_file():
            raise ExtractError("no such file")
        extraction = extract_file(path, str(path), pdf_engine)
        return "ok", document_result(extraction.doc_id, extraction.tables)
    except ExtractError as exc:
        return "error", str(exc)
    except Exception as exc:
        return "error", f"internal error {type(exc).__name__}: {exc}".replace("\n", " ")


def cmd_extract(args: argparse.Namespace) -> int:
    try:
        check_replaceable(Path(args.out))
    except ForeignFolder as exc:
        print(f"budget extract: --out {exc}", file=sys.stderr)
        return 2
    done = extract_incremental(find_documents(args.paths), Path(args.out), lambda paths: ordered_batches(
        partial(_extract_one, pdf_engine=args.pdf_engine), paths, args.executor, args.jobs, args.scheduler, PACKING))
    for message in done.messages:
        print(f"budget extract: {message}", file=sys.stderr)
    years = ", ".join("no year" if y is None else str(y) for y in done.rewritten_years) or "none"
    print(
        f"budget extract: {done.extracted} documents extracted, {done.unchanged} unchanged, {done.removed} removed, "
        f"{done.failed} failed → {args.out}/ ({'years rewritten: ' + years if done.written else 'nothing changed'}; "
        f"checks of the documents read: {done.checks.get('ok', 0)} ok, {done.checks.get('rounding', 0)} rounding, "
        f"{done.checks.get('mismatch', 0)} mismatch)"
    )
    return 1 if done.failed else 0


def cmd_summary(args: argparse.Namespace) -> int:
    print(report(Path(args.data)))
    return 0


def cmd_dictionary(args: argparse.Namespace) -> int:
    write_dictionary(Path(args.out))
    print(f"budget dictionary: wrote {args.out}")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from .catalogue.database import build, several_versions

    try:
        written = build(Path(args.data), Path(args.db))
    except FileNotFoundError as exc:
        print(f"budget build: {exc}", file=sys.stderr)
        return 1
    for line in several_versions(written):
        print(f"budget build: {line}", file=sys.stderr)
    print(f"budget build: wrote {written} (views over {args.data}/)")
    return 0


def cmd_sql(args: argparse.Namespace) -> int:
    import duckdb
    import pyarrow.parquet as pq

    from .catalogue.readonly_sql import Refused, first_line, query, render

    try:
        table = query(args.query, Path(args.db))
    except Refused as exc:
        print(f"budget sql: refused: {exc}", file=sys.stderr)
        return 2
    except (duckdb.Error, FileNotFoundError) as exc:
        print(f"budget sql: {first_line(exc)}", file=sys.stderr)
        return 1
    if args.out:
        pq.write_table(table, args.out)
        print(f"budget sql: {table.num_rows} rows → {args.out}")
    else:
        sys.stdout.write(render(table, args.format))
    return 0


def catalogue_of(args: argparse.Namespace) -> tuple[Path, Path | None]:
    """The catalogue `--data DIR` / `--db FILE` name (default data/budget.duckdb), and the
    Parquet folder to (re)build it from when it is missing or older than its Parquet:
    `--data`, or data/parquet for the default catalogue; None for a `--db` of its own."""
    from .catalogue.database import catalogue_beside

    data = Path(args.data) if args.data else None
    db = Path(args.db) if args.db else catalogue_beside(data) if data else CATALOGUE
    return db, data or (None if args.db else PARQUET)


def ready_catalogue(command: str, args: argparse.Namespace, dry_run: bool = False) -> Path | None:
    """The catalogue of `args`, built first when it is missing or stale; None (after one
    line on stderr) when it cannot be."""
    from .catalogue.database import is_up_to_date

    db, data = catalogue_of(args)
    if data is not None and not is_up_to_date(data, db):
        if dry_run:
            print(f"budget {command}: would build {db} from {data}/")
        elif cmd_build(argparse.Namespace(data=data, db=db)) != 0:
            return None
    elif not db.exists():
        print(f"budget {command}: {db}: no catalogue; run `budget build --db {db}` first", file=sys.stderr)
        return None
    return db


def cmd_lab(args: argparse.Namespace) -> int:
    import os
    import shlex
    import subprocess

    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={NOTEBOOKS}"]
    db = ready_catalogue("lab", args, args.dry_run)
    if db is None:
        return 1
    if args.dry_run:
        print(f"{CATALOGUE_ENV}={shlex.quote(str(db.resolve()))} {shlex.join(command)}")
        return 0
    return subprocess.call(command, env={**os.environ, CATALOGUE_ENV: str(db.resolve())})


def cmd_corpus(args: argparse.Namespace) -> int:
    from .corpus import generate

    written = generate(find_documents(args.sources), Path(args.out), args.documents, args.seed)
    print(f"budget corpus: {len(written)} generated documents → {args.out}/ (for benchmarks and tests only)")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from .report.notebooks import build_report  # Jupyter machinery only for this command

    db = ready_catalogue("report", args)
    if db is None:
        return 1
    index = build_report(Path(args.notebooks), Path(args.out), db)
    print(f"budget report: open {index.resolve()}")
    return 0


def _catalogue_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", metavar="DIR", help="an extraction (`budget extract --out DIR`); its catalogue is "
                   "DIR/../budget.duckdb, built when missing or older than DIR (default data/parquet)")
    p.add_argument("--db", metavar="FILE", help=f"the catalogue to read (default {CATALOGUE.name} beside --data, "
                   "else data/budget.duckdb)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="budget", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="extract documents into Parquet tables")
    p.add_argument("paths", nargs="+", metavar="PATH", help="document file or folder (searched recursively)")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder (one sub-folder per table)")
    p.add_argument("--jobs", type=int, default=1, metavar="N",
                   help="worker processes (default 1); the output is the same whatever N")
    p.add_argument("--executor", choices=EXECUTORS, default="process",
                   help="process: local processes (default); dask: a Dask distributed cluster")
    p.add_argument("--scheduler", metavar="tcp://HOST:8786",
                   help="the Dask scheduler (--executor dask); none: a local cluster of --jobs workers")
    p.add_argument("--pdf-engine", choices=PDF_ENGINES, default=DEFAULT_ENGINE,
                   help=f"what reads the ruled tables of a PDF (default {DEFAULT_ENGINE}, the fastest at full accuracy)")
    p.set_defaults(func=cmd_extract)
    p = sub.add_parser("summary", help="print the reconciliation report of an extraction")
    p.add_argument("--data", default=str(PARQUET), metavar="DIR", help="what `budget extract --out` wrote")
    p.set_defaults(func=cmd_summary)
    p = sub.add_parser("dictionary", help="write the data dictionary generated from the schema")
    p.add_argument("--out", default=str(DOCS / "DATA_DICTIONARY.md"), metavar="FILE")
    p.set_defaults(func=cmd_dictionary)
    p = sub.add_parser("build", help="(re)create the DuckDB catalogue: views over the Parquet tables")
    p.add_argument("--data", default=str(PARQUET), metavar="DIR", help="what `budget extract --out` wrote")
    p.add_argument("--db", default=str(CATALOGUE), metavar="FILE", help="catalogue file to write")
    p.set_defaults(func=cmd_build)
    p = sub.add_parser("sql", help="run one read-only SQL query over the catalogue")
    p.add_argument("query", metavar="SQL", help='e.g. "SELECT * FROM department_year"')
    p.add_argument("--db", default=str(CATALOGUE), metavar="FILE", help="catalogue to query")
    shape = p.add_mutually_exclusive_group()
    shape.add_argument("--csv", dest="format", action="store_const", const="csv", help="print CSV")
    shape.add_argument("--json", dest="format", action="store_const", const="json", help="print JSON records")
    shape.add_argument("--out", metavar="FILE.parquet", help="write the result as Parquet")
    p.set_defaults(func=cmd_sql, format="table")
    p = sub.add_parser("lab", help="open JupyterLab in notebooks/ over a catalogue, building it first when missing or stale")
    p.add_argument("--dry-run", action="store_true", help="print the command instead of starting JupyterLab")
    _catalogue_options(p)
    p.set_defaults(func=cmd_lab)
    p = sub.add_parser("report", help="execute the notebooks into HTML pages and an index (opens offline)")
    p.add_argument("--out", default=str(REPORTS), metavar="DIR", help="folder of the pages (default reports/)")
    p.add_argument("--notebooks", default=str(NOTEBOOKS), metavar="DIR", help="jupytext notebooks to execute")
    _catalogue_options(p)
    p.set_defaults(func=cmd_report)
    p = sub.add_parser("corpus", help="generate N documents from the sample renderings (benchmarks and tests only)")
    p.add_argument("sources", nargs="*", default=[str(RAW)], metavar="PATH", help="sample renderings (default data/raw)")
    p.add_argument("--documents", type=int, required=True, metavar="N")
    p.add_argument("--seed", type=int, default=0, help="the same seed gives the same bytes")
    p.add_argument("--out", required=True, metavar="DIR")
    p.set_defaults(func=cmd_corpus)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
