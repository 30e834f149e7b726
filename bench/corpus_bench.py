"""Pages per second over a folder of real budgets, end to end: `budget extract DIR --out TMP
--jobs N` as a user runs it (start-up, reading, checks, Parquet), for each N given.

Prints, per run, wall-clock pages/s, CPU seconds of the command and its workers, CPU ms per
page and pages/s per core, the load average before and after (the machine may be shared), and
whether the extraction modules ran compiled. With --markdown FILE the same goes into FILE.

    python bench/corpus_bench.py [--pdfs ../shared/real-corpus] [--jobs 1 2] [--markdown bench/CORPUS_RESULTS.md]
"""
from __future__ import annotations

import argparse
import datetime
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2

import analysis

ROOT = Path(__file__).resolve().parents[1]


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(folder: Path, jobs: int) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one `budget extract` over `folder`."""
    with tempfile.TemporaryDirectory() as tmp:
        start, start_cpu = time.perf_counter(), children_cpu()
        subprocess.run([sys.executable, "-m", "analysis.cli", "extract", str(folder), "--out", f"{tmp}/out",
                        "--jobs", str(jobs)], capture_output=True, check=False)
        return time.perf_counter() - start, children_cpu() - start_cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdfs", type=Path, default=ROOT.parent / "shared" / "real-corpus")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args()
    paths = sorted(args.pdfs.glob("*.pdf"))
    if not paths:
        print(f"no PDFs in {args.pdfs}", file=sys.stderr)
        return 1
    pages = sum(len(pypdfium2.PdfDocument(p)) for p in paths)
    lines = [f"`python bench/corpus_bench.py --pdfs {args.pdfs} --jobs {' '.join(map(str, args.jobs))}`, "
             f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; {platform.machine()}, "
             f"{os.cpu_count()} cores, Python {platform.python_version()}, extraction {analysis.EXECUTION}",
             "", f"{len(paths)} PDFs, {pages} pages", "",
             "| --jobs | wall s | pages/s | CPU s | CPU ms/page | pages/s per core (CPU) | load before → after |",
             "|--:|--:|--:|--:|--:|--:|--:|"]
    for jobs in args.jobs:
        before = os.getloadavg()[0]
        wall, cpu = run(args.pdfs, jobs)
        lines.append(f"| {jobs} | {wall:.1f} | {pages / wall:.1f} | {cpu:.1f} | {1000 * cpu / pages:.1f} | "
                     f"{pages / cpu:.1f} | {before:.2f} → {os.getloadavg()[0]:.2f} |")
        print(lines[-1], flush=True)
    text = "\n".join(lines) + "\n"
    print(text)
    if args.markdown:
        args.markdown.write_text("# Real budgets end to end\n\n" + text, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
