from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from analysis.store.document_records import extract_file

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
FIXTURES = Path(__file__).parent / "fixtures"
SHARED = ROOT.parent / "shared"
REAL_CORPUS = SHARED / "real-corpus"


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def wan(printed: str, unit: str) -> Decimal | None:
    """Expected amount as printed in the document's unit → 万元 (None for a blank cell)."""
    if printed == "":
        return None
    value = Decimal(printed)
    return value / 10000 if unit == "元" else value


@pytest.fixture(scope="session")
def extract():
    cache: dict[Path, object] = {}

    def run(path: Path):
        if path not in cache:
            cache[path] = extract_file(path, str(path))
        return cache[path]

    return run


def department(rows: list[dict]) -> list[dict]:
    return [r for r in rows if r.get("scope") in (None, "department")]


def compare_with_expected(extraction, folder: Path) -> list[str]:
    """Differences between an extraction and the hand-read CSVs of `folder`."""
    recs = extraction.records
    doc = recs["documents"][0]
    meta = read_csv(folder / "documents.csv")[0]
    unit = meta["amount_unit"]
    problems = []

    def differ(what, got, want):
        if got != want:
            problems.append(f"{what}: got {got!r}, expected {want!r}")

    def same_line(what, got, want):
        # DOCX-derived text puts each cell on its own line: a figure's line may be
        # its own cell's line or its row's first line, depending on who read it
        ok = got == want or doc["layout"] == "docx_text" and got is not None and 0 < got - want <= 30
        if not ok:
            problems.append(f"{what}: got {got!r}, expected {want!r}")

    for key in ("department_name", "department_code", "amount_unit", "province"):
        if meta.get(key):
            differ(key, doc[key], meta[key])
    differ("budget_year", doc["budget_year"], int(meta["budget_year"]))

    totals = {r["item"]: r for r in department(recs.get("totals", []))}
    for row in read_csv(folder / "totals.csv"):
        got = totals.get(row["item"])
        differ(f"totals.{row['item']}", got and got["amount_wan"], wan(row["amount"], unit))
        if got and row["source_line"]:
            same_line(f"totals.{row['item']}.line", got["source_line"], int(row["source_line"]))

    for table, keys, amounts in (
        ("functional_expenditure", ("code", "name"), ("total", "basic", "project")),
        ("economic_basic", ("code", "name"), ("total", "personnel", "public")),
    ):
        got_rows = department(recs.get(table, []))
        want_rows = read_csv(folder / f"{table}.csv")
        differ(f"{table} row count", len(got_rows), len(want_rows))
        for got, want in zip(got_rows, want_rows):
            where = f"{table} line {want['source_line']}"
            for k in keys:
                differ(f"{where} {k}", got[k], want[k] or None)
            if want.get("code_printed"):
                differ(f"{where} code_printed", got["code_printed"], want["code_printed"])
            for a in amounts:
                differ(f"{where} {a}", got[f"{a}_wan"], wan(want[a], unit))
            same_line(f"{where} source_line", got["source_line"], int(want["source_line"]))

    three = {r["item"]: r for r in department(recs.get("three_public", []))}
    for row in read_csv(folder / "three_public.csv"):
        got = three.get(row["item"])
        expected = wan(row["amount"], row.get("unit") or unit)
        differ(f"three_public.{row['item']}", got and got["amount_wan"], expected)

    problems += _compare_performance(recs, folder, differ, same_line)
    problems += _compare_narrative(recs, folder)

    items = department(recs.get("summary_items", []))
    for row in read_csv(folder / "summary_items.csv"):
        if row["amount"] == "":
            continue  # the contract keeps non-blank lines only
        found = [r for r in items if r["side"] == row["side"] and r["name"] == row["name"]
                 and r["amount_wan"] == wan(row["amount"], unit)]
        if not found:
            problems.append(f"summary_items: {row['side']} {row['name']} {row['amount']} not found")
    return problems


def _compare_performance(recs: dict, folder: Path, differ, same_line) -> list[str]:
    if not (folder / "projects.csv").exists():
        return []
    problems = []
    got = recs.get("projects", [])
    want = read_csv(folder / "projects.csv")
    differ("project count", len(got), len(want))
    for g, w in zip(got, want):
        where = f"project {w['project_no']}"
        differ(f"{where} name", g["project_name"], w["project_name"])
        differ(f"{where} code", g["project_code"], w["project_code"] or None)
        differ(f"{where} budget", g["budget_wan"], wan(w["budget"], w["budget_unit"]) if w["budget"] else None)
        differ(f"{where} indicator_count", g["indicator_count"], int(w["indicator_count"]))
        if int(w["source_line"]) not in (g["source_line"], g["name_line"]):
            problems.append(f"{where} line: got {g['source_line']}/{g['name_line']}, expected {w['source_line']}")
    first = [i for i in recs.get("indicators", []) if i["scope"] == "project" and i["project_no"] == 1]
    want = read_csv(folder / "first_project_indicators.csv")
    differ("first project indicator count", len(first), len(want))
    for g, w in zip(first, want):
        for key in ("level1", "level2", "level3", "target_printed"):
            differ(f"indicator line {w['source_line']} {key}", squash_(g[key]), squash_(w[key]))
        same_line(f"indicator line {w['source_line']}", g["source_line"], int(w["source_line"]))
    return problems


def _compare_narrative(recs: dict, folder: Path) -> list[str]:
    if not (folder / "narrative_facts.csv").exists():
        return []
    facts = [f for f in recs.get("narrative_facts", []) if f["scope"] == "department"]
    problems = []
    for w in read_csv(folder / "narrative_facts.csv"):
        candidates = [f for f in facts if f["fact"] == w["fact"] and f["source_line"] == int(w["source_line"])]
        if w["amount"]:
            candidates = [f for f in candidates if f["amount_wan"] == Decimal(w["amount"])]
        if not candidates:
            problems.append(f"narrative {w['fact']} {w['amount']} on line {w['source_line']} not found")
    return problems


def squash_(text):
    return None if text is None else "".join(str(text).split())


@pytest.fixture(scope="session")
def catalogue_project(tmp_path_factory):
    """A project folder with the sample extracted into data/parquet and the catalogue built."""
    from analysis.catalogue.database import build
    from analysis.cli import main

    root = tmp_path_factory.mktemp("project")
    assert main(["extract", str(RAW), "--out", str(root / "data" / "parquet")]) == 0
    build(root / "data" / "parquet", root / "data" / "budget.duckdb")
    return root


@pytest.fixture(scope="session")
def real_corpus_project(tmp_path_factory) -> Path:
    """A project folder whose data/parquet is ../shared/real-corpus extracted as `budget extract
    --jobs 2` does it (103 published PDFs, about 5,200 pages): once for every test that needs it."""
    if not REAL_CORPUS.is_dir():
        pytest.skip(f"{REAL_CORPUS} is not there (../shared absent)")
    from analysis.cli import main
    project = tmp_path_factory.mktemp("real_corpus")
    assert main(["extract", str(REAL_CORPUS), "--out", str(project / "data" / "parquet"), "--jobs", "2"]) in (0, 1)
    return project
