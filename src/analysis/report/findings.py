"""What the notebooks ask the catalogue, and the findings they write from the answers.

Queries name only the catalogue's views (analysis.catalogue); each `*_text` function
turns a query result into Markdown, so no figure of a report is typed by hand. Findings
are aggregates (by department type, place, year) and top/bottom rankings, so that a page
reads the same at 4 documents as at 10,000; a finding the data cannot support says so."""
from __future__ import annotations

import polars as pl

GROUPS_SHOWN = 30  # groups on a chart's axis at most: the ones with the most documents
EXTREMES_QUOTED = 3  # highest and lowest documents quoted by a finding
UNKNOWN_PLACE = "地点不详"


def query(con, sql: str, *params) -> pl.DataFrame:
    return con.sql(sql, params=list(params) or None).pl()


def percent(share: float | None) -> str:
    return "—" if share is None else f"{share:.0%}"


def counted(n: int, noun: str) -> str:
    """`1 document`, `2,345 documents`."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def signed_percent(value: float) -> str:
    """`+2.5%`, `-0.3%`; a change that rounds to nothing is `0.0%`, never `-0.0%`."""
    rounded = round(value, 1)
    return f"{rounded:+.1f}%" if rounded else "0.0%"


def number(value) -> str:
    return "—" if value is None else f"{value:,.2f}"


def year(value: int | None) -> str:
    return "year not printed" if value is None else str(value)


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def with_place(frame: pl.DataFrame) -> pl.DataFrame:
    """`place`: the prefecture (or the province for a province's own departments); the
    province alone where the prefectures are too many for one axis."""
    frame = frame.with_columns(place=pl.coalesce("place_prefecture", "place_province", pl.lit(UNKNOWN_PLACE)))
    if frame["place"].n_unique() > GROUPS_SHOWN:
        frame = frame.with_columns(place=pl.coalesce("place_province", pl.lit(UNKNOWN_PLACE)))
    return frame


def cited(frame: pl.DataFrame, page: str = "source_page", line: str = "source_line") -> pl.DataFrame:
    """`source`: the file with the page (or line) a figure is printed on."""
    where = (pl.when(pl.col(page).is_not_null()).then(pl.format(" p. {}", page))
             .when(pl.col(line).is_not_null()).then(pl.format(" line {}", line)).otherwise(pl.lit("")))
    return frame.with_columns(source=pl.concat_str(pl.col("source_name"), where))


def quartiles(frame: pl.DataFrame, group: str, value: str) -> pl.DataFrame:
    """Per group with a known `value`: n, low, q1, median, q3, high; the GROUPS_SHOWN
    groups with most documents, highest median first."""
    known = frame.filter(pl.col(value).is_not_null() & pl.col(value).cast(pl.Float64).is_finite())
    v = pl.col(value).cast(pl.Float64)
    return (known.group_by(group).agg(n=pl.len(), low=v.min(), q1=v.quantile(0.25), median=v.median(),
                                      q3=v.quantile(0.75), high=v.max())
            .sort(["n", group], descending=[True, False]).head(GROUPS_SHOWN).sort("median", descending=True))


def extremes(frame: pl.DataFrame, group: str, value: str, stats: pl.DataFrame) -> pl.DataFrame:
    """The highest and the lowest document of each group drawn: group, value, who, where."""
    known = frame.filter(pl.col(value).is_not_null() & pl.col(group).is_in(stats[group].implode()))
    ranked = known.with_columns(value=pl.col(value).cast(pl.Float64)).sort("value")
    return (pl.concat([ranked.group_by(group).first(), ranked.group_by(group).last()]).unique()
            .select(group, "value", "display_name", "budget_year", "source"))


def ranked_text(frame: pl.DataFrame, value: str, what: str, shown) -> str:
    """The highest and lowest EXTREMES_QUOTED documents by `value`, with their source."""
    known = frame.filter(pl.col(value).is_not_null()).sort(value, descending=True)
    if known.height < 2:
        return ""

    def line(r):
        return f"{r['display_name']} {year(r['budget_year'])}: {shown(r[value])} (`{r['source']}`)"
    n = min(EXTREMES_QUOTED, known.height // 2)
    return (f"Highest {what}:\n\n{_bullets([line(r) for r in known.head(n).iter_rows(named=True)])}\n\n"
            f"Lowest {what}:\n\n{_bullets([line(r) for r in known.tail(n).reverse().iter_rows(named=True)])}")


def spread_text(frame: pl.DataFrame, value: str, what: str, shown, group: str = "department_category") -> str:
    """One sentence: the median and quartiles of `value`, and the groups at either end."""
    known = frame.filter(pl.col(value).is_not_null())
    if known.is_empty():
        return f"No document states {what}."
    v = known[value].cast(pl.Float64)
    text = (f"{what.capitalize()}: median {shown(v.median())} over {known.height:,} department-years "
            f"(half between {shown(v.quantile(0.25))} and {shown(v.quantile(0.75))}).")
    stats = quartiles(known, group, value).filter(pl.col("n") >= 2)
    if stats.height >= 2:
        top, bottom = stats.row(0, named=True), stats.row(-1, named=True)
        text += (f" By department type, highest median {top[group]} ({shown(top['median'])}, {top['n']} documents), "
                 f"lowest {bottom[group]} ({shown(bottom['median'])}, {bottom['n']}).")
    return text


# --- 00 overview -------------------------------------------------------------------

def documents(con) -> pl.DataFrame:
    """One row per document with its dimensions and data quality."""
    return with_place(query(con, "SELECT * FROM check_summary"))


def n_departments(con) -> int:
    return query(con, "SELECT count(*) AS n FROM departments")["n"][0]


# documents.contents, as the overview says it
CONTENTS = {"standard_tables": "the standard tables", "explanation_only": "the explanation alone (情况说明)",
            "performance_only": "performance goals alone (绩效目标表)"}


def overview_text(docs: pl.DataFrame, n_departments: int) -> str:
    if docs.is_empty():
        return "No document is loaded."
    years = docs["budget_year"].drop_nulls()
    no_year = docs["budget_year"].null_count()
    unnamed = docs.filter(pl.col("display_name").str.starts_with("unnamed")).height
    kinds = docs.group_by("budget_kind").len().sort("len", descending=True)
    kind_names = {"department": "department budgets (部门预算)", "unit": "unit budgets (单位预算)", None: "of no stated kind"}
    contents = docs.group_by("contents").len().sort("len", descending=True)
    lines = [
        f"{docs.height:,} documents of {n_departments:,} departments, "
        f"{docs['department_category'].n_unique()} department types, {docs['place_province'].drop_nulls().n_unique()} "
        f"provinces and {docs['place_prefecture'].drop_nulls().n_unique()} prefecture-level cities"
        + (f", budget years {years.min()}–{years.max()}." if not years.is_empty() else ", no budget year printed."),
        ", ".join(f"{r['len']:,} {kind_names[r['budget_kind']]}" for r in kinds.iter_rows(named=True)) + ".",
        "What they print: " + ", ".join(f"{r['len']:,} {CONTENTS.get(r['contents'], 'not said')}"
                                         for r in contents.iter_rows(named=True)) + ".",
    ]
    if no_year:
        lines.append(f"{no_year:,} documents print no budget year: they are counted here, not in the yearly figures.")
    if unnamed:
        lines.append(f"{unnamed:,} documents print no plausible department name: shown as “unnamed (file …)”, "
                     "with the place and type their file name gives.")
    return _bullets(lines)


def coverage_by(docs: pl.DataFrame, row: str) -> pl.DataFrame:
    """Documents per `row` × budget year, the GROUPS_SHOWN rows with most documents."""
    dated = docs.filter(pl.col("budget_year").is_not_null() & pl.col("is_current"))
    rows = dated.group_by(row).len().sort(["len", row], descending=[True, False]).head(GROUPS_SHOWN)[row]
    return (dated.filter(pl.col(row).is_in(rows.implode())).group_by(row, "budget_year")
            .agg(n_department_years=pl.len())
            .with_columns(pl.col(row).cast(pl.Enum(rows.to_list()))).sort(row, "budget_year"))


def coverage_text(docs: pl.DataFrame, row: str, what: str) -> str:
    dated = docs.filter(pl.col("budget_year").is_not_null())
    n = dated[row].n_unique()
    if dated.is_empty():
        return "No document prints its budget year: no coverage by year."
    shown = f"the {GROUPS_SHOWN} with most documents" if n > GROUPS_SHOWN else "all"
    return f"{n} {what} over {dated['budget_year'].n_unique()} budget years; the chart shows {shown}."


def quality_text(docs: pl.DataFrame, errors: pl.DataFrame) -> str:
    if docs.is_empty():
        return "No document, no checks."
    reconciled = docs["reconciled"].sum()
    missing = docs.filter(pl.col("n_tables_missing") > 0).height
    lines = [
        f"{reconciled:,} of {docs.height:,} documents ({percent(reconciled / docs.height)}) reconcile: every identity "
        f"of their standard tables holds, exactly or within printed rounding; "
        f"{docs['n_identity_mismatch'].sum():,} identities do not add up in the others.",
        f"{docs['n_mismatch'].sum() - docs['n_identity_mismatch'].sum():,} checks of the text, the performance "
        f"goals and the disclosure do not hold (by check below).",
        f"{missing:,} documents lack one or more of the standard tables.",
        (f"{errors.height:,} files failed to extract (below)." if errors.height
         else "Every document was extracted (`extract_errors` is empty)."),
    ]
    return _bullets(lines)


def reconciled_by(docs: pl.DataFrame, group: str) -> pl.DataFrame:
    """Share of documents that reconcile, per group (the GROUPS_SHOWN with most documents)."""
    return (docs.group_by(group).agg(n_documents=pl.len(), share_reconciled=pl.col("reconciled").mean())
            .sort(["n_documents", group], descending=[True, False]).head(GROUPS_SHOWN)
            .sort("share_reconciled", descending=True))


def mismatches_by_check(con) -> pl.DataFrame:
    return query(con, """
        SELECT check_id, count(DISTINCT doc_id) AS n_documents_mismatching, count(*) AS n_mismatches
        FROM checks WHERE status = 'mismatch' GROUP BY check_id
        ORDER BY n_documents_mismatching DESC, check_id LIMIT ?""", GROUPS_SHOWN)


def least_reconciled(docs: pl.DataFrame) -> pl.DataFrame:
    return (docs.filter(pl.col("n_mismatch") > 0).sort(["n_mismatch", "source_name"], descending=[True, False])
            .with_columns(pl.col("budget_year").map_elements(year, return_dtype=pl.String).alias("year")))


def extract_errors(con) -> pl.DataFrame:
    """Failed files grouped by reason."""
    return query(con, """
        SELECT error, count(*) AS n_files, min(source_file) AS example FROM extract_errors
        GROUP BY error ORDER BY n_files DESC, error""")


# --- 01 personnel vs public ----------------------------------------------------------

def panel(con) -> pl.DataFrame:
    """The department-year panel, both bases, with the source file and the shares asked."""
    frame = query(con, """
        SELECT y.*, d.source_name,
               (y.personnel_wan / nullif(coalesce(y.staff_actual, y.staff_authorised), 0))::DOUBLE
                   AS personnel_per_staff_wan,
               (y.agency_operating_wan / nullif(y.expenditure_total_wan, 0))::DOUBLE AS agency_operating_share,
               (y.three_public_wan / nullif(y.expenditure_total_wan, 0))::DOUBLE AS three_public_share
        FROM department_year y JOIN document_departments d USING (doc_id)""")
    return cited(with_place(frame), "personnel_source_page", "personnel_source_line")


def printed(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.filter(pl.col("basis") == "printed")


def yearly_changes(frame: pl.DataFrame, value: str = "expenditure_total_wan") -> pl.DataFrame:
    """Per department and pair of consecutive budget years with `value` known (the
    text-derived last year included): the change in percent."""
    known = (frame.filter(pl.col(value).is_not_null() & pl.col("budget_year").is_not_null())
             .sort("department_key", "budget_year", "basis", descending=[False, False, True])
             .unique(["department_key", "budget_year"], keep="first", maintain_order=True))
    previous = pl.col(value).shift(1).over("department_key")
    return (known.with_columns(previous=previous, previous_year=pl.col("budget_year").shift(1).over("department_key"))
            .filter(pl.col("previous").is_not_null() & (pl.col("previous") != 0)
                    & (pl.col("previous_year") == pl.col("budget_year") - 1))
            .with_columns(change_percent=((pl.col(value) - pl.col("previous")) / pl.col("previous") * 100)
                          .cast(pl.Float64)))


def change_histogram(changes: pl.DataFrame, step: int = 10, limit: int = 100) -> pl.DataFrame:
    """Department-year pairs per band of `step` percent, clipped at ±limit."""
    band = (pl.col("change_percent").clip(-limit, limit - 1) // step * step).cast(pl.Int64)
    counted = changes.group_by(band.alias("lower")).agg(n_department_years=pl.len()).sort("lower")
    return counted.with_columns(band=pl.format("{}% … {}%", "lower", pl.col("lower") + step))


def trend_text(changes: pl.DataFrame) -> str:
    if changes.is_empty():
        return "Every department has one budget year only (printed or derived from the next year's text): no trend."
    up = changes.filter(pl.col("change_percent") > 0).height
    return (f"{changes['department_key'].n_unique():,} departments have two consecutive budget years "
            f"({changes.height:,} year pairs, last year's figure printed or derived from the next year's text): "
            f"median change of expenditure {signed_percent(changes['change_percent'].median())}, {up:,} rising and "
            f"{changes.height - up:,} falling or flat.")


# --- 02 insurance subsidy --------------------------------------------------------------

SUBSIDY_HOLDER = "医疗保障局"


def subsidy_panel(con) -> pl.DataFrame:
    """Printed department-years of the 医疗保障局 and of any department with 21012/21013
    rows, with where the subsidy sits: in its own budget, stated moved, or neither."""
    frame = query(con, """
        SELECT y.*, d.source_name, s.destination
        FROM department_year y JOIN document_departments d USING (doc_id)
        LEFT JOIN (SELECT doc_id, string_agg(DISTINCT text, '; ') AS destination FROM subsidy_shifts GROUP BY doc_id)
            s USING (doc_id)
        WHERE y.basis = 'printed'
          AND (y.department_category = ? OR y.department_key IN (SELECT department_key FROM insurance_subsidy))""",
        SUBSIDY_HOLDER)
    where = (pl.when(pl.col("insurance_subsidy_wan").is_not_null()).then(pl.lit("本部门预算（21012）"))
             .when(pl.col("destination").is_not_null()).then(pl.lit("已划出（文件说明去向）"))
             .otherwise(pl.lit("无 21012 行，未说明")))
    return with_place(frame).with_columns(where=where)


def where_by_year(subsidy: pl.DataFrame) -> pl.DataFrame:
    return (subsidy.filter(pl.col("budget_year").is_not_null()).group_by("budget_year", "where")
            .agg(n_department_years=pl.len()).sort("budget_year", "where"))


def subsidy_text(subsidy: pl.DataFrame) -> str:
    if subsidy.is_empty():
        return f"No {SUBSIDY_HOLDER} and no 21012/21013 row is loaded: nothing to say about the subsidy."
    counts = dict(subsidy.group_by("where").len().iter_rows())
    holders = subsidy.filter(pl.col("insurance_subsidy_wan").is_not_null())
    others = holders.filter(pl.col("department_category") != SUBSIDY_HOLDER)
    lines = [f"{subsidy.height:,} department-years: {', '.join(f'{k} {v:,}' for k, v in sorted(counts.items()))}."]
    if not holders.is_empty():
        lines.append(f"Where printed, the 21012 subsidy totals {number(holders['insurance_subsidy_wan'].sum())} 万元 "
                     f"(median {number(holders['insurance_subsidy_wan'].median())} 万元 a department-year).")
    if not others.is_empty():
        types = ", ".join(sorted(others["department_category"].unique()))
        lines.append(f"{others.height:,} of them are not a {SUBSIDY_HOLDER}: {types}.")
    return _bullets(lines)


def subsidy_by_place(subsidy: pl.DataFrame) -> pl.DataFrame:
    """21012 in 万元 per place and year (the places with most of it)."""
    known = subsidy.filter(pl.col("insurance_subsidy_wan").is_not_null() & pl.col("budget_year").is_not_null())
    places = (known.group_by("place").agg(pl.col("insurance_subsidy_wan").sum()).sort("insurance_subsidy_wan",
                                                                                       descending=True)
              .head(GROUPS_SHOWN)["place"])
    return (known.filter(pl.col("place").is_in(places.implode())).group_by("place", "budget_year")
            .agg(pl.col("insurance_subsidy_wan").sum().round(0).cast(pl.Int64))
            .with_columns(pl.col("place").cast(pl.Enum(places.to_list()))).sort("place", "budget_year"))


def subsidy_shifts(con) -> pl.DataFrame:
    return cited(query(con, """
        SELECT s.*, d.source_name FROM subsidy_shifts s JOIN document_departments d USING (doc_id)
        WHERE s.is_current ORDER BY s.department_key, s.budget_year, s.source_line"""))


def shifts_text(shifts: pl.DataFrame, quoted: int = 10) -> str:
    if shifts.is_empty():
        return "No document says that the subsidy moved out of its budget."
    destinations = shifts.group_by("text").len().sort("len", descending=True)
    n_documents = shifts['doc_id'].n_unique()
    head = (f"{counted(shifts.height, 'statement')} in {counted(n_documents, 'document')} "
            f"{'says' if shifts.height == 1 else 'say'} the subsidy left the budget; where it went: "
            + ", ".join(f"{r['text'] or 'not said'} ({r['len']:,})" for r in destinations.head(10).iter_rows(named=True))
            + ".")
    quotes = [f"**{r['display_name']} {year(r['budget_year'])}** (`{r['source']}`): "
              + (f"the subsidy went to {r['text']}." if r["text"] else "the subsidy left the budget; where to is not said.")
              + f"\n\n> {r['sentence']}" for r in shifts.head(quoted).iter_rows(named=True)]
    more = f"\n\nand {counted(shifts.height - quoted, 'more statement')}." if shifts.height > quoted else ""
    return head + "\n\n" + "\n\n".join(quotes) + more


# --- 03 indicator quality --------------------------------------------------------------

FLAGS = {"n_vague": "含糊用语", "n_placeholder": "占位（不涉及/无）", "n_cost_inconsistent": "成本指标与预算不符"}


def indicator_quality(con) -> pl.DataFrame:
    return with_place(query(con, """
        SELECT q.*, d.source_name, d.source_name AS source
        FROM indicator_quality_department q JOIN document_departments d USING (doc_id)"""))


def indicator_quality_text(quality: pl.DataFrame) -> str:
    if quality.is_empty():
        return "No document is loaded."
    with_indicators = quality.filter(pl.col("n_indicators") > 0)
    if with_indicators.is_empty():
        return "No document prints project performance indicators (项目绩效目标表): nothing to measure."
    total, quantitative = with_indicators["n_indicators"].sum(), with_indicators["n_quantitative"].sum()
    lines = [f"{quantitative:,} of {total:,} project targets state a number ({percent(quantitative / total)}), "
             f"over {with_indicators['n_projects'].sum():,} projects of {with_indicators.height:,} department-years.",
             ", ".join(f"{with_indicators[c].sum():,} {name}" for c, name in FLAGS.items())
             + f"; {with_indicators['n_missing_categories'].sum():,} projects lack one of the four categories "
               "(成本, 产出, 效益, 满意度)."]
    if quality.height > with_indicators.height:
        lines.append(f"{quality.height - with_indicators.height:,} department-years print no project indicators "
                     "and are left out.")
    return _bullets(lines)


def flag_shares(quality: pl.DataFrame, group: str) -> pl.DataFrame:
    """Per group: share of its indicators with each flag, and of its projects missing a category."""
    known = quality.filter(pl.col("n_indicators") > 0)
    groups = known.group_by(group).len().sort(["len", group], descending=[True, False]).head(GROUPS_SHOWN)[group]
    sums = known.filter(pl.col(group).is_in(groups.implode())).group_by(group).agg(
        *[pl.col(c).sum() for c in FLAGS], pl.col("n_indicators").sum(), pl.col("n_missing_categories").sum(),
        pl.col("n_projects").sum())
    shares = sums.with_columns(
        *[(pl.col(c) / pl.col("n_indicators")).alias(name) for c, name in FLAGS.items()],
        (pl.col("n_missing_categories") / pl.col("n_projects")).alias("项目缺少指标类别"))
    return (shares.unpivot(index=group, on=[*FLAGS.values(), "项目缺少指标类别"], variable_name="flag",
                           value_name="share_flagged")
            .with_columns(pl.col(group).cast(pl.Enum(groups.to_list()))).sort(group, "flag"))


def vague_phrasings(con) -> pl.DataFrame:
    return query(con, """
        SELECT vague_word, count(*) AS n_indicators, arg_min(level3 || '：' || target_printed, source_line) AS example
        FROM indicators WHERE vague_word IS NOT NULL AND scope = 'project'
        GROUP BY vague_word ORDER BY n_indicators DESC, vague_word LIMIT ?""", GROUPS_SHOWN)


def worst_indicators(con, n: int = 10) -> pl.DataFrame:
    """The indicators with most quality flags (a cost indicator at odds with the budget
    first), one per document, as printed, with their file and line."""
    return cited(query(con, """
        SELECT d.display_name, d.budget_year, d.source_name, i.doc_id, i.source_line, i.source_page,
               p.project_name, i.level3, i.target_printed, i.quality_flags
        FROM indicators i
        JOIN document_departments d USING (doc_id)
        LEFT JOIN projects p ON p.doc_id = i.doc_id AND p.project_no = i.project_no
        WHERE i.quality_flags IS NOT NULL AND d.is_current
        QUALIFY row_number() OVER (
            PARTITION BY i.doc_id
            ORDER BY coalesce(i.cost_inconsistent, false) DESC,
                     len(string_split(i.quality_flags, ',')) DESC, i.source_line) = 1
        ORDER BY coalesce(i.cost_inconsistent, false) DESC, len(string_split(i.quality_flags, ',')) DESC,
                 d.source_name LIMIT ?""", n))


def worst_indicators_text(worst: pl.DataFrame) -> str:
    if worst.is_empty():
        return "No indicator has a quality flag."
    return "\n\n".join(
        f"**{r['display_name']} {year(r['budget_year'])}**, `{r['source']}`"
        f"{' — ' + r['project_name'] if r['project_name'] else ''} ({r['quality_flags']}):\n\n"
        f"> {r['level3']}: {r['target_printed'] if r['target_printed'] is not None else '（空）'}"
        for r in worst.iter_rows(named=True))
