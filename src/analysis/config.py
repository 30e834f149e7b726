"""Paths and limits of the workspace, in one place."""
from __future__ import annotations

import os
from pathlib import Path

ROOT_ENV = "BUDGET_ROOT"  # another project folder (its data/, data/budget.duckdb …), e.g. for tests
CATALOGUE_ENV = "BUDGET_CATALOGUE"  # the catalogue the notebooks read (`budget report --db`, `budget lab --db`)
ROOT = Path(os.environ.get(ROOT_ENV, Path(__file__).resolve().parents[2]))
DATA = ROOT / "data"
RAW = DATA / "raw"
PARQUET = DATA / "parquet"
DOCS = ROOT / "docs"
CATALOGUE = Path(os.environ.get(CATALOGUE_ENV, DATA / "budget.duckdb"))
NOTEBOOKS = ROOT / "notebooks"
REPORTS = ROOT / "reports"


def max_document_mb() -> float:
    """Largest input file read, in MB (BUDGET_MAX_DOCUMENT_MB, default 100): budget PDFs run
    to tens of MB, text renderings to a few; anything larger is refused before it is read."""
    return float(os.environ.get("BUDGET_MAX_DOCUMENT_MB", "100"))
