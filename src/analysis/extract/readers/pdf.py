"""Reader for original PDF files: each page's ruled tables and the text around them.

Every page becomes, in reading order (top to bottom), text `Row`s for the lines
printed outside its tables (titles, unit lines, notes, narrative) and table
`Row`s for the rows of each table, so that table recognition sees the same
sequence as for a text rendering. Recognition itself (titles, headers repeated
on a continuation page, tables stitched across pages) is not done here.

An engine reads each page into a `PageContent` (readers/pdf_page.py): the
pdfium page model (the default: pdfplumber's ruling-line finder and line grouping
on what PDFium reads, readers/pdfium_pages.py; the same rows as pdfplumber, several
times faster), pdfplumber itself (as complete as camelot on ruled budget tables
and several times faster than it), or camelot's lattice flavor with pdfplumber's
text lines.
"""
from __future__ import annotations

import io
import re
from collections import Counter
from contextlib import contextmanager
from typing import Callable, Iterator, Sequence

import pdfplumber
from pdfplumber.utils.text import chars_to_textmap
from pdfminer.pdfdocument import PDFEncryptionError
from pdfplumber.utils.exceptions import PdfminerException

from ..model import ExtractError, Row
from ..normalise import is_amount, squash
from ..recognise import read_furniture, title_kind
from ..vocabulary import Vocabulary, load
from . import DEFAULT_ENGINE, pdfium_pages
from .pdf_page import (ENCRYPTED, NO_TEXT_LAYER, PageContent, PageTable, TextLine, join_cell_lines, on_baselines,
                       outside, overprinted, table_cells, text_lines)



@contextmanager
def _pdfplumber_document(data: bytes) -> Iterator[pdfplumber.PDF]:
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if not any(page.chars for page in pdf.pages):
                raise ExtractError(NO_TEXT_LAYER)
            yield pdf
    except PdfminerException as wrapped:
        cause = wrapped.args[0] if wrapped.args else wrapped  # pdfplumber wraps pdfminer's errors
        if isinstance(cause, PDFEncryptionError):
            raise ExtractError(ENCRYPTED) from None
        raise ExtractError(f"malformed PDF ({type(cause).__name__}: {cause})".replace("\n", " ")) from None


def _pdfplumber_chars(page) -> list[dict]:
    """The page's characters placed by their baselines (`on_baselines`; pdfminer's
    matrix places a character's origin in the page as displayed)."""
    return on_baselines([{**ch, "baseline": page.height - ch["matrix"][5]} for ch in page.chars])


def _pdfplumber_lines(chars: list[dict], tables: list[PageTable]) -> list[TextLine]:
    text_chars = list(filter(outside(tables), chars)) if tables else chars
    return text_lines(chars_to_textmap(text_chars).extract_text_lines(return_chars=False)) if text_chars else []


_WHITE = {(1,), (1, 1, 1), (0, 0, 0, 0)}  # gray, RGB, CMYK


def _painted(obj: dict) -> bool:
    """Not a path only filled in white: the page's background (a cell's backdrop) draws no
    ruling (the pdfium page model reads it so too)."""
    if obj.get("object_type") not in ("rect", "curve") or obj.get("stroke") or not obj.get("fill"):
        return True
    color = obj.get("non_stroking_color")
    components = tuple(color) if isinstance(color, (tuple, list)) else (color,)
    return not all(isinstance(v, (int, float)) for v in components) or tuple(map(float, components)) not in _WHITE


def _pdfplumber_pages(data: bytes) -> list[PageContent]:
    with _pdfplumber_document(data) as pdf:
        pages = []
        for page in pdf.pages:
            dropped = overprinted(page.chars)
            page = page.filter(lambda obj: id(obj) not in dropped and _painted(obj))
            chars = _pdfplumber_chars(page)
            tables = [PageTable(tuple(t.bbox), table_cells(t.rows, chars)) for t in page.find_tables()]
            pages.append(PageContent(_pdfplumber_lines(chars, tables), tables, float(page.width)))
        return pages


def _camelot_pages(data: bytes) -> list[PageContent]:
    import camelot  # imported here: slow to import, and only this engine needs it

    with _pdfplumber_document(data) as pdf:
        heights = {number: page.height for number, page in enumerate(pdf.pages, start=1)}
        found: dict[int, list[PageTable]] = {}
        for table in camelot.read_pdf(io.BytesIO(data), pages="all", flavor="lattice", split_text=True,
                                       suppress_stdout=True):
            number = int(table.page)
            x0, y0, x1, y1 = table._bbox  # PDF user space: origin at the bottom left
            bbox = (x0, heights[number] - y1, x1, heights[number] - y0)
            cells = [[join_cell_lines(c) for c in row] for row in table.df.values.tolist()]
            found.setdefault(number, []).append(PageTable(bbox, cells))
        for tables in found.values():
            tables.sort(key=lambda t: t.bbox[1])
        return [PageContent(_pdfplumber_lines(_pdfplumber_chars(page), found.get(number, [])), found.get(number, []),
                            float(page.width))
                for number, page in enumerate(pdf.pages, start=1)]


# engine name → reader of a PDF's pages; raises ExtractError for a file it cannot read
TABLE_ENGINES: dict[str, Callable[[bytes], list[PageContent]]] = {
    "pdfium": pdfium_pages.read_pages,
    "pdfplumber": _pdfplumber_pages,
    "camelot": _camelot_pages,
}


def read_pdf(data: bytes, engine: str = DEFAULT_ENGINE) -> tuple[str, str, list[Row]]:
    """(source_format, layout, rows) of a PDF. `Row.page` is the 1-based page;
    `Row.line` numbers the rows of the whole file in reading order (text lines and
    table rows alike), so that rows stay ordered and addressable across pages."""
    contents = TABLE_ENGINES[engine](data)
    margins, vocab = right_margins(contents), load()
    pages = [page_rows(number, PageContent(join_wrapped_lines(page.lines, margins.get(round(page.width)), vocab,
                                                              page.tables), page.tables, page.width))
             for number, page in enumerate(contents, start=1)]
    running = running_lines(pages)
    dropped = {id(r) for page in pages for r in _edges(page) if _running_key(r) in running}
    rows = join_rows_split_by_page_breaks(rows_ruled_out([row for page in pages for row in page if id(row) not in dropped]))
    return "pdf", "pdf", [Row(r.kind, r.cells, line=n, page=r.page) for n, r in enumerate(rows, start=1)]


_DIGITS = re.compile(r"\d+")


def _running_key(row: Row) -> str:
    return _DIGITS.sub("#", squash(row.text))


def _edges(page: list[Row]) -> list[Row]:
    """The text lines among the first and last two rows of a page."""
    return [r for r in page[:2] + page[-2:] if r.kind == "text"]


def running_lines(pages: list[list[Row]], vocab: Vocabulary | None = None) -> set[str]:
    """Running heads and page numbers: lines printed at the top or bottom of at
    least half of the pages (three at least), the same but for their numbers, that
    are neither a table title nor page furniture (单位、年度 …, which the
    recognisers read on every table page)."""
    vocab = vocab or load()
    counts = Counter(key for page in pages for key in {_running_key(r) for r in _edges(page)})
    repeated = {key for key, n in counts.items() if n >= max(3, len(pages) / 2)}
    keep = {_running_key(r) for page in pages for r in _edges(page) if _running_key(r) in repeated
            and (title_kind(r.text, vocab) is not None or read_furniture(squash(r.text), vocab) is not None)}
    return repeated - keep


def right_margins(pages: list[PageContent]) -> dict[int, float | None]:
    """Where the text block ends on the right, for the pages of each width (in whole
    points): a budget prints its text on portrait pages and its tables on landscape
    ones, whose titles and 单位 lines reach further right than any line of the text."""
    by_width: dict[int, list[PageContent]] = {}
    for page in pages:
        by_width.setdefault(round(page.width), []).append(page)
    return {width: right_margin(group) for width, group in by_width.items()}


def right_margin(pages: list[PageContent]) -> float | None:
    """Where the text block ends on the right: the right end of the widest lines
    but a few (one in twenty, three at least), so that one stray wide line does
    not set it; wrapped lines of narrative crowd there."""
    ends = sorted((line.x1 for page in pages for line in page.lines), reverse=True)
    return ends[min(len(ends) - 1, max(2, len(ends) // 20))] if ends else None


def join_wrapped_lines(lines: list[TextLine], margin: float | None, vocab: Vocabulary,
                       tables: Sequence[PageTable] = ()) -> list[TextLine]:
    """A page's text lines with each paragraph that wrapped joined into one line.

    A line that reaches the right margin (within two characters of its size)
    wrapped: the line right under it, not indented further, goes on with it,
    unless that line starts a paragraph (一、 （一） 1.) or is a table title or
    page furniture, or the line itself is a title or centred (its left end further
    in than a paragraph's first line). A line ending short of the margin ends its
    paragraph, so a line wrapped right after `；` or `。` is told from a paragraph's
    end. A line printed beside a table found on the page is not joined: what the
    table took of it (a chart's frame read as a table takes words of the text
    around it) leaves a line whose ends do not tell a wrap.
    """
    joined: list[TextLine] = []
    last: TextLine | None = None  # the last printed line of joined[-1]
    for line in lines:
        if (last is not None and margin is not None and _wraps_into(last, line, margin, vocab)
                and not any(_beside(last, t) or _beside(line, t) for t in tables)):
            head = joined[-1]
            gap = " " if head.text[-1:].isascii() and head.text[-1:].isalnum() and line.text[:1].isascii() \
                and line.text[:1].isalnum() else ""  # words of Latin script wrap at a space; CJK does not
            joined[-1] = TextLine(head.text + gap + line.text, min(head.x0, line.x0), head.top,
                                  max(head.x1, line.x1), line.bottom)
        else:
            joined.append(line)
        last = line
    return joined


def _beside(line: TextLine, table: PageTable) -> bool:
    return line.top < table.bbox[3] and table.bbox[1] < line.bottom


_FIRST_LINE_INDENT = 3  # characters: a paragraph's first line is indented two; a line indented more is centred


def _wraps_into(line: TextLine, below: TextLine, margin: float, vocab: Vocabulary) -> bool:
    # to a hundredth of a point: the engines differ in the last bits of a position
    size, gap = round(line.bottom - line.top, 2), round(below.top - line.bottom, 2)
    if line.x1 < margin - 2 * size or gap > size or below.x0 > line.x0 + size:
        return False
    if below.x0 < line.x0 - _FIRST_LINE_INDENT * size or title_kind(line.text, vocab) is not None:
        return False  # a centred line (a title, a heading) ends where it ends, wherever the margin is
    s = squash(below.text)
    return not (vocab.narrative["paragraph_start"].search(s) or title_kind(below.text, vocab) is not None
                or read_furniture(s, vocab) is not None)


def rows_ruled_out(rows: list[Row]) -> list[Row]:
    """Rows with each table row printed outside its table's ruling read back into the table.

    Where a page lacks the rule above a table's first row (a table continued from the page
    before), that row is read as a line of text between the table rows: it goes back into
    the table when its words are, one for one, what the row above fills (figures where it
    prints figures, labels where labels), and table rows of the same width follow it."""
    out: list[Row] = []
    for index, row in enumerate(rows):
        above, below = out[-1] if out else None, rows[index + 1] if index + 1 < len(rows) else None
        if (row.kind == "text" and above is not None and below is not None and above.kind == below.kind == "table"
                and below.page == row.page and len(above.cells) == len(below.cells)
                and (cells := _cells_like(row.text, above.cells)) is not None):
            row = Row("table", cells, page=row.page)
        out.append(row)
    return out


def _cells_like(text: str, model: tuple[str, ...]) -> tuple[str, ...] | None:
    """`text`'s words placed in the cells `model` fills, if they match them one for one
    (a figure for a figure, a label for a label, one figure at least)."""
    words = text.split()
    filled = [i for i, cell in enumerate(model) if cell.strip()]
    if len(words) != len(filled) or not any(map(is_amount, words)):
        return None
    if any(is_amount(word) != is_amount(model[i].strip()) for word, i in zip(words, filled)):
        return None
    cells = [""] * len(model)
    for word, i in zip(words, filled):
        cells[i] = word
    return tuple(cells)


def join_rows_split_by_page_breaks(rows: list[Row]) -> list[Row]:
    """Rows in reading order with each table row that a page break cut joined again.

    A row that does not fit above the bottom margin goes on at the top of the next
    page with only what its long cells still had to print; the first row of a page
    that continues the last row of the page before (`continues_across_page`) is
    appended to it cell by cell (a wrap joins directly, as inside a cell).
    """
    joined: list[Row] = []
    for before, row in zip([None, *rows], rows):
        above = joined[-1] if joined else None
        if (above is not None and before is above and above.kind == row.kind == "table"
                and row.page == (above.page or 0) + 1 and continues_across_page(above.cells, row.cells)):
            cells = tuple(a + (row.cells[i] if i < len(row.cells) else "") for i, a in enumerate(above.cells))
            joined[-1] = Row(above.kind, cells, page=above.page)
        else:
            joined.append(row)
    return joined


def continues_across_page(above: tuple[str, ...], below: tuple[str, ...]) -> bool:
    """Whether `below`, the first row of a page, is the rest of `above`, the last
    row of the page before, told from which cells each fills.

    The rest of a cut row fills only cells the row above fills, never the first
    of them (the label, code or number: short, printed whole on the first part),
    and only cells at least as long as that first one (the cells that ran out of
    room); it holds no amount (a figure is not wrapped). And it lacks a cell the
    row above fills right of its own first one (a short cell finished above),
    unless the row above is a label and the one cell that continues. A row under a
    label merged down over several rows (一级/二级 filled down) fills all of
    the cells right of its first, and is left alone. A figure that wrapped inside a
    narrow cell is cut with its label (`_completes_cut_figures`).
    """
    if not above or not below or len(below) > len(above):
        return False
    filled_above = [i for i, c in enumerate(above) if c.strip()]
    filled_below = [i for i, c in enumerate(below) if c.strip()]
    if not filled_below or not set(filled_below) < set(filled_above):
        return False
    if _completes_cut_figures(above, below, filled_above, filled_below):
        return True
    if filled_below[0] <= filled_above[0]:
        return False
    first = len(squash(above[filled_above[0]]))
    if any(is_amount(below[i]) or len(squash(above[i])) < first for i in filled_below):
        return False
    finished_above = [i for i in filled_above if i > filled_below[0] and i not in filled_below]
    return bool(finished_above) or len(filled_below) == 1 and filled_above == [filled_above[0], *filled_below]


def _completes_cut_figures(above: tuple[str, ...], below: tuple[str, ...], filled_above: list[int],
                           filled_below: list[int]) -> bool:
    """Whether `below` holds the last digits of figures that wrapped inside narrow cells of
    `above` and were cut by the page break (`12,437.3` | `6`), with the rest of its label.

    Such a figure prints fewer decimals above than the row's other figures, and with the
    digits below exactly as many; the row's totals were printed whole above, so `below`
    lacks some figure of `above`. A figure of its own, a whole amount, is never digits
    that complete one above into the row's precision.
    """
    cut = [i for i in filled_below if is_amount(below[i])]
    whole = [i for i in filled_above if i not in cut and is_amount(above[i])]
    if not cut or not whole or any(is_amount(below[i]) for i in filled_below if i not in cut):
        return False
    places = Counter(_decimals(above[i]) for i in whole).most_common(1)[0][0]
    return all(squash(below[i]).isdigit() and is_amount(above[i])
               and _decimals(above[i]) < places == _decimals(squash(above[i]) + squash(below[i])) for i in cut)


def _decimals(figure: str) -> int:
    """How many decimal places a printed figure has (`1,234.5` → 1, `800` → 0)."""
    s = squash(figure)
    return len(s) - s.index(".") - 1 if "." in s else 0


def page_rows(number: int, page: PageContent) -> list[Row]:
    """The rows of one page in reading order: text lines outside the tables, and
    each table's rows where the table stands."""
    placed: list[tuple[float, int, Row]] = [(line.top, 0, Row("text", (line.text,), page=number))
                                            for line in page.lines]
    for table in page.tables:
        for index, cells in enumerate(table.cells):
            if any(cells):
                placed.append((table.bbox[1], index + 1, Row("table", tuple(cells), page=number)))
    placed.sort(key=lambda item: (item[0], item[1]))
    return [row for _, _, row in placed]
