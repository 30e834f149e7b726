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
from typing import Callable, Iterator

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError
from pdfplumber.utils.exceptions import PdfminerException

from ..model import ExtractError, Row
from ..normalise import squash
from ..recognise import read_furniture, title_kind
from ..vocabulary import Vocabulary, load
from . import pdfium_pages
from .pdf_page import ENCRYPTED, NO_TEXT_LAYER, PageContent, PageTable, TextLine, join_cell_lines, outside

DEFAULT_ENGINE = "pdfium"


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


def _pdfplumber_lines(page, tables: list[PageTable]) -> list[TextLine]:
    text_page = page.filter(outside(tables)) if tables else page
    return [TextLine(line["text"].strip(), line["x0"], line["top"], line["x1"], line["bottom"])
            for line in text_page.extract_text_lines(return_chars=False) if line["text"].strip()]


def _pdfplumber_pages(data: bytes) -> list[PageContent]:
    with _pdfplumber_document(data) as pdf:
        pages = []
        for page in pdf.pages:
            tables = [PageTable(tuple(t.bbox), [[join_cell_lines(c) for c in row] for row in t.extract()])
                      for t in page.find_tables()]
            pages.append(PageContent(_pdfplumber_lines(page, tables), tables))
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
        return [PageContent(_pdfplumber_lines(page, found.get(number, [])), found.get(number, []))
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
    pages = [page_rows(number, page) for number, page in enumerate(TABLE_ENGINES[engine](data), start=1)]
    running = running_lines(pages)
    dropped = {id(r) for page in pages for r in _edges(page) if _running_key(r) in running}
    rows = [row for page in pages for row in page if id(row) not in dropped]
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
