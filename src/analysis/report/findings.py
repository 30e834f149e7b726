"""What the notebooks ask the catalogue, and the findings they write from the answers.

Queries name only the catalogue's views (analysis.catalogue); each `*_text` function
turns a query result into Markdown, so no figure of a report is typed by hand."""
from __future__ import annotations

from decimal import Decimal

import polars as pl

from ..store.schema import TABLES

WORST_PER_DOCUMENT = 3


def query(con, sql: str, *params) -> pl.DataFrame:
    return con.sql(sql, params=list(params) or None).pl()


def wan(amount: Decimal | None) -> str:
    return "—" if amount is None else f"{amount:,.2f} 万元"


def percent(share: float | None) -> str:
    return "—" if share is None else f"{share:.0%}"


def share_of(part: Decimal | None, whole: Decimal | None, whole_name: str) -> str:
    """` (N% of <whole_name>)`, or nothing where either figure is unknown."""
    return "" if part is None or not whole else f" ({percent(float(part / whole))} of {whole_name})"


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


# --- 00 overview -------------------------------------------------------------------

def loaded_tables(con) -> pl.DataFrame:
    """Rows per contract table."""
    counts = " UNION ALL ".join(
        f"SELECT '{t.name}' AS table_name, '{t.row}' AS one_row_per, count(*) AS n_rows FROM {t.name}"
        for t in TABLES)
    return query(con, counts)


def coverage(con) -> pl.DataFrame:
    return query(con, """
        SELECT department_key, department_name, budget_year, count(*) AS n_documents
        FROM document_departments GROUP BY ALL ORDER BY department_name, budget_year""")


def coverage_text(cov: pl.DataFrame) -> str:
    if cov.is_empty():
        return "No document is loaded."
    per_department = cov.group_by("department_name", maintain_order=True).agg(pl.col("budget_year").sort())
    lines = [f"{r['department_name']}: {', '.join(map(str, r['budget_year']))}"
             for r in per_department.iter_rows(named=True)]
    return (f"{cov['n_documents'].sum()} documents of {per_department.height} departments, "
            f"budget years {cov['budget_year'].min()}–{cov['budget_year'].max()}:\n\n{_bullets(lines)}")


def check_summary(con) -> pl.DataFrame:
    return query(con, "SELECT * FROM check_summary ORDER BY department_name, budget_year")


def check_statuses(summary: pl.DataFrame) -> pl.DataFrame:
    """check_summary in long form: document, status, n_checks."""
    statuses = {"n_ok": "ok", "n_rounding": "rounding", "n_mismatch": "mismatch", "n_not_checked": "not_checked"}
    return (summary.with_columns(document=pl.format("{} {} · {}", "department_name", "budget_year", "source_name"))
            .unpivot(index="document", on=list(statuses), variable_name="status", value_name="n_checks")
            .with_columns(pl.col("status").replace_strict(statuses)))


def check_summary_text(summary: pl.DataFrame) -> str:
    if summary.is_empty():
        return "No checks."
    totals = {c: summary[c].sum() for c in ("n_ok", "n_rounding", "n_mismatch", "n_not_checked")}
    lines = [f"{totals['n_ok']} checks hold, {totals['n_rounding']} within rounding, "
             f"{totals['n_mismatch']} do not add up, {totals['n_not_checked']} could not be run."]
    for r in summary.filter(pl.col("n_mismatch") > 0).sort("n_mismatch", descending=True).iter_rows(named=True):
        lines.append(f"{r['department_name']} {r['budget_year']} ({r['doc_id']}): {r['n_mismatch']} mismatches "
                     f"— {r['mismatch_ids']}")
    return _bullets(lines)


def extract_errors(con) -> pl.DataFrame:
    return query(con, "SELECT source_file, error FROM extract_errors ORDER BY source_file")


def extract_errors_text(errors: pl.DataFrame) -> str:
    if errors.is_empty():
        return "Every document was extracted (`extract_errors` is empty)."
    return f"{errors.height} documents failed:\n\n" + _bullets(
        [f"`{r['source_file']}`: {r['error']}" for r in errors.iter_rows(named=True)])


# --- 01 personnel vs public ----------------------------------------------------------

def printed_panel(con) -> pl.DataFrame:
    """The department-year panel as each year's own tables print it."""
    return query(con, """
        SELECT * FROM department_year WHERE basis = 'printed' ORDER BY department_name, budget_year""")


def personnel_public_long(panel: pl.DataFrame) -> pl.DataFrame:
    kinds = {"personnel_wan": "人员经费", "public_wan": "公用经费"}
    return (panel.unpivot(index=["department_name", "budget_year"], on=list(kinds),
                          variable_name="expense_kind", value_name="amount_wan")
            .with_columns(pl.col("expense_kind").replace_strict(kinds)))


def personnel_text(panel: pl.DataFrame) -> str:
    known = panel.filter(pl.col("personnel_share").is_not_null()).sort("personnel_share", descending=True)
    if known.is_empty():
        return "No document states both 人员经费 and 公用经费."
    lines = [f"{r['department_name']} {r['budget_year']}: 人员经费 {wan(r['personnel_wan'])}, "
             f"公用经费 {wan(r['public_wan'])}, personnel share {percent(r['personnel_share'])}"
             for r in known.iter_rows(named=True)]
    top, bottom = known.row(0, named=True), known.row(-1, named=True)
    head = (f"Personnel share ranges from {percent(bottom['personnel_share'])} ({bottom['department_name']} "
            f"{bottom['budget_year']}) to {percent(top['personnel_share'])} ({top['department_name']} "
            f"{top['budget_year']}).")
    missing = panel.filter(pl.col("personnel_share").is_null())
    tail = [f"{r['department_name']} {r['budget_year']}: personnel or public expenses not found"
            for r in missing.iter_rows(named=True)]
    return head + "\n\n" + _bullets(lines + tail)


def agency_operating_text(panel: pl.DataFrame) -> str:
    lines = []
    for r in panel.iter_rows(named=True):
        if r["agency_operating_wan"] is None:
            lines.append(f"{r['department_name']} {r['budget_year']}: 机关运行经费 not stated")
            continue
        lines.append(f"{r['department_name']} {r['budget_year']}: 机关运行经费 {wan(r['agency_operating_wan'])}"
                     f"{share_of(r['agency_operating_wan'], r['public_wan'], '公用经费')}")
    return _bullets(lines)


# --- 02 insurance subsidy --------------------------------------------------------------

def subsidy_panel(con) -> pl.DataFrame:
    """21012/21013 per department and year, printed and derived."""
    return query(con, """
        SELECT department_key, department_name, budget_year, basis, doc_id,
               insurance_subsidy_wan, medical_assistance_wan, expenditure_total_wan
        FROM department_year ORDER BY department_name, budget_year, basis""")


def subsidy_rows(con) -> pl.DataFrame:
    return query(con, """
        SELECT department_name, budget_year, code, name, level, total_wan, basic_wan, project_wan,
               doc_id, source_line
        FROM insurance_subsidy ORDER BY department_name, budget_year, code""")


def subsidy_shifts(con) -> pl.DataFrame:
    return query(con, "SELECT * FROM subsidy_shifts ORDER BY department_name, budget_year, source_line")


def subsidy_text(panel: pl.DataFrame) -> str:
    lines = []
    for r in panel.filter(pl.col("basis") == "printed").iter_rows(named=True):
        subsidy = r["insurance_subsidy_wan"]
        where = ("no 21012 row in its budget" if subsidy is None
                 else f"{wan(subsidy)} under 21012{share_of(subsidy, r['expenditure_total_wan'], 'its expenditure')}")
        lines.append(f"{r['department_name']} {r['budget_year']}: {where}; 医疗救助 21013 "
                     f"{wan(r['medical_assistance_wan'])}")
    return _bullets(lines) if lines else "No printed budget."


def shifts_text(shifts: pl.DataFrame) -> str:
    if shifts.is_empty():
        return "No document says that the subsidy moved out of its budget."
    return "\n\n".join(
        f"**{r['department_name']} {r['budget_year']}** (`{r['doc_id']}`, line {r['source_line']}): "
        f"the subsidy went to {r['text']}.\n\n> {r['sentence']}"
        for r in shifts.iter_rows(named=True))


def derived_text(panel: pl.DataFrame) -> str:
    derived = panel.filter(pl.col("basis") == "derived")
    if derived.is_empty():
        return "No document states last year's figures."
    return _bullets([
        f"{r['department_name']} {r['budget_year']} (from `{r['doc_id']}`): expenditure "
        f"{wan(r['expenditure_total_wan'])}, 21012 subsidy {wan(r['insurance_subsidy_wan'])}"
        for r in derived.iter_rows(named=True)])


# --- 03 indicator quality --------------------------------------------------------------

def indicator_quality_department(con) -> pl.DataFrame:
    return query(con, "SELECT * FROM indicator_quality_department ORDER BY department_name, budget_year")


def indicator_quality_project(con) -> pl.DataFrame:
    return query(con, """
        SELECT * FROM indicator_quality_project WHERE is_current
        ORDER BY share_quantitative NULLS FIRST, n_vague + n_placeholder + n_cost_inconsistent DESC""")


def indicator_flags_long(quality: pl.DataFrame) -> pl.DataFrame:
    flags = {"n_vague": "含糊用语", "n_placeholder": "占位（不涉及/无）", "n_cost_inconsistent": "成本指标与预算不符",
             "n_not_quantitative": "不可量化"}
    frame = quality.with_columns(n_not_quantitative=pl.col("n_indicators") - pl.col("n_quantitative"))
    return (frame.unpivot(index=["department_name", "budget_year"], on=list(flags),
                          variable_name="flag", value_name="n_flagged")
            .with_columns(pl.col("flag").replace_strict(flags)))


def indicator_quality_text(quality: pl.DataFrame) -> str:
    if quality.is_empty():
        return "No performance indicators."
    lines = [f"{r['department_name']} {r['budget_year']}: {r['n_quantitative']} of {r['n_indicators']} targets "
             f"state a number ({percent(r['share_quantitative'])}) over {r['n_projects']} projects; "
             f"{r['n_vague']} vague, {r['n_placeholder']} placeholders, "
             f"{r['n_cost_inconsistent']} cost indicators inconsistent with the budget"
             for r in quality.iter_rows(named=True)]
    total, quantitative = quality["n_indicators"].sum(), quality["n_quantitative"].sum()
    head = f"Over all documents, {quantitative} of {total} targets state a number ({percent(quantitative / total)})."
    return head + "\n\n" + _bullets(lines)


def worst_indicators(con, per_document: int = WORST_PER_DOCUMENT) -> pl.DataFrame:
    """Each document's indicators with the most quality flags (a cost indicator at odds
    with the budget first), as printed, with their file and line."""
    return query(con, """
        SELECT d.department_name, d.budget_year, d.source_name, i.doc_id, i.source_line,
               p.project_name, i.level3, i.target_printed, i.quality_flags
        FROM indicators i
        JOIN document_departments d USING (doc_id)
        LEFT JOIN projects p ON p.doc_id = i.doc_id AND p.project_no = i.project_no
        WHERE i.quality_flags IS NOT NULL AND d.is_current
        QUALIFY row_number() OVER (
            PARTITION BY i.doc_id
            ORDER BY coalesce(i.cost_inconsistent, false) DESC,
                     len(string_split(i.quality_flags, ',')) DESC, i.source_line) <= ?
        ORDER BY d.department_name, d.budget_year, i.source_line""", per_document)


def worst_indicators_text(worst: pl.DataFrame) -> str:
    if worst.is_empty():
        return "No indicator has a quality flag."
    return "\n\n".join(
        f"**{r['department_name']} {r['budget_year']}**, `{r['source_name']}` line {r['source_line']}"
        f"{' — ' + r['project_name'] if r['project_name'] else ''} ({r['quality_flags']}):\n\n"
        f"> {r['level3']}: {r['target_printed'] if r['target_printed'] is not None else '（空）'}"
        for r in worst.iter_rows(named=True))
