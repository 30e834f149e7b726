"""What a PDF engine reads off one page: its ruled tables and the text lines
printed outside them, in points from the page's top left.

Every engine (readers/pdf.py) produces these, so that turning a page into rows
does not depend on the engine.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

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


_JOINING_MARKS = set("—–-_─━…⋯·.")


def overprinted(chars: list[dict], tolerance: float = 1.0) -> set[int]:
    """The ids of characters printed again over themselves (a bold face faked by printing each
    glyph two or three times a fraction of a point apart: `222000222222年年年部部部`): every
    repetition of a character within `tolerance` points of one kept; not of a dash or dot,
    which joins its repetitions into one line (PDFium reports the two dashes of `——` at one
    place, pdfminer one after the other)."""
    kept: dict[tuple[str, int, int], list[dict]] = {}
    dropped: set[int] = set()
    for ch in chars:
        text, x, y = ch["text"], ch["x0"], ch["top"]
        if text in _JOINING_MARKS:
            continue
        bx, by = int(x // tolerance), int(y // tolerance)
        if any(abs(k["x0"] - x) <= tolerance and abs(k["top"] - y) <= tolerance
               for dx in (-1, 0, 1) for dy in (-1, 0, 1) for k in kept.get((text, bx + dx, by + dy), ())):
            dropped.add(id(ch))
        else:
            kept.setdefault((text, bx, by), []).append(ch)
    return dropped
