"""Figures and statements of the explanatory text (部门预算情况说明).

The prose is read sentence by sentence (lines a page break split are joined
first) against the patterns of the vocabulary: money figures (人员经费, 公用经费,
机关运行经费, “三公” …), counts (编制, 在职, 退休), changes versus last year with
their direction, percent and reason, and the statement that the resident
medical-insurance subsidy left this budget.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from .model import Row
from .normalise import parse_amount, squash, wan_or_none
from .pretest import Screen, necessary_literals, needs_digit
from .vocabulary import load

_DIGIT = re.compile(r"\d")


@dataclass
class Fact:
    fact: str
    text: str | None  # the sentence, or what a statement names (where the subsidy went)
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


class _Sentence(NamedTuple):
    text: str
    offset: int  # where the sentence starts in its paragraph
    previous: str  # the sentence before (what `其中：…` continues)
    source: "_Paragraph"

    def where(self, at: int = 0) -> tuple[int | None, int | None]:
        """(line, page) where the character `at` of the sentence is printed."""
        return self.source.where(self.offset + at)

    @property
    def paragraph(self) -> tuple[int | None, int | None]:
        """(line, page) where its paragraph starts."""
        return self.source.where(0)

    @property
    def before(self) -> str:
        """The paragraph up to this sentence (a change's subject may be there)."""
        return self.source.text[:self.offset]

    @property
    def after(self) -> str:
        """The rest of the paragraph (a change's reason may be there)."""
        return self.source.text[self.offset + len(self.text):]


def narrative_facts(rows: list[Row]) -> list[Fact]:
    vocab = load().narrative
    # most paragraphs (headings, table furniture) state nothing: only the others are cut into sentences
    may_state = _may_state(tuple(p for key in _FACT_PATTERNS for p in (
        vocab[key].values() if isinstance(vocab[key], dict) else [vocab[key]])))
    paragraphs = [p for p in _paragraphs(rows, vocab) if may_state(p.text)]
    sentences = _sentences(paragraphs, vocab["sentence_end"], vocab["subject_heading"])
    screen = Screen([text for _, _, text in sentences])
    # the figures each sentence may state, in vocabulary order (most sentences state none)
    figures: dict[int, list[tuple[str, str, re.Pattern]]] = {}
    for kind in ("money", "count"):
        for name, pattern in vocab[kind].items():
            for index in screen.lines_for(pattern):
                figures.setdefault(index, []).append((kind, name, pattern))
    changes = {index for key in ("component_change", "change") for index in screen.lines_for(vocab[key])}
    shifts = set(screen.lines_for(vocab["subsidy_shift"]))
    lists_parts = {index for index, _ in screen.matches(vocab["parts_follow"])}
    facts: list[Fact] = []
    previous = ""  # the sentence before, with the one it lists parts of (其中：…)
    for index, (paragraph, offset, text) in enumerate(sentences):
        if offset == 0:
            previous = ""
        if index in figures or index in changes or index in shifts:
            sentence = _Sentence(text, offset, previous, paragraph)
            facts += _facts_in(sentence, vocab, figures.get(index, ()), index in changes, index in shifts)
        previous = previous + text if index in lists_parts else text
    return facts


_DEPARTMENT_TOTALS = ("personnel", "public")  # figures a sentence about one economic class states a part of
_FACT_PATTERNS = ("money", "count", "component_change", "change", "subsidy_shift")  # what a fact is read by
_NOTHING = re.compile(r"(?!)")


@lru_cache(maxsize=8)
def _may_state(patterns: tuple[re.Pattern, ...]) -> Callable[[str], bool]:
    """Whether a text holds what one of the patterns needs to match it: one of its
    necessary literals, and a digit where every match of it holds one."""
    with_digit = _any_of(tuple(necessary_literals(p) for p in patterns if needs_digit(p)))
    without_digit = _any_of(tuple(necessary_literals(p) for p in patterns if not needs_digit(p)))
    return lambda text: bool(with_digit.search(text) and _DIGIT.search(text) or without_digit.search(text))


def _any_of(literals: tuple[tuple[str, ...], ...]) -> re.Pattern:
    """A search for any of the literals: nothing when there are none, everything when a
    pattern needs none (it may match any text)."""
    if not literals:
        return _NOTHING
    if not all(literals):
        return re.compile("")
    return re.compile("|".join(map(re.escape, sorted({s for group in literals for s in group}, key=len, reverse=True))))


@dataclass(slots=True)
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


def _paragraphs(rows: list[Row], vocab: dict) -> list[_Paragraph]:
    """Paragraphs joined across page breaks (a long line that ends mid-sentence
    goes on in the next paragraph)."""
    paragraphs: list[_Paragraph] = []
    last = None  # the paragraph the next text row may continue; a table row ends it
    paragraph_start = vocab["paragraph_start"]
    for row in rows:
        if row.kind != "text":
            last = None
            continue
        text = squash(row.text)
        if (last is not None and not last.heading and not row.heading and len(last.text) > _SHORT
                and last.text[-1] not in _CLOSING and not paragraph_start.search(text)
                and not _is_heading(last.text, vocab)):
            last.pieces.append((len(last.text), row.line, row.page))
            last.text += text
        else:
            last = _Paragraph(text, [(0, row.line, row.page)], row.heading)
            paragraphs.append(last)
    return paragraphs


def _sentences(paragraphs: list[_Paragraph], sentence_end: re.Pattern,
               subject_heading: re.Pattern) -> list[tuple[_Paragraph, int, str]]:
    """(paragraph, offset, text) of each sentence: paragraphs cut after each sentence end, but
    for a heading that names the subject of the next sentence (`（一）因公出国（境）费用。2026年
    预算数132.53万元`): the two are one sentence."""
    cut = _cut_after(sentence_end.pattern)
    out = []
    for paragraph in paragraphs:
        offset, heading = 0, ""
        for piece in cut.split(paragraph.text):
            if not piece:
                continue
            if not heading and subject_heading.search(piece):
                heading = piece
                continue
            out.append((paragraph, offset, heading + piece))
            offset += len(heading) + len(piece)
            heading = ""
        if heading:
            out.append((paragraph, offset, heading))
    return out


@lru_cache(maxsize=4)
def _cut_after(sentence_end: str) -> re.Pattern:
    return re.compile(f"(?<={sentence_end})")


_SHORT = 20  # a shorter line is a heading or a label, not a sentence cut by a page break
_CLOSING = "。；;！？:：）)」”"  # a line ending in one of these is not cut mid-sentence
_HEADING_PUNCTUATION = re.compile("[，。；,;：:]")


def _is_heading(text: str, vocab: dict) -> bool:
    """`四、财政拨款“三公”经费预算情况及增减变化原因`: numbered, no sentence punctuation."""
    return bool(vocab["paragraph_start"].search(text)) and not _HEADING_PUNCTUATION.search(text)


def _money(match: re.Match) -> tuple[Decimal | None, str]:
    return wan_or_none(parse_amount(match.group("amount")), match.group("unit")), match.group("amount") + match.group("unit")


def _facts_in(sentence: _Sentence, vocab: dict, figures, may_change: bool, may_shift: bool) -> list[Fact]:
    """The facts a sentence states: `figures` are the (kind, name, pattern) it may
    match, `may_change` / `may_shift` whether a change or the subsidy statement may be there."""
    s = sentence.text
    facts = []

    def fact(name: str, where: tuple[int | None, int | None] | None = None, **values) -> Fact:
        line, page = where or sentence.where()
        return Fact(name, s, line, page, sentence=s, previous_sentence=sentence.previous,
                    paragraph=sentence.paragraph, **values)

    if _DIGIT.search(s):  # else there is no figure to read; only a statement can be there
        for kind, name, pattern in figures:
            if m := pattern.search(s):
                if name in _DEPARTMENT_TOTALS and vocab["class_parts"].search(s, 0, m.start()):
                    continue
                if kind == "money":  # where the figure is printed: a sentence may go on over a page break
                    amount, printed = _money(m)
                    facts.append(fact(name, sentence.where(m.start("amount")), amount_wan=amount, amount_printed=printed))
                else:
                    facts.append(fact(name, value=float(m.group("value")), unit="人"))
        if may_change:
            facts += _changes(sentence, vocab, fact)
    return facts + _subsidy_shift(s, vocab, fact) if may_shift else facts


def _subsidy_shift(s: str, vocab: dict, fact) -> list[Fact]:
    """The statement that the resident medical-insurance subsidy left this budget, and where it went."""
    if (m := vocab["subsidy_shift"].search(s)) and vocab["subsidy_shift_confirm"].search(s):
        shift = fact("subsidy_shift")
        negated = vocab["subsidy_shift_negated"].search(s, 0, m.start("where"))
        shift.text = None if negated else m.group("where")  # None: where it went is not said
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
        subject = (_subject_before_parenthesis(s[: m.start()], sentence.before, vocab)
                   or _closest_subject(s[: m.start()], vocab) or _first_subject(sentence.before, vocab)
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


def _subject_before_parenthesis(prefix: str, before: str, vocab: dict) -> str | None:
    """`公务用车购置及运行维护费2.5万元（公务用车购置费0万元…；公务用车运行维护费2.5万元…。）比上年
    减少1万元`: a change printed right after a closing parenthesis is of the figure the
    parenthesis annotated, whose subject is printed before it opened."""
    if not prefix.startswith(("）", ")")):
        return None
    opened = max(before.rfind("（"), before.rfind("("))
    return _closest_subject(before[:opened], vocab) if opened >= 0 else None


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
