"""Make the synthetic original-format fixtures from the shipped text renderings.

For each rendering in data/raw/ this writes, under tests/fixtures/originals/:

- `<seed>.docx` (python-docx): paragraphs (markdown headings as Heading styles),
  each run of table rows as one ruled Word table (rejoined where a printed page
  break cut it); header group labels merged across the columns they head, header
  cells merged down over the header rows they stand for, each 一级指标 merged
  down over its indicator rows, long names wrapping in narrow cells, header rows
  marked to repeat on every page;
- `<seed>.libreoffice.pdf`: that DOCX converted by LibreOffice headless;
- `<seed>.reportlab.pdf` (reportlab, WenQuanYi Zen Hei, subset): the same
  blocks drawn as ruled tables split across pages with their header rows
  repeated, and a page header line and page number on every page.

The rows come from the project's own reader (`analysis.readers.text.read_rows`)
and the header rows from its recogniser, so the originals hold exactly what the
rendering holds. Run by hand, not at test time (the outputs are committed):

    apt-get install -y libreoffice-writer fonts-noto-cjk fonts-wqy-zenhei
    .venv/bin/pip install -e '.[fixtures]'
    .venv/bin/python tools/make_fixtures.py [SEED_FILE ...]
"""
from __future__ import annotations

import argparse
import io
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from analysis.config import RAW  # noqa: E402
from analysis.extract.metadata import document_metadata  # noqa: E402
from analysis.extract.model import Row  # noqa: E402
from analysis.extract.normalise import squash  # noqa: E402
from analysis.extract.readers.text import decode, read_rows  # noqa: E402
from analysis.extract.recognise import _align_merged, read_furniture, split_tables  # noqa: E402
from analysis.extract.vocabulary import load  # noqa: E402

OUT = ROOT / "tests" / "fixtures" / "originals"
WQY = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
DOCX_FONT = "Noto Sans CJK SC"  # LibreOffice finds it through fontconfig (fonts-noto-cjk)

PAGE_WIDTH_MM = 297.0  # A4 landscape: the wide budget tables are printed that way
PAGE_HEIGHT_MM = 210.0
MARGIN_MM = 15.0
TABLE_PT = 8
BODY_PT = 10.5
MM_PER_UNIT = 1.6  # a digit at 8 pt; a CJK character is two units
PAD_MM = 4.5  # the cell margins of Word/LibreOffice and reportlab
NAME_CAP_UNITS = 20  # text columns wider than ten characters wrap
MIN_UNITS = 5  # a header label over an empty column wraps after two or three characters
_HEADING_MARK = re.compile(r"^\s*(#{1,6})\s+")


@dataclass
class Cell:
    text: str
    col: int
    span: int = 1  # columns covered (horizontal merge)
    down: int = 1  # rows covered (vertical merge)


@dataclass
class Grid:
    width: int
    rows: list[list[Cell]]  # the cells starting in each row
    repeat_rows: int  # leading header rows, repeated on every page
    widths_mm: list[float] = field(default_factory=list)


@dataclass
class Block:
    text: str = ""
    level: int = 0  # heading level, 0 for body text
    grid: Grid | None = None


# --- rows → blocks --------------------------------------------------------------


def blocks_of(lines: list[str], rows: list[Row]) -> list[Block]:
    """Paragraphs and tables in document order; a run of consecutive table rows is one
    table, and a table a printed page break cut (page furniture, then the same header
    rows again) is one table again, as it was before it was printed."""
    header_rows = {tuple(r.cells) for t in split_tables(rows) for r in t.header_rows}
    pieces: list[Row | list[Row]] = []  # a paragraph, or a run of table rows
    for row in rows:
        if row.kind != "table":
            pieces.append(row)
        elif pieces and isinstance(pieces[-1], list):
            pieces[-1].append(row)
        else:
            pieces.append([row])
    blocks: list[Block] = []
    k = 0
    while k < len(pieces):
        piece = pieces[k]
        if isinstance(piece, list):
            k += 1
            while (following := _continuation(pieces, k, piece, header_rows)) is not None:
                continued, k = following
                piece = piece + continued
            blocks.append(Block(grid=grid_of(piece, header_rows)))
            continue
        mark = _HEADING_MARK.match(lines[piece.line - 1]) if piece.heading else None
        blocks.append(Block("\t".join(piece.cells), len(mark.group(1)) if mark else 0))
        k += 1
    return blocks


def _continuation(pieces: list, k: int, run: list[Row], header_rows) -> tuple[list[Row], int] | None:
    """The rows that continue `run` after a page break at pieces[k], and where the
    pieces go on after them: only page furniture between, and the same header rows."""
    vocab = load()
    while k < len(pieces) and isinstance(pieces[k], Row) and read_furniture(squash(pieces[k].text), vocab):
        k += 1
    if k >= len(pieces) or not isinstance(pieces[k], list):
        return None
    repeated = _leading_header_rows(run, [tuple(r.cells) in header_rows for r in run])
    following = pieces[k]
    if not repeated or [r.cells for r in following[:repeated]] != [r.cells for r in run[:repeated]]:
        return None
    return following[repeated:], k + 1


def grid_of(run: list[Row], header_rows: set[tuple[str, ...]]) -> Grid:
    width = max(len(r.cells) for r in run)
    is_header = [tuple(r.cells) in header_rows for r in run]
    placed: list[list[Cell]] = [[] for _ in run]
    for i in reversed(range(len(run))):  # bottom-up: a group label spans what the row below it heads
        lower = _labels(placed[i + 1], width) if i + 1 < len(run) and is_header[i] and is_header[i + 1] else None
        cells = run[i].cells
        placed[i] = _full_row(cells, lower, width) if len(cells) == width else _short_row(cells, lower, width)
    level1_downs = _level1_groups(run)
    covered: set[tuple[int, int]] = set()  # (row, col) inside a cell merged down from above
    grid_rows: list[list[Cell]] = []
    for i, cells in enumerate(placed):
        kept = [(index, c) for index, c in enumerate(cells) if (i, c.col) not in covered]
        for index, cell in kept:
            cell.down = (_rows_below_blank(run, is_header, i, cell, width) if is_header[i]
                         else level1_downs.get((i, index), 1))
            covered.update((i + k, c) for k in range(1, cell.down) for c in range(cell.col, cell.col + cell.span))
        grid_rows.append([cell for _, cell in kept])
    grid = Grid(width, grid_rows, _leading_header_rows(run, is_header))
    grid.widths_mm = column_widths(grid)
    return grid


def _level1_groups(run: list[Row]) -> dict[tuple[int, int], int]:
    """Indicator rows print their 一级指标 once, over the rows of its group (merged
    down in the original, blank below in the rendering): (row, cell index) → rows covered."""
    level1 = load().performance["indicator_columns"]["level1"]
    downs: dict[tuple[int, int], int] = {}
    column = anchor = None
    for i, row in enumerate(run):
        labels = [squash(c) for c in row.cells]
        at = next((j for j, label in enumerate(labels) if level1.search(label)), None)
        if at is not None:
            column, width, anchor = at, len(row.cells), None
        elif column is None or len(row.cells) != width:
            column = anchor = None
        elif labels[column]:
            anchor = (i, column)
        elif anchor is not None:
            downs[anchor] = downs.get(anchor, 1) + 1
    return downs


def _labels(cells: list[Cell], width: int) -> list[str]:
    """The label over each column of a placed row (a merged cell over every column it covers)."""
    labels = [""] * width
    for cell in cells:
        for c in range(cell.col, cell.col + cell.span):
            labels[c] = squash(cell.text)
    return labels


def _leading_header_rows(run: list[Row], is_header: list[bool]) -> int:
    """The rows a page repeats: the header rows at the top of the table (with a
    furniture row above them and the column-number row under them)."""
    first = next((i for i, h in enumerate(is_header) if h), None)
    if first is None or first > 1:
        return 0
    end = first
    while end < len(run) and is_header[end]:
        end += 1
    numbers = load().furniture["column_number_row"]
    if end < len(run) and run[end].cells and numbers.search(squash(run[end].cells[0])):
        end += 1
    return end if end < len(run) else 0


def _full_row(cells: tuple[str, ...], lower: list[str] | None, width: int) -> list[Cell]:
    """A complete row; in a header, a label followed by blanks over labelled
    columns of the header row below is a group label spanning those columns."""
    out: list[Cell] = []
    c = 0
    while c < width:
        span = 1
        if lower is not None and cells[c] and lower[c]:
            while c + span < width and not cells[c + span] and lower[c + span]:
                span += 1
        out.append(Cell(cells[c], c, span))
        c += span
    return out


def _short_row(cells: tuple[str, ...], lower: list[str] | None, width: int) -> list[Cell]:
    """A row with fewer cells than the table (a DOCX-derived rendering prints a
    merged cell once): header labels go over the columns the recogniser would
    align them with; other cells share the width evenly."""
    starts = [k * width // len(cells) for k in range(len(cells))]
    if lower is not None:
        markers = [f"\x00{k}" for k in range(len(cells))]
        aligned = _align_merged(markers, lower, load())
        if len(aligned) == width:
            starts = [aligned.index(m) for m in markers]
    ends = starts[1:] + [width]
    return [Cell(text, start, end - start) for text, start, end in zip(cells, starts, ends)]


def _rows_below_blank(run: list[Row], is_header: list[bool], i: int, cell: Cell, width: int) -> int:
    """A filled header cell stands for the header rows below it that are blank under it."""
    if not cell.text:
        return 1
    down = 1
    while i + down < len(run) and is_header[i + down]:
        below = run[i + down].cells
        if len(below) != width or any(below[c] for c in range(cell.col, cell.col + cell.span)
                                                  if c < len(below)):
            break
        down += 1
    return down


def _units(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def column_widths(grid: Grid) -> list[float]:
    """Amount-like columns as wide as their longest figure; text columns capped, so
    long names wrap. Rows of merged cells (furniture, group labels) count only for
    columns that no row of single cells sizes, their width shared by the columns they span."""
    units = [0] * grid.width
    plain = [row for row in grid.rows if all(c.span == 1 for c in row) and len(row) == grid.width]
    for rows, share in ((plain, False), (grid.rows, True)):
        unsized = {c for c in range(grid.width) if not units[c]} if share else set(range(grid.width))
        for row in rows:
            for cell in row:
                longest = min(max((_units(part) for part in cell.text.split("\n")), default=0), NAME_CAP_UNITS)
                for c in range(cell.col, cell.col + cell.span):
                    if c in unsized:
                        units[c] = max(units[c], longest // cell.span if share else longest)
    units = [max(u, MIN_UNITS) for u in units]
    widths = [u * MM_PER_UNIT + PAD_MM for u in units]
    usable = PAGE_WIDTH_MM - 2 * MARGIN_MM
    total = sum(widths)
    return [w * usable / total for w in widths] if total > usable else widths


# --- DOCX -----------------------------------------------------------------------


def write_docx(blocks: list[Block], path: Path) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(MARGIN_MM))
    for style in [doc.styles["Normal"], doc.styles["Table Grid"], *(doc.styles[f"Heading {n}"] for n in range(1, 7))]:
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia"):
            fonts.set(qn(attribute), DOCX_FONT)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme"):
            fonts.attrib.pop(qn(theme), None)
    doc.styles["Normal"].font.size = Pt(BODY_PT)

    for block in blocks:
        if block.grid is None:
            if block.level:
                doc.add_heading(block.text, level=block.level)
            else:
                doc.add_paragraph(block.text)
            continue
        grid = block.grid
        table = doc.add_table(rows=len(grid.rows), cols=grid.width)
        table.style = doc.styles["Table Grid"]
        table.autofit = False
        for c, width in enumerate(grid.widths_mm):
            table.columns[c].width = Mm(width)
            for row in table.rows:
                row.cells[c].width = Mm(width)
        for r in range(grid.repeat_rows):
            table.rows[r]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for r, cells in enumerate(grid.rows):
            for cell in cells:
                target = table.cell(r, cell.col)
                if cell.span > 1 or cell.down > 1:
                    target = target.merge(table.cell(r + cell.down - 1, cell.col + cell.span - 1))
                parts = cell.text.split("\n")
                target.paragraphs[0].text = parts[0]
                for part in parts[1:]:
                    target.add_paragraph(part)
                for paragraph in target.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(TABLE_PT)
        doc.add_paragraph()  # Word needs a paragraph between two tables, or it joins them
    doc.core_properties.author = "tools/make_fixtures.py"
    buffer = io.BytesIO()
    doc.save(buffer)
    path.write_bytes(_without_timestamps(buffer.getvalue()))


def _without_timestamps(docx: bytes) -> bytes:
    """The same archive with every member dated 1980-01-01, so that a regeneration
    of an unchanged document gives the same bytes (and the same doc_id)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            target.writestr(zipfile.ZipInfo(member.filename, (1980, 1, 1, 0, 0, 0)), source.read(member),
                            zipfile.ZIP_DEFLATED)
    return out.getvalue()


# --- PDF ------------------------------------------------------------------------


def write_libreoffice_pdf(docx: Path, path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice is needed: apt-get install -y libreoffice-writer fonts-noto-cjk")
    with tempfile.TemporaryDirectory() as work:
        subprocess.run([soffice, f"-env:UserInstallation=file://{work}/profile", "--headless",
                        "--convert-to", "pdf", "--outdir", work, str(docx)],
                       check=True, capture_output=True, timeout=300)
        shutil.move(Path(work) / (docx.stem + ".pdf"), path)


def write_reportlab_pdf(blocks: list[Block], page_header: str, path: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import landscape, A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from xml.sax.saxutils import escape

    pdfmetrics.registerFont(TTFont("WQY", str(WQY), subfontIndex=0))
    body = ParagraphStyle("body", fontName="WQY", fontSize=BODY_PT, leading=BODY_PT * 1.5, wordWrap="CJK")
    headings = {n: ParagraphStyle(f"h{n}", parent=body, fontSize=16 - 1.5 * n, leading=(16 - 1.5 * n) * 1.6,
                                  spaceBefore=6, spaceAfter=4) for n in range(1, 7)}
    cell_style = ParagraphStyle("cell", fontName="WQY", fontSize=TABLE_PT, leading=TABLE_PT * 1.3, wordWrap="CJK")

    def para(text: str, style: ParagraphStyle) -> Paragraph:
        return Paragraph(escape(text).replace("\t", "&nbsp;&nbsp;&nbsp;&nbsp;").replace("\n", "<br/>"), style)

    story = []
    for block in blocks:
        if block.grid is None:
            story.append(para(block.text, headings.get(block.level, body)))
            continue
        grid = block.grid
        data = [[""] * grid.width for _ in grid.rows]
        commands = [("FONT", (0, 0), (-1, -1), "WQY", TABLE_PT), ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]
        for r, cells in enumerate(grid.rows):
            for cell in cells:
                data[r][cell.col] = para(cell.text, cell_style)
                if cell.span > 1 or cell.down > 1:
                    commands.append(("SPAN", (cell.col, r), (cell.col + cell.span - 1, r + cell.down - 1)))
        table = LongTable(data, colWidths=[w * mm for w in grid.widths_mm], repeatRows=grid.repeat_rows,
                          hAlign="LEFT", splitInRow=0)
        table.setStyle(TableStyle(commands))
        story += [table, Spacer(1, 4 * mm)]

    def furniture(canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont("WQY", 8)
        width, height = landscape(A4)
        canvas.drawString(MARGIN_MM * mm, height - 9 * mm, page_header)
        canvas.line(MARGIN_MM * mm, height - 10.5 * mm, width - MARGIN_MM * mm, height - 10.5 * mm)
        canvas.drawCentredString(width / 2, 7 * mm, f"第 {doc.page} 页")
        canvas.restoreState()

    pdf = SimpleDocTemplate(str(path), pagesize=landscape(A4), leftMargin=MARGIN_MM * mm,
                            rightMargin=MARGIN_MM * mm, topMargin=MARGIN_MM * mm, bottomMargin=MARGIN_MM * mm,
                            title=page_header, author="tools/make_fixtures.py", invariant=1)
    pdf.build(story, onFirstPage=furniture, onLaterPages=furniture)


def page_header_of(rows: list[Row]) -> str:
    """What a page header prints: the department and the budget year."""
    meta = document_metadata(rows, split_tables(rows))
    return f"{meta.department_name or ''}{meta.budget_year or ''}年部门预算".strip()


# --- main -----------------------------------------------------------------------


def make(seed: Path) -> list[Path]:
    text = decode(seed.read_bytes())
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    _, rows = read_rows(text)
    blocks = blocks_of(lines, rows)
    OUT.mkdir(parents=True, exist_ok=True)
    docx, lo_pdf, rl_pdf = (OUT / f"{seed.stem}{suffix}" for suffix in (".docx", ".libreoffice.pdf", ".reportlab.pdf"))
    write_docx(blocks, docx)
    write_libreoffice_pdf(docx, lo_pdf)
    write_reportlab_pdf(blocks, page_header_of(rows), rl_pdf)
    return [docx, lo_pdf, rl_pdf]


def tool_versions() -> str:
    soffice = shutil.which("soffice")
    office = subprocess.run([soffice, "--version"], capture_output=True, text=True).stdout.strip() if soffice else "?"
    return f"python-docx {metadata.version('python-docx')}, reportlab {metadata.version('reportlab')}, {office}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("seeds", nargs="*", type=Path, help="text renderings (default: every data/raw/*.txt)")
    args = parser.parse_args(argv)
    for seed in args.seeds or sorted(RAW.glob("*.txt")):
        for path in make(seed):
            print(f"{path.relative_to(ROOT)}\t{path.stat().st_size:,} bytes")
    print(tool_versions())
    return 0


if __name__ == "__main__":
    sys.exit(main())
