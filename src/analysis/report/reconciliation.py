"""The reconciliation report printed after an extraction: per document, what was
found and which identities hold, then every mismatch with its source lines."""
from __future__ import annotations

from pathlib import Path

PER_DOCUMENT = """
SELECT d.source_name, coalesce(d.department_name, '?') AS department, d.budget_year, d.amount_unit,
       d.standard_tables,
       count(c.status) FILTER (WHERE c.status = 'ok') AS ok,
       count(c.status) FILTER (WHERE c.status = 'rounding') AS rounding,
       count(c.status) FILTER (WHERE c.status = 'mismatch') AS mismatch,
       count(c.status) FILTER (WHERE c.status = 'not_checked') AS not_checked
FROM read_parquet('{out}/documents/**/*.parquet') d
LEFT JOIN (SELECT doc_id, status FROM read_parquet('{out}/checks/**/*.parquet')
           UNION ALL SELECT doc_id, status FROM read_parquet('{out}/checks_not_run/**/*.parquet')) c USING (doc_id)
GROUP BY ALL ORDER BY d.source_name
"""
MISMATCHES = """
SELECT d.source_name, c.check_id, c.detail, c.expected_wan, c.actual_wan, c.source_lines
FROM read_parquet('{out}/checks/**/*.parquet') c
JOIN read_parquet('{out}/documents/**/*.parquet') d USING (doc_id)
WHERE c.status = 'mismatch' ORDER BY d.source_name, c.source_line
"""
ERRORS = "SELECT source_file, error FROM read_parquet('{out}/extract_errors/**/*.parquet') ORDER BY source_file"


def report(out: Path, limit: int = 30) -> str:
    import duckdb  # only this report needs it; `budget extract` starts faster without

    con = duckdb.connect()
    lines = ["document | department | year | unit | standard tables | checks ok / rounding / mismatch / not checked"]
    for name, dept, year, unit, found, *counts in con.execute(PER_DOCUMENT.format(out=out)).fetchall():
        lines.append(f"{name} | {dept} | {year} | {unit} | {found}/9 | {' / '.join(map(str, counts))}")
    mismatches = con.execute(MISMATCHES.format(out=out)).fetchall()
    if mismatches:
        lines.append(f"\nmismatches ({len(mismatches)}):")
        for name, check_id, detail, expected, actual, where in mismatches[:limit]:
            figures = f": printed {expected.normalize()} vs {actual.normalize()}" if expected is not None else ""
            lines.append(f"  {name} {check_id}: {detail}{figures} (lines {where})")
        if len(mismatches) > limit:
            lines.append(f"  … {len(mismatches) - limit} more: SELECT * FROM checks WHERE status = 'mismatch'")
    errors = con.execute(ERRORS.format(out=out)).fetchall()
    if errors:
        lines.append(f"\nfailed documents ({len(errors)}):")
        lines += [f"  {source}: {error}" for source, error in errors]
    return "\n".join(lines)
