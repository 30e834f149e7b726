"""Reader for DOCX budget documents (python-docx).

Paragraphs and tables are read in body order into the same `Row`s as the text
reader makes of a DOCX-derived rendering: a merged cell counts once (a row lists
the cells it has, not the grid columns they cover), a cell that continues a
vertical merge is blank (as the renderings print it), a cell's paragraphs are
joined with "\\n". Provenance: `line` is the 1-based ordinal of the paragraph or
table row in body order (so lines grow through the document as in a text
rendering), `page` the 1-based index of the table a row belongs to.
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib

import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml.etree import XMLSyntaxError

from ..model import Row
from ..normalise import strip_markup
from .text import _has_leader

MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # a budget DOCX unpacks to a few MB
MAX_MEMBERS = 10_000
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.I)
_HEADING_STYLE = re.compile(r"^(?:heading|title)\b", re.I)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _TBL, _TR, _TC, _SDT, _SDT_CONTENT, _CUSTOM_XML = (
    f"{_W}{t}" for t in ("p", "tbl", "tr", "tc", "sdt", "sdtContent", "customXml"))
_OUTLINE_LEVEL, _TC_PROPERTIES, _V_MERGE, _VAL = (f"{_W}{t}" for t in ("outlineLvl", "tcPr", "vMerge", "val"))
_R, _T, _BR, _TYPE = f"{_W}r", f"{_W}t", f"{_W}br", f"{_W}type"
_RUN_CHARACTERS = {f"{_W}tab": "\t", f"{_W}ptab": "\t", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}
_NO_RUNS = {f"{_W}pPr", f"{_W}del", f"{_W}moveFrom"}  # properties; deleted or moved-away text


class UnreadableDocx(ValueError):
    """The bytes are not a DOCX this reader will open; the message says why, in one line."""


def read_rows(data: bytes) -> list[Row]:
    document = _open(data)
    rows: list[Row] = []
    ordinal = 0
    tables = 0
    for element in _children(document.element.body, (_P, _TBL)):
        if element.tag == _P:
            ordinal += 1
            row = _paragraph(element, ordinal, document)
            if row:
                rows.append(row)
            continue
        tables += 1
        for tr in _children(element, (_TR,)):
            ordinal += 1
            cells = tuple(_cell_text(tc) for tc in _children(tr, (_TC,)))
            if any(cells):
                rows.append(Row("table", cells, line=ordinal, page=tables, cell_lines=(ordinal,) * len(cells)))
    return rows


def _open(data: bytes):
    """The python-docx Document, after the checks that must come before parsing."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise UnreadableDocx("not a DOCX file (not a zip archive: "
                             "an old .doc, or a password-protected DOCX?)") from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise UnreadableDocx(f"not a plausible DOCX: {len(members):,} archive members")
        unpacked = sum(m.file_size for m in members)
        if unpacked > MAX_UNPACKED_BYTES:
            raise UnreadableDocx(f"refused: the archive declares {unpacked:,} bytes unpacked "
                                 f"(limit {MAX_UNPACKED_BYTES:,}; a zip bomb?)")
        names = {m.filename for m in members}
        if "word/document.xml" not in names or "[Content_Types].xml" not in names:
            raise UnreadableDocx("not a DOCX file (a zip archive without word/document.xml)")
        for member in members:
            if member.filename.endswith((".xml", ".rels")) and _DTD.search(_member(archive, member)):
                raise UnreadableDocx(f"refused: {member.filename} declares a DTD or entities "
                                     "(Word never writes them; external entities could read local files)")
    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, XMLSyntaxError, KeyError, ValueError) as exc:
        raise UnreadableDocx(f"not a readable DOCX file ({type(exc).__name__}: {exc})".replace("\n", " ")) from None


def _member(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes:
    try:
        return archive.read(member)
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError) as exc:
        raise UnreadableDocx(f"damaged DOCX: {member.filename} cannot be unpacked ({exc})") from None


def _children(element, tags: tuple[str, ...]):
    """Children with one of `tags`, in order, looking inside content controls and
    custom XML (Word wraps a generated table of contents, or filled-in form rows, in them)."""
    for child in element.iterchildren():
        if child.tag in tags:
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _children(content, tags)
        elif child.tag == _CUSTOM_XML:
            yield from _children(child, tags)


def _text(p) -> str:
    """A paragraph's text as Word shows it: its runs, also inside hyperlinks, fields,
    content controls and tracked insertions; text boxes (inside a run's drawing) and
    deleted text (w:delText) left out. Walked by hand: per-element XPath (python-docx's
    `.text`) is most of the reading time."""
    return "".join(_run_text(r) for r in _runs(p))


def _runs(element):
    for child in element.iterchildren():
        if child.tag == _R:
            yield child
        elif child.tag not in _NO_RUNS:
            yield from _runs(child)


def _run_text(r) -> str:
    out = []
    for child in r.iterchildren():
        tag = child.tag
        if tag == _T:
            out.append(child.text or "")
        elif tag == _BR:
            out.append("" if child.get(_TYPE) == "page" else "\n")  # a page break is no line of text
        elif tag in _RUN_CHARACTERS:
            out.append(_RUN_CHARACTERS[tag])
    return "".join(out)


def _paragraph(p, ordinal: int, document) -> Row | None:
    raw = _text(p)
    text = strip_markup(raw)
    if not text:
        return None
    kind = "toc" if _has_leader(raw) else "text"
    return Row(kind, (text,), line=ordinal, heading=_is_heading(p, document))


def _is_heading(p, document) -> bool:
    """A Heading/Title style (or one based on it), or a paragraph in Word's outline."""
    if _in_outline(p.pPr):
        return True
    styles = document.styles.element
    style = styles.get_by_id(p.style) if p.style else None
    seen = set()
    while style is not None and style.styleId not in seen:
        if _HEADING_STYLE.match(style.name_val or "") or _in_outline(style.pPr):
            return True
        seen.add(style.styleId)
        style = styles.get_by_id(style.basedOn_val) if style.basedOn_val else None
    return False


def _in_outline(pPr) -> bool:
    """Outline levels 0-8 are headings; 9 is Word's body text."""
    level = pPr.find(_OUTLINE_LEVEL) if pPr is not None else None
    return level is not None and level.get(_VAL, "9") != "9"


def _cell_text(tc) -> str:
    """A cell's paragraphs joined with "\\n"; a cell continuing a vertical merge is blank."""
    properties = tc.find(_TC_PROPERTIES)
    merge = properties.find(_V_MERGE) if properties is not None else None
    if merge is not None and merge.get(_VAL, "continue") == "continue":  # a bare <w:vMerge/> continues
        return ""
    parts = (strip_markup(_text(p)) for p in _children(tc, (_P,)))
    return "\n".join(part for part in parts if part)
