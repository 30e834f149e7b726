"""The intermediate model every reader produces: rows of cells with provenance.

Text renderings, PDFs and DOCX files all become a sequence of `Row`s; table
recognition and normalisation only ever see this sequence.
"""
from __future__ import annotations

from dataclasses import dataclass, field


class ExtractError(Exception):
    """A document that cannot be extracted; the message is the one-line reason.
    Readers raise it for a file they cannot turn into rows."""


@dataclass(slots=True, init=False)
class Row:
    """One printed line: a paragraph (`kind='text'`) or a table row (`kind='table'`).

    `cells` hold the printed text with rendering markup removed but spacing kept.
    `line` is the 1-based source line of the first cell (text renderings), `page`
    the 1-based page (PDF) or table index (DOCX); `cell_lines` gives each cell's
    own line where cells sit on separate lines (DOCX-derived text). DOCX rows
    set it too (each cell on its row's line): a row with `cell_lines` lists a
    merged cell once, and recognition aligns such rows. For DOCX `line` is the
    position of the paragraph or table row in the body. Rows are treated as
    immutable (not frozen only because frozen construction is slow). `text` is
    the cells run together, joined once: every stage reads it, most of them of
    every paragraph.
    """

    kind: str
    cells: tuple[str, ...]
    line: int | None
    page: int | None
    cell_lines: tuple[int, ...] | None
    heading: bool
    text: str = field(init=False, repr=False, compare=False)

    def __init__(self, kind: str, cells: tuple[str, ...], line: int | None = None, page: int | None = None,
                 cell_lines: tuple[int, ...] | None = None, heading: bool = False):
        self.kind = kind
        self.cells = cells
        self.line = line
        self.page = page
        self.cell_lines = cell_lines
        self.heading = heading
        self.text = "".join(cells)

    def cell_line(self, index: int) -> int | None:
        if self.cell_lines and index < len(self.cell_lines):
            return self.cell_lines[index]
        return self.line


@dataclass(slots=True)
class Document:
    """A source file read into rows, before any recognition."""

    source_file: str
    source_format: str  # txt / pdf / docx
    layout: str  # pdf_text / docx_text / pdf / docx
    sha256: str
    size_bytes: int
    rows: list[Row] = field(default_factory=list)

    @property
    def doc_id(self) -> str:
        return self.sha256[:16]
