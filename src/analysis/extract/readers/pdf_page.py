"""What a PDF engine reads off one page: its ruled tables and the text lines
printed outside them, in points from the page's top left.

Every engine (readers/pdf.py) produces these, so that turning a page into rows
does not depend on the engine.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from operator import itemgetter
from typing import Callable

from pdfplumber.utils.text import DEFAULT_X_TOLERANCE, DEFAULT_Y_TOLERANCE, LIGATURES, extract_text

NO_TEXT_LAYER = "PDF has no text layer (a scanned document?): OCR it first"
ENCRYPTED = "PDF is encrypted (password protected): its text cannot be read"


@dataclass(frozen=True)
class PageTable:
    """A table found on a page: its box (x0, top, x1, bottom in points from the
    page's top left) and its cells, row by row ('' for blank or merged-away cells)."""

    bbox: tuple[float, float, float, float]
    cells: list[list[str]]


@dataclass(frozen=True)
class TextLine:
    """A line of text printed outside the tables, its words joined by one space
    and stripped, with its box (a paragraph's lines can be joined by their geometry)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float


def text_lines(lines: list[dict]) -> list[TextLine]:
    """pdfplumber's text-line dicts (`extract_text_lines`), stripped, blank ones left out."""
    return [TextLine(line["text"].strip(), line["x0"], line["top"], line["x1"], line["bottom"])
            for line in lines if line["text"].strip()]


@dataclass(frozen=True)
class PageContent:
    lines: list[TextLine]
    tables: list[PageTable]
    width: float = 0.0  # as displayed: pages of one size share a text block (portrait text, landscape tables)


def join_cell_lines(text: str | None) -> str:
    """A cell's text with the line breaks of its wrapping removed: a cell wraps
    where its width ends, inside a word, a name or a code (`210150` / `1`), so the
    pieces join directly."""
    if not text:
        return ""
    return "".join(piece.strip() for piece in text.split("\n"))


def outside(tables: list[PageTable]) -> Callable[[dict], bool]:
    """Whether a page object (a dict with x0, top, x1, bottom) has its centre
    outside every table: what is inside is read as the tables' cells."""
    boxes = [t.bbox for t in tables]

    def test(obj: dict) -> bool:
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)
    return test


_EM_BELOW_BASELINE = 0.12  # of the em: where a Chinese font's em box ends under the Latin baseline


def em_box(baseline: float, size: float) -> tuple[float, float]:
    """(top, bottom) of a character placed by its baseline (points from the top):
    its em box, one font size tall and ending 0.12 of it under the baseline, as
    a Chinese font draws its characters and a Latin one its digits.

    The box pdfminer gives a character hangs from its font's declared descent,
    and a font can declare one deeper than its em (−1.033 em in a Latin font
    set beside Chinese ones): its digits and punctuation then sit most of a
    line lower than what is printed on the same baseline beside them, so that
    `单位名称：` or `2026年…表` fall apart into two lines and a row's code and
    amounts into the table row below its name. Where a character is printed is
    where its baseline is."""
    bottom = baseline + _EM_BELOW_BASELINE * size
    return bottom - size, bottom


def on_baselines(chars: list[dict]) -> list[dict]:
    """pdfplumber's characters, each upright one (its "baseline" in points from
    the top) in its `em_box`; the others as they are."""
    placed = []
    for ch in chars:
        base = ch.get("baseline")
        if base is None or not ch["upright"]:
            placed.append(ch)
            continue
        top, bottom = em_box(base, ch["bottom"] - ch["top"])
        placed.append({**ch, "top": top, "bottom": bottom, "doctop": ch["doctop"] - ch["top"] + top})
    return placed


def table_cells(rows: list, chars: list[dict]) -> list[list[str]]:
    """What pdfplumber's `Table.extract()` reads, from a table's rows (each with
    its `cells`: boxes (x0, top, x1, bottom), None where merged away): a
    character belongs to the cell that holds the centre of its box, the cell's
    characters in page order make its text. The characters' centres are
    bisected rather than scanned per row."""
    centred = sorted(((ch["top"] + ch["bottom"]) / 2, (ch["x0"] + ch["x1"]) / 2, order)
                     for order, ch in enumerate(chars))
    middles = [v for v, _, _ in centred]
    texts = []
    for row in rows:
        row_texts = []
        for cell in row.cells:
            if cell is None:
                row_texts.append("")
                continue
            x0, top, x1, bottom = cell
            inside = sorted(order for _, h, order in centred[bisect_left(middles, top):bisect_left(middles, bottom)]
                            if x0 <= h < x1)
            row_texts.append(_cell_text([chars[order] for order in inside]) if inside else "")
        texts.append(row_texts)
    return texts


def _cell_text(chars: list[dict]) -> str:
    """`join_cell_lines(extract_text(chars))`; a cell printed on one line (its
    characters' tops within pdfplumber's line tolerance, no blank among them)
    is read directly: its words are the runs of characters, left to right,
    that no gap wider than the word tolerance separates."""
    tops = [ch["top"] for ch in chars]
    if max(tops) - min(tops) > DEFAULT_Y_TOLERANCE or not all(ch["upright"] and not ch["text"].isspace()
                                                               for ch in chars):
        return join_cell_lines(extract_text(chars))
    words: list[list[str]] = []
    previous = None
    for ch in sorted(chars, key=itemgetter("x0")):
        if previous is None or ch["x0"] > previous["x1"] + DEFAULT_X_TOLERANCE:
            words.append([])
        words[-1].append(LIGATURES.get(ch["text"], ch["text"]))
        previous = ch
    return " ".join("".join(word) for word in words)


_JOINING_MARKS = set("—–-_─━…⋯·.")


def overprinted(chars: list[dict], tolerance: float = 1.0) -> set[int]:
    """The ids of characters printed again over themselves (a bold face faked by printing each
    glyph two or three times a fraction of a point apart: `222000222222年年年部部部`): every
    repetition of a character within `tolerance` points of one kept; not of a dash or dot,
    which joins its repetitions into one line (PDFium reports the two dashes of `——` at one
    place, pdfminer one after the other)."""
    kept: dict[tuple[str, int, int], list[dict]] = {}
    dropped: set[int] = set()
    if len({(ch["text"], round(ch["x0"]), round(ch["top"])) for ch in chars}) == len(chars):
        return dropped  # no glyph twice at one whole point: no faked bold (a pass in C, most pages end here)
    for ch in chars:
        text = ch["text"]
        if text in _JOINING_MARKS:
            continue
        x, y = ch["x0"], ch["top"]
        bx, by = int(x // tolerance), int(y // tolerance)
        if _kept_near(kept, text, bx, by, x, y, tolerance):
            dropped.add(id(ch))
        else:
            kept.setdefault((text, bx, by), []).append(ch)
    return dropped


def _kept_near(kept: dict[tuple[str, int, int], list[dict]], text: str, bx: int, by: int, x: float, y: float,
               tolerance: float) -> bool:
    """Whether a kept `text` lies within `tolerance` of (x, y): in its grid cell or one beside it.
    Plain loops: this runs for every character of every page."""
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            for k in kept.get((text, bx + dx, by + dy), ()):
                if abs(k["x0"] - x) <= tolerance and abs(k["top"] - y) <= tolerance:
                    return True
    return False
