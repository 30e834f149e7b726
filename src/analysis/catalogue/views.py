"""The SQL of the catalogue: src/analysis/catalogue/sql/, one file per view.

Layer 1 is one view per contract table (10_contract_table.sql, applied to every table of
schema.py). Layer 2 are the analytical views, one file each, run in file order; they are
materialised (CREATE TABLE … AS) when `budget build` runs, because reading them straight
from the Parquet of 10,000 documents takes about a second, a stored table milliseconds.
Each file starts with a comment saying what a row is; `-- column: meaning` lines of that
comment describe columns.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from string import Template

CONTRACT_VIEW = "10_contract_table.sql"
_COLUMN_NOTE = re.compile(r"^(\w+): (.+)$")


@dataclass(frozen=True)
class ViewFile:
    name: str  # view name
    kind: str  # `VIEW` or `TABLE` (materialised)
    sql: str  # the statement, header included
    description: str  # the header comment without its column notes
    column_notes: dict[str, str]  # `-- column: meaning` lines of the header


def parse_view_file(text: str) -> ViewFile:
    """A view's SQL with what its leading comment says."""
    header = []
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        header.append(line[2:].strip())
    kind, name = re.search(r"CREATE OR REPLACE (VIEW|TABLE) (\w+)", text).groups()
    notes = {m.group(1): m.group(2) for line in header if (m := _COLUMN_NOTE.match(line))}
    description = " ".join(line for line in header if line and not _COLUMN_NOTE.match(line))
    return ViewFile(name, kind, text, description, notes)


def analytical_views() -> list[ViewFile]:
    """Layer 2, in file order (dependencies first)."""
    files = sorted(f for f in resources.files("analysis.catalogue").joinpath("sql").iterdir()
                   if f.name.endswith(".sql") and f.name != CONTRACT_VIEW)
    return [parse_view_file(f.read_text("utf-8")) for f in files]


def contract_view_sql(table_name: str, row: str, parquet: str) -> str:
    template = resources.files("analysis.catalogue").joinpath(f"sql/{CONTRACT_VIEW}").read_text("utf-8")
    return Template(template).substitute(table_name=table_name, row=row, parquet=parquet)
