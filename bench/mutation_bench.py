"""One-digit mutation benchmark: how many changed figures the checks catch, per source of documents.

Every printed amount cell of the standard tables is changed on its own: one of its digits
replaced by another (seeded), in the reader's rows of the document, so PDFs and text
renderings are changed the same way (`tests/mutations.py`: `change_cell`). The mutated rows
are extracted again and the change classed as `verdict` there does:
  mismatch  a check reports a mismatch it did not before (or another difference), or the
            extraction fails: caught;
  rounding  only a `rounding` status shows it: a change within the allowance;
  unseen    no check shows it: a figure checked by nothing.
Sources: the sample renderings of data/raw/; a generated corpus (`budget corpus`); and, when
they exist, the real PDFs of ../shared/real-corpus and ../shared/real-pdfs. Each source's
table gives the figures tried and the share caught. Then come the ten commonest (table, column,
check that showed it) among the changes not caught, with an example each, and a baseline: each
unmutated document's mismatches of the table identities and of the text-against-table checks.
A figure is changed where its line (or page) prints it; a figure not found there (`not found
in the rows`), or whose change the extraction does not read back as that figure wherever on
its line it is made (`not read back`: a table printing last year's figures beside this year's
that it does not read), is counted apart, not tried.

    python bench/mutation_bench.py [--documents 20] [--per-document N] [--real-per-document 40]
        [--real-limit N] [--jobs 2] [--seed 8] [--markdown bench/MUTATION_RESULTS.md]
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import re
import shlex
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from mutations import CellMutation, change_cell, figures, records, verdict  # noqa: E402

import analysis  # noqa: E402
from analysis.config import RAW  # noqa: E402
from analysis.store.document_records import (SUPPORTED_SUFFIXES, Extraction, ExtractError,  # noqa: E402
                                             extract_document, read_document)

SHARED = ROOT.parent / "shared"
# the checks that are not identities of the tables: text, projects, indicators, staffing, disclosure
NOT_TABLE_IDENTITY = re.compile(r"^(disclosure|text_|projects?_|indicator_|staffing)")
TEXT_CHECK = re.compile(r"^text_")
MISSES_SHOWN = 10


@dataclass(frozen=True)
class Trial:
    table_id: str
    column_id: str
    place: str  # where the figure is printed: page and line
    printed: str
    mutated: str
    result: str  # mismatch / rounding / unseen
    shown_by: tuple[str, ...]  # the checks that show the change


@dataclass
class DocumentResult:
    name: str
    error: str | None = None  # why the unmutated document was not extracted
    figures: int = 0  # printed amount cells of its standard tables
    table_mismatches: int = 0  # of the unmutated document
    text_mismatches: int = 0
    unlocated: int = 0  # chosen figures not found in the rows
    unread: int = 0  # chosen figures the mutated document reads in no cell of theirs, wherever changed
    trials: list[Trial] = field(default_factory=list)


def chosen(count: int, cap: int | None, rng: random.Random) -> list[int]:
    """The indices of the figures to change: all of them, or `cap` drawn uniformly."""
    return list(range(count)) if not cap or cap >= count else sorted(rng.sample(range(count), cap))


def baseline_mismatches(extraction: Extraction) -> tuple[int, int]:
    """Mismatches of the unmutated document: of the table identities, and of the text against the tables."""
    ids = [c["check_id"] for c in records(extraction, "checks") if c["status"] == "mismatch"]
    return sum(not NOT_TABLE_IDENTITY.match(i) for i in ids), sum(bool(TEXT_CHECK.match(i)) for i in ids)


def place(cell: dict) -> str:
    where = {"p.": cell["source_page"], "line": cell["source_line"]}
    return ", ".join(f"{label} {number}" for label, number in where.items() if number is not None)


def trial(baseline: dict[tuple, tuple], mutation: CellMutation) -> Trial:
    cell = mutation.cell
    return Trial(cell["table_id"], cell["column_id"], place(cell), cell["amount_printed"], mutation.mutated,
                 *verdict(baseline, mutation.after))


def run_document(task: tuple[Path, int | None, int]) -> DocumentResult:
    """Reads one document, extracts it unmutated, then once for each chosen figure changed."""
    path, cap, seed = task
    result = DocumentResult(path.name)
    try:
        doc = read_document(path)
        extraction = extract_document(doc)
    except ExtractError as exc:
        result.error = str(exc)
        return result
    result.table_mismatches, result.text_mismatches = baseline_mismatches(extraction)
    sample = figures(doc, extraction)
    result.figures = len(sample.cells)
    rng = random.Random(f"{seed}:{path.name}")
    for index in chosen(len(sample.cells), cap, rng):
        mutation = change_cell(sample, index, rng)
        if mutation is not None:
            result.trials.append(trial(sample.baseline, mutation))
        elif sample.spots[index]:
            result.unread += 1
        else:
            result.unlocated += 1
    return result


def generated_corpus(out: Path, documents: int, seed: int) -> list[Path]:
    subprocess.run([sys.executable, "-m", "analysis.cli", "corpus", "--documents", str(documents), "--seed", str(seed),
                    "--out", str(out)], check=True, stdout=subprocess.DEVNULL)
    return sorted(out.iterdir())


def pdfs(folder: Path, limit: int | None) -> list[Path]:
    return sorted(folder.glob("*.pdf"))[:limit] if folder.is_dir() else []


def sources(args: argparse.Namespace, tmp: Path) -> dict[str, tuple[list[Path], int | None]]:
    """Source name → its documents and the figures to change in each (None: all)."""
    found = {"samples": (sorted(p for p in RAW.iterdir() if p.suffix.lower() in SUPPORTED_SUFFIXES), args.per_document),
             "generated": (generated_corpus(tmp / "generated", args.documents, args.seed), args.per_document),
             "real-corpus": (pdfs(args.real_corpus, args.real_limit), args.real_per_document),
             "real-pdfs": (pdfs(args.real_pdfs, args.real_limit), args.real_per_document)}
    return {name: source for name, source in found.items() if source[0]}


# ---- the report, as Markdown lines


def share(count: int, total: int) -> str:
    return f"{count} ({count / total:.1%})" if total else "0"


def summary_row(name: str, results: list[DocumentResult], seconds: float) -> str:
    trials = [t for r in results for t in r.trials]
    counts = Counter(t.result for t in trials)
    refused = sum(r.error is not None for r in results)
    return (f"| {name} | {len(results) - refused}{f' ({refused} refused)' if refused else ''} | {len(trials)} "
            f"| {share(counts['mismatch'], len(trials))} | {share(counts['rounding'], len(trials))} "
            f"| {share(counts['unseen'], len(trials))} | {sum(r.unlocated for r in results)} "
            f"| {sum(r.unread for r in results)} | {seconds:.0f} s |")


def summary(ran: dict[str, tuple[list[DocumentResult], float]]) -> list[str]:
    return ["| source | documents | figures tried | caught: mismatch | within allowance: rounding "
            "| checked by nothing: unseen | not found in the rows | not read back | time |",
            "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
            *(summary_row(name, results, seconds) for name, (results, seconds) in ran.items())]


def miss_kind(t: Trial) -> tuple[str, str, str]:
    return t.table_id, t.column_id, ", ".join(t.shown_by) or "— (unseen)"


def misses(name: str, results: list[DocumentResult]) -> list[str]:
    """The commonest (table, column, check that showed it) among the changes not caught, with the first example."""
    missed = [(r.name, t) for r in results for t in r.trials if t.result != "mismatch"]
    if not missed:
        return [f"### {name}: every change caught", ""]
    groups = Counter(miss_kind(t) for _, t in missed)
    examples: dict[tuple, tuple[str, Trial]] = {}
    for file, t in missed:
        examples.setdefault(miss_kind(t), (file, t))
    lines = [f"### {name}: the {min(MISSES_SHOWN, len(groups))} commonest of {len(missed)} changes not caught", "",
             "| table_id | column_id | shown by | changes | example: file, place, printed → mutated |",
             "|---|---|---|--:|---|"]
    for key, count in groups.most_common(MISSES_SHOWN):
        file, t = examples[key]
        lines.append(f"| {' | '.join(key)} | {count} | {file}, {t.place}: {t.printed} → {t.mutated} |")
    return lines + [""]


def baseline(name: str, results: list[DocumentResult]) -> list[str]:
    """Each unmutated document's mismatches: false alarms of the checks, or errors of the document itself."""
    extracted = [r for r in results if r.error is None]
    clean = sum(r.table_mismatches == 0 for r in extracted)
    lines = [f"### {name}: {clean} of {len(extracted)} documents without a table-identity mismatch; "
             f"{sum(r.table_mismatches for r in extracted)} table-identity and "
             f"{sum(r.text_mismatches for r in extracted)} text mismatches in all", "",
             "| document | amount cells | table-identity mismatches | text mismatches |", "|---|--:|--:|--:|"]
    lines += [f"| {r.name} | {r.figures} | {r.table_mismatches} | {r.text_mismatches} |" for r in extracted]
    lines += [f"| {r.name} | refused: {r.error} | | |" for r in results if r.error is not None]
    return lines + [""]


def git(*arguments: str) -> str:
    return subprocess.run(["git", *arguments], cwd=ROOT, capture_output=True, text=True).stdout.strip()


def revision() -> str:
    """The commit measured, and whether src/ has changes not committed."""
    changed = " + uncommitted changes in src/" if git("status", "--porcelain", "src") else ""
    return git("rev-parse", "--short", "HEAD") + changed


def header(args: argparse.Namespace, started: datetime, commit: str, seconds: float) -> str:
    """The command, when and on what it ran."""
    command = shlex.join(["python", "bench/mutation_bench.py", *sys.argv[1:]])
    return (f"`{command}` — {started:%Y-%m-%d %H:%M %Z}, {seconds:.0f} s with {args.jobs} jobs; "
            f"commit {commit}; {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"extraction {analysis.EXECUTION}, seed {args.seed}")


def report(header: str, args: argparse.Namespace, ran: dict[str, tuple[list[DocumentResult], float]]) -> str:
    lines = ["# One-digit mutation benchmark", "", header, "",
             "One digit of one printed amount cell of a standard table replaced by another digit, in the "
             "reader's rows, the document extracted again: caught when a check newly reports a mismatch "
             "(or the extraction fails), `rounding` when only a rounding status shows it, `unseen` when "
             "no check does. A figure not found where it was read, or whose change is not read back as "
             "that figure, is counted apart and not tried. Figures per document: "
             f"{args.per_document or 'all'} (samples, generated), {args.real_per_document or 'all'} (real PDFs).", "",
             *summary(ran), "", "## Changes not caught", ""]
    for name, (results, _) in ran.items():
        lines += misses(name, results)
    lines += ["## Baseline: mismatches of the unmutated documents", "",
              "Table identities: every check but `disclosure_*`, `text_*`, `project(s)_*`, `indicator_*`, "
              "`staffing_*`; text: `text_*`.", ""]
    for name, (results, _) in ran.items():
        lines += baseline(name, results)
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=20, help="documents of the generated corpus")
    parser.add_argument("--per-document", type=int, help="figures changed per sample or generated document "
                        "(drawn uniformly; default and 0: all)")
    parser.add_argument("--real-per-document", type=int, default=40, help="figures changed per real PDF (0: all)")
    parser.add_argument("--real-limit", type=int, help="only the first N PDFs of each real folder (default all)")
    parser.add_argument("--real-corpus", type=Path, default=SHARED / "real-corpus")
    parser.add_argument("--real-pdfs", type=Path, default=SHARED / "real-pdfs")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--markdown", type=Path, help="also write the report into this file")
    args = parser.parse_args()
    started, commit, start = datetime.now().astimezone(), revision(), time.perf_counter()
    ran: dict[str, tuple[list[DocumentResult], float]] = {}
    with tempfile.TemporaryDirectory() as tmp, Pool(args.jobs) as pool:
        for name, (paths, cap) in sources(args, Path(tmp)).items():
            began = time.perf_counter()
            results = pool.map(run_document, [(path, cap, args.seed) for path in paths], chunksize=1)
            ran[name] = (results, time.perf_counter() - began)
            print(f"{name}: {len(paths)} documents, {time.perf_counter() - began:.0f} s", file=sys.stderr)
    text = report(header(args, started, commit, time.perf_counter() - start), args, ran)
    print(text)
    if args.markdown:
        args.markdown.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
