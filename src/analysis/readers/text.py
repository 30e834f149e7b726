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

from ..model import Row
from ..normalise import strip_markup

_MARKUP_CHARS = frozenset("<*[$")
_BLANKS = " \t\u3000\u00a0"
_BLANKS_NO_TAB = " \u3000\u00a0\r"
_CELL_SEPARATOR = re.compile("[ \u3000\u00a0]*\t[ \u3000\u00a0]*")

_TOC = re.compile(r"(?:\.{4,}|…{2,}|·{4,})\s*(?:<b>)?\d*")
_HEADING = re.compile(r"^\s*#{1,6}\s+")
_LIST_BULLET = re.compile(r"^\s*[-*]\s+")


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
    filled = [ln for ln in lines[:2000] if ln.strip()]
    if not filled:
        return "pdf_text"
    single_cells = sum(1 for ln in filled if ln.startswith("\t") and "\t" not in ln[1:])
    return "docx_text" if single_cells >= 0.5 * len(filled) else "pdf_text"


def read_rows(text: str) -> tuple[str, list[Row]]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    layout = detect_layout(lines)
    rows = _docx_rows(lines) if layout == "docx_text" else _pdf_rows(lines)
    return layout, rows


def _paragraph(raw: str, line_no: int) -> Row | None:
    heading = bool(_HEADING.match(raw))
    text = strip_markup(_LIST_BULLET.sub("", _HEADING.sub("", raw)))
    if not text:
        return None
    kind = "toc" if _has_leader(raw) else "text"
    return Row(kind, (text,), line=line_no, heading=heading)


def _pdf_rows(lines: list[str]) -> list[Row]:
    rows: list[Row] = []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        if "\t" not in raw:
            row = _paragraph(raw, number)
            if row:
                rows.append(row)
            continue
        if _MARKUP_CHARS.isdisjoint(raw):
            cells = tuple(_CELL_SEPARATOR.split(raw.strip(_BLANKS_NO_TAB)))
        else:
            cells = tuple(strip_markup(c) for c in raw.split("\t"))
        if not any(cells):
            continue
        kind = "toc" if _has_leader(cells[0]) else "table"
        rows.append(Row(kind, cells, line=number))
    return rows


def _docx_rows(lines: list[str]) -> list[Row]:
    rows: list[Row] = []
    cells: list[str] = []
    cell_lines: list[int] = []

    def flush() -> None:
        if cells and any(c for c in cells):
            rows.append(Row("table", tuple(cells), line=cell_lines[0], cell_lines=tuple(cell_lines)))
        cells.clear()
        cell_lines.clear()

    for number, raw in enumerate(lines, start=1):
        if raw.startswith("\t"):
            cells.append(strip_markup(raw[1:]))
            cell_lines.append(number)
            continue
        if cells and raw.strip() and cell_lines[-1] == number - 1:
            cells[-1] += "\n" + strip_markup(raw)  # a cell's second paragraph
            continue
        flush()
        if raw.strip():
            row = _paragraph(raw, number)
            if row:
                rows.append(row)
    flush()
    return rows
