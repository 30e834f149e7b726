"""Checks that set the explanatory text and the performance tables against the
standard tables: 人员/公用经费, 机关运行经费, “三公”, totals, changes versus last
year and their components, project budgets against 项目支出, cost indicators
against budgets."""
from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from ..extract.narrative import Fact
from ..extract.normalise import find_unit, parse_amount, rounding_step_wan, squash, wan_or_none
from ..extract.performance import Project, cost_consistent, cost_parts_consistent, cost_target_wan, indicator_target
from ..extract.recognise import Table
from ..extract.standard import ParsedTable
from ..extract.vocabulary import load
from .identities import ROUNDING_PER_PART, Check, make_check, not_checked, status_of, total_line

CHECK_IDS = {
    "text_personnel": "人员经费 in the text = 人员经费 合计 of the economic table",
    "text_public": "公用经费 in the text = 公用经费 合计 of the economic table",
    "text_agency_operating": "机关运行经费 in the text = 公用经费 合计 (checked when not below it: 事业 units' "
                             "公用经费 is not 机关运行经费)",
    "text_three_public": "“三公” total in the text = the “三公” table",
    "text_expenditure_total": "total expenditure in the text = 支出总表 合计",
    "text_income_total": "total income in the text = 收支总表 收入总计",
    "text_basic": "基本支出 in the text = 支出总表 基本支出",
    "text_project": "项目支出 in the text = 支出总表 项目支出",
    "change_components": "a stated change of the total = the stated changes of 基本支出 + 项目支出",
    "change_previous_year": "this year's total − the stated change = last year's total where the text prints it",
    "projects_budget_total": "Σ budgets of the project performance tables = 项目支出",
    "project_cost_indicator": "a project's cost indicator (成本指标, in 元/万元) agrees with its budget",
    "text_three_public_parts": "a “三公” part in the text (出国, 用车, 购置, 运行, 接待) = the same item of the “三公” table",
    "text_fixed_assets": "固定资产 at last year-end in the text = the 合计 of the assets table (catches 元/万元 slips)",
    "indicator_targets_agree": "an indicator of the 整体 table and the same-named indicator of a project table "
                               "state the same number (万 scaled; money targets, which differ by design, skipped)",
    "staffing_consistent": "staff numbers agree: the text against the 整体 table, and 在职 = 在编 + 其他 in that table",
}

# text fact → (table, totals item, table column)
TEXT_AGAINST_TABLES = {
    "personnel": ("text_personnel", "basic_economic", "personnel"),
    "public": ("text_public", "basic_economic", "public"),
    "three_public_total": ("text_three_public", "three_public", "total"),
    "expenditure_total": ("text_expenditure_total", "expenditure_summary", "total"),
    "basic": ("text_basic", "expenditure_summary", "basic"),
    "project": ("text_project", "expenditure_summary", "project"),
}


def cross_checks(tables: list[ParsedTable], facts: list[Fact], projects: list[Project],
                 other_tables: Sequence[Table] = ()) -> list[Check]:
    department: dict[str, ParsedTable] = {}  # the department's tables by kind: the first of each
    for table in tables:
        if table.table.scope == "department":
            department.setdefault(table.id, table)
    facts = [f for f in facts if f.scope == "department"]
    out: list[Check] = _fixed_assets(facts, [t for t in other_tables if t.scope == "department"])
    for fact in facts:
        out += _text_against_table(fact, department)
    out += _changes(facts, department)
    out += _project_budgets([p for p in projects if p.scope == "department" and not p.overall], department)
    out += _staffing(facts, [p for p in projects if p.scope == "department" and p.overall])
    out += _indicator_targets([p for p in projects if p.scope == "department"])
    return out


def _quantity(indicator) -> tuple[float, str] | None:
    """The number an indicator states, 万 scaled out (≥1万份 → 10000 份); None for text,
    dates and money."""
    target = indicator_target(indicator)
    if not target.is_quantitative or target.value is None or target.unit in ("万元", "元", "亿元"):
        return None
    unit = target.unit or ""
    if unit.startswith("万") and len(unit) > 1:
        return target.value * 10000, unit[1:]
    return target.value, unit


def _indicator_targets(projects: list[Project]) -> list[Check]:
    overall = {i.level3: i for p in projects if p.overall for i in p.indicators if _quantity(i)}
    out = []
    for project in (p for p in projects if not p.overall):
        for indicator in project.indicators:
            whole = overall.get(indicator.level3)
            if whole is None or (mine := _quantity(indicator)) is None:
                continue
            status = "ok" if mine == _quantity(whole) else "mismatch"
            out.append(Check("indicator_targets_agree", None, "department", status, None, None, None, 0,
                             f"{indicator.level3}: 整体 table '{whole.target_printed}' vs {project.name} "
                             f"'{indicator.target_printed}'", indicator.line, indicator.page,
                             ",".join(str(x) for x in (whole.line, indicator.line) if x is not None)))
    return out


def _staffing(facts: list[Fact], overall: list[Project]) -> list[Check]:
    """Head counts are not money: they go in `detail`, not in the 万元 columns."""
    out = []
    staffing = next((p.staffing for p in overall if p.staffing), {})

    def count_check(expected: int, actual: int, detail: str, line, page, lines) -> Check:
        status = "ok" if expected == actual else "mismatch"
        return Check("staffing_consistent", None, "department", status, None, None, None, 0, detail, line, page,
                     ",".join(str(x) for x in lines if x is not None))

    for fact in facts:
        if fact.fact in staffing and fact.value is not None:
            count, line = staffing[fact.fact]
            out.append(count_check(int(fact.value), count, f"{fact.fact}: text {int(fact.value)} vs 整体 table {count}",
                                   fact.line, fact.page, [fact.line, line]))
    if "staff_actual" in staffing and "staff_on_payroll" in staffing:
        actual, line = staffing["staff_actual"]
        keys = [k for k in ("staff_on_payroll", "staff_other") if k in staffing]
        parts = sum(staffing[k][0] for k in keys)
        out.append(count_check(actual, parts, f"整体 table: 实际在职 {actual} vs 在编 + 其他 {parts}", line, None,
                               [line, *(staffing[k][1] for k in keys)]))
    return out


def _fixed_assets(facts: list[Fact], tables: list[Table]) -> list[Check]:
    """The assets table (资产占用情况表) is a plain list: its 合计 / 资产总额 row's last
    amount, in the unit its header prints (价值（金额单位：元）)."""
    table = next((t for t in tables if t.kind.id == "assets"), None)
    fact = next((f for f in facts if f.fact == "fixed_assets" and f.amount_wan is not None), None)
    if table is None or fact is None:
        return []
    unit = next((u for r in table.rows for c in r.cells if (u := find_unit(c))), None) or table.unit
    total = next((r for r in table.rows if load().assets_total.search(squash(r.cells[0]))), None)
    amounts = [parse_amount(c) for c in (total.cells if total else ()) if parse_amount(c) is not None]
    value = wan_or_none(amounts[-1], unit) if amounts and unit else None
    if value is None:
        return [not_checked("text_fixed_assets", "department", f"{table.title}: no readable total or unit",
                            table.title_line, table.title_page)]
    return [make_check("text_fixed_assets", "assets", "department", fact.amount_wan, [value],
                       f"text '{fact.amount_printed}' vs {table.title} total {amounts[-1]} {unit}",
                       fact.line, fact.page, [fact.line, total.line if total else None],
                       _step(str(amounts[-1]), unit), _fact_step(fact))]


def _step(printed: str | None, unit: str | None = None) -> Decimal:
    step = rounding_step_wan(printed, unit) if printed else None
    return ROUNDING_PER_PART if step is None else step


def _fact_step(fact: Fact) -> Decimal:
    """The precision the text prints a figure at: `19,577万元` is compared within half a 万元."""
    return _step(fact.amount_printed)


def _text_against_table(fact: Fact, tables: dict[str, ParsedTable]) -> list[Check]:
    if fact.fact == "agency_operating":
        table = tables.get("basic_economic")
        total = total_line(table)
        public = total.wan("public") if total else None
        if fact.amount_wan is None or public is None or table is None:
            return []
        if status_of(public, fact.amount_wan, 1) != "ok" and fact.amount_wan < public:
            return []  # below 公用经费: legitimate where 事业 units are part of the department
        return [_check("text_agency_operating", fact, public, total, table, "公用经费")]
    if fact.fact == "income_total":
        summary = tables.get("budget_summary")
        grand = total_line(summary, "income_grand")
        printed = grand.wan("total") if grand else None
        if fact.amount_wan is None or printed is None or summary is None:
            return []
        return [_check("text_income_total", fact, printed, grand, summary, "收入总计")]
    if fact.fact.startswith("three_public_") and fact.fact != "three_public_total":
        table = tables.get("three_public")
        item = fact.fact.removeprefix("three_public_")
        line = next((ln for ln in table.lines if ln.three_public_item == item), None) if table else None
        if line is None or fact.amount_wan is None or table is None:
            return []
        return [_check("text_three_public_parts", fact, line.wan("total") or Decimal(0), line, table, "total")]
    if fact.fact not in TEXT_AGAINST_TABLES:
        return []
    check_id, table_id, column = TEXT_AGAINST_TABLES[fact.fact]
    if table_id == "expenditure_summary" and load().narrative["general_budget_context"].search(_subject_text(fact)):
        table_id = "general_budget_expenditure"  # 一般公共预算…基本支出: the fiscal table, not all funds
    table = tables.get(table_id)
    total = total_line(table)
    if total is None or fact.amount_wan is None or table is None:
        return []
    if table_id == "three_public":
        total = next((ln for ln in table.lines if ln.three_public_item == "total"), total)
    value = total.wan(column)
    if value is None and fact.amount_wan != 0:
        return []
    return [_check(check_id, fact, value or Decimal(0), total, table, column)]


def _subject_text(fact: Fact) -> str:
    """Where what a figure is of is printed: its sentence up to the figure, after the sentence
    it goes on from (其中：… after the figure it lists the parts of) up to that one's first
    figure. A reason printed after a figure names other things (the funds a change came from)."""
    figure = load().narrative["money_figure"]
    previous = fact.previous_sentence
    own = fact.sentence or ""
    first = figure.search(previous)
    at = own.find(fact.amount_printed) if fact.amount_printed else -1
    return (previous[:first.start()] if first else previous) + (own[:at] if at >= 0 else own)


def _check(check_id: str, fact: Fact, table_value: Decimal, line, table: ParsedTable, what: str) -> Check:
    """The text's figure (expected) against the table's (actual)."""
    return make_check(check_id, table.id, "department", fact.amount_wan, [table_value],
                      f"text '{fact.amount_printed}' vs {table.table.title} {what} {table_value}",
                      fact.line, fact.page, [fact.line, line.cell_line(what) if what in line.cells else line.line],
                      table.rounding_step_wan, _fact_step(fact))


def _changes(facts: list[Fact], tables: dict[str, ParsedTable]) -> list[Check]:
    out = []
    by_paragraph: dict[tuple, dict[str, Fact]] = {}  # changes stated together: in one paragraph
    for fact in facts:
        if fact.fact.endswith("_change") and fact.amount_wan is not None:
            by_paragraph.setdefault(fact.paragraph, {}).setdefault(fact.fact, fact)
    summary = tables.get("expenditure_summary")
    this_year = total_line(summary)
    current = this_year.wan("total") if this_year else None
    for changes in by_paragraph.values():
        total = changes.get("expenditure_change") or changes.get("income_change")
        parts = [changes[k] for k in ("basic_change", "project_change") if k in changes]
        if total is not None and len(parts) == 2:
            out.append(make_check(
                "change_components", None, "department", total.amount_wan, [p.amount_wan for p in parts],
                f"stated change {total.amount_printed} vs 基本支出 {parts[0].amount_printed} + 项目支出 "
                f"{parts[1].amount_printed}" + _implied_last_year(this_year, total, parts),
                total.line, total.page, [total.line], max(map(_fact_step, parts)), _fact_step(total)))
    for fact in facts:
        if fact.fact == "expenditure_change" and fact.previous_wan is not None and current is not None:
            out.append(make_check(
                "change_previous_year", "expenditure_summary", "department", current,
                [fact.previous_wan, fact.amount_wan],
                f"支出总表 合计 {current} vs last year {fact.previous_wan} + change {fact.amount_printed}",
                fact.line, fact.page, [fact.line], _fact_step(fact),  # last year's figure printed like the change
                summary.rounding_step_wan if summary else ROUNDING_PER_PART))
    return out


def _implied_last_year(this_year, total: Fact, parts: list[Fact]) -> str:
    """Last year's figures the stated changes imply, from this year's 支出总表 合计."""
    if this_year is None or None in (this_year.wan("total"), this_year.wan("basic"), this_year.wan("project")):
        return ""
    basic = this_year.wan("basic") - parts[0].amount_wan
    project = this_year.wan("project") - parts[1].amount_wan
    whole = this_year.wan("total") - total.amount_wan
    return (f"; implied last year: total {whole.normalize()} by the stated change, "
            f"{(basic + project).normalize()} = 基本 {basic.normalize()} + 项目 {project.normalize()} by its parts")


def _project_budgets(projects: list[Project], tables: dict[str, ParsedTable]) -> list[Check]:
    out = []
    summary = tables.get("expenditure_summary")
    total = total_line(summary)
    if projects and summary is not None and total is not None and total.wan("project") is not None:
        if all(p.budget_wan is not None for p in projects):
            out.append(make_check(
                "projects_budget_total", "expenditure_summary", "department", total.wan("project"),
                [p.budget_wan for p in projects],
                f"{summary.table.title} 项目支出 vs Σ budgets of {len(projects)} performance tables",
                total.cell_line("project"), total.page, [total.line, *(p.line for p in projects)]))
        else:
            missing = [p.name or p.title for p in projects if p.budget_wan is None]
            out.append(not_checked("projects_budget_total", "department",
                                   f"{len(missing)} performance table(s) print no budget: {', '.join(missing)[:120]}",
                                   projects[0].line, projects[0].page))
    for project in projects:
        if project.budget_wan is None:
            continue
        costs = [(i, c) for i in project.indicators if (c := cost_target_wan(i))]
        if len(costs) > 1:  # parts of the budget (水费 + 电费 + 燃气费), or the whole beside its parts
            check = make_check("project_cost_indicator", None, "department", project.budget_wan,
                               [value for _, (_, value) in costs],
                               f"{project.name}: budget {project.budget_printed} vs Σ {len(costs)} cost indicators",
                               costs[0][0].line, costs[0][0].page, [project.budget_line, *(i.line for i, _ in costs)])
            if check.status == "mismatch" and cost_parts_consistent(project):
                check.status = "ok"  # one indicator states the whole budget
            out.append(check)
            continue
        for indicator, (target, value) in costs:
            check = make_check("project_cost_indicator", None, "department", project.budget_wan, [value],
                               f"{project.name}: budget {project.budget_printed} vs cost indicator "
                               f"{indicator.level3} '{indicator.target_printed}'",
                               indicator.line, indicator.page, [project.budget_line, indicator.line])
            if cost_consistent(project.budget_wan, target, value) and check.status == "mismatch":
                check.status = "ok"  # a cap the budget stays within
            out.append(check)
    return out
