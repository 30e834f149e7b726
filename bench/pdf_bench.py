"""Benchmark the PDF path: pages per second, in one run, over a folder of PDFs.

Measures, one process each (so the figures are per core):
  (a) bare pdfplumber `extract_tables` on every page;
  (b) bare camelot lattice (`camelot.read_pdf(..., flavor="lattice")`);
  (c) the PDF reader alone (`read_pdf`: tables and the page text around them);
  (d) `extract_file`, the whole extraction of `budget extract` without Parquet
      writing (reader + recognition + normalisation + checks + narrative);
  (e) `budget extract FOLDER --out TMP` as a command (start-up and Parquet included),
and prints the overhead of (c) and (d) over (a). The machine may be shared:
the load average is printed before and after.

    python bench/pdf_bench.py [--pdfs ../shared/real-pdfs] [--skip-camelot]
"""
from __future__ import annotations

import argparse
import io
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pdfplumber

from analysis.extract import ExtractError, extract_file
from analysis.readers.pdf import read_pdf

ROOT = Path(__file__).resolve().parents[1]


def timed(label: str, pages: int, run) -> float:
    start = time.perf_counter()
    run()
    elapsed = time.perf_counter() - start
    print(f"{label:<52} {elapsed:7.2f} s  {pages / elapsed:6.1f} pages/s  {1000 * elapsed / pages:6.1f} ms/page")
    return elapsed


def bare_pdfplumber(files: list[bytes]) -> None:
    for data in files:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                page.extract_tables()


def bare_camelot(files: list[bytes]) -> None:
    import camelot

    for data in files:
        camelot.read_pdf(io.BytesIO(data), pages="all", flavor="lattice")


def reader(files: list[bytes]) -> None:
    for data in files:
        read_pdf(data)


def whole_extraction(paths: list[Path]) -> None:
    for path in paths:
        try:
            extract_file(path)
        except ExtractError:
            pass  # a PDF without tables still costs its reading


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdfs", type=Path, default=ROOT.parent / "shared" / "real-pdfs")
    parser.add_argument("--skip-camelot", action="store_true", help="leave out (b), the slowest")
    args = parser.parse_args()
    paths = sorted(args.pdfs.glob("*.pdf"))
    if not paths:
        print(f"no PDFs in {args.pdfs}", file=sys.stderr)
        return 1
    files = [p.read_bytes() for p in paths]
    pages = 0
    for data in files:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages += len(pdf.pages)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.2f} (1 min) before")
    print(f"PDFs: {len(paths)} files, {pages} pages, {sum(map(len, files)) / 1e6:.1f} MB in {args.pdfs}")
    raw = timed("(a) bare pdfplumber extract_tables", pages, lambda: bare_pdfplumber(files))
    if not args.skip_camelot:
        timed("(b) bare camelot lattice", pages, lambda: bare_camelot(files))
    read = timed("(c) PDF reader (tables + page text → rows)", pages, lambda: reader(files))
    whole = timed("(d) extract_file (reader + meaning layer)", pages, lambda: whole_extraction(paths))
    with tempfile.TemporaryDirectory() as tmp:
        timed("(e) budget extract (a process: start-up, Parquet)", pages, lambda: subprocess.run(
            [sys.executable, "-m", "analysis.cli", "extract", str(args.pdfs), "--out", tmp],
            capture_output=True, check=False))
    print(f"page text over bare table reading: {100 * (read - raw) / raw:+.0f} %; "
          f"meaning layer over the reader: {100 * (whole - read) / read:+.0f} %; "
          f"whole extraction over bare table reading: {100 * (whole - raw) / raw:+.0f} %")
    print(f"load average {os.getloadavg()[0]:.2f} (1 min) after")
    return 0


if __name__ == "__main__":
    sys.exit(main())
