"""Figures and statements of the explanatory text (部门预算情况说明).

The prose is read sentence by sentence (lines a page break split are joined
first) against the patterns of the vocabulary: money figures (人员经费, 公用经费,
机关运行经费, “三公” …), counts (编制, 在职, 退休), changes versus last year with
their direction, percent and reason, and the statement that the resident
medical-insurance subsidy left this budget.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .model import Row
from .normalise import parse_amount, squash, wan_or_none
from .vocabulary import load

_DIGIT = re.compile(r"\d")
_CLOSED = re.compile(r"[。；;！？:：）)」”]$")


@dataclass
class Fact:
    fact: str
    text: str  # the sentence, or what a statement names (where the subsidy went)
    line: int | None
    page: int | None
    amount_wan: Decimal | None = None
    amount_printed: str | None = None
    value: float | None = None
    unit: str | None = None
    direction: str | None = None
    percent: float | None = None
    reason: str | None = None
    previous_wan: Decimal | None = None
    sentence: str | None = None
    scope: str = "department"
    previous_sentence: str = ""  # what `其中：…` continues
    paragraph: tuple[int | None, int | None] = (None, None)  # (line, page) where its paragraph starts


@dataclass
class _Sentence:
    text: str
    line: int | None
    page: int | None
    before: str  # the paragraph up to this sentence (a change's subject may be there)
    after: str = ""  # the rest of the paragraph (a change's reason may be there)
    previous: str = ""  # the sentence before (what `其中：…` continues)
    paragraph: tuple[int | None, int | None] = (None, None)  # (line, page) where its paragraph starts


def narrative_facts(rows: list[Row]) -> list[Fact]:
    vocab = load().narrative
    facts: list[Fact] = []
    for sentence in _sentences(rows, vocab):
        facts += _facts_in(sentence, vocab)
    return facts


@dataclass
class _Paragraph:
    text: str
    pieces: list[tuple[int, int | None, int | None]]  # (offset, line, page) of each joined line
    heading: bool

    def where(self, offset: int) -> tuple[int | None, int | None]:
        line = page = None
        for start, ln, pg in self.pieces:
            if start <= offset:
                line, page = ln, pg
        return line, page


def _sentences(rows: list[Row], vocab: dict) -> list[_Sentence]:
    """Paragraphs joined across page breaks (a long line that ends mid-sentence
    goes on in the next paragraph), cut at sentence ends."""
    paragraphs: list[_Paragraph | None] = []
    for row in rows:
        if row.kind != "text":
            paragraphs.append(None)
            continue
        text = squash(row.text)
        last = paragraphs[-1] if paragraphs else None
        if (last is not None and not last.heading and not row.heading and len(last.text) > _SHORT
                and not _CLOSED.search(last.text) and not vocab["paragraph_start"].search(text)
                and not _is_heading(last.text, vocab)):
            last.pieces.append((len(last.text), row.line, row.page))
            last.text += text
        else:
            paragraphs.append(_Paragraph(text, [(0, row.line, row.page)], row.heading))
    out = []
    for paragraph in filter(None, paragraphs):
        offset, previous = 0, ""
        for piece in re.split(f"(?<={vocab['sentence_end'].pattern})", paragraph.text):
            if piece:
                line, page = paragraph.where(offset)
                out.append(_Sentence(piece, line, page, paragraph.text[:offset],
                                     paragraph.text[offset + len(piece):], previous, paragraph.where(0)))
                previous = previous + piece if vocab["parts_follow"].search(piece) else piece
            offset += len(piece)
    return out


_SHORT = 20  # a shorter line is a heading or a label, not a sentence cut by a page break


def _is_heading(text: str, vocab: dict) -> bool:
    """`四、财政拨款“三公”经费预算情况及增减变化原因`: numbered, no sentence punctuation."""
    return bool(vocab["paragraph_start"].search(text)) and not re.search("[，。；,;：:]", text)


def _money(match: re.Match) -> tuple[Decimal | None, str]:
    return wan_or_none(parse_amount(match.group("amount")), match.group("unit")), match.group("amount") + match.group("unit")


def _facts_in(sentence: _Sentence, vocab: dict) -> list[Fact]:
    s = sentence.text
    facts = []

    def fact(name: str, **values) -> Fact:
        return Fact(name, s, sentence.line, sentence.page, sentence=s, previous_sentence=sentence.previous,
                    paragraph=sentence.paragraph, **values)

    if not _DIGIT.search(s):  # no figure to read; only a statement can be there
        return _subsidy_shift(s, vocab, fact)

    for name, pattern in vocab["money"].items():
        if m := pattern.search(s):
            amount, printed = _money(m)
            facts.append(fact(name, amount_wan=amount, amount_printed=printed))
    for name, pattern in vocab["count"].items():
        if m := pattern.search(s):
            facts.append(fact(name, value=float(m.group("value")), unit="人"))
    facts += _changes(sentence, vocab, fact)
    return facts + _subsidy_shift(s, vocab, fact)


def _subsidy_shift(s: str, vocab: dict, fact) -> list[Fact]:
    """The statement that the resident medical-insurance subsidy left this budget, and where it went."""
    if (m := vocab["subsidy_shift"].search(s)) and vocab["subsidy_shift_confirm"].search(s):
        shift = fact("subsidy_shift")
        shift.text = m.group("where")
        return [shift]
    return []


def _changes(sentence: _Sentence, vocab: dict, fact) -> list[Fact]:
    s = sentence.text
    found = []
    spans = []
    for m in vocab["component_change"].finditer(s):
        spans.append(m.span())
        subject = _subject(m.group("subject"), vocab)
        found.append(_change(fact(subject or "expenditure_change"), m, s, vocab, sentence.after))
    for m in vocab["change"].finditer(s):
        if any(a <= m.start() < b for a, b in spans):
            continue
        if not (m.group("amount") or m.group("percent") or vocab["unchanged"].search(m.group("direction"))):
            continue  # 较上年有所减少: a direction without a figure is a reason, not a change
        # the subject in the sentence, else the topic the paragraph opened with
        subject = (_closest_subject(s[: m.start()], vocab) or _first_subject(sentence.before, vocab)
                   or "expenditure_change")
        change = _change(fact(subject), m, s, vocab, sentence.after)
        if m.group("previous"):
            change.previous_wan = wan_or_none(parse_amount(m.group("previous")), m.group("unit"))
        found.append(change)
    return found


def _subject(text: str, vocab: dict) -> str | None:
    return next((name for name, p in vocab["change_subjects"].items() if p.search(text)), None)


def _closest_subject(prefix: str, vocab: dict) -> str | None:
    """The subject printed closest before a change (a sentence may name several)."""
    best, at = None, -1
    for name, pattern in vocab["change_subjects"].items():
        for m in pattern.finditer(prefix):
            if m.start() > at:
                best, at = name, m.start()
    return best


def _first_subject(text: str, vocab: dict) -> str | None:
    found = [(m.start(), name) for name, p in vocab["change_subjects"].items() if (m := p.search(text))]
    return min(found)[1] if found else None


def _change(f: Fact, m: re.Match, s: str, vocab: dict, rest_of_paragraph: str) -> Fact:
    direction = m.group("direction")
    f.direction = "unchanged" if vocab["unchanged"].search(direction) else (
        "decrease" if vocab["decrease"].search(direction) else "increase")
    if m.group("amount"):
        amount, printed = _money(m) if m.group("unit") else (None, m.group("amount"))
        if amount is not None and f.direction == "decrease":
            amount = -amount
        f.amount_wan, f.amount_printed = amount, printed
    elif f.direction == "unchanged":
        f.amount_wan = Decimal(0)
    if f.amount_wan == 0:
        f.direction = "unchanged"  # 增加0万元
    if m.group("percent"):
        f.percent = float(m.group("percent")) * (-1 if f.direction == "decrease" else 1)
    # the reason follows in the sentence, or in a later sentence of the paragraph
    if reason := vocab["reason"].search(s[m.end():]) or vocab["reason"].search(rest_of_paragraph):
        f.reason = reason.group("reason")
    return f
