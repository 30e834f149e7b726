"""Tables of a report page: the first rows of a ranking, never all of them.

A page lists at most TOP rows (a count of the rest says how many were left out), and a
table of more than a few rows is folded into <details>, so that a page stays readable at
10,000 documents. A missing value is shown as —, never as None."""
from __future__ import annotations

import html
from decimal import Decimal

import polars as pl

TOP = 15
FOLD_ABOVE = 8  # rows shown open; a longer table is folded


# columns whose numbers name something (a year, a page) rather than count it: printed without separators
_IDENTIFIER_COLUMNS = ("year", "page", "line")


def cell(value, column: str = "") -> str:
    if value is None or value != value:  # NaN is the one value unequal to itself
        return "—"
    if column.endswith(_IDENTIFIER_COLUMNS) and isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def top_rows(frame: pl.DataFrame, columns: dict[str, str], summary: str, n: int = TOP) -> str:
    """HTML of the first `n` rows of `frame`, `columns` (name → heading) in that order,
    with "and N more" below; folded under `summary` when longer than FOLD_ABOVE rows."""
    if frame.is_empty():
        return ""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in columns.values())
    body = "".join(
        "<tr>" + "".join(
            f'<td class="number">{html.escape(cell(v, name))}</td>' if isinstance(v, (int, float, Decimal))
            and not isinstance(v, bool) else f"<td>{html.escape(cell(v, name))}</td>"
            for name, v in zip(columns, row)) + "</tr>"
        for row in frame.select(list(columns)).head(n).iter_rows())
    more = f"<p>and {frame.height - n:,} more</p>" if frame.height > n else ""
    table = f'<table class="findings"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}'
    if min(n, frame.height) <= FOLD_ABOVE:
        return f"<p><b>{html.escape(summary)}</b></p>{table}"
    return f"<details><summary>{html.escape(summary)} ({min(n, frame.height)} rows)</summary>{table}</details>"
