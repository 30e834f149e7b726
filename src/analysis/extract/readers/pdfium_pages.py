"""The pdfium page model: a PDF's pages read with pypdfium2 (PDFium, C++) into
the characters and ruling lines pdfplumber would see, then grouped into tables
and text lines by pdfplumber's own pure functions with `find_tables()`'s
default settings, so that the grid and the lines equal pdfplumber's.

pdfplumber spends most of a page's time in pdfminer, a pure-Python PDF
interpreter; PDFium interprets the page in C and is asked only for the results.
What PDFium reports differently from pdfminer, and how it is brought back:
- it adds spaces and line breaks of its own (`FPDFText_IsGenerated`): dropped,
  pdfplumber splits words on the gaps instead;
- it leaves out a text object of no width (a space printed on its own, often in
  another font subset), which pdfplumber reads as a word break: put back as a blank;
- it marks a hyphen ending a line as U+0002: read as the '-' printed;
- its loose character box runs from the font's descent to its ascent and widens
  to a glyph drawn past its advance; pdfminer's box is one font size tall from
  the descent and as wide as the advance: top and right edge are moved to match;
- its coordinates are the page's unrotated user space: turned with the page's
  /Rotate, as pdfminer does, into points from the displayed page's top left.
Both engines place an upright character by its baseline (pdf_page.em_box: PDFium's
char origin, pdfminer's matrix), so the descent each reads (pdfminer takes a font
descriptor's /Descent of 0 as 0, PDFium the font program's) no longer moves it. Two
things are read otherwise on purpose, by both engines (readers/pdf.py): a path only
filled in white draws no ruling (pdfplumber takes its edges for ruling lines, and a cell's
white backdrop splits its column), and a character printed again over itself (a faked bold)
is read once. Known to differ still: of a run of
spaces PDFium keeps one, so padding spaces overlapping the next glyph no longer
split a word (a header printed 功能分类 reads so, where pdfplumber reads 功 能分类).
"""
from __future__ import annotations

import ctypes
import math
from typing import Callable

import pypdfium2 as pdfium
import pypdfium2.raw as c
from pdfplumber.table import (Table, TableSettings, cells_to_tables, edges_to_intersections,
                              intersections_to_cells, merge_edges)
from pdfplumber.utils import filter_edges
from pdfplumber.utils.text import chars_to_textmap

from ..model import ExtractError
from .pdf_page import (ENCRYPTED, NO_TEXT_LAYER, PageContent, PageTable, em_box, outside, overprinted, table_cells,
                       text_lines)

TABLE_SETTINGS = TableSettings()  # what pdfplumber's find_tables() uses
_LINE_END_HYPHEN = 2  # PDFium's code for a '-' that ends a line
_NARROWEST_TEXT = 0.01  # points: a text object narrower is left out of PDFium's text page


def read_pages(data: bytes) -> list[PageContent]:
    """Every page's tables and the text lines outside them; ExtractError for a
    scanned, encrypted or malformed file."""
    try:
        document = pdfium.PdfDocument(data)
        try:
            pages = [_page_objects(document[index]) for index in range(len(document))]
        finally:
            document.close()
    except pdfium.PdfiumError as error:
        if error.err_code in (c.FPDF_ERR_PASSWORD, c.FPDF_ERR_SECURITY):
            raise ExtractError(ENCRYPTED) from None
        raise ExtractError(f"malformed PDF ({str(error).rstrip('.')})".replace("\n", " ")) from None
    if not any(chars for chars, _, _ in pages):
        raise ExtractError(NO_TEXT_LAYER)
    return [_page_content(chars, edges, width) for chars, edges, width in pages]


def _page_content(chars: list[dict], edges: list[dict], width: float) -> PageContent:
    if dropped := overprinted(chars):
        chars = [ch for ch in chars if id(ch) not in dropped]
    tables = [PageTable(table.bbox, table_cells(table.rows, chars)) for table in _tables(chars, edges)]
    text_chars = list(filter(outside(tables), chars)) if tables else chars
    lines = chars_to_textmap(text_chars).extract_text_lines(return_chars=False) if text_chars else []
    return PageContent(text_lines(lines), tables, width)


def _tables(chars: list[dict], edges: list[dict]) -> list[Table]:
    """pdfplumber's TableFinder on the "lines" strategy, fed from PDFium."""
    s = TABLE_SETTINGS
    ruled = (filter_edges(edges, "v", min_length=s.edge_min_length_prefilter)
             + filter_edges(edges, "h", min_length=s.edge_min_length_prefilter))
    merged = filter_edges(merge_edges(ruled, s.snap_x_tolerance, s.snap_y_tolerance,
                                      s.join_x_tolerance, s.join_y_tolerance), min_length=s.edge_min_length)
    cells = intersections_to_cells(edges_to_intersections(merged, s.intersection_x_tolerance,
                                                          s.intersection_y_tolerance))
    return [Table(None, group) for group in cells_to_tables(cells)]


class _Frame:
    """User space → points from the top left of the page as displayed."""

    def __init__(self, page: pdfium.PdfPage):
        x0, y0, x1, y1 = page.get_mediabox()
        self.rotation = page.get_rotation()
        self.width = (x1 - x0) if self.rotation in (0, 180) else (y1 - y0)
        self.point: Callable[[float, float], tuple[float, float]] = {
            0: lambda x, y: (x - x0, y1 - y), 90: lambda x, y: (y - y0, x - x0),
            180: lambda x, y: (x1 - x, y - y0), 270: lambda x, y: (y1 - y, x1 - x)}[self.rotation]
        # a box (left, bottom, right, top) → (x0, top, x1, bottom), the same turn
        self.box_of: Callable[[float, float, float, float], tuple[float, float, float, float]] = {
            0: lambda l, b, r, t: (min(l, r) - x0, y1 - max(b, t), max(l, r) - x0, y1 - min(b, t)),
            90: lambda l, b, r, t: (min(b, t) - y0, min(l, r) - x0, max(b, t) - y0, max(l, r) - x0),
            180: lambda l, b, r, t: (x1 - max(l, r), min(b, t) - y0, x1 - min(l, r), max(b, t) - y0),
            270: lambda l, b, r, t: (y1 - max(b, t), x1 - max(l, r), y1 - min(b, t), x1 - min(l, r))}[self.rotation]

    def upright(self, a: float, b: float, cc: float, d: float) -> bool:
        """pdfminer's test on a character's matrix, after the page's rotation."""
        ra, rb, rc, rd = {0: (1, 0, 0, 1), 90: (0, -1, 1, 0), 180: (-1, 0, 0, -1), 270: (0, 1, -1, 0)}[self.rotation]
        a, b, cc, d = a * ra + b * rc, a * rb + b * rd, cc * ra + d * rc, cc * rb + d * rd
        return 0 < a * d and b * cc <= 0


def _page_objects(page: pdfium.PdfPage) -> tuple[list[dict], list[dict], float]:
    """The page's characters (with a blank where PDFium dropped a text object
    of no width: a space set on its own, which pdfplumber reads as a word break),
    the edges of its painted paths and its width as displayed."""
    try:
        frame = _Frame(page)
        text_page = page.get_textpage()
        try:
            chars = _chars(text_page, frame)
        finally:
            text_page.close()
        edges: list[dict] = []
        for index in range(c.FPDFPage_CountObjects(page.raw)):
            _collect(c.FPDFPage_GetObject(page.raw, index), (1, 0, 0, 1, 0, 0), frame, chars, edges)
        return chars, edges, frame.width
    finally:
        page.close()


_GENERATED_CANDIDATES = {ord(" "), ord("\r"), ord("\n")}  # the only characters PDFium generates
# FPDFText_GetTextObject answering the object's address, a key for what its characters share
_text_object_address = ctypes.cast(c.FPDFText_GetTextObject,
                                   ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int))


def _chars(text_page: pdfium.PdfTextPage, frame: _Frame) -> list[dict]:
    """The page's characters as pdfplumber's char dicts. A text object's
    characters share its matrix, font size and font, so those are read once per object."""
    raw = text_page.raw
    loose, matrix, origin_x, origin_y = c.FS_RECTF(), c.FS_MATRIX(), ctypes.c_double(), ctypes.c_double()
    objects: dict[int | None, tuple] = {}
    advances: dict[tuple, float] = {}
    chars = []
    get_unicode, get_loose, is_generated = c.FPDFText_GetUnicode, c.FPDFText_GetLooseCharBox, c.FPDFText_IsGenerated
    get_origin, box_of, point, hypot = c.FPDFText_GetCharOrigin, frame.box_of, frame.point, math.hypot
    for index in range(c.FPDFText_CountChars(raw)):
        code = get_unicode(raw, index)
        if code in _GENERATED_CANDIDATES and is_generated(raw, index):
            continue
        key = _text_object_address(raw, index)
        shared = objects.get(key)
        if shared is None:
            c.FPDFText_GetMatrix(raw, index, matrix)
            a, b, cc, d, size = matrix.a, matrix.b, matrix.c, matrix.d, c.FPDFText_GetFontSize(raw, index)
            font = c.FPDFTextObj_GetFont(c.FPDFText_GetTextObject(raw, index)) if b == 0 and cc == 0 and a > 0 else None
            shared = objects[key] = (size * hypot(cc, d), size * a, font, ctypes.cast(font, ctypes.c_void_p).value,
                                     frame.upright(a, b, cc, d))
        height, scale, font, font_key, upright = shared
        get_loose(raw, index, loose)
        right = loose.right
        if font is not None:
            advance = advances.get((font_key, code, scale))
            if advance is None:
                advance = advances[font_key, code, scale] = _advance(font, code, scale)
            if 0 < advance < right - loose.left - 1e-3 and _drawn_past_advance(raw, index, right):
                right = loose.left + advance
        x0, _, x1, bottom = box_of(loose.left, loose.bottom, right, loose.top)
        if upright:
            get_origin(raw, index, origin_x, origin_y)
            top, bottom = em_box(point(origin_x.value, origin_y.value)[1], height)
        else:
            top = bottom - height
        chars.append({"text": "-" if code == _LINE_END_HYPHEN else chr(code),
                      "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top, "upright": upright})
    return chars


def _advance(font, code: int, scale: float) -> float:
    """The character's advance by its font's widths (pdfminer's box width); 0 if unknown."""
    width = ctypes.c_float()
    return width.value if c.FPDFFont_GetGlyphWidth(font, code, ctypes.c_float(scale), width) else 0.0


def _drawn_past_advance(raw, index: int, loose_right: float) -> bool:
    """PDFium widens the loose box to a glyph drawn past its advance (pdfminer
    does not): then the glyph's own box reaches the loose box's right edge."""
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    c.FPDFText_GetCharBox(raw, index, left, right, bottom, top)
    return right.value >= loose_right - 1e-4


def _compose(inner: tuple, outer: tuple) -> tuple:
    a, b, cc, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, cc * A + d * C, cc * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _collect(obj, outer: tuple, frame: _Frame, chars: list[dict], edges: list[dict]) -> None:
    kind = c.FPDFPageObj_GetType(obj)
    if kind not in (c.FPDF_PAGEOBJ_PATH, c.FPDF_PAGEOBJ_FORM, c.FPDF_PAGEOBJ_TEXT):
        return
    if kind == c.FPDF_PAGEOBJ_TEXT:
        _collect_blank(obj, outer, frame, chars)
        return
    m = c.FS_MATRIX()
    c.FPDFPageObj_GetMatrix(obj, m)
    matrix = _compose((m.a, m.b, m.c, m.d, m.e, m.f), outer)
    if kind == c.FPDF_PAGEOBJ_FORM:
        for index in range(c.FPDFFormObj_CountObjects(obj)):
            _collect(c.FPDFFormObj_GetObject(obj, index), matrix, frame, chars, edges)
        return
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    c.FPDFPath_GetDrawMode(obj, fill, stroke)
    if not fill.value and not stroke.value or not stroke.value and _white_fill(obj):
        return
    for shape, points in _subpaths(obj):
        a, b, cc, d, e, f = matrix
        placed = [frame.point(a * x + cc * y + e, b * x + d * y + f) for x, y in points]
        edges += _path_edges(shape, placed)


def _white_fill(obj) -> bool:
    """A path only filled in white paints the page's background (a cell's backdrop): no ruling.
    pdfplumber reads its edges as ruling lines, which splits every column where it lies
    inside a cell."""
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    return bool(c.FPDFPageObj_GetFillColor(obj, r, g, b, a)) and (r.value, g.value, b.value) == (255, 255, 255)


def _collect_blank(obj, outer: tuple, frame: _Frame, chars: list[dict]) -> None:
    """A text object narrower than PDFium's text page takes (0.01 pt) becomes a
    blank at its origin, in its em box."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    c.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
    if abs(right.value - left.value) >= _NARROWEST_TEXT:
        return
    size, text_matrix = ctypes.c_float(), c.FS_MATRIX()
    c.FPDFTextObj_GetFontSize(obj, size)
    c.FPDFPageObj_GetMatrix(obj, text_matrix)
    a, b, cc, d, e, f = outer
    x, y = frame.point(a * left.value + cc * bottom.value + e, b * left.value + d * bottom.value + f)
    top, bottom = em_box(y, size.value * math.hypot(text_matrix.c, text_matrix.d))
    chars.append({"text": " ", "x0": x, "x1": x, "top": top, "bottom": bottom, "doctop": top, "upright": True})


def _subpaths(obj) -> list[tuple[str, list[tuple[float, float]]]]:
    """The path's subpaths as pdfminer sees them: operators ('m', 'l', 'c', 'h')
    and the point each ends at ('h' ends at the subpath's start)."""
    subpaths: list[tuple[list[str], list]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    bezier = 0
    for index in range(c.FPDFPath_CountSegments(obj)):
        segment = c.FPDFPath_GetPathSegment(obj, index)
        c.FPDFPathSegment_GetPoint(segment, x, y)
        kind = c.FPDFPathSegment_GetType(segment)
        if kind == c.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append((["m"], [(x.value, y.value)]))
        elif kind == c.FPDF_SEGMENT_LINETO:
            subpaths[-1][0].append("l")
            subpaths[-1][1].append((x.value, y.value))
        else:  # a Bézier curve is three segments: two control points and its end
            bezier = (bezier + 1) % 3
            if bezier == 0:
                subpaths[-1][0].append("c")
                subpaths[-1][1].append((x.value, y.value))
        if c.FPDFPathSegment_GetClose(segment):
            subpaths[-1][0].append("h")
            subpaths[-1][1].append(subpaths[-1][1][0])
    return [("".join(shape), points) for shape, points in subpaths]


def _edge(p: tuple[float, float], q: tuple[float, float], kind: str, orientation: str | None) -> dict:
    x0, x1, top, bottom = min(p[0], q[0]), max(p[0], q[0]), min(p[1], q[1]), max(p[1], q[1])
    return {"object_type": kind, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "width": x1 - x0, "height": bottom - top, "orientation": orientation}


def _path_edges(shape: str, points: list[tuple[float, float]]) -> list[dict]:
    """The edges pdfplumber makes of a painted subpath: a single segment is a
    line (not horizontal: counted as vertical, as pdfplumber does), anything
    else gives one edge per segment, horizontal, vertical or neither."""
    if len(shape) > 3 and shape.endswith("lh") and points[-2] == points[0]:
        shape, points = shape[:-2] + "h", points[:-2] + points[-1:]
    if shape in ("ml", "mlh"):
        p, q = points[0], points[1]
        return [_edge(p, q, "line", "h" if p[1] == q[1] else "v")]
    return [_edge(p, q, "curve_edge", "v" if p[0] == q[0] else ("h" if p[1] == q[1] else None))
            for p, q in zip(points, points[1:])]
