"""Reader for text renderings of budget documents (.txt / .md).

Two layouts exist in the wild:
- PDF-derived: one printed line per line, table cells separated by TAB,
  markdown headings and `<b>` markup, page headers repeated after page breaks.
- DOCX-derived: paragraphs as plain lines; every table cell on its own line
  starting with a TAB (an empty cell is a lone TAB), rows separated by a blank line.
Both become the same `Row` sequence.
"""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import filterfalse

from ..model import Row
from ..normalise import STRINGS_REMEMBERED, has_markup, strip_markup

# cells with markup are mostly header labels in <b>…</b>, printed alike in every table and document
_cell_without_markup = lru_cache(maxsize=STRINGS_REMEMBERED)(strip_markup)
_BLANKS_NO_TAB = " \u3000\u00a0\r"
_BLANKS = " \t\u3000\u00a0"  # what strip_markup strips around a cell
_CELL_SEPARATOR = re.compile("[ \u3000\u00a0]*\t[ \u3000\u00a0]*")

_TOC = re.compile(r"(?:\.{4,}|…{2,}|·{4,})\s*(?:<b>)?\d*")
_HEADING = re.compile(r"^\s*#{1,6}\s+")
_LIST_BULLET = re.compile(r"^\s*[-*]\s+")
_SINGLE_CELL_LINE = re.compile(r"\n\t[^\t\n]*(?=\n)")  # a line led by a TAB and holding no other


def _has_leader(text: str) -> bool:
    """A table-of-contents line: dot leaders before a page number."""
    return ("..." in text or "…" in text or "··" in text) and _TOC.search(text) is not None


class UnreadableText(ValueError):
    """The bytes are not text in any encoding a budget rendering uses."""


def decode(data: bytes) -> str:
    """Decode a rendering: UTF-8 (with or without BOM), UTF-16 (with a BOM, or without one
    where NUL bytes give it away: tabs and digits in UTF-16), else GB18030."""
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
        head = data[:4096]
        odd_nuls, even_nuls = head[1::2].count(0), head[::2].count(0)
        if 0 < max(odd_nuls, even_nuls) * 10 >= len(head) // 2:  # a stray NUL is no encoding
            return data.decode("utf-16-le" if odd_nuls >= even_nuls else "utf-16-be")
    except UnicodeDecodeError as exc:
        raise UnreadableText(f"not UTF-16 text, though it looks like it (byte {exc.start})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise UnreadableText(f"not UTF-8, UTF-16 or GB18030 text (byte {exc.start})") from None


def detect_layout(lines: list[str]) -> str:
    """`docx_text` when most non-blank lines (of the first 2,000) are single cells led by a TAB."""
    filled = list(filterfalse(str.isspace, filter(None, lines[:2000])))  # no stripped copies made
    if not filled:
        return "pdf_text"
    text = "\n" + "\n".join(filled) + "\n"
    # single cells are among the lines led by a TAB, and are all of them where no other line holds
    # a TAB: counting (str.count) settles most documents without the regex's string per match
    tab_led = text.count("\n\t")
    if tab_led < 0.5 * len(filled):
        return "pdf_text"
    single_cells = tab_led if text.count("\t") == tab_led else len(_SINGLE_CELL_LINE.findall(text))
    return "docx_text" if single_cells >= 0.5 * len(filled) else "pdf_text"


def read_rows(text: str) -> tuple[str, list[Row]]:
    if "\r" in text:  # one scan where most renderings hold none
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    layout = detect_layout(lines)
    rows = _docx_rows(text) if layout == "docx_text" else _pdf_rows(lines)
    return layout, rows


def _paragraph(raw: str, line_no: int) -> Row | None:
    heading, raw_text = False, raw
    if "#" in raw and (marker := _HEADING.match(raw)):
        heading, raw_text = True, raw[marker.end():]
    if ("-" in raw_text or "*" in raw_text) and (bullet := _LIST_BULLET.match(raw_text)):
        raw_text = raw_text[bullet.end():]
    text = strip_markup(raw_text)
    if not text:
        return None
    kind = "toc" if _has_leader(raw) else "text"
    return Row(kind, (text,), line_no, None, None, heading)


def _pdf_rows(lines: list[str]) -> list[Row]:
    rows: list[Row] = []
    append = rows.append
    for number, raw in enumerate(lines, start=1):
        if not raw or raw.isspace():
            continue
        if "\t" not in raw:
            row = _paragraph(raw, number)
            if row:
                append(row)
            continue
        if has_markup(raw):
            cells = tuple(map(_cell_without_markup, raw.split("\t")))
            if not any(cells):
                continue
        elif " " in raw or "\u3000" in raw or "\u00a0" in raw:
            cells = tuple(_CELL_SEPARATOR.split(raw.strip(_BLANKS_NO_TAB)))
            if not any(cells):
                continue
        else:  # no blanks around the TABs, and some cell holds more than blanks
            cells = tuple(raw.split("\t"))
        kind = "toc" if _has_leader(cells[0]) else "table"
        append(Row(kind, cells, number))
    return rows


def _docx_rows(text: str) -> list[Row]:
    """A blank line ends a table row, so the blocks between blank lines are read on their own;
    most are one table row, every line of it a cell."""
    rows: list[Row] = []
    number = 1  # the block's first line
    for block in text.split("\n\n"):
        breaks = block.count("\n")
        if block[:1] == "\t" and breaks == block.count("\n\t"):
            # the leading TAB marks a cell; stripping it with the blanks is stripping the rest of the line
            printed = block[1:].split("\n\t")
            cells: tuple[str, ...]
            if has_markup(block):
                cells = tuple(map(_cell_without_markup, printed))
            elif block.count("\t") > len(printed) or " " in block or "\u3000" in block or "\u00a0" in block:
                cells = tuple([cell.strip(_BLANKS) for cell in printed])
            else:  # no blanks but the leading TABs: nothing to strip
                cells = tuple(printed)
            if any(cells):
                rows.append(Row("table", cells, number, None, tuple(range(number, number + len(cells)))))
        else:
            _docx_block_rows(block.split("\n"), number, rows)
        number += breaks + 2
    return rows


def _docx_block_rows(lines: list[str], first_number: int, rows: list[Row]) -> None:
    """The rows of a block that also holds paragraphs (or a cell's second paragraph)."""
    cells: list[str] = []
    cell_lines: list[int] = []

    def flush() -> None:
        if any(cells):
            rows.append(Row("table", tuple(cells), cell_lines[0], None, tuple(cell_lines)))
        cells.clear()
        cell_lines.clear()

    for number, raw in enumerate(lines, start=first_number):
        if raw[:1] == "\t":
            cell = raw[1:]
            cells.append(_cell_without_markup(cell) if has_markup(cell) else strip_markup(cell))
            cell_lines.append(number)
            continue
        filled = raw and not raw.isspace()
        if cells and filled and cell_lines[-1] == number - 1:
            cells[-1] += "\n" + strip_markup(raw)  # a cell's second paragraph
            continue
        if cells:
            flush()
        if filled:
            row = _paragraph(raw, number)
            if row:
                rows.append(row)
    flush()
