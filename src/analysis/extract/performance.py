"""Performance-goal tables (项目绩效目标表, 整体支出绩效目标表): projects and indicators.

A performance table is a form, not a grid: label cells (项目名称, 预算数,
其中：财政资金 …) are followed by their values, then an indicator block headed by
一级指标 / 二级指标 / 三级指标. Rows are read by meaning: a value is the next
filled cell after its label, and an indicator row is recognised by its 二级 label
(数量指标, 社会效益指标 …), so that a rendering that shifted the cells of a row
(some PDF conversions do) is read the same as an aligned one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from .model import Row
from .normalise import STRINGS_REMEMBERED, amount_with_unit, squash, wan_or_none
from .pretest import Screen
from .recognise import Table
from .vocabulary import load

_MONTH = re.compile(r"^\d{1,2}月(?:底|末)?$")
_NUMBERING = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]+[)）、.．]\s*)+")


@dataclass
class Indicator:
    level1: str | None
    level2: str | None
    level3: str
    description: str | None = None
    target_printed: str | None = None  # the annual (年度) target
    period_target_printed: str | None = None  # the 实施期 target where printed beside it
    basis: str | None = None  # 指标值确定依据
    unit_printed: str | None = None  # 度量单位 where a column of its own holds it
    op_printed: str | None = None  # 指标值类型 (＝, ≥ …) where a column of its own holds it
    line: int | None = None
    page: int | None = None


@dataclass
class Project:
    title: str
    scope: str  # department / unit (a unit-level copy)
    overall: bool  # an 整体 (department-wide) table rather than a project
    name: str | None = None
    code: str | None = None
    budget_printed: str | None = None
    budget_unit: str | None = None
    budget_wan: Decimal | None = None
    funds: dict[str, Decimal | None] = field(default_factory=dict)  # 万元
    staffing: dict[str, tuple[int, int | None]] = field(default_factory=dict)  # (count, line), 整体 tables
    schedule: list[tuple[str, str]] = field(default_factory=list)
    goal: str | None = None
    indicators: list[Indicator] = field(default_factory=list)
    line: int | None = None
    page: int | None = None
    budget_line: int | None = None
    name_line: int | None = None


def parse_performance_tables(tables: list[Table]) -> list[Project]:
    projects: list[Project] = []
    for table in tables:
        if table.kind.id != "performance":
            continue
        for project in parse_performance_table(table):
            last = projects[-1] if projects else None
            if last is not None and _continues(last, project):
                last.indicators += project.indicators  # the same project printed again atop the next page
            else:
                projects.append(project)
    return projects


def _continues(last: Project, project: Project) -> bool:
    return (not project.overall and project.scope == last.scope and project.title == last.title
            and project.name is not None and (project.name, project.code, project.budget_printed)
            == (last.name, last.code, last.budget_printed))


def parse_performance_table(table: Table) -> list[Project]:
    vocab = load().performance
    rows = list(table.rows)
    cells = list(map(_cells, rows))  # each part of the form reads the rows' squashed cells: squashed once
    header_at = next((i for i, c in enumerate(cells) if _is_indicator_header(c)), len(rows))
    listing = _listing_columns(cells, header_at, vocab)
    if listing is not None:
        return _parse_listing(table, rows, cells, header_at, listing, vocab)
    if header_at == len(rows) and rows and (listing := _listing_columns(cells, 1, vocab)) is not None:
        return _parse_listing(table, rows, cells, 0, listing, vocab)  # projects and goals listed, no indicators
    project = _parse_form(table, rows, cells, header_at, vocab)
    if project.name_line is None and project.budget_printed is None and not project.indicators:
        return []  # a page heading repeated with nothing of a project under it
    return [project]


def _parse_form(table: Table, rows: list[Row], cells: list[list[str]], header_at: int, vocab: dict) -> Project:
    """One project per table: a form of labels and values above the indicator block."""
    project = Project(table.title, table.scope, bool(vocab["overall_title"].search(table.title)),
                      line=table.title_line, page=table.title_page)
    if project.overall:
        _read_staffing(project, rows[:header_at], vocab)
    else:
        _read_form(project, rows[:header_at], table.unit, vocab)
    if project.name is None and not project.overall:
        project.name = _name_from_title(table.title, vocab)
    _read_indicators(project, rows[header_at:], cells[header_at:], vocab)
    if project.overall and not project.indicators:
        _read_named_indicators(project, rows, cells, vocab)
    return project


def _read_named_indicators(project: Project, rows: list[Row], cells: list[list[str]], vocab: dict) -> None:
    """An 整体 table whose indicator names stand under 二级指标, with no 三级 column
    (项目名称 | 一级指标 | 二级指标 | 指标值 | 备注). Its rows are often shifted, so each
    is read in order: [group] [一级 label] name, target, remark."""
    header_at = next((i for i, c in enumerate(cells)
                      if {"一级指标", "二级指标", "指标值"} <= set(c) and "三级指标" not in c), None)
    if header_at is None:
        return
    level1 = None
    for row, row_cells in zip(rows[header_at + 1:], cells[header_at + 1:]):
        filled = [(i, c) for i, c in enumerate(row_cells) if c]
        labels = [k for k, (_, c) in enumerate(filled) if vocab["level1"].search(c)]
        if labels:
            level1 = filled[labels[-1]][1]
            filled = filled[labels[-1] + 1:]
        if len(filled) < 2 or vocab["level1"].search(filled[0][1]) or vocab["overall_goal_row"].search(filled[0][1]):
            continue  # a fragment a page break cut off, a heading, or a goal statement
        (at, name), (_, target) = filled[0], filled[1]
        project.indicators.append(Indicator(level1, None, name, target_printed=target,
                                            basis=filled[2][1] if len(filled) > 2 else None,
                                            line=row.cell_line(at), page=row.page))


def _listing_columns(cells: list[list[str]], header_at: int, vocab: dict) -> dict[str, int] | None:
    """A table that lists projects row by row (单位编码 | 项目名称 | 资金总额 | 绩效目标 |
    一级指标 …) rather than one form per project: where its name, money and goal
    columns are, from the header row above the indicator labels, or from the
    indicator header itself when one row heads both (单位名称 | 项目名称 | 年度资金总额 |
    年度绩效目标 | 一级指标 | 二级指标 | 三级指标 | 指标值)."""
    if header_at > len(cells):
        return None
    heads = [cells[header_at - 1]] if header_at else []
    if header_at < len(cells) and _is_indicator_header(cells[header_at]):
        heads.append(cells[header_at])
    for head in heads:
        if (columns := _listing_head(head, vocab)) is not None:
            return columns
    return None


def _listing_head(head: list[str], vocab: dict) -> dict[str, int] | None:
    columns = {}
    for key in ("name", "money", "goal", "code", "packed"):
        at = next((i for i, c in enumerate(head) if c and vocab["listing_columns"][key].search(c)), None)
        if at is not None:
            columns[key] = at
        elif key in ("name", "money"):
            return None  # not a listing (most tables are forms): its other columns need no search
    return columns


def _parse_listing(table: Table, rows: list[Row], cells: list[list[str]], header_at: int, columns: dict[str, int],
                   vocab: dict) -> list[Project]:
    """Each row that names a project and carries indicator cells starts a project; a
    row with a name but no indicators (the unit's own subtotal) and 合计 do not."""
    projects: list[Project] = []
    block: list[int] = []  # the rows (indices) of the current project

    def cell(row_cells: list[str], key: str) -> str:
        at = columns.get(key)
        return row_cells[at] if at is not None and at < len(row_cells) else ""

    level3 = [i for i, x in enumerate(cells[header_at]) if x and _field(x) == "level3"]
    packed = None if level3 else columns.get("packed")  # a 绩效指标 heading over 一级/二级/三级 columns is not one

    def has_indicator(row: Row, row_cells: list[str]) -> bool:
        if packed is not None:  # the unit's own subtotal rows leave it blank
            return bool(cell(row_cells, "packed"))
        if not level3:  # a list without indicator columns: every named row with money
            return bool(cell(row_cells, "money"))
        return any(i < len(row.cells) and row.cells[i].strip() for i in level3)

    def close() -> None:
        if projects and block and packed is not None:
            projects[-1].indicators += _packed_indicators(rows[block[0]], packed, vocab["packed_indicator"])
        elif projects and block and level3:
            at = (header_at, *block)
            _read_indicators(projects[-1], [rows[i] for i in at], [cells[i] for i in at], vocab)
        block.clear()

    for index in range(header_at + 1, len(rows)):
        row, row_cells = rows[index], cells[index]
        name = cell(row_cells, "name")
        if name and has_indicator(row, row_cells) and not vocab["listing_total"].search(name):
            close()
            amount, unit = _amount(row.cells[columns["money"]].strip())
            projects.append(Project(
                table.title, table.scope, False, name=name, name_line=row.cell_line(columns["name"]),
                goal=cell(row_cells, "goal") or None, budget_printed=row.cells[columns["money"]].strip() or None,
                budget_unit=unit or table.unit or "万元", budget_wan=wan_or_none(amount, unit or table.unit),
                budget_line=row.cell_line(columns["money"]), line=row.line, page=row.page))
        if projects:
            block.append(index)
    close()
    return projects


def _packed_indicators(row: Row, column: int, pattern: re.Pattern) -> list[Indicator]:
    """The indicators one cell lists one after another (packed_indicator of the vocabulary)."""
    line = row.cell_line(column)
    return [Indicator(m.group("level1"), m.group("level2"), m.group("level3").strip(),
                      target_printed=m.group("target").strip() or None,
                      period_target_printed=m.group("period").strip() or None, line=line, page=row.page)
            for m in pattern.finditer(squash(row.cells[column]))]


def _cells(row: Row) -> list[str]:
    return [squash(c) if c else "" for c in row.cells]  # most cells of an indicator block are blank


def _is_indicator_header(cells: list[str]) -> bool:
    """The header of an indicator block: 二级指标 | 三级指标 …, or, where no
    levels are printed, the indicator's name and its target (指标名称 | 指标性质 |
    指标值 | 计量单位 …)."""
    if "三级指标" in cells and "二级指标" in cells:
        return True
    fields = {_field(c) for c in cells if c}
    return "level3" in fields and "target" in fields


def _name_from_title(title: str, vocab: dict) -> str | None:
    """`1、医保综合业务费绩效目标表` → 医保综合业务费; a generic title names no project."""
    name = vocab["title_suffix"].sub("", _NUMBERING.sub("", title))
    return None if not name or re.fullmatch(r"(?:\d{4}年度?)?", name) else name


# --- the form part ----------------------------------------------------------------


def _read_form(project: Project, rows: list[Row], unit: str | None, vocab: dict) -> None:
    budget_candidates: dict[str, tuple[str, int | None]] = {}
    label_unit = None
    for index, row in enumerate(rows):
        filled = [(i, squash(c)) for i, c in enumerate(row.cells) if c.strip()]
        keys = [_label_key("form_labels", text) for _, text in filled]
        for position, key in enumerate(keys):
            if key is None:
                if m := vocab["unit_in_label"].search(filled[position][1]):
                    label_unit = m.group(1)
                continue
            # the value: the next filled cell that is not a label itself
            at = next((filled[k][0] for k in range(position + 1, len(filled)) if keys[k] is None), None)
            if key == "schedule":
                project.schedule = _schedule(row, rows[index + 1] if index + 1 < len(rows) else None)
            elif at is None or key == "unread":
                continue
            elif key == "name" and project.name is None:
                project.name, project.name_line = squash(row.cells[at]), row.cell_line(at)
            elif key == "code":
                project.code = project.code or squash(row.cells[at])
            elif key == "goal":
                project.goal = project.goal or _raw(row, at)
            elif key.startswith("budget"):
                budget_candidates.setdefault(key, (_raw(row, at), row.cell_line(at)))
            else:  # a fund split: the last occurrence is the 年度 one where both are printed
                amount, cell_unit = _amount(_raw(row, at))
                project.funds[key] = wan_or_none(amount, cell_unit or label_unit or unit)
    for key in ("budget_annual", "budget", "budget_period"):
        if key in budget_candidates:
            printed, line = budget_candidates[key]
            amount, cell_unit = _amount(printed)
            project.budget_printed, project.budget_line = printed, line
            project.budget_unit = cell_unit or label_unit or unit or "万元"  # the cell wins over the header
            project.budget_wan = wan_or_none(amount, project.budget_unit)
            break


@lru_cache(maxsize=STRINGS_REMEMBERED)
def _label_key(labels: str, text: str) -> str | None:
    """What a label cell names: the key of the first pattern of vocabulary
    `performance.<labels>` it matches (tried in order), None for a value. Labels
    repeat from form to form."""
    return next((key for key, pattern in load().performance[labels].items() if pattern.search(text)), None)


def _read_staffing(project: Project, rows: list[Row], vocab: dict) -> None:
    for row in rows:
        filled = [(i, squash(c)) for i, c in enumerate(row.cells) if c.strip()]
        for position in range(len(filled) - 1):
            key = _label_key("staff_labels", filled[position][1])
            if key and key not in project.staffing and (count := _HEADCOUNT.fullmatch(filled[position + 1][1])):
                project.staffing[key] = (int(count.group(1)), row.cell_line(filled[position + 1][0]))


_HEADCOUNT = re.compile(r"(\d+)[人名]?")


def _raw(row: Row, index: int) -> str:
    return row.cells[index].strip()


def _amount(printed: str) -> tuple[Decimal | None, str | None]:
    """`30万元` → (30, 万元); `150000 150000` (a value printed twice) → 150000."""
    tokens = printed.split()
    if len(tokens) > 1 and len(set(tokens)) == 1:
        printed = tokens[0]
    return amount_with_unit(printed)


def _schedule(labels_row: Row, values_row: Row | None) -> list[tuple[str, str]]:
    """资金支出计划: month labels in one row, amounts or shares in the next."""
    months = [(i, squash(c)) for i, c in enumerate(labels_row.cells) if _MONTH.match(squash(c))]
    if not months or values_row is None:
        return []
    values = [squash(c) for c in values_row.cells]
    filled = [v for v in values if v]
    if len(filled) == len(months):  # shifted cells: pair in order
        return [(m, v) for (_, m), v in zip(months, filled)]
    return [(m, values[i]) for i, m in months if i < len(values) and values[i]]


# --- the indicator block --------------------------------------------------------------


@dataclass
class _Header:
    labels: list[str]
    fields: list[str | None] = field(init=False)  # the indicator field each column names

    def __post_init__(self):
        self.fields = [_field(label) for label in self.labels]


def _read_indicators(project: Project, rows: list[Row], cells_of_rows: list[list[str]], vocab: dict) -> None:
    header: _Header | None = None
    level1 = level2 = None
    held: tuple[list[str], Row, tuple | None, _Header] | None = None  # a row whose target the next row holds
    # the footer searched for only in the rows that hold one of its necessary literals (负责人, 填报日期): one
    # str.find over the table, where a search of every row would try the pattern at each character
    footers = {index for index, _ in Screen(["".join(cells) for cells in cells_of_rows]).matches(vocab["footer"])}
    for index, (row, cells) in enumerate(zip(rows, cells_of_rows)):
        if _is_indicator_header(cells):
            header = _Header(cells)
            continue
        if header is None or index in footers:
            continue
        parsed = None
        if held is not None:
            merged = _rest_of_row(held, cells, row, header, vocab)
            if merged is not None:
                (cells, parsed), row = merged, held[1]
            else:
                level1, level2 = _add_row(project, held[0], held[1], _held_row(held, header, vocab), header,
                                          level1, level2)
            held = None
        elif row.cell_lines is None or len(cells) < len(header.labels):
            parsed = _indicator_row(cells, header, vocab)
            if _lacks_target(parsed):
                held = (cells, row, parsed, header)
                continue
        else:
            parsed = _indicator_row(cells, header, vocab)
        level1, level2 = _add_row(project, cells, row, parsed, header, level1, level2)
    if held is not None and header is not None:
        _add_row(project, held[0], held[1], _held_row(held, header, vocab), header, level1, level2)


def _held_row(held: tuple[list[str], Row, tuple | None, _Header], header: _Header, vocab: dict) -> tuple | None:
    """The held row's `_indicator_row`, read again where a header row came in between."""
    return held[2] if held[3] is header else _indicator_row(held[0], header, vocab)


def _add_row(project: Project, cells: list[str], row: Row, parsed: tuple | None, header: _Header,
             level1: str | None, level2: str | None) -> tuple[str | None, str | None]:
    """Add the indicator a row holds (`parsed`: its `_indicator_row`); returns the
    一级/二级 labels to fill down."""
    if parsed is None:
        return level1, level2
    l1, l2, groups = parsed
    level1, level2 = l1 or level1, l2 or level2
    if not groups:
        if not l1 and not l2 and project.indicators:
            _continue_previous(project.indicators[-1], cells, header)
        return level1, level2
    first, annual = groups[0].get, groups[-1].get  # a field's (text, cell index), _ABSENT where not printed
    project.indicators.append(Indicator(
        level1=level1, level2=annual("level2", _ABSENT)[0] or level2, level3=annual("level3", _ABSENT)[0],
        description=first("description", _ABSENT)[0], target_printed=annual("target", _ABSENT)[0],
        period_target_printed=first("target", _ABSENT)[0] if len(groups) > 1 else None,
        basis=first("basis", _ABSENT)[0], unit_printed=annual("unit", _ABSENT)[0], op_printed=annual("op", _ABSENT)[0],
        line=row.cell_line(first("level3")[1]), page=row.page,
    ))
    return level1, level2


_ABSENT = (None, None)


def _rest_of_row(held: tuple[list[str], Row, tuple | None, _Header], cells: list[str], row: Row, header: _Header,
                 vocab: dict) -> tuple[list[str], tuple | None] | None:
    """The cells of one indicator printed as two rows (a stray blank line split it
    in the document the DOCX was made from), with their `_indicator_row`, or None.
    A DOCX row lists a merged cell once, so the two rows' cells together fill the
    header; a PDF prints both over the whole grid, each cell merged over several
    columns: the second row, on the same page, names no indicator of its own, and
    the filled cells of both in order make one with a target."""
    if held[1].cell_lines is not None:
        merged = held[0] + cells
        return (merged, _indicator_row(merged, header, vocab)) if len(merged) == len(header.labels) else None
    if row.page != held[1].page or _indicator_row(cells, header, vocab) not in (None, (None, None, [])):
        return None
    merged = [c for c in held[0] + cells if c]
    parsed = _indicator_row(merged, header, vocab)
    return (merged, parsed) if parsed and parsed[2] and "target" in parsed[2][-1] else None


def _lacks_target(parsed: tuple | None) -> bool:
    return bool(parsed and parsed[2] and "target" not in parsed[2][-1])


@lru_cache(maxsize=256)
def _field(label: str) -> str | None:
    """The indicator field a column header names (vocabulary `performance.indicator_columns`).
    A label holds no sentence punctuation: a `。` in it is the end of the text printed
    above running into its cell (`计量。单位`)."""
    label = label.replace("。", "")
    return next((field for field, pattern in load().performance["indicator_columns"].items()
                 if pattern.search(label)), None)


def _indicator_row(cells: list[str], header: _Header, vocab: dict):
    """(一级, 二级, [field groups]) of an indicator row. A second group is the 年度
    half of a table that prints 实施期 and 年度 side by side. Each group maps field
    names to (text, cell index)."""
    if not any(cells):
        return None
    if _aligned(cells, header):
        pairs = [(key, (c, i)) for i, (key, c) in enumerate(zip(header.fields, cells)) if c]
    else:
        filled = [(i, c) for i, c in enumerate(cells) if c]
        pairs = [(_field(label), value) for label, value in _pairs_in_order(filled, header, vocab)]
    groups: list[dict] = []
    current: dict = {}
    l1 = l2 = None
    for key, value in pairs:
        if key == "level1":
            l1 = value[0]
            continue
        if key == "level2":
            if current:
                groups.append(current)
            current = {}
            l2 = l2 or value[0]
        if key:
            current[key] = value
    groups.append(current)
    return l1, l2, [g for g in groups if g.get("level3")]


def _pairs_in_order(filled: list[tuple[int, str]], header: _Header, vocab: dict) -> list[tuple[str, tuple[str, int]]]:
    """Header labels paired with the filled cells of a row whose cells were
    shifted: in order when the counts agree (with or without the 一级 cell),
    else anchored on the 二级 labels the row prints."""
    labels = [x for x in header.labels[header.labels.index("一级指标"):] if x] if "一级指标" in header.labels \
        else [x for x in header.labels if x]
    cells = [(c, i) for i, c in filled]
    if cells and not vocab["level1"].search(cells[0][0]) and labels and labels[0] == "一级指标":
        labels = labels[1:]
    if len(cells) == len(labels):
        return list(zip(labels, cells))
    pairs: list[tuple[str, tuple[str, int]]] = []
    trailing = _labels_after(header, "二级指标") if "二级指标" in header.labels else []
    k = 0
    while k < len(cells):
        text = cells[k][0]
        if vocab["level2"].search(text) or (vocab["level1"].search(text) and not pairs and k + 1 < len(cells)
                                             and (vocab["level2"].search(cells[k + 1][0]))):
            label = "二级指标" if vocab["level2"].search(text) and not (
                vocab["level1"].search(text) and k + 1 < len(cells) and vocab["level2"].search(cells[k + 1][0])) \
                else "一级指标"
            pairs.append((label, cells[k]))
            if label == "二级指标":
                following = cells[k + 1 : k + 1 + len(trailing)]
                # the next 二级 label starts the next group: the same label again (the 年度
                # half repeats it) or any 二级 label after the 三级 cell
                stop = next((n for n, c in enumerate(following)
                             if vocab["level2"].search(c[0]) and (n > 0 or c[0] == text)), len(following))
                pairs += list(zip(trailing, following[:stop]))
                k += 1 + stop
                continue
        k += 1
    return pairs


def _labels_after(header: _Header, label: str) -> list[str]:
    start = header.labels.index(label)
    out = []
    for x in header.labels[start + 1:]:
        if x == label:
            break
        if x:
            out.append(x)
    return out


def _aligned(cells: list[str], header: _Header) -> bool:
    """Cells sit under their header labels: 一级/二级 columns hold level labels or
    nothing, and a level label elsewhere is only a 三级 name beside a filled 二级
    cell of its own group (服务对象满意度指标 | 服务对象满意度指标)."""
    if "二级指标" not in header.labels:
        return len(cells) == len(header.labels)  # no level labels to anchor on: the grid's own columns
    if len(cells) < len(header.labels) - 1:
        return False
    group_has_level2 = False
    for label, cell in zip(header.labels, cells):
        if label == "二级指标":
            if cell and not _is_level("level2", cell):
                return False
            group_has_level2 = bool(cell)
        elif not cell:
            continue
        elif label == "一级指标":
            if not _is_level("level1", cell):
                return False
        elif not (label == "三级指标" and group_has_level2) and (_is_level("level1", cell)
                                                                or _is_level("level2", cell)):
            return False
    return True


@lru_cache(maxsize=STRINGS_REMEMBERED)
def _is_level(level: str, text: str) -> bool:
    """An 一级 (`level1`: 产出指标 …) or 二级 (`level2`: 数量指标, 社会效益指标 …) label;
    the level labels repeat from row to row."""
    return bool(load().performance[level].search(text))


def _continue_previous(indicator: Indicator, cells: list[str], header: _Header) -> None:
    """A line that only continues cells of the row above across a page break."""
    for i, text in enumerate(cells):
        if not text:
            continue
        key = _field(header.labels[i]) if i < len(header.labels) else "basis"
        if key in ("description", "basis"):
            setattr(indicator, key, (getattr(indicator, key) or "") + text)


# --- targets ------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    op: str | None
    value: float | None
    unit: str | None
    is_quantitative: bool
    is_date: bool


@lru_cache(maxsize=STRINGS_REMEMBERED)
def parse_target(printed: str | None, unit_printed: str | None = None, op_printed: str | None = None) -> Target:
    """`≥20000份` → (>=, 20000, 份); `12月底前` is a date, not a quantity; `合规` has no value.
    A unit or operator printed in a column of its own (度量单位, 指标值类型) fills in."""
    vocab = load().performance
    text = squash(op_printed or "").translate(_FULLWIDTH) + squash(printed or "").translate(_FULLWIDTH)
    if unit_printed and text and text[-1].isdigit():
        text += squash(unit_printed)
    if not text:
        return Target(None, None, None, False, False)
    if vocab["target_date"].search(text):
        return Target(None, None, "date", False, True)
    m = vocab["target_number"].search(text) or _CHINESE_NUMBER.match(text)
    if not m:
        return Target(None, None, None, False, False)
    number = m.group("n") if "n" in m.re.groupindex else m.group(0)
    before, after = text[: m.start("n") if "n" in m.re.groupindex else m.start()], text[m.end():]
    op = next((symbol for symbol, pattern in vocab["target_ops"].items() if pattern.search(before)), None)
    if op is None:
        op = next((symbol for symbol, pattern in vocab["target_op_suffixes"].items() if pattern.search(after)), "=")
    unit = vocab["target_unit_noise"].sub("", after) or None
    value = float(number) if number[0].isdigit() else float(_chinese_number(number))
    return Target(op, value, unit, True, False)


_FULLWIDTH = str.maketrans("０１２３４５６７８９．％＞＜＝", "0123456789.%><=")
# a count written in words at the start of a target, before its unit: 一天以内, 两次, 十二个月
_CHINESE_NUMBER = re.compile(
    "^(?:≥|≤|>|<|=|不超过|不低于|不少于|不多于|至少|控制在)?(?P<n>[一二两三四五六七八九十]{1,3})(?=[个天次人名份项家条年月周日小时])")
_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _chinese_number(text: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十 → 20, 二十五 → 25."""
    if "十" not in text:
        return _DIGITS[text[-1]]
    tens, _, ones = text.partition("十")
    return _DIGITS.get(tens, 1) * 10 + _DIGITS.get(ones, 0)


# --- indicator quality (财预〔2021〕101号: 定量为主、定性为辅; 成本/产出/效益/满意度) ----------------


def cost_target_wan(indicator: Indicator) -> tuple[Target, Decimal] | None:
    """The money value of a cost indicator (成本指标) in 万元, if it states one."""
    if not indicator.level2 or not _is_cost_level(indicator.level2, indicator.level1):
        return None
    target = indicator_target(indicator)
    if target.value is None or target.unit not in ("万元", "元"):
        return None
    return target, Decimal(str(target.value)) / (10000 if target.unit == "元" else 1)


@lru_cache(maxsize=STRINGS_REMEMBERED)
def _is_cost_level(level2: str, level1: str | None) -> bool:
    return bool(load().indicator_quality["cost_level"].search(level2 + (level1 or "")))


def cost_consistent(budget_wan: Decimal, target: Target, value_wan: Decimal) -> bool:
    """A cost target agrees with the budget: equal, or a cap (≤) the budget stays within."""
    return {"=": budget_wan == value_wan, "<=": budget_wan <= value_wan, "<": budget_wan < value_wan,
            ">=": budget_wan >= value_wan, ">": budget_wan > value_wan}.get(target.op or "=", True)


def indicator_target(indicator: Indicator) -> Target:
    return parse_target(indicator.target_printed, indicator.unit_printed, indicator.op_printed)


def cost_parts_consistent(project: Project) -> bool | None:
    """Several money cost indicators (水费 120 + 电费 140 + 燃气费 10) are parts of one
    budget: their sum agrees with it. None where the project states no such indicator."""
    costs = [c for c in map(cost_target_wan, project.indicators) if c]
    if project.budget_wan is None or len(costs) < 2:
        return None
    # either the parts add up to the budget, or one of them states the whole budget
    return (sum(value for _, value in costs) == project.budget_wan
            or any(value == project.budget_wan for _, value in costs))


def indicator_quality(indicator: Indicator, target: Target, budget_wan: Decimal | None,
                      parts_consistent: bool | None = None) -> dict:
    rules = load().indicator_quality
    printed = squash(indicator.target_printed or "")
    vague = rules["vague"].search(printed) if printed and not target.is_quantitative else None
    cost = cost_target_wan(indicator) if budget_wan is not None else None  # judged against the budget only
    name = squash(indicator.level3)
    placeholder = rules["placeholder"]
    has_unit = target.unit not in (None, "date")
    vague_word = vague.group(0) if vague else None
    is_placeholder = bool(placeholder.search(printed) or placeholder.search(name))
    repeats_name = bool(printed) and printed in name
    cost_inconsistent = None if not cost or budget_wan is None else (
        not parts_consistent if parts_consistent is not None else not cost_consistent(budget_wan, *cost))
    quality_flags = [flag for flag, on in (("not_quantitative", not target.is_quantitative and not target.is_date),
                                           ("no_unit", target.is_quantitative and not has_unit),
                                           ("vague", vague_word), ("placeholder", is_placeholder),
                                           ("repeats_name", repeats_name),
                                           ("cost_inconsistent", cost_inconsistent)) if on]
    return {"has_unit": has_unit, "vague_word": vague_word, "is_placeholder": is_placeholder,
            "repeats_name": repeats_name, "cost_inconsistent": cost_inconsistent,
            "quality_flags": ",".join(quality_flags) or None}


def project_quality(project: Project) -> dict:
    # the four category counts, column by column over the indicators' (output, benefit, satisfaction, cost)
    output, benefit, satisfaction, cost = map(sum, zip(*(_categories(i.level1, i.level2) for i in project.indicators))) \
        if project.indicators else (0, 0, 0, 0)
    quantitative = [indicator_target(i).is_quantitative for i in project.indicators]
    missing = [zh for zh, n in (("成本", cost), ("产出", output), ("效益", benefit), ("满意度", satisfaction)) if n == 0]
    return {
        "n_output": output, "n_benefit": benefit, "n_satisfaction": satisfaction, "n_cost": cost,
        "share_quantitative": round(sum(quantitative) / len(quantitative), 4) if quantitative else None,
        "missing_categories": ",".join(missing) or None,
    }


@lru_cache(maxsize=STRINGS_REMEMBERED)
def _categories(level1: str | None, level2: str | None) -> tuple[bool, bool, bool, bool]:
    """Whether an indicator's 一级/二级 labels make it an output (产出), benefit (效益),
    satisfaction (满意度) and cost (成本) indicator; the labels repeat from project to project."""
    rules = load().indicator_quality
    first = level1 or ""
    output, benefit, satisfaction = (bool(rules[f"{name}_level1"].search(first))
                                     for name in ("output", "benefit", "satisfaction"))
    return output, benefit, satisfaction, bool(rules["cost_level"].search(first + ">" + (level2 or "")))
