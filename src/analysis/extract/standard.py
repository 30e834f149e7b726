"""Normalisation of recognised tables: typed lines with amounts in 万元.

A `ParsedTable` holds one `Line` per printed data row (per side for the
two-sided summary tables), each with its code, item name, what kind of row it
is (detail, total, “三公” item) and its amount cells as printed and in 万元.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from decimal import Decimal

from .normalise import (STRINGS_REMEMBERED, code_digits, is_part_of_above, item_name, parse_amount, squash,
                        step_of_decimals, to_wan)
from .recognise import Column, Table
from .vocabulary import Vocabulary, first_match, load

# The numberings of a Chinese outline, from the top level down: 一、 （一） 1、 (1) ①
_NUMBERING_LEVELS = tuple(re.compile(p) for p in (
    r"^[一二三四五六七八九十]+、", r"^[（(][一二三四五六七八九十]+[)）]", r"^\d+[、.．](?!\d)", r"^[（(]\d+[)）]", r"^[①-⑳]"))


def numbering_level(label: str) -> int | None:
    """The outline level a label's numbering puts it at (0 for `一、`, 2 for `1、`), None unnumbered."""
    s = squash(label)
    return next((level for level, pattern in enumerate(_NUMBERING_LEVELS) if pattern.match(s)), None)


_DASHES = {"-", "—", "－", "——", "--", "/", "／", "—-", "–"}


@dataclass(slots=True)
class AmountCell:
    column: Column
    printed: str
    value_wan: Decimal | None
    line: int | None
    problem: str | None = None  # why a printed, non-blank cell has no value


@dataclass(slots=True)
class Line:
    ordinal: int
    side: str | None
    code: str | None
    code_kind: str | None  # classification (功能/经济科目) or org (部门/单位代码)
    code_printed: str | None
    code_note: str | None
    name: str | None
    alt_name: str | None
    total_item: str | None
    three_public_item: str | None
    category_code: str | None
    cells: dict[str, AmountCell]
    line: int | None  # line of the row's code (or name) cell
    page: int | None
    numbering: int | None = None  # the outline level of the name's numbering (0 for 一、…, see numbering_level)
    part_of_above: bool = False  # the name was printed as `其中：…`

    def wan(self, column_id: str) -> Decimal | None:
        cell = self.cells.get(column_id)
        return cell.value_wan if cell else None

    def cell_line(self, column_id: str) -> int | None:
        cell = self.cells.get(column_id)
        return cell.line if cell and cell.line is not None else self.line

    def printed(self, column_id: str) -> str | None:
        cell = self.cells.get(column_id)
        return cell.printed if cell else None

    @property
    def blank(self) -> bool:
        return all(c.value_wan is None for c in self.cells.values())


# the amount columns with a figure on some line, the figures as printed, and the printed cells
# that hold no number (by id of their line): [(column id, cell)]
CellsRead = tuple[frozenset[str], frozenset[str], dict[int, list[tuple[str, AmountCell]]]]


@dataclass
class ParsedTable:
    table: Table
    unit: str
    unit_assumed: bool
    lines: list[Line] = field(default_factory=list)
    # what is worked out from the lines when first asked, kept here rather than with
    # functools.cached_property: compiled by mypyc, that is a plain property, worked out at every use.
    # Keyword fields, not init=False ones: mypyc leaves an init=False field's default unset
    _first_totals_kept: dict[tuple[str, str | None], Line] | None = field(
        default=None, kw_only=True, repr=False, compare=False)
    _cells_read_kept: CellsRead | None = field(default=None, kw_only=True, repr=False, compare=False)
    _rounding_step_kept: Decimal | None = field(default=None, kw_only=True, repr=False, compare=False)

    @property
    def id(self) -> str:
        return self.table.kind.id

    def details(self) -> list[Line]:
        return [ln for ln in self.lines if ln.total_item is None]

    def totals(self) -> list[Line]:
        return [ln for ln in self.lines if ln.total_item is not None]

    def first_total(self, item: str, side: str | None = None) -> Line | None:
        """The first total line of `item` (on `side`, or on either side for None)."""
        if self._first_totals_kept is None:
            self._first_totals_kept = _first_totals(self.lines)
        return self._first_totals_kept.get((item, side))

    @property
    def _cells_read(self) -> CellsRead:
        if self._cells_read_kept is None:
            self._cells_read_kept = _read_cells(self.lines)
        return self._cells_read_kept

    @property
    def valued_columns(self) -> frozenset[str]:
        """Amount columns with a figure on some line: a column blank throughout implies no identity."""
        return self._cells_read[0]

    @property
    def unreadable_cells(self) -> dict[int, list[tuple[str, AmountCell]]]:
        """Printed amount cells that are not a number, by id of their line: [(column id, cell)]."""
        return self._cells_read[2]

    @property
    def mixed_precision(self) -> bool:
        """Some figures of the table stop at fewer decimals than others (852063605.8 beside
        852063605.79, as a spreadsheet shows a figure its column is too narrow for): one figure
        printed twice may then be printed at two precisions."""
        return len(set(filter(None, map(_printed_decimals, self._cells_read[1])))) > 1

    @property
    def rounding_step_wan(self) -> Decimal:
        """One unit of the coarsest decimal the table prints, in 万元 (0.01 万元 in a 万元 table,
        0.000001 万元 in a 元 table printed to 分, 0.00001 万元 where some of its figures stop at
        角); 0 in a 元 table of whole numbers, which nothing rounded (`step_of_decimals`). Whole
        numbers beside figures with decimals do not count: their zero decimals were left off."""
        if self._rounding_step_kept is None:
            decimals = min(filter(None, map(_printed_decimals, self._cells_read[1])),
                           default=0 if self.unit == "元" else 2)
            self._rounding_step_kept = step_of_decimals(decimals, self.unit)
        return self._rounding_step_kept


def _first_totals(lines: list[Line]) -> dict[tuple[str, str | None], Line]:
    """The first total line of each item, by (item, side) and by (item, None)."""
    first: dict[tuple[str, str | None], Line] = {}
    for line in lines:
        if line.total_item is not None:
            first.setdefault((line.total_item, line.side), line)
            first.setdefault((line.total_item, None), line)
    return first


def _read_cells(lines: list[Line]) -> CellsRead:
    """One walk over every cell of a table."""
    valued: set[str] = set()
    figures: set[str] = set()
    unreadable: dict[int, list[tuple[str, AmountCell]]] = {}
    for line in lines:
        for column_id, cell in line.cells.items():
            if cell.value_wan is not None:
                valued.add(column_id)
                figures.add(cell.printed)
            elif cell.problem:
                unreadable.setdefault(id(line), []).append((column_id, cell))
    return frozenset(valued), frozenset(figures), unreadable


@lru_cache(maxsize=STRINGS_REMEMBERED)
def _printed_decimals(printed: str) -> int:
    amount = parse_amount(printed)  # a figure: a finite number
    exponent = amount.as_tuple().exponent if amount is not None else 0
    return -exponent if isinstance(exponent, int) else 0


def parse_table(table: Table, unit: str, unit_assumed: bool, vocab: Vocabulary | None = None,
                year: int | None = None) -> ParsedTable:
    vocab = vocab or load()
    parsed = ParsedTable(table, unit, unit_assumed)
    sides = list(dict.fromkeys(c.side for c in table.columns)) if table.kind.layout == "two_sided" and any(
        c.side for c in table.columns) else [None]
    if table.kind.layout == "three_public" and (item_columns := _horizontal_items(table, vocab, year)):
        parsed.lines = _three_public_columns(table, unit, item_columns)
        return parsed
    ordinal = 0
    code_context: list[str] = []
    groups = {side: _ColumnGroups([c for c in table.columns if side is None or c.side == side]) for side in sides}
    for row in table.rows:
        for side in sides:
            line = _line(table, row, groups[side], side, unit, code_context)
            if line is None:
                continue
            ordinal += 1
            line.ordinal = ordinal
            parsed.lines.append(line)
    if sides != [None]:
        _lone_side_totals(parsed.lines)
    return parsed


def _lone_side_totals(lines: list[Line]) -> None:
    """A side of a two-sided table whose only total line is a 合计 (no 本年收入合计, nothing carried,
    no 总计: 重庆 prints 合计 19,230.18 over 一、… on both sides): that 合计 is the side's total of
    the year."""
    for side in dict.fromkeys(ln.side for ln in lines if ln.side):
        base = listing_side(side)
        totals = [ln for ln in lines if ln.side == side and ln.total_item is not None]
        if base in ("income", "expenditure") and len(totals) == 1 and totals[0].total_item == "table_total":
            totals[0].total_item = f"{base}_current"


def listing_side(side: str) -> str:
    """The side a listing of a two-sided table is on: `expenditure` for `expenditure_2`."""
    return side.partition("_")[0]


def _compose_code(parts: list[str], context: list[str]) -> str | None:
    """Join codes printed in separate 类/款/项 columns. A row that prints only its
    款 or 项 part takes the leading parts from the rows above (`205 | 02 | 01`). In one
    code column, a 款 printed as its own two digits (`10` under `201`, or after the 项 of
    the 款 before) follows its 类; after a 款 two digits could be a 项 as well, and stay."""
    if len(parts) == 1:
        code = parts[0]
        if len(code) == 2 and context and context[1] != "5":
            return context[0] + code
        if len(code) in (3, 5, 7):
            context[:] = [code[:3], str(len(code))]
        return code or None
    if not any(parts):
        return None
    first = next(i for i, p in enumerate(parts) if p)
    if first > 0 and len(context) >= first:
        parts = context[:first] + parts[first:]
    last = max(i for i, p in enumerate(parts) if p)
    context[:] = parts[: last + 1]
    return "".join(parts[: last + 1]) if all(parts[: last + 1]) else "".join(parts)


# Row labels repeat across tables and documents: their meaning is looked up once.
@lru_cache(maxsize=STRINGS_REMEMBERED)
def _total_item(name: str, side: str, table_kind: str) -> str | None:
    return first_match(load().total_rows, name, side, table_kind)


@lru_cache(maxsize=STRINGS_REMEMBERED)
def _code_in_name(label: str) -> tuple[str, str] | None:
    """(code, name) of a name cell that prints its code (`[2080501]行政单位离退休`)."""
    m = load().columns["code_in_name"].match(label.strip())
    return (m["code"], m["name"]) if m else None


def _unit_row_code(code: str | None) -> bool:
    return bool(code) and load().columns["unit_row_code"].match(code) is not None


@lru_cache(maxsize=STRINGS_REMEMBERED)
def _three_public_item(name: str) -> str | None:
    return first_match(load().three_public_items, name)


@lru_cache(maxsize=STRINGS_REMEMBERED)
def _economic_category(name: str) -> str | None:
    return first_match(load().economic_categories, name)


class _ColumnGroups:
    """The columns of one side of a table, by role (computed once per table)."""

    def __init__(self, columns: list[Column]):
        self.code = [c for c in columns if c.role == "code"]
        self.code_kind = self.code[0].id if self.code else None
        self.name = [c for c in columns if c.role == "name"]
        self.amount_slots = [(c, c.index, c.id) for c in columns if c.role == "amount" and c.id is not None]
        self.label = [c for c in columns if c.role in ("seq", "other")]


def _line(table: Table, row, groups: _ColumnGroups, side: str | None, unit: str,
          code_context: list[str]) -> Line | None:
    # plain loops, not comprehensions: this runs for every printed row, over lists of one or two cells
    cells = row.cells
    code_cells = []
    digits = []
    for c in groups.code:
        text = cells[c.index]
        if text.strip():
            code_cells.append((c, text))
            digits.append(code_digits(text))
        else:
            digits.append("")
    label_column = code_cells[0][0] if code_cells else None
    name_cells = {}
    for c in groups.name:
        text = cells[c.index]
        if text.strip():
            name_cells[c.id] = text
            label_column = label_column or c
    if len(code_cells) == 1:
        code_printed = code_cells[0][1].strip()
    elif code_cells:
        code_printed = " ".join([squash(text) for _, text in code_cells]) or None
    else:
        code_printed = None
    code = _compose_code(digits, code_context)
    label = name_cells.get("name")
    if code_printed and code is None:
        label = label or code_printed  # `合计` printed in the code column
        code_printed = None
    code_kind = groups.code_kind if code else None
    if code is None and not groups.code and label and (in_name := _code_in_name(label)):
        code_printed, label = in_name
        code, code_kind = _compose_code([code_printed], code_context), "classification"
    if label is None and not code:
        label = _label_from_other_cells(row, groups.label)
    if label is None and code is None and not any([cells[index].strip() for _, index, _ in groups.amount_slots]):
        return None  # nothing printed on the row (the blank side of a two-sided table): no cells to build
    cell_lines, row_line = row.cell_lines, row.line
    amounts = {}
    for column, index, column_id in groups.amount_slots:
        printed, line = cells[index], cell_lines[index] if cell_lines else row_line
        # most cells are blank: nothing to read, no call to read it
        amounts[column_id] = (_amount_cell(column, printed, line, unit) if printed
                              else AmountCell(column, printed, None, line))
    kind = table.kind
    name, total_item, three_public_item, category, numbering, part_of_above = _label_meaning(
        label, listing_side(side) if side else "any", kind.id, kind.layout, bool(code))
    code_note = None
    if code and row_line in table.code_repairs:
        code_printed, code_note = table.code_repairs[row_line]
    elif code_printed and " " in code_printed and len(code_cells) == 1:
        code_note = "space inside the printed code removed"
    elif code and len(code_cells) == 1 and len(digits[0]) == 2 and len(code) == 5:
        code_note = f"款 printed as '{code_printed}' under its 类 {code[:3]}"
    if code_kind == "classification" and _unit_row_code(code):
        code_kind = "org"
    return Line(0, side, code, code_kind, code_printed, code_note, name,
                item_name(name_cells["alt_name"]) if "alt_name" in name_cells else None,
                total_item, three_public_item, category, amounts,
                row.cell_line(label_column.index) if label_column else row_line, row.page, numbering, part_of_above)


# A row label means the same in every row of the same table kind and side: what it
# says (name, total item, “三公” item, category, how it was printed) is read once.
@lru_cache(maxsize=STRINGS_REMEMBERED)
def _label_meaning(label: str | None, side: str, table_kind: str, layout: str | None,
                   coded: bool) -> tuple[str | None, str | None, str | None, str | None, int | None, bool]:
    name = item_name(label) if label else None
    total_item = _total_item(name, side, table_kind) if name and not coded else None
    three_public_item = _three_public_item(name) if name and layout == "three_public" else None
    if three_public_item == "total":
        total_item = total_item or "table_total"
    elif three_public_item:
        total_item = None
    category = _economic_category(name) if name and layout == "economic" and not coded else None
    numbering = numbering_level(label) if label else None
    return name, total_item, three_public_item, category, numbering, bool(label) and is_part_of_above(label)


def _label_from_other_cells(row, columns: list[Column]) -> str | None:
    for c in columns:
        if row.cells[c.index].strip() and parse_amount(row.cells[c.index]) is None:
            return row.cells[c.index]
    return None


@lru_cache(maxsize=STRINGS_REMEMBERED)
def _amount_reading(printed: str, unit: str) -> tuple[str, Decimal | None, str | None]:
    """A printed amount cell → (as printed, value in 万元, why a non-blank cell has no value)."""
    if not printed:
        return printed, None, None
    printed = printed.strip()
    s = squash(printed)
    if not s or s in _DASHES:
        return printed, None, None
    value = parse_amount(s)
    if value is None:
        return printed, None, "not a number"
    try:
        return printed, to_wan(value, unit), None
    except ValueError as exc:
        return printed, None, str(exc)


def _amount_cell(column: Column, printed: str, line: int | None, unit: str) -> AmountCell:
    printed, value_wan, problem = _amount_reading(printed, unit)
    return AmountCell(column, printed, value_wan, line, problem)


def _column_item(column: Column, vocab: Vocabulary) -> str | None:
    """The “三公” item a column of a horizontal 三公 table holds (合计 → total;
    `…“三公”经费预算>小计` → the 三公 total, `grand_total` for a 合计 that also
    covers 会议费/培训费 beside it)."""
    path = column.header.split(">")
    leaf, parents = path[-1], [p for p in path[:-1] if _year_group(p, vocab) is None]
    item = first_match(vocab.three_public_items, item_name(leaf))
    if item:
        return item
    if vocab.columns["generic_total"].search(leaf):
        for parent in reversed(parents):
            if item := first_match(vocab.three_public_items, item_name(parent)):
                return "total" if item == "subtotal" else item
            if "三公" in parent:
                return "three_public_subtotal"
        return "total" if not parents else None
    return None


def _year_group(label: str, vocab: Vocabulary) -> str | None:
    """What a header group over one year's columns is: the year it names (`2026`), `current`
    (当年), `prior` (上年) or `change` (增减变化); None for any other label."""
    columns = vocab.columns
    if m := columns["year_group"].match(label):
        return m["year"]
    for kind in ("current", "prior", "change"):
        if columns[f"{kind}_year_group" if kind != "change" else "change_group"].search(label):
            return kind
    return None


def _horizontal_items(table: Table, vocab: Vocabulary, year: int | None = None) -> dict[int, str]:
    """Columns of a 三公 table printed with one column per item (出国 | 用车 | 接待).
    Where the columns repeat per year (2021年 | 2022年 | 增减变化), the budget year's
    group (else the last year) is read."""
    carryover = vocab.columns["carryover_parent"]
    # the carryover group (上年结转结余) repeats the items beside the current year's
    columns = [c for c in table.columns if c.role in ("amount", "other", "name")
               and not any(carryover.search(p) for p in c.header.split(">")[:-1])]
    groups = {g: kind for c in columns if (kind := _year_group(g := c.header.split(">")[0], vocab))}
    if len(groups) > 1:
        years = sorted(g for g, kind in groups.items() if kind.isdigit())
        current = [g for g, kind in groups.items() if kind == "current"]
        chosen = next((g for g in years if year and groups[g] == str(year)),
                      current[0] if current else years[-1] if years else None)
        columns = [c for c in columns if c.header.split(">")[0] == chosen]
    named = {c.index: _column_item(c, vocab) for c in columns}
    items = {i: item for i, item in named.items() if item}
    if "three_public_subtotal" in items.values():  # the 三公 total beside a wider 合计
        items = {i: ("total" if item == "three_public_subtotal" else "grand_total" if item == "total" else item)
                 for i, item in items.items()}
    # one column per item: a group's own 小计 (`因公出国（境）费>小计`) rather than a
    # column whose label spans the group (`因公出国（境）费` over 小计 | 其中 …)
    def depth(index: int) -> int:
        return table.columns[index].header.count(">")

    deepest: dict[str, int] = {}
    for index, item in sorted(items.items()):
        if item not in deepest or depth(index) > depth(deepest[item]):
            deepest[item] = index
    items = {index: item for item, index in deepest.items()}
    parts = {item for item in items.values() if item not in ("total", "grand_total")}
    return items if len(parts) >= 2 else {}


def _three_public_columns(table: Table, unit: str, item_columns: dict[int, str]) -> list[Line]:
    """One line per item column (`_horizontal_items`), from the first data row that prints an
    amount (the current-year row where a template also prints last year's)."""
    items = {i: item for i, item in item_columns.items() if item != "grand_total"}
    row = next((r for r in table.rows if any(parse_amount(r.cells[i]) is not None for i in items)), None)
    if row is None:
        return []
    lines = []
    for ordinal, (index, item) in enumerate(sorted(items.items()), start=1):
        column = table.columns[index]
        cell = _amount_cell(Column(column.index, column.header, "amount", "total"), row.cells[column.index],
                            row.cell_lines[column.index] if row.cell_lines else row.line, unit)
        lines.append(Line(ordinal, None, None, None, None, None, column.header.split(">")[-1], None,
                          "table_total" if item == "total" else None, item, None, {"total": cell},
                          row.cell_line(index), row.page))
    return lines
