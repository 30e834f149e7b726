"""`budget report` at scale: a generated corpus of N documents extracted and catalogued, then
the report timed, and the size of each page it writes (targets: under 3 minutes at 10,000
documents on a 2-core machine, pages under 5 MB).

    python bench/report_bench.py [--documents 10000] [--keep DIR]

Prints the time of each step (corpus, extract --jobs 2, build, report), the load average
around the report, and every page's size in MB.
"""
from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import analysis

ROOT = Path(__file__).resolve().parents[1]


def step(label: str, *args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "analysis.cli", *args], check=args[0] != "extract",
                   capture_output=True, cwd=ROOT)
    elapsed = time.perf_counter() - start
    print(f"{label:<40} {elapsed:8.1f} s", flush=True)
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--keep", type=Path, help="a folder to keep the corpus, Parquet and report in")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = args.keep or Path(tmp)
        raw, parquet, reports = project / "raw", project / "data" / "parquet", project / "reports"
        print(f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
              f"extraction {analysis.EXECUTION}; {args.documents:,} generated documents")
        step("budget corpus", "corpus", "--documents", str(args.documents), "--out", str(raw))
        step("budget extract --jobs 2", "extract", str(raw), "--out", str(parquet), "--jobs", "2")
        step("budget build", "build", "--data", str(parquet), "--db", str(project / "data" / "budget.duckdb"))
        before = os.getloadavg()[0]
        elapsed = step("budget report", "report", "--data", str(parquet), "--out", str(reports))
        print(f"report: {elapsed:.1f} s (target < 180 s); load average {before:.2f} → {os.getloadavg()[0]:.2f}")
        for page in sorted(reports.glob("*.html")):
            print(f"  {page.name:<36} {page.stat().st_size / 1e6:6.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
