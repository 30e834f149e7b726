"""Paths of the workspace, in one place."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(os.environ.get("BUDGET_ROOT", Path(__file__).resolve().parents[2]))
DATA = ROOT / "data"
RAW = DATA / "raw"
PARQUET = DATA / "parquet"
DOCS = ROOT / "docs"
CATALOGUE = DATA / "budget.duckdb"
NOTEBOOKS = ROOT / "notebooks"
