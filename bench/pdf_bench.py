"""Benchmark the PDF path: pages per second, in one run, over a folder of PDFs.

Measures, one process each (so the figures are per core), wall-clock and CPU time
(time.process_time, which the load of a shared machine distorts less):
  (p) the bare pdfium page model (`pdfium_pages.read_pages`: tables and text lines);
  (a) bare pdfplumber `extract_tables` on every page;
  (b) bare camelot lattice (`camelot.read_pdf(..., flavor="lattice")`);
  (c) the PDF reader alone (`read_pdf` with the default engine: tables and the page
      text around them, as rows);
  (d) `extract_file`, the whole extraction of `budget extract` without Parquet
      writing (reader + recognition + normalisation + checks + narrative);
  (e) `budget extract FOLDER --out TMP` as a command (start-up and Parquet included),
and prints the overhead of (c) and (d) over the default engine's bare page reading
((p) for pdfium, (a) for pdfplumber). The machine may be shared: the load average is
printed before and after.

    python bench/pdf_bench.py [--pdfs ../shared/real-pdfs] [--skip-camelot]
"""
from __future__ import annotations

import argparse
import io
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pdfplumber
import pypdfium2

from analysis.extract.readers import DEFAULT_ENGINE, pdfium_pages
from analysis.extract.readers.pdf import read_pdf
from analysis.store.document_records import ExtractError, extract_document, read_document

ROOT = Path(__file__).resolve().parents[1]


def timed(label: str, pages: int, run, cpu=time.process_time) -> float:
    """Runs once; prints wall-clock and CPU figures and returns the CPU seconds."""
    start, start_cpu = time.perf_counter(), cpu()
    run()
    elapsed, used = time.perf_counter() - start, cpu() - start_cpu
    print(f"{label:<52} {elapsed:7.2f} s  {pages / elapsed:6.1f} pages/s  {1000 * elapsed / pages:6.1f} ms/page"
          f"  | CPU {used:7.2f} s  {pages / used:6.1f} pages/s  {1000 * used / pages:6.1f} ms/page")
    return used


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bare_pdfium(files: list[bytes]) -> None:
    for data in files:
        pdfium_pages.read_pages(data)


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


def whole_extraction(paths: list[Path], meaning_cpu: list[float]) -> None:
    """extract_file's two halves, reading the file into rows and the meaning layer
    on those rows, one after the other per file; the meaning layer's CPU seconds
    are added to `meaning_cpu` (timed in the same run, so the load is the same)."""
    for path in paths:
        document = read_document(path)
        start = time.process_time()
        try:
            extract_document(document)
        except ExtractError:
            pass  # a PDF without tables still costs its reading
        meaning_cpu.append(time.process_time() - start)


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
    pages = sum(len(pypdfium2.PdfDocument(data)) for data in files)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.2f} (1 min) before")
    print(f"PDFs: {len(paths)} files, {pages} pages, {sum(map(len, files)) / 1e6:.1f} MB in {args.pdfs}")
    print(f"default engine: {DEFAULT_ENGINE}; wall-clock figures first, then CPU time of the process")
    bare = {"pdfium": timed("(p) bare pdfium page model (tables + text lines)", pages, lambda: bare_pdfium(files)),
            "pdfplumber": timed("(a) bare pdfplumber extract_tables", pages, lambda: bare_pdfplumber(files))}
    if not args.skip_camelot:
        timed("(b) bare camelot lattice", pages, lambda: bare_camelot(files))
    read = timed("(c) PDF reader (tables + page text → rows)", pages, lambda: reader(files))
    meaning_cpu: list[float] = []
    whole = timed("(d) extract_file (reader + meaning layer)", pages, lambda: whole_extraction(paths, meaning_cpu))
    meaning = sum(meaning_cpu)
    with tempfile.TemporaryDirectory() as tmp:
        timed("(e) budget extract (a process: start-up, Parquet)", pages, lambda: subprocess.run(
            [sys.executable, "-m", "analysis.cli", "extract", str(args.pdfs), "--out", tmp],
            capture_output=True, check=False), cpu=children_cpu)
    raw = bare[DEFAULT_ENGINE]
    print(f"CPU time, over the bare {DEFAULT_ENGINE} reading (separate runs): rows (reader) {100 * (read - raw) / raw:+.0f} %; "
          f"whole extraction {100 * (whole - raw) / raw:+.0f} %")
    print(f"meaning layer, timed inside (d): {meaning:.2f} s CPU, {1000 * meaning / pages:.1f} ms/page, "
          f"{100 * meaning / (whole - meaning):+.0f} % over (d)'s own reading")
    print(f"load average {os.getloadavg()[0]:.2f} (1 min) after")
    return 0


if __name__ == "__main__":
    sys.exit(main())
