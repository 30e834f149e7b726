"""Reconciliation checks: every identity the standard tables imply.

Each check compares a printed figure (`expected`) with what other printed
figures imply (`actual`) and gets a status: `ok` when equal, `rounding` when the
difference is within what printed rounding can make (`allowance`), `mismatch` otherwise.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_DOWN, Decimal
from functools import lru_cache
from operator import attrgetter, itemgetter

from ..extract.standard import AmountCell, Line, ParsedTable, listing_side
from ..extract.vocabulary import load

# figures without a table of their own and no precision of their own (the forms') are rounded to 0.01 万元
ROUNDING_PER_PART = Decimal("0.01")

CHECK_IDS = {
    "functional_hierarchy": "functional 类/款 row = Σ its 款/项 rows, per amount column",
    "functional_total": "合计 row = Σ 类 rows of a functional table, per amount column",
    "unit_hierarchy": "in a table listed by unit: a department row = Σ its unit rows, per amount column",
    "unit_total": "in a table listed by unit: 合计 = Σ unit rows (each unit = Σ its 类 rows, as functional_total)",
    "economic_hierarchy": "economic 类 row (301…) = Σ its 款 rows (30101…), per amount column",
    "economic_total": "合计 row = Σ 类 rows of the economic table",
    "row_components": "on every row: 合计 = 基本 + 项目 (+ 经营 …); 合计 = 人员 + 公用; income subtotal = Σ sources; "
                      "合计 = 一般公共预算 + 政府性基金 + 国有资本经营; also in a second table of a kind (`…_other`), "
                      "whose columns are known but not its rows' layout",
    "summary_income_grand": "收入总计 = 本年收入合计 + 上年结转结余",
    "summary_expenditure_grand": "支出总计 = 本年支出合计 + 年终结转结余",
    "summary_income_items": "本年收入合计 = Σ income items",
    "summary_expenditure_items": "本年支出合计 = Σ expenditure items",
    "summary_income_carryover_items": "上年结转 = Σ its breakdown",
    "summary_expenditure_carryover_items": "年终结转 = Σ its breakdown",
    "summary_balance": "收入总计 = 支出总计",
    "three_public_parts": "“三公” 合计 = 出国 + 用车 + 接待; 用车 = 购置 + 运行; 出国 = its parts; 小计 = 合计",
    "cross_expenditure_total": "收支总表 本年支出合计 = 支出总表 合计",
    "cross_income_total": "收支总表 收入总计 = 收入总表 合计",
    "cross_basic_economic": "基本支出 economic table 合计 = 一般公共预算支出表 基本支出 合计",
    "cross_fiscal_general_budget": "财政拨款收支总表 一般公共预算 支出 = 一般公共预算支出表 合计",
    "cross_fiscal_gov_fund": "财政拨款收支总表 政府性基金 支出 = 政府性基金支出表 合计",
    "cross_fiscal_state_capital": "财政拨款收支总表 国有资本经营 支出 = 国有资本经营支出表 合计",
    "cross_fiscal_all_funds": "when every income is fiscal: 收支总表 支出总计 = 财政拨款收支总表 支出总计",
    "cross_function_class": "支出总表 类 row = the same 类 in 收支总表",
    "amount_cell_readable": "a printed amount cell that is not a number",
    "code_valid": "a classification code whose length is not 3, 5 or 7 after repair",
    "unit_declared": "a table printed without 单位 and no unit elsewhere in the document",
}

# A total column and the columns that add up to it; for each total column the
# breakdown with most parts printed in a table applies.
_SOURCES = ("fiscal_appropriation", "general_budget", "gov_fund", "state_capital", "social_insurance_fund",
            "special_account", "business_income", "operating_income", "upper_subsidy", "affiliate_remit",
            "other_income", "unit_funds")
# Columns that are themselves the sum of other printed columns: left out of a
# sum when their parts are printed too (财政拨款 = 一般公共预算 + 政府性基金 + …;
# 单位资金 = 事业收入 + 经营收入 + …).
_AGGREGATES = {
    "fiscal_appropriation": ("general_budget", "gov_fund", "state_capital"),
    "unit_funds": ("business_income", "operating_income", "upper_subsidy", "affiliate_remit", "other_income"),
}
# A part that is not printed but whose own parts are (基本支出 as 人员 | 公用 columns).
_BREAKDOWNS = {"basic": ("personnel", "public")}
# What earlier years left that a year's income is added to: 上年结转, the 事业基金 drawn on, the
# balance of the unit's own accounts.
_EARLIER = ("carryover", "balance_use", "account_balance")
ROW_IDENTITIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("total", ("basic", "project", "operating", "remit_upper", "subsidy_affiliates")),
    ("total", ("personnel", "public")),
    ("basic", ("personnel", "public")),
    ("income_subtotal", _SOURCES),
    ("carryover", tuple(f"carryover_{c}" for c in _SOURCES)),
    ("total", ("income_subtotal", *_EARLIER)),
    ("total", (*_SOURCES, *_EARLIER)),
    ("total", ("general_budget", "gov_fund", "state_capital")),
    ("total", ("current_year", *_EARLIER)),
)


@dataclass(slots=True)
class Check:
    check_id: str
    table_id: str | None
    scope: str
    status: str
    expected_wan: Decimal | None
    actual_wan: Decimal | None
    diff_wan: Decimal | None
    parts: int
    detail: str
    source_line: int | None
    source_page: int | None
    source_lines: str
    precision_wan: Decimal | None = None  # one unit of the last digit of the coarsest figure compared
    allowance_wan: Decimal | None = None  # the largest difference printed rounding can make (0: exact)


_ZERO = Decimal(0)
_MICRO = Decimal("0.000001")
_VALUE = attrgetter("value_wan")  # of an AmountCell


def allowance(rounded_parts: int, step_wan: Decimal, expected_step_wan: Decimal | None = None,
              same_precision: bool = True) -> Decimal:
    """The largest difference printed rounding can make between a printed figure, rounded to
    `expected_step_wan` (default `step_wan`), and the sum of `rounded_parts` printed figures
    rounded to `step_wan` (a step of 0: the figures are not rounded, as in a 元 table).

    Each rounded figure is off its exact value by at most half a unit of its last printed
    digit, so the sum and the figure differ by at most half a unit per rounded figure, the
    figure's own included: (n + 1) × step / 2 for n parts (1 unit for two parts, 2 for three).
    One part printed at the figure's precision is the same number rounded the same way:
    equal, exactly (unless `same_precision` is False: the table prints figures at several
    precisions, and the step is that of the coarsest). A printed zero is not a rounded part
    (nothing budgeted), and figures at different precisions (a text's 19,577万元 against a
    table's 19,577.43) are allowed half a unit of each: 0.505 万元 there.
    """
    expected_step = step_wan if expected_step_wan is None else expected_step_wan
    if rounded_parts == 1 and expected_step == step_wan and same_precision:
        return _ZERO
    # differences are whole multiples of 0.000001 万元: a finer allowance is the same test
    return ((expected_step + step_wan * rounded_parts) / 2).quantize(_MICRO, ROUND_DOWN)


def status_of(expected: Decimal, actual: Decimal, parts: int, step_wan: Decimal = ROUNDING_PER_PART) -> str:
    return _status(actual - expected, allowance(parts, step_wan))


def _status(diff: Decimal, allowed: Decimal) -> str:
    if not diff:
        return "ok"
    return "rounding" if abs(diff) <= allowed else "mismatch"


def compare(check_id: str, table: ParsedTable | None, scope: str, expected: Decimal | None,
            parts: list[Decimal | None], detail: str, anchor: Line | None, lines: list[Line],
            column: str | None = None, parts_table: ParsedTable | None = None) -> Check | None:
    """Printed `expected` (in `column` of the `anchor` row of `table`) against the sum of
    printed `parts` (of `parts_table`, default the same table); None when nothing is printed."""
    if not _anything_printed(expected, parts):
        return None
    step = table.rounding_step_wan if table else ROUNDING_PER_PART
    mixed = bool(table and table.mixed_precision or parts_table and parts_table.mixed_precision)
    return _check(check_id, table.id if table else None, scope, expected, parts, detail,
                  anchor.cell_line(column) if anchor and column else (anchor.line if anchor else None),
                  anchor.page if anchor else None, _source_lines(lines),
                  parts_table.rounding_step_wan if parts_table else step, step, not mixed)


def make_check(check_id: str, table_id: str | None, scope: str, expected: Decimal | None,
               parts: list[Decimal | None], detail: str, line: int | None, page: int | None,
               lines: list, step_wan: Decimal = ROUNDING_PER_PART,
               expected_step_wan: Decimal | None = None) -> Check:
    """A check of `expected` against the sum of `parts`, figures rounded to `step_wan` (the
    expected one to `expected_step_wan`, default the same)."""
    return _check(check_id, table_id, scope, expected, parts, detail, line, page,
                  ",".join([str(x) for x in lines if x is not None]), step_wan,
                  step_wan if expected_step_wan is None else expected_step_wan)


def _anything_printed(expected: Decimal | None, parts: list[Decimal | None]) -> bool:
    return expected is not None or parts.count(None) < len(parts)


def _source_lines(lines: list[Line]) -> str:
    """Where the rows compared are printed: their lines, else their pages (`p3`)."""
    return ",".join([str(ln.line) if ln.line is not None else f"p{ln.page}" for ln in lines])


def _check(check_id: str, table_id: str | None, scope: str, expected: Decimal | None, parts: list[Decimal | None],
           detail: str, line: int | None, page: int | None, source_lines: str, step_wan: Decimal,
           expected_step_wan: Decimal, same_precision: bool = True) -> Check:
    exp = expected or _ZERO
    actual, n, rounded = _ZERO, 0, 0
    for p in parts:  # a loop, not sum() over a filtered list: this runs for every check
        if p is not None:
            actual += p
            n += 1
            if p:
                rounded += 1
    diff = actual - exp
    allowed = allowance(rounded, step_wan, expected_step_wan, same_precision)
    return Check(check_id, table_id, scope, _status(diff, allowed), exp, actual, diff, n or 1, detail, line, page,
                 source_lines, max(step_wan, expected_step_wan), allowed)


def not_checked(check_id: str, scope: str, detail: str, line: int | None, page: int | None) -> Check:
    """A check whose inputs could not be read: said so, neither passed nor failed."""
    return Check(check_id, None, scope, "not_checked", None, None, None, 0, detail, line, page,
                 "" if line is None else str(line))


def run_checks(tables: list[ParsedTable]) -> list[Check]:
    checks: list[Check | None] = []  # None: nothing printed to compare
    for table in tables:
        checks += _row_identities(table)
        checks += _cell_problems(table)
        if table.id.endswith("_other"):
            continue  # a second table claiming a standard kind: what its columns mean is known, its rows' layout is not
        checks += _code_problems(table)
        layout = table.table.kind.layout
        if layout == "functional":
            checks += _hierarchy(table, "functional_hierarchy")
        elif layout == "economic":
            checks += _economic_hierarchy(table)
        elif layout == "two_sided":
            checks += _summary(table)
        elif layout == "three_public":
            checks += _three_public(table)
    for scope in sorted({t.table.scope for t in tables}):
        checks += _cross_tables([t for t in tables if t.table.scope == scope], scope)
    return [c for c in checks if c is not None]


def _row_name(line: Line) -> str:
    code, name = line.code, line.name
    return f"{code} {name}" if code and name else code or name or "row"


def _label(table: ParsedTable, line: Line, column: str | None = None) -> str:
    what = _row_name(line)
    return f"{table.table.title}: {what} [{column}]" if column else f"{table.table.title}: {what}"


def _amount_columns(table: ParsedTable) -> list[str]:
    return [c.id for c in table.table.columns if c.role == "amount" and c.id]


def _hierarchy(table: ParsedTable, check_id: str) -> list[Check]:
    """Parent = Σ children for every coded row; 合计 = Σ top-level rows. Where unit rows
    (`125001 西安市…局`) head blocks of classification rows, each unit = Σ its top-level
    rows and 合计 = Σ units (`unit_total`)."""
    scope = table.table.scope
    details = [ln for ln in table.lines if ln.code and ln.total_item is None]
    org = [ln.code_kind == "org" for ln in details]
    if details and all(org):
        check_id = "unit_hierarchy"
    in_blocks = any(org) and not all(org)
    units: list[tuple[Line, list[Line]]] = []
    families: dict[int, tuple[Line, list[Line]]] = {}  # by id of the parent line
    top: list[Line] = []
    # (code, line) in document order: a row's parent is the nearest row above whose code it extends
    stack: list[tuple[str, Line]] = []
    for ln in details:
        if in_blocks and ln.code_kind == "org":
            units.append((ln, []))
            stack = []
            continue
        code = ln.code or ""  # every detail line has one
        if stack and code == stack[-1][0] and _repeats(ln, stack[-1][1]):
            continue
        while stack and not (code.startswith(stack[-1][0]) and code != stack[-1][0]):
            stack.pop()
        if stack:
            parent = stack[-1][1]
            if id(parent) not in families:
                families[id(parent)] = (parent, [])
            families[id(parent)][1].append(ln)
        else:
            (units[-1][1] if units else top).append(ln)
        stack.append((code, ln))
    out = []
    table_id, step, same = table.id, table.rounding_step_wan, not table.mixed_precision
    # each sum (a parent and its items, a total and the top-level items) with what does not depend on
    # the column, written once; cells are read from the lines' dicts directly (Line.wan and
    # Line.cell_line inline: this runs for every sum and column)
    total_id = check_id.replace("hierarchy", "total")
    sums = [(check_id, parent.cells, [k.cells for k in kids], parent.line, parent.page, f"{_label(table, parent)} [",
             f"] = Σ {len(kids)} sub-items", _source_lines([parent, *kids])) for parent, kids in families.values()]
    sums += [(total_id, unit.cells, [k.cells for k in kids], unit.line, unit.page, f"{_label(table, unit)} [",
              f"] = Σ {len(kids)} top-level items", _source_lines([unit, *kids])) for unit, kids in units if kids]
    if units:
        top = [unit for unit, _ in units] + top
        total_id = "unit_total"
    sums += [(total_id, total.cells, [ln.cells for ln in top], total.line, total.page, f"{_label(table, total)} [",
              f"] = Σ {len(top)} top-level items", _source_lines([total, *top]))
             for total in (table.totals() if top else ())]
    valued = table.valued_columns
    for column in _amount_columns(table):
        if column not in valued:
            continue
        for sum_id, cells, kids, line, page, label, sum_of_kids, source_lines in sums:
            cell = cells.get(column)
            expected = cell.value_wan if cell is not None else None
            parts = [k[column].value_wan if column in k else None for k in kids]
            if expected is not None or parts.count(None) < len(parts):  # _anything_printed
                out.append(_check(sum_id, table_id, scope, expected, parts, f"{label}{column}{sum_of_kids}",
                                  cell.line if cell is not None and cell.line is not None else line, page,
                                  source_lines, step, step, same))
    return out


def _repeats(line: Line, above: Line) -> bool:
    """Whether `line` prints the code, name and figures of the line above it: one item
    printed twice (a 款 without 项 printed again as its own 项, `21999 其他支出` under
    `21999 其他支出`), neither its own child nor a second item beside it."""
    return (line.name == above.name and line.cells.keys() == above.cells.keys()
            and all(cell.value_wan == above.cells[column].value_wan for column, cell in line.cells.items()))


def _economic_hierarchy(table: ParsedTable) -> Sequence[Check | None]:
    if any(ln.code for ln in table.details()):
        return _hierarchy(table, "economic_hierarchy")
    # names only: a category row (工资福利支出…) heads the rows below it
    scope = table.table.scope
    groups: list[tuple[Line, list[Line]]] = []
    for ln in table.details():
        if ln.category_code:
            groups.append((ln, []))
        elif groups:
            groups[-1][1].append(ln)
    out = []
    for column in _amount_columns(table):
        if column not in table.valued_columns:
            continue
        for head, kids in groups:
            if kids:
                out.append(compare("economic_hierarchy", table, scope, head.wan(column), [k.wan(column) for k in kids],
                                   f"{_label(table, head, column)} = Σ {len(kids)} sub-items", head, [head, *kids], column))
        for total in table.totals():
            if groups:
                out.append(compare("economic_total", table, scope, total.wan(column), [h.wan(column) for h, _ in groups],
                                   f"{_label(table, total, column)} = Σ {len(groups)} categories", total,
                                   [total, *(h for h, _ in groups)], column))
    return out


@lru_cache(maxsize=1 << 10)
def _row_breakdowns(present: frozenset[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(total column, its parts) of the row identities a table printing the amount
    columns `present` can be checked against."""
    chosen: dict[str, tuple[str, ...]] = {}
    for total_col, parts in ROW_IDENTITIES:
        parts = tuple(q for p in parts for q in (
            _BREAKDOWNS[p] if p not in present and p in _BREAKDOWNS and set(_BREAKDOWNS[p]) <= present else (p,)))
        parts = tuple(p for p in parts if p in present)
        parts = tuple(p for p in parts if not set(_AGGREGATES.get(p.removeprefix("carryover_"), ())) & {
            q.removeprefix("carryover_") for q in parts})
        if total_col in present and len(parts) >= 2 and len(parts) > len(chosen.get(total_col, ())):
            chosen[total_col] = parts  # the breakdown with most printed parts
    return tuple(chosen.items())


def _row_identities(table: ParsedTable) -> list[Check]:
    out = []
    table_id, scope, step, title = table.id, table.table.scope, table.rounding_step_wan, table.table.title
    same = not table.mixed_precision
    for total_col, parts in _row_breakdowns(frozenset(_amount_columns(table))):
        columns = {total_col, *parts}  # distinct: no identity lists its total among its parts
        if columns.isdisjoint(table.valued_columns):
            continue
        identity = f" [{total_col}] = {' + '.join(parts)}"
        parts_of = itemgetter(*parts)  # every identity has two parts or more: a tuple of cells
        total: AmountCell | None
        for ln in table.lines:
            cells = ln.cells
            # Line.wan, Line.cell_line and _source_lines, inline: this runs for most rows
            if cells.keys() >= columns:  # the usual row: every column of the identity printed
                total = cells[total_col]
                expected = total.value_wan
                values = list(map(_VALUE, parts_of(cells)))
            elif len(columns.intersection(cells)) < 3:
                continue  # fewer than three of the identity's columns on the row: nothing to check
            else:
                total = cells.get(total_col)
                expected = total.value_wan if total is not None else None
                values = [cells[p].value_wan if p in cells else None for p in parts]
            if expected is None and values.count(None) == len(values):  # _anything_printed
                continue
            line_no = ln.line
            out.append(_check("row_components", table_id, scope, expected, values,
                              f"{title}: {_row_name(ln)}{identity}",
                              total.line if total is not None and total.line is not None else line_no, ln.page,
                              str(line_no) if line_no is not None else f"p{ln.page}", step, step, same))
    return out


def _summary(table: ParsedTable) -> list[Check | None]:
    scope = table.table.scope
    by_item = {(ln.side, ln.total_item): ln for ln in table.totals()}
    out = []
    items_of_side = {"income": ("income_current", "carryover_in", "income_grand"),
                     "expenditure": ("expenditure_current", "carryover_out", "expenditure_grand")}
    listings = dict.fromkeys(ln.side for ln in table.lines if ln.side)  # each listing adds up on its own
    for side in listings:
        base = listing_side(side)
        current, carry, grand = items_of_side[base]
        title = table.table.title if side == base else f"{table.table.title} ({side})"
        cur, gra = by_item.get((side, current)), by_item.get((side, grand))
        side_lines = [ln for ln in table.lines if ln.side == side]
        items = _items_of(side_lines, cur) if cur is not None else []
        # the year's total is added to every carry line printed before the grand total (上年结转 and
        # 上年实户资金余额 side by side); each carry line totals the items below it, up to the next
        carries = [ln for ln in side_lines if ln.total_item == carry and (gra is None or ln.ordinal < gra.ordinal)]
        if gra is not None:
            extra = _sources_after_current(side_lines, cur, carries[0] if carries else gra, items)
            added = [x for x in (cur, *extra, *carries) if x is not None]
            out.append(compare(f"summary_{base}_grand", table, scope, gra.wan("total"), [x.wan("total") for x in added],
                               f"{title}: {grand} = {current} + {carry}"
                               + (f" ({len(carries)} lines)" if len(carries) > 1 else "")
                               + (f" + {len(extra)} lines between" if extra else ""), gra, [gra, *added], "total"))
        if cur is not None:
            out.append(compare(f"summary_{base}_items", table, scope, cur.wan("total"), [ln.wan("total") for ln in items],
                               f"{title}: {current} = Σ {len(items)} items", cur, [cur, *items], "total"))
        if gra is None:
            continue
        for car, end in zip(carries, [*carries[1:], gra]):
            items = [ln for ln in side_lines if ln.total_item is None and car.ordinal < ln.ordinal < end.ordinal]
            if any(ln.wan("total") is not None for ln in items):
                out.append(compare(f"summary_{base}_carryover_items", table, scope, car.wan("total"),
                                   [ln.wan("total") for ln in items],
                                   f"{title}: {carry} = Σ {len(items)} items", car, [car, *items], "total"))
    inc, exp = (by_item.get((side, f"{side}_grand")) or _whole_side(table, side) for side in ("income", "expenditure"))
    if inc is not None and exp is not None:
        out.append(compare("summary_balance", table, scope, inc.wan("total"), [exp.wan("total")],
                           f"{table.table.title}: income_grand = expenditure_grand", inc, [inc, exp], "total"))
    return out


def _whole_side(table: ParsedTable, side: str) -> Line | None:
    """The year's total of a side that prints nothing carried and no 总计: the side's whole."""
    if any(ln.side == side and ln.total_item in ("carryover_in", "carryover_out") for ln in table.lines):
        return None
    return table.first_total(f"{side}_current", side)


def _sources_after_current(side_lines: list[Line], current: Line | None, end: Line, items: list[Line]) -> list[Line]:
    """The printed lines between the year's total and the carry-over (or the grand total,
    when no carry-over line is printed): sources and uses the template lists outside
    本年收入/支出合计, which the grand total covers too (`上级补助收入`, `附属单位上缴收入`,
    `使用非财政拨款结余` under 本年收入合计; `上缴上级支出` under 本年支出合计). None
    when the year's total heads its own items below it (`一、本年收入` then `（一）…`)."""
    if current is None or any(ln.ordinal > current.ordinal for ln in items):
        return []
    return [ln for ln in side_lines if current.ordinal < ln.ordinal < end.ordinal and ln.total_item is None
            and not ln.part_of_above and ln.wan("total") is not None]


def _items_of(side_lines: list[Line], current: Line) -> list[Line]:
    """The item lines a 本年收入/支出合计 line totals: those printed above it, or
    (when it heads its items: `一、本年收入` then `1、…`) those below it up to the
    next total line. Where the side prints several levels, only the top one counts:
    the items numbered at the highest level where every item is numbered (一、 over 1、 over (1)),
    else those numbered 一、, else the function classes (类)."""
    above = [ln for ln in side_lines if ln.total_item is None and ln.ordinal < current.ordinal]
    if any(ln.wan("total") is not None for ln in above):
        return _top_level(above)
    below = []
    for ln in side_lines:
        if ln.ordinal <= current.ordinal:
            continue
        if ln.total_item is not None:
            break
        below.append(ln)
    return _top_level(below)


def _top_level(items: list[Line]) -> list[Line]:
    items = [ln for ln in items if not ln.part_of_above]
    levels = sorted({ln.numbering for ln in items if ln.numbering is not None})
    if levels and all(ln.numbering is not None for ln in items):  # an outline: 一、 over 1、 over (1)
        return _outline_items(items, levels)
    if 0 in levels:  # some items unnumbered: those numbered 一、 head them
        return [ln for ln in items if ln.numbering == 0]
    classes = [ln for ln in items if ln.name and load().function_classes.search(ln.name)]
    return classes if classes and len(classes) < len(items) else items


def _outline_items(numbered: list[Line], levels: list[int]) -> list[Line]:
    """The items at the top level of an outline (`levels`: the numberings printed, top first);
    an item left blank stands for its items one level down (`一、部门预算` blank over `1、财政拨款`
    blank over `(1)一般公共预算拨款收入 181716.56`)."""
    top, below = levels[0], levels[1:]
    out: list[Line] = []
    for k, ln in enumerate(numbered):
        if ln.numbering != top:
            continue
        if ln.wan("total") is not None or not below:
            out.append(ln)
            continue
        end = next((j for j in range(k + 1, len(numbered)) if numbered[j].numbering == top), len(numbered))
        parts = [x for x in numbered[k + 1:end] if x.numbering in below]
        out.extend(_outline_items(parts, sorted({x.numbering for x in parts if x.numbering is not None}))
                   if parts else [ln])
    return out


def _three_public(table: ParsedTable) -> list[Check | None]:
    scope = table.table.scope
    items = {ln.three_public_item: ln for ln in table.lines if ln.three_public_item}
    out = []
    for whole, parts in (("total", ("outbound", "vehicle", "reception")),
                         ("vehicle", ("vehicle_purchase", "vehicle_operation")),
                         ("outbound", ("outbound_research", "outbound_other")),
                         ("total", ("subtotal",))):
        if whole not in items or not any(p in items for p in parts):
            continue
        lines = [items[p] for p in parts if p in items]
        out.append(compare("three_public_parts", table, scope, items[whole].wan("total"), [ln.wan("total") for ln in lines],
                           f"{table.table.title}: {whole} = {' + '.join(p for p in parts if p in items)}",
                           items[whole], [items[whole], *lines], "total"))
    return out


def _cell_problems(table: ParsedTable) -> list[Check]:
    out = []
    unreadable = table.unreadable_cells
    for ln in table.lines:
        for cid, cell in unreadable.get(id(ln), ()):
            out.append(Check("amount_cell_readable", table.id, table.table.scope, "mismatch", None, None, None, 1,
                             f"{_label(table, ln, cid)}: printed '{cell.printed}' ({cell.problem})",
                             cell.line, ln.page, str(cell.line)))
    if table.unit_assumed:
        out.append(Check("unit_declared", table.id, table.table.scope, "mismatch", None, None, None, 1,
                         f"{table.table.title}: no 单位 line; amounts read as {table.unit}",
                         table.table.title_line, table.table.title_page, str(table.table.title_line)))
    return out


def _code_problems(table: ParsedTable) -> list[Check]:
    """A classification code of 3, 5 or 7 digits (类/款/项; local economic classifications extend
    款 by two digits too), in a table whose rows' layout is known."""
    return [Check("code_valid", table.id, table.table.scope, "mismatch", None, None, None, 1,
                  f"{_label(table, ln)}: code '{ln.code_printed}' has {len(ln.code)} digits",
                  ln.line, ln.page, str(ln.line))
            for ln in table.lines if ln.code and ln.code_kind == "classification" and len(ln.code) not in (3, 5, 7)]


def first_table(tables: list[ParsedTable], table_id: str) -> ParsedTable | None:
    return next((t for t in tables if t.id == table_id), None)


def total_line(table: ParsedTable | None, item: str = "table_total", side: str | None = None) -> Line | None:
    return table.first_total(item, side) if table is not None else None


def _cross_tables(tables: list[ParsedTable], scope: str) -> list[Check]:
    """The same figure printed in two tables."""
    summary = first_table(tables, "budget_summary")
    fiscal = first_table(tables, "fiscal_summary")
    expenditure = first_table(tables, "expenditure_summary")
    income = first_table(tables, "income_summary")
    general = first_table(tables, "general_budget_expenditure")
    economic = first_table(tables, "basic_economic")
    out: list[Check | None] = []

    def same(check_id: str, a_table, a_line: Line | None, a_col: str, b_table, b_line: Line | None, b_col: str, what: str):
        # a column the template does not print cannot be compared (a blank cell of a printed one can)
        if a_line is not None and b_line is not None and a_col in a_line.cells and b_col in b_line.cells:
            check = compare(check_id, a_table, scope, a_line.wan(a_col), [b_line.wan(b_col)],
                            f"{a_table.table.title} [{a_col}] = {b_table.table.title} [{b_col}]: {what}",
                            a_line, [a_line, b_line], a_col, b_table)
            rounded = _rounded_figures(a_table, a_line, a_col) + _rounded_figures(b_table, b_line, b_col)
            if check is not None and check.diff_wan and rounded > 2:
                step = max(a_table.rounding_step_wan, b_table.rounding_step_wan)
                allowed = max(check.allowance_wan or _ZERO, (step * rounded / 2).quantize(_MICRO, ROUND_DOWN))
                check = replace(check, status=_status(check.diff_wan, allowed), allowance_wan=allowed)
            out.append(check)

    same("cross_expenditure_total", summary, total_line(summary, "expenditure_current", "expenditure"), "total",
         expenditure, total_line(expenditure), "total", "本年支出合计")
    if income and "total" in _amount_columns(income):
        same("cross_income_total", summary, total_line(summary, "income_grand", "income"), "total",
             income, total_line(income), "total", "收入总计")
    elif income:  # the income table prints only the current-year part
        same("cross_income_total", summary, total_line(summary, "income_current", "income"), "total",
             income, total_line(income), "income_subtotal", "本年收入合计")
    same("cross_basic_economic", economic, total_line(economic), "total",
         general, total_line(general), "basic", "一般公共预算基本支出")
    for column, table_id in (("general_budget", "general_budget_expenditure"), ("gov_fund", "gov_fund_expenditure"),
                             ("state_capital", "state_capital_expenditure")):
        other = first_table(tables, table_id)
        same(f"cross_fiscal_{column}", fiscal, total_line(fiscal, "expenditure_current", "expenditure"), column,
             other, total_line(other), "total", "财政拨款支出")
    if summary and fiscal and _only_fiscal_income(summary):
        same("cross_fiscal_all_funds", summary, total_line(summary, "expenditure_grand", "expenditure"), "total",
             fiscal, total_line(fiscal, "expenditure_grand", "expenditure"), "total", "all income is fiscal")
    if summary and expenditure:
        by_name = {ln.name: ln for ln in summary.details() if ln.side == "expenditure" and ln.name}
        for ln in expenditure.details():
            if ln.code and len(ln.code) == 3 and ln.name in by_name:
                same("cross_function_class", expenditure, ln, "total", summary, by_name[ln.name], "total", ln.name)
    return [c for c in out if c is not None]


def _rounded_figures(table: ParsedTable, line: Line, column: str) -> int:
    """How many rounded figures a printed figure may be the sum of: the parts of a breakdown
    it equals exactly, as where a publishing system adds the rounded figures up (支出表 基本支出
    2,200.67 = Σ its 类 rows while the economic table prints the exact figure rounded once,
    2,200.68; an economic table's 合计 4,713.23 = 人员 4,274.99 + 公用 438.24 against 4,713.22):
    a total's top-level rows (类 codes, or categories) or the columns of its row that add up to
    it (ROW_IDENTITIES); 1 for a figure rounded once."""
    value = line.wan(column)
    breakdowns = [[line.wan(part) for part in parts if part in line.cells]
                  for total, parts in ROW_IDENTITIES if total == column]
    if line.total_item is not None and table.table.kind.layout in ("functional", "economic"):
        details = table.details()
        codes = {ln.code for ln in details if ln.code}
        top = ([ln for ln in details if ln.code and not any(ln.code[:k] in codes for k in range(3, len(ln.code)))]
               if codes else [ln for ln in details if ln.category_code])
        breakdowns.append([ln.wan(column) for ln in top])
    most = 1
    for figures in breakdowns:
        parts = [figure for figure in figures if figure]
        if len(parts) > most and sum(parts) == value:
            most = len(parts)
    return most


def _only_fiscal_income(summary: ParsedTable) -> bool:
    items = [ln for ln in summary.details() if ln.side == "income" and ln.wan("total")]
    fiscal = load().fiscal_income
    return bool(items) and all(ln.name and fiscal.search(ln.name) for ln in items)
