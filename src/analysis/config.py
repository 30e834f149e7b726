"""Paths of the workspace, in one place."""
from __future__ import annotations

import os
from pathlib import Path

ROOT_ENV = "BUDGET_ROOT"  # another project folder (its data/, data/budget.duckdb …), e.g. for tests
ROOT = Path(os.environ.get(ROOT_ENV, Path(__file__).resolve().parents[2]))
DATA = ROOT / "data"
RAW = DATA / "raw"
PARQUET = DATA / "parquet"
DOCS = ROOT / "docs"
CATALOGUE = DATA / "budget.duckdb"
NOTEBOOKS = ROOT / "notebooks"
REPORTS = ROOT / "reports"
