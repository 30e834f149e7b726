"""Table recognition: rows of cells → tables with typed columns.

Works on the `Row` sequence of any reader. A table starts at a title line
(what it is comes from the vocabulary, never from a document's name), collects
the page furniture printed with it (entity, year, unit), its header rows (one or
several, with merged group labels), and its data rows, dropping headers repeated
after page breaks and joining code fragments that a page break split off.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeVar

from .model import Row
from .normalise import STRINGS_REMEMBERED, UNIT_FACTORS, code_digits, find_unit, is_amount, item_name, squash
from .vocabulary import TableKind, Vocabulary, first_match, load

T = TypeVar("T")

_TITLE_END = re.compile(r"表(?:[（(][^）)]{1,30}[）)])?$")
_SENTENCE = re.compile(r"[，。；,;]|[:：](?!$)")
_CODE_LIKE = re.compile(r"^\d{3}(?:\s*\d{1,2}){0,2}$|^\d{3,7}(?:\s\d{1,2})?$")


@dataclass
class Column:
    index: int
    header: str  # "parent>leaf" as printed, whitespace removed
    role: str  # seq / code / name / amount / other
    id: str | None = None  # amount column id, or name / alt_name
    side: str | None = None  # income / expenditure in two-sided tables


@dataclass
class Table:
    kind: TableKind
    title: str
    title_line: int | None
    title_page: int | None
    scope: str
    unit: str | None = None
    entity_code: str | None = None
    entity_name: str | None = None
    year: int | None = None
    header_rows: list[Row] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # source line of a row → (code as printed on that line, how it was completed)
    code_repairs: dict[int | None, tuple[str, str]] = field(default_factory=dict)

    @property
    def declared_empty(self) -> bool:
        f = load().furniture
        return any(f["empty_note"].search(n) and not f["empty_note_conditional"].search(n) for n in self.notes)

    @property
    def has_empty_note(self) -> bool:
        f = load().furniture
        return any(f["empty_note"].search(n) or f["empty_note_conditional"].search(n) for n in self.notes)

    def columns_with(self, role: str) -> list[Column]:
        return [c for c in self.columns if c.role == role]


def title_kind(text: str, vocab: Vocabulary) -> TableKind | None:
    """The table kind a line announces, if it is a table title."""
    s = vocab.furniture["title_prefix"].sub("", squash(text))
    if not s or len(s) > 60 or not _TITLE_END.search(s) or _SENTENCE.search(s):
        return None
    if vocab.furniture["note"].search(s):
        return None
    for kind in vocab.tables:
        if kind.title.search(s):
            return kind
    return None


_FURNITURE_HINT = re.compile(r"^\d|[:：表（(]")  # every furniture pattern but a note needs one of these


@dataclass(frozen=True)
class Furniture:
    """What a line printed around a table says: its unit, year, entity, or a note."""

    unit: str | None = None
    year: int | None = None
    entity_code: str | None = None
    entity_name: str | None = None
    note: str | None = None


def read_furniture(s: str, vocab: Vocabulary) -> Furniture | None:
    """The page furniture a (squashed) line is, or None if it is none."""
    f = vocab.furniture
    hinted = bool(_FURNITURE_HINT.search(s))
    if hinted and (unit := find_unit(s)):
        named = f["entity_named"].search(s)  # `部门（单位）：某某市医疗保障局 单位：万元`
        name = f["unit_tail"].sub("", named.group("name")) if named else ""
        return Furniture(unit=unit, entity_name=name if name and name not in UNIT_FACTORS else None)
    if hinted and (m := f["year_line"].search(s)):
        return Furniture(year=int(m.group("year")))
    if hinted and (m := f["entity_named"].search(s)):
        return Furniture(entity_name=m.group("name"))
    if f["note"].search(s) or f["empty_note"].search(s) or f["empty_note_conditional"].search(s):
        return Furniture(note=s)
    if hinted and (f["table_number"].search(s) or f["cut_off_date"].search(s)):
        return Furniture()
    if hinted and (m := f["entity_line"].search(s)) and not is_amount(s):
        return Furniture(entity_code=m.group("code"), entity_name=m.group("name"))
    return None


def _single_text(row: Row) -> str | None:
    filled = list(filter(str.strip, row.cells))
    return filled[0] if len(filled) == 1 else None


def split_tables(rows: list[Row], vocab: Vocabulary | None = None) -> list[Table]:
    """Cut the row sequence into tables (standard and others) in document order."""
    vocab = vocab or load()
    lookups = _Lookups.of(vocab)
    rows = _join_broken_titles(rows, lookups)
    title_of = lookups.title
    tables: list[Table] = []
    current: list[Row] | None = None
    scope = "department"
    seen_standard = False
    header: tuple[TableKind, Row] | None = None

    def close() -> None:
        nonlocal current, header, seen_standard
        # a title with no table rows and no note under it is a contents entry
        if header is not None and current and (any(r.kind == "table" for r in current) or any(
                vocab.furniture["note"].search(squash(r.text)) for r in current)):
            kind, title_row = header
            table = _build(kind, title_row, current, scope, lookups)
            tables.append(table)
            seen_standard = seen_standard or kind.standard
        current, header = None, None

    for row in rows:
        row_kind = row.kind
        if row_kind == "toc":
            continue
        if row_kind == "text":
            text = row.text
        elif len(cells := row.cells) > 1 and cells[0].strip() and cells[1].strip():
            text = None  # the usual table row: two printed cells, so no single text
        else:
            text = _single_text(row)
        if text is not None:
            kind = title_of(text)
            if (kind is not None and kind.layout and header is not None and kind is header[0]
                    and squash(text) == squash(header[1].text)):
                continue  # a standard table's title repeated on the next page: the same table goes on
            if kind is not None:
                close()
                if seen_standard and vocab.scope["unit_title"].search(squash(text)):
                    scope = "unit"
                header, current = (kind, row), []
                continue
            s = squash(text)
            if seen_standard and lookups.unit_part(s):
                close()
                scope = "unit"
                continue
            if row_kind == "text" and current is not None and _ends_table(row, s, lookups):
                close()
                continue
        if current is not None:
            current.append(row)
    close()
    return tables


def _join_broken_titles(rows: list[Row], lookups: _Lookups) -> list[Row]:
    """A title printed over two lines of one page made one line again: what kind of table it is
    may be said only by its second line (`…一般公共预算支出明细表` | `（按支出经济分类科目）`), or
    its second line alone would announce another kind (`…“三公”经费及` | `会议费、培训费支出预算表`)."""
    out: list[Row] = []
    for row in rows:
        previous = out[-1] if out else None
        if (previous is not None and row.kind == "text" and previous.kind == "text" and previous.page == row.page
                and (joined := _broken_title(previous, row, lookups)) is not None):
            out[-1] = joined
            continue
        out.append(row)
    return out


def _broken_title(first: Row, second: Row, lookups: _Lookups) -> Row | None:
    f = lookups.vocab.furniture
    head, tail = squash(first.text), squash(second.text)
    if not head or not tail:
        return None
    if f["title_remark"].search(tail):
        if lookups.title(head) is None or lookups.furniture(tail) is not None:
            return None
    elif not (f["title_broken_end"].search(head) and lookups.title(head) is None):
        return None
    if lookups.title(head + tail) is None:
        return None
    return Row("text", (first.text.rstrip() + second.text.strip(),), first.line, first.page, None, first.heading)


def _ends_table(row: Row, s: str, lookups: _Lookups) -> bool:
    if lookups.furniture(s) is not None:
        return False
    return row.heading or len(s) > 30 or bool(lookups.vocab.furniture["section_heading"].search(s))


def _build(kind: TableKind, title_row: Row, body: list[Row], scope: str, lookups: _Lookups) -> Table:
    table = Table(kind, squash(title_row.text), title_row.line, title_row.page, scope)
    furniture_of, plain_cell = lookups.furniture, lookups.plain_cell
    if kind.layout is None:  # kept as rows for the readers of their own kind
        for row in body:
            if row.kind == "text":
                _absorb_furniture(table, squash(row.text), furniture_of)
                continue
            if plain_cell(row.cells[0]) is not None or not _absorb_furniture_row(
                    table, row, map(squash, row.cells), furniture_of):
                table.rows.append(row)
        return table
    f = lookups.vocab.furniture
    column_number_label = f["column_number_row"].search
    header_rows: list[Row] = []
    header_labels: set[str] = set()
    header_prefixes: set[str] = set()  # what a header label cut short can be (see _cut_label)
    data: list[Row] = []
    width = 0
    for row in body:
        if row.kind == "text":
            _absorb_furniture(table, squash(row.text), furniture_of)
            continue
        plain_first = plain_cell(row.cells[0])
        # the usual data row, told by its first cell alone (the other cells are not squashed): once
        # data came, a row whose plain first cell is no header label and no column number label is
        # data (a code fragment leaves the first cell of a wider row blank)
        if (data and plain_first and len(row.cells) > 1 and plain_first != "1"
                and plain_first not in header_labels and plain_first not in header_prefixes
                and not column_number_label(plain_first)):
            data.append(row)
            continue
        cells = list(map(squash, row.cells))
        if plain_first is None and _absorb_furniture_row(table, row, cells, furniture_of):
            continue
        filled = list(filter(None, cells))
        if not filled:  # blanks and markup only: a code fragment at most (see below), else nothing
            if data:
                _join_code_fragment(data, row, table)
            continue
        first = filled[0]
        # a code fragment is a row of one filled cell (a squashed cell is filled only where its cell is)
        if data and len(filled) == 1 and _join_code_fragment(data, row, table):
            continue  # before the column numbers: a lone `1` may finish the code above
        if (first == "1" or column_number_label(first)) and _is_column_number_row(filled, f, cells[0]):
            width = max(width, len(row.cells))
            continue
        # a repeated header: every label is one of the header's, so the first is (the usual data row stops there)
        if ((first in header_labels or first in header_prefixes)
                and _repeats_header(filled, header_labels, header_prefixes, kind, lookups)):
            continue  # header repeated after a page break
        if not data and not _looks_like_data(cells, kind, lookups):
            header_rows.append(row)
            header_labels.update(filled)
            header_prefixes.update(label[:end] for label in filled for end in range(2, len(label) + 1))
            continue
        data.append(row)
    if header_rows and data:
        header_rows, data[0] = _header_tails(header_rows, data[0])
    table.header_rows = header_rows
    width = max([width, *(len(r.cells) for r in header_rows), *(len(r.cells) for r in data)])
    table.columns = _columns(header_rows, data, width, kind, lookups)
    first_amount = None if kind.layout == "two_sided" else min(
        (c.index for c in table.columns if c.role == "amount"), default=width)
    table.rows = _labels_overflowing([_fit(r, width, first_amount) if len(r.cells) < width else r for r in data],
                                     table.columns)
    return table


# what a label can print that a figure cannot: CJK characters and punctuation, brackets
_LABEL_CHARACTER = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef()]")


def _labels_overflowing(rows: list[Row], columns: list[Column]) -> list[Row]:
    """A label too long for its cell runs on over the amount cell beside it (a spreadsheet
    prints it so), and its characters are read in that cell among the figure's
    (`西安市人工影响天气服务保` | `障中18心39311.66`): they go back to the label, the name cell
    left of the amount on the same side, and the figure stays."""
    amounts = [c for c in columns if c.role == "amount"]
    label_of = {c.index: next((n.index for n in reversed(columns[:c.index]) if n.role == "name" and n.side == c.side),
                              None) for c in amounts}
    out = []
    for row in rows:
        cells = None
        for column in amounts:
            text = row.cells[column.index] if column.index < len(row.cells) else ""
            if text.isascii() or (label := label_of[column.index]) is None:
                continue  # most cells: a figure, or blank
            spilled = "".join(_LABEL_CHARACTER.findall(text))
            figure = _LABEL_CHARACTER.sub("", text).strip()
            if not spilled or not (is_amount(figure) or not figure) or not row.cells[label].strip():
                continue
            cells = cells or list(row.cells)
            cells[label] = cells[label].rstrip() + spilled
            cells[column.index] = figure
        out.append(row if cells is None else Row(row.kind, tuple(cells), row.line, row.page, row.cell_lines,
                                                 row.heading))
    return out


_HEADER_TAIL = re.compile(r"^([\u4e00-\u9fff]{1,3})(-?[\d,]+(?:\.\d+)?)$")


def _header_tails(header: list[Row], first: Row) -> tuple[list[Row], Row]:
    """A header label wrapped over lines can leave its last characters in the first data row,
    before the figure (`对附属单位上缴收` over `入0.00`): they go back to the label, the lowest
    one printed over the cell."""
    tails = {}
    for i, cell in enumerate(first.cells):
        labelled = [k for k, row in enumerate(header) if i < len(row.cells) and row.cells[i].strip()]
        if labelled and (m := _HEADER_TAIL.match(squash(cell))):
            tails[i] = (labelled[-1], m.group(1), m.group(2))
    if not tails:
        return header, first
    rows = []
    for k, row in enumerate(header):
        labels = [cell + tails[i][1] if i in tails and tails[i][0] == k else cell for i, cell in enumerate(row.cells)]
        rows.append(Row(row.kind, tuple(labels), row.line, row.page, row.cell_lines, row.heading))
    cells = [tails[i][2] if i in tails else cell for i, cell in enumerate(first.cells)]
    return rows, Row(first.kind, tuple(cells), first.line, first.page, first.cell_lines, first.heading)


def _absorb_furniture(table: Table, s: str, furniture_of: Callable[[str], Furniture | None]) -> bool:
    """Keep what a furniture line says on the table (the first value of each wins)."""
    found = furniture_of(s)
    if found is None:
        return False
    _keep_furniture(table, found)
    return True


def _keep_furniture(table: Table, found: Furniture) -> None:
    table.unit = table.unit or found.unit
    table.year = table.year or found.year
    table.entity_code = table.entity_code or found.entity_code
    table.entity_name = table.entity_name or found.entity_name
    if found.note:
        table.notes.append(found.note)


def _absorb_furniture_row(table: Table, row: Row, squashed: Iterable[str],
                          furniture_of: Callable[[str], Furniture | None]) -> bool:
    """A table row that only holds page furniture (DOCX, or a PDF whose ruling
    encloses the unit line): entity, year and unit as cells of one row
    (`squashed`: its cells squashed)."""
    found = []
    for cell, s in zip(row.cells, squashed):
        if cell.strip():
            furniture = furniture_of(s)
            if furniture is None:
                return False  # a data row, mostly decided by its first cell
            found.append(furniture)
    for furniture in found:
        _keep_furniture(table, furniture)
    return bool(found)


def _repeats_header(filled: list[str], header_labels: set[str], header_prefixes: set[str], kind: TableKind,
                    lookups: _Lookups) -> bool:
    if not filled or not all(c in header_labels or _cut_label(c, header_prefixes) for c in filled):
        return not filled
    return len(filled) > 1 or not _looks_like_data(filled, kind, lookups)


def _cut_label(cell: str, header_prefixes: set[str]) -> bool:
    """A header label cut short: a repeated header whose wrapped label lost its
    last line to the row below (`对附属单位补` for 对附属单位补助支出); `header_prefixes`
    holds every beginning of two or more characters of the header's labels."""
    return cell in header_prefixes and not is_amount(cell)


def _is_column_number_row(filled: list[str], f: dict, first_cell: str = "x") -> bool:
    """栏次 1 2 3 …, or the column numbers alone (after `**` markers, which render as blanks)."""
    if not filled:
        return False
    if f["column_number_row"].search(filled[0]):
        return True
    numbered = filled == [str(i) for i in range(1, len(filled) + 1)]
    return numbered and (len(filled) >= 3 or not first_cell)


def _looks_like_data(cells: list[str], kind: TableKind, lookups: _Lookups) -> bool:
    """A data row holds an amount, a code or an enumerated item, or is a labelled
    row (合计, a “三公” item, an economic category) whose other cells are amounts
    or blank; header rows hold labels only."""
    filled = [(i, c) for i, c in enumerate(cells) if c]
    for index, cell in filled:
        if index > 0 and is_amount(cell) or _CODE_LIKE.match(cell):
            return True
        name = item_name(cell)
        if name != cell and not cell.startswith("其中"):
            return True  # enumerated item (一、…)
    labels = [c for _, c in filled if not is_amount(c)]
    if len(labels) != 1:
        return False
    return lookups.labelled_row(item_name(labels[0]), kind.layout)


def _labelled_row(name: str, layout: str | None, vocab: Vocabulary) -> bool:
    """An item name that marks a data row in tables of `layout` (合计, a “三公” item, an economic category)."""
    return bool(
        first_match(vocab.total_rows, name)
        or (layout == "three_public" and first_match(vocab.three_public_items, name))
        or (layout == "economic" and first_match(vocab.economic_categories, name))
    )


def _join_code_fragment(data: list[Row], row: Row, table: Table) -> bool:
    """A page break can print a 7-digit code as `210110` and its last digit alone
    on the next page; join such a fragment to the row it belongs to."""
    filled = [(i, c) for i, c in enumerate(row.cells) if c.strip()]
    if len(filled) != 1:
        return False
    index, fragment = filled[0]
    digits = code_digits(fragment)
    if not digits or len(digits) > 2 or index == 0 and len(row.cells) > 1:
        return False
    previous = data[-1]
    cells = list(previous.cells)
    if index >= len(cells):
        return False
    head = code_digits(cells[index])
    if len(head) + len(digits) not in (5, 7) or len(head) in (3, 5, 7):
        return False
    printed = cells[index].strip()
    cells[index] = f"{printed} {fragment.strip()}"
    data[-1] = Row(previous.kind, tuple(cells), previous.line, previous.page, previous.cell_lines, previous.heading)
    where = f"line {row.line}" if row.line is not None else f"page {row.page}"
    table.code_repairs[previous.line] = (printed, f"completed with '{fragment.strip()}' printed alone on {where}")
    return True


def _fit(row: Row, width: int, first_amount: int | None) -> Row:
    """Pad a row narrower than the table to its width. A DOCX row whose label cell was merged
    across the code and name columns (`合计 | 4,651.67 | …`) has fewer cells:
    its amounts are moved back under the amount columns."""
    missing = width - len(row.cells)
    cells, lines = list(row.cells), list(row.cell_lines) if row.cell_lines else None
    if lines is not None and first_amount is not None:
        numeric = next((i for i, c in enumerate(cells) if is_amount(c)), None)
        if numeric is not None and numeric < first_amount:
            shift = min(missing, first_amount - numeric)
            cells[numeric:numeric] = [""] * shift
            lines[numeric:numeric] = [lines[numeric - 1] if numeric else lines[0]] * shift
    cells += [""] * (width - len(cells))
    if lines is not None:
        lines += [lines[-1]] * (width - len(lines))
    return Row(row.kind, tuple(cells), row.line, row.page, tuple(lines) if lines is not None else None, row.heading)


# --- header → columns -----------------------------------------------------------


# A header as recognition reads it: per header row its squashed cells, and whether the row
# lists a merged cell once (it has `cell_lines`, see Row).
Header = tuple[tuple[tuple[str, ...], bool], ...]


def _columns(header_rows: list[Row], data: list[Row], width: int, kind: TableKind, lookups: _Lookups) -> list[Column]:
    header = tuple((tuple(map(squash, r.cells)), r.cell_lines is not None) for r in header_rows)
    named = lookups.header_columns(header, width, kind.layout)
    if named is not None:
        return [Column(*fields) for fields in named]
    columns = _columns_of(header, width, kind.layout, lookups.vocab, data)
    assert columns is not None  # with data rows, every column is named
    return columns


def _header_columns(header: Header, width: int, layout: str | None, vocab: Vocabulary) -> tuple[tuple, ...] | None:
    """The fields of the columns a header names, or None where a column is named by its data."""
    columns = _columns_of(header, width, layout, vocab, None)
    return None if columns is None else tuple((c.index, c.header, c.role, c.id, c.side) for c in columns)


def _columns_of(header: Header, width: int, layout: str | None, vocab: Vocabulary,
                data: list[Row] | None) -> list[Column] | None:
    """The columns of a header; a column its header does not name is named by the `data`
    rows (None without them)."""
    grid = _header_grid(header, width, vocab)
    columns = []
    for index in range(width):
        labels = [row[index] for row in grid if row[index]]
        path = [lab for k, lab in enumerate(labels) if k == 0 or lab != labels[k - 1]]
        leaf = path[-1] if path else ""
        parent = path[-2] if len(path) > 1 else ""
        role, col_id = _column_role(leaf, parent, vocab)
        if role == "other":
            if data is None:
                return None
            role, col_id = _role_from_data(index, data)
        columns.append(Column(index, ">".join(path), role, col_id))
    _prior_year_columns(columns, vocab)
    _subtotals_of_groups(columns, vocab)
    _name_columns(columns, layout)
    _dedupe_ids(columns)
    return columns


def _prior_year_columns(columns: list[Column], vocab: Vocabulary) -> None:
    """A header that names two years prints last year's budget beside this
    year's (`2025年预算数 | 2026年预算数>总计 | >基本支出 …`): the amount columns
    under an earlier year than the latest hold the comparison, read as
    `prior_<id>`, never as the table's own total or parts."""
    years = {}
    for column in columns:
        found = (vocab.columns["year_group"].match(label) for label in column.header.split(">"))
        year = next((int(m["year"]) for m in found if m), None)
        if year is not None:
            years[column.index] = year
    if len(set(years.values())) < 2:
        return
    latest = max(years.values())
    for column in columns:
        if column.role == "amount" and column.id and years.get(column.index, latest) < latest:
            column.id = f"prior_{column.id}"


def _subtotals_of_groups(columns: list[Column], vocab: Vocabulary) -> None:
    """`基本支出>小计` beside a table-wide `合计` is the 基本支出 column, not a
    second total; a group label alone over 合计/人员/公用 heads the whole table."""
    totals = [c for c in columns if c.id == "total"]
    if len(totals) < 2:
        return
    for column in totals:
        path = column.header.split(">")
        group = next((first_match(vocab.specific_columns, p) for p in reversed(path[:-1])
                      if first_match(vocab.specific_columns, p)), None)
        if group and any(t is not column and t.header.count(">") < column.header.count(">") for t in totals):
            column.id = group


def _header_grid(header: Header, width: int, vocab: Vocabulary) -> list[list[str]]:
    """Header labels per column, group labels spread over the columns they span."""
    grid: list[list[str]] = []
    for squashed, merged_once in reversed(header):
        cells = list(squashed)
        if len(cells) < width and merged_once and grid:
            cells = _align_merged(cells, grid[0], vocab)
        cells = (cells + [""] * width)[:width]
        if grid:
            lower = grid[0]
            for c in range(1, width):
                if not cells[c] and cells[c - 1] and lower[c] and lower[c - 1]:
                    cells[c] = cells[c - 1]
        grid.insert(0, cells)
    return grid


def _align_merged(upper: list[str], lower: list[str], vocab: Vocabulary) -> list[str]:
    """Place the cells of a header row whose merged cells were collapsed (DOCX).

    The lower row is complete. Its empty positions are vertically merged with the
    upper row (one upper cell each); each run of filled positions is spanned by
    one upper group label, or by several when the run repeats descriptor→amount
    groups (收入 项目 预算数 | 支出 项目 预算数).
    """
    segments: list[list[int]] = []
    for c, label in enumerate(lower):
        if not label or not segments or not lower[c - 1]:
            segments.append([c])
        else:
            segments[-1].append(c)
    needed = len(upper) - len(segments)
    while needed > 0:
        split = _best_split(segments, lower, vocab)
        if split is None:
            return upper
        s, at = split
        segments[s : s + 1] = [segments[s][:at], segments[s][at:]]
        needed -= 1
    if needed < 0:
        return upper
    aligned = [""] * len(lower)
    for label, segment in zip(upper, segments):
        aligned[segment[0]] = label
    return aligned


def _best_split(segments: list[list[int]], lower: list[str], vocab: Vocabulary) -> tuple[int, int] | None:
    def is_amount_label(label: str) -> bool:
        return _column_role(label, "", vocab)[0] == "amount"

    best = repeat = None
    for s, segment in enumerate(segments):
        kinds = [is_amount_label(lower[c]) for c in segment]
        for at in range(1, len(segment)):
            if kinds[at - 1] and not kinds[at]:
                return s, at  # a new descriptor after amounts starts a new group
            if best is None and not kinds[at - 1] and kinds[at]:
                best = (s, at)
            if repeat is None and lower[segment[at]] == lower[segment[0]]:
                repeat = (s, at)  # 小计 … 小计: the second group starts where the first label recurs
    return best or repeat


def _column_role(leaf: str, parent: str, vocab: Vocabulary) -> tuple[str, str | None]:
    cols = vocab.columns
    if not leaf:
        return "other", None
    if cols["seq"].search(leaf):
        return "seq", None
    if cols["code"].search(leaf):
        return "code", "org" if cols["org_code"].search(leaf) else "classification"
    if cols["name"].search(leaf):
        return "name", "name"
    if cols["of_which"].search(leaf):
        whole = cols["of_which_breakdown"].search(leaf) and first_match(vocab.specific_columns, leaf)
        return "amount", whole or "of_which"
    specific = first_match(vocab.specific_columns, leaf)
    generic = cols["generic_total"].search(leaf)
    if parent and cols["carryover_parent"].search(parent) and (specific or generic) and specific != "carryover":
        return "amount", f"carryover_{specific}" if specific else "carryover"
    if specific:
        return "amount", specific
    if generic:
        if parent and cols["income_subtotal_parent"].search(parent):
            return "amount", "income_subtotal"
        return "amount", "total"
    return "other", None


def _role_from_data(index: int, data: list[Row]) -> tuple[str, str | None]:
    values = [squash(r.cells[index]) for r in data if index < len(r.cells) and r.cells[index].strip()]
    if not values:
        return "other", None
    lengths = {len(code_digits(v)) for v in values}
    if all(_CODE_LIKE.match(v) for v in values) and lengths <= {3, 5, 7} and max(lengths) >= 5:
        return "code", "classification"  # 类/款/项 codes, not round amounts such as 1000
    if sum(is_amount(v) for v in values) >= 0.8 * len(values):
        return "amount", f"col{index + 1}"
    return "name", "name"


def _name_columns(columns: list[Column], layout: str | None) -> None:
    """Two-sided tables: the second name column starts the expenditure side, and a further
    name column a further listing of it (`expenditure_2`: 支出功能分类 | 预算数 | 部门经济分类 |
    预算数 | 政府经济分类 | 预算数 side by side, each adding up to the same total).
    Other tables: a second name column is an alternative name (`alt_name`), and
    code columns after the first name belong to that second classification
    (部门预算经济分类 类 款 | 名称 | 政府预算经济分类 类 款 | 名称)."""
    names = [c for c in columns if c.role == "name"]
    if layout == "two_sided" and len(names) >= 2:
        sides = ["income", "expenditure", *(f"expenditure_{k}" for k in range(2, len(names)))]
        starts = [c.index for c in names[1:]]
        for c in columns:
            c.side = sides[sum(c.index >= start for start in starts)]
        return
    for extra in names[1:]:
        extra.id = "alt_name"
    if names and any(c.role == "code" and c.index < names[0].index for c in columns):
        for c in columns:
            if c.role == "code" and c.index > names[0].index:
                c.role, c.id = "alt_code", None


def _dedupe_ids(columns: list[Column]) -> None:
    seen: dict[tuple[str | None, str], int] = {}
    for c in columns:
        if c.role != "amount" or c.id is None:
            continue
        key = (c.side, c.id)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            c.id = f"{c.id}_{seen[key]}"


# --- remembered lookups -----------------------------------------------------------

def _remembered(lookup: Callable[..., T]) -> Callable[[Vocabulary], Callable[..., T]]:
    """`lookup(*texts, vocab)` as a function of the texts alone. For the project's vocabulary
    (`load()`, whose patterns never change in a process) results are remembered by the texts;
    another vocabulary is asked afresh each time."""
    remembered = lru_cache(maxsize=STRINGS_REMEMBERED)(lambda *texts: lookup(*texts, load()))
    return lambda vocab: remembered if vocab is load() else (lambda *texts: lookup(*texts, vocab))


def _plain_cell(cell: str, vocab: Vocabulary) -> str | None:
    """A cell squashed, where it is printed and is no page furniture. A row whose first cell
    is such is no furniture row (a furniture row holds nothing but furniture)."""
    s = squash(cell)
    return s if s and read_furniture(s, vocab) is None else None


def _starts_unit_part(s: str, vocab: Vocabulary) -> bool:
    """A (squashed) line that opens the part of the document on the department's units."""
    return vocab.scope["unit_part"].search(s) is not None


_furniture_lookup = _remembered(read_furniture)
_title_lookup = _remembered(title_kind)
_header_columns_lookup = _remembered(_header_columns)
_labelled_row_lookup = _remembered(_labelled_row)
_unit_part_lookup = _remembered(_starts_unit_part)
_plain_cell_lookup = _remembered(_plain_cell)


@dataclass(frozen=True)
class _Lookups:
    """The vocabulary and the lookups recognition asks of it for every line and label."""

    vocab: Vocabulary
    furniture: Callable[[str], Furniture | None]
    title: Callable[[str], TableKind | None]
    header_columns: Callable[[Header, int, str | None], tuple[tuple, ...] | None]
    labelled_row: Callable[[str, str | None], bool]
    unit_part: Callable[[str], bool]
    plain_cell: Callable[[str], str | None]

    @classmethod
    def of(cls, vocab: Vocabulary) -> _Lookups:
        return cls(vocab, _furniture_lookup(vocab), _title_lookup(vocab), _header_columns_lookup(vocab),
                   _labelled_row_lookup(vocab), _unit_part_lookup(vocab), _plain_cell_lookup(vocab))
