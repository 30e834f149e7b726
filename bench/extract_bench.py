"""Benchmark `budget extract` over data/raw copied N times.

Each copy gets a distinct trailing line so that its SHA-256 differs (identical
files would be skipped as duplicates). Runs one process, then `--jobs` (all
cores by default), and prints documents per second (overall and per process)
and the peak resident memory of the single-process run; writes nothing into
the project. The copies share their labels and amounts, so caches help more here
than on a corpus of different documents.

    python bench/extract_bench.py --copies 50
"""
from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_corpus(raw: Path, target: Path, copies: int) -> int:
    sources = sorted(p for p in raw.rglob("*") if p.suffix in (".txt", ".md"))
    n = 0
    for k in range(copies):
        for src in sources:
            data = src.read_bytes() + f"\n\n基准副本 {k}\n".encode("utf-8")
            (target / f"{src.stem}_{k:05d}{src.suffix}").write_bytes(data)
            n += 1
    return n


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=50)
    parser.add_argument("--raw", type=Path, default=ROOT / "data" / "raw")
    parser.add_argument("--jobs", type=int, default=0, help="worker processes for the parallel run (default: all cores)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        n = make_corpus(args.raw, corpus, args.copies)
        size_mb = sum(p.stat().st_size for p in corpus.iterdir()) / 1e6
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
        print(f"documents: {n} ({size_mb:.1f} MB of text renderings)")
        for jobs in sorted({1, args.jobs or os.cpu_count() or 1}):
            out = Path(tmp) / f"out-{jobs}"  # a new folder each time: into the same one, a run would skip everything
            start = time.perf_counter()
            result = subprocess.run([sys.executable, "-m", "analysis.cli", "extract", str(corpus), "--out", str(out),
                                     "--jobs", str(jobs)], capture_output=True, text=True)
            elapsed = time.perf_counter() - start
            if result.returncode != 0:
                print(result.stderr, file=sys.stderr)
                return result.returncode
            # the largest child so far: the single-process run first, so this is its RSS (per process with N > 1)
            peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(f"budget extract --jobs {jobs} (including start-up and Parquet writing): {elapsed:.2f} s, "
                  f"{n / elapsed:.1f} documents/s, {n / elapsed / jobs:.1f} documents/s per process")
            if jobs == 1:
                print(f"peak RSS of the single-process extract: {peak_mb:.0f} MB")
        parquet_mb = sum(p.stat().st_size for p in out.rglob("*.parquet")) / 1e6
    print(f"Parquet written: {parquet_mb:.1f} MB")
    print(result.stdout.strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
