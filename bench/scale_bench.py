"""Scale benchmark: generated corpora of 100, 1,000 and 10,000 documents, end to end.

For each size: `budget corpus`, `budget extract --jobs J` (documents/s, peak RSS of the
command and of its largest worker), a second extract with nothing changed, `budget build`,
the Parquet's size and file count, and every analytical view read in full (median of 5).
Writes bench/RESULTS.md with the machine's description; everything in one run, in a
temporary folder (nothing written into the project but RESULTS.md).

    python bench/scale_bench.py [--sizes 100 1000 10000] [--jobs 2]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

from catalogue_bench import median_ms

import analysis
from analysis.catalogue.database import connect
from analysis.catalogue.views import analytical_views
from analysis.config import RAW

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).with_name("RESULTS.md")
# Runs `budget ARGS...` and prints, last, the peak RSS (MB) and CPU seconds of the command
# and of its children (the largest child's RSS, all children's CPU).
MEASURED_RUN = """
import json, resource, sys
from analysis.cli import main
status = main(sys.argv[1:])
usage = {"": resource.getrusage(resource.RUSAGE_SELF), "child_": resource.getrusage(resource.RUSAGE_CHILDREN)}
print(json.dumps({**{f"{who}rss_mb": u.ru_maxrss / 1024 for who, u in usage.items()},
                  **{f"{who}cpu_s": u.ru_utime + u.ru_stime for who, u in usage.items()}}))
sys.exit(status)
"""


# This machine's speed moves (a shared host): the same pure-Python work took 30 to 98 ms of
# CPU within minutes. A fixed workload that does not use the project's code, of the kinds
# extraction spends its time on (splitting text, dict look-ups, regular expressions, Decimal
# sums), timed before each size and during each extract, tells a slower machine from slower
# code when runs are compared.
_REFERENCE_TEXT = "\n".join(f"{i:07d}\t项目{i % 97}\t{i * 37 % 10007:,}.{i % 100:02d}" for i in range(20_000))
# normalise's amount pattern copied, not imported: the workload must stay the same when the project's code changes
_REFERENCE_AMOUNT = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def reference_ms(repeats: int = 5) -> float:
    """CPU milliseconds of the fixed workload, the fastest of `repeats` runs."""
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        total, names = Decimal(0), {}
        for line in _REFERENCE_TEXT.split("\n"):
            code, name, amount = line.split("\t")
            names[name] = names.get(name, 0) + int(code[-2:])
            if _REFERENCE_AMOUNT.match(amount):
                total += Decimal(amount.replace(",", ""))
        best = min(best, (time.process_time() - start) * 1000)
    return best


SAMPLE_EVERY_S = 5.0  # the reference workload costs ~50 ms: 1 % of a core at this pace


def budget(*args: str, sample: bool = False) -> dict:
    """Runs `budget ARGS`; with `sample`, times the reference workload every few seconds while it
    runs (in this process, idle otherwise): the machine's speed during the command."""
    start = time.perf_counter()
    samples = []
    # output to files, not pipes: nothing reads a pipe while the samples are taken
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen([sys.executable, "-c", MEASURED_RUN, *args], stdout=out, stderr=err, text=True)
        while sample and process.poll() is None:
            try:
                process.wait(SAMPLE_EVERY_S)
            except subprocess.TimeoutExpired:
                samples.append(reference_ms(1))
        process.wait()
        elapsed = time.perf_counter() - start
        out.seek(0), err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode != 0:
        raise SystemExit(f"budget {' '.join(args)} failed:\n{stderr[-2000:]}")
    lines = stdout.strip().splitlines()
    return {"seconds": elapsed, "summary": lines[0], "reference_samples_ms": samples, **json.loads(lines[-1])}


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory_gb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                     if line.startswith("MemTotal")) / 1024 / 1024
    return (f"{cpu}, {os.cpu_count()} cores, {memory_gb:.1f} GB RAM; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()} ({interpreter()}); extraction modules {analysis.EXECUTION}")


def interpreter() -> str:
    """Which build of Python ran: builds differ by a fifth in speed (a source build without
    PGO and LTO, such as pyenv's default, against a distribution's)."""
    return os.path.realpath(getattr(sys, "_base_executable", sys.executable))


# CPU of reading one sample rendering in a fresh process that has read one other template
# first: a template the label caches have not seen (the generated corpus repeats four).
UNSEEN_TEMPLATE = """
import sys, time
from pathlib import Path
from analysis.store.document_records import extract_file
first, other = Path(sys.argv[1]), Path(sys.argv[2])
extract_file(other)
start = time.process_time()
extract_file(first)
print((time.process_time() - start) * 1000)
"""


def unseen_template_ms() -> dict[str, float]:
    samples = sorted(RAW.glob("*.txt"))
    return {path.name: float(subprocess.run(
        [sys.executable, "-c", UNSEEN_TEMPLATE, str(path), str(samples[(i + 1) % len(samples)])],
        check=True, capture_output=True, text=True).stdout) for i, path in enumerate(samples)}


def measure(size: int, jobs: int, tmp: Path) -> dict:
    corpus, data = tmp / f"corpus-{size}", tmp / f"project-{size}" / "data"
    load = os.getloadavg()[0]  # other work on the machine slows every figure below
    reference = reference_ms()
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "analysis.cli", "corpus", "--documents", str(size), "--out", str(corpus)],
                   check=True, capture_output=True)
    generated = time.perf_counter() - start
    parquet = data / "parquet"
    first = budget("extract", str(corpus), "--out", str(parquet), "--jobs", str(jobs), sample=True)
    again = budget("extract", str(corpus), "--out", str(parquet), "--jobs", str(jobs))
    build = budget("build", "--data", str(parquet), "--db", str(data / "budget.duckdb"))
    files = list(parquet.rglob("*.parquet"))
    with connect(data / "budget.duckdb") as con:
        views = {v.name: median_ms(con, f"SELECT * FROM {v.name}") for v in analytical_views()}
    return {"size": size, "load": load, "reference_ms": reference, "generated_s": generated, "extract": first,
            "again": again, "build": build, "parquet_mb": sum(f.stat().st_size for f in files) / 1e6, "parquet_files": len(files), "views": views}


def report(results: list[dict], unseen: dict[str, float], jobs: int, started: str) -> str:
    sizes = [r["size"] for r in results]
    head = "| | " + " | ".join(f"{s:,} documents" for s in sizes) + " |\n|---|" + "---|" * len(sizes) + "\n"

    def row(label: str, cell) -> str:
        return f"| {label} | " + " | ".join(cell(r) for r in results) + " |\n"

    text = (f"# Scale benchmark\n\nMeasured in one run of `python bench/scale_bench.py` ({started}), "
            f"`budget extract --jobs {jobs}` on generated corpora (`budget corpus`, seed 0).\n\n"
            f"Machine: {machine()}.\n\n" + head
            + row("extract: seconds", lambda r: f"{r['extract']['seconds']:.1f}")
            + row("extract: documents/s (all workers)", lambda r: f"{r['size'] / r['extract']['seconds']:.1f}")
            + row("extract: documents/s per worker", lambda r: f"{r['size'] / r['extract']['seconds'] / jobs:.1f}")
            + row("extract: CPU per document, command / all workers (ms)",
                  lambda r: f"{r['extract']['cpu_s'] / r['size'] * 1000:.1f} / "
                            f"{r['extract']['child_cpu_s'] / r['size'] * 1000:.1f}")
            + row("extract: peak RSS, command / largest worker (MB)",
                  lambda r: f"{r['extract']['rss_mb']:.0f} / {r['extract']['child_rss_mb']:.0f}")
            + row("second extract, nothing changed: seconds", lambda r: f"{r['again']['seconds']:.2f}")
            + row("budget build: seconds", lambda r: f"{r['build']['seconds']:.1f}")
            + row("budget build: peak RSS (MB)", lambda r: f"{r['build']['rss_mb']:.0f}")
            + row("extract + build: seconds", lambda r: f"{r['extract']['seconds'] + r['build']['seconds']:.1f}")
            + row("Parquet: MB / files", lambda r: f"{r['parquet_mb']:.1f} / {r['parquet_files']}")
            + row("corpus generation: seconds (not a target)", lambda r: f"{r['generated_s']:.1f}")
            + row("load average (1 min) before the size's runs", lambda r: f"{r['load']:.2f}")
            + row("machine speed: reference workload, CPU ms before / during the extract (lower is faster)",
                  lambda r: f"{r['reference_ms']:.1f} / " + (f"{statistics.median(r['extract']['reference_samples_ms']):.1f}"
                                                           if r['extract']['reference_samples_ms'] else "–")))
    for name in results[0]["views"]:
        text += row(f"view `{name}`: ms (median of 5, all rows)", lambda r, n=name: f"{r['views'][n]:.1f}")
    text += ("\nCPU of one document of a template not seen before (a sample rendering, read in a fresh process "
             "after one other sample; the generated corpora repeat the four samples' labels): "
             + ", ".join(f"{name} {ms:.1f} ms" for name, ms in unseen.items()) + ".\n")
    text += "\nTimes include starting Python (about a second per command). Summary lines of the last size:\n\n"
    last = results[-1]
    text += "".join(f"    {last[k]['summary']}\n" for k in ("extract", "again", "build"))
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1_000, 10_000])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    started = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            results.append(measure(size, args.jobs, Path(tmp)))
            print(json.dumps(results[-1], default=str), flush=True)
    unseen = unseen_template_ms()
    print(json.dumps(unseen), flush=True)
    args.out.write_text(report(results, unseen, args.jobs, started), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
