"""Mutations of budget documents, for the fuzz tests (tests/test_fuzz.py) and the mutation
benchmark (bench/mutation_bench.py).

A text rendering is mutated line by line (drop, duplicate, swap, cut, mangle digits), or
one digit of one printed amount of a standard table is changed, in the text (`change_one_digit`)
or, for a document of any format, in the reader's rows (`change_cell`); `verdict` tells how
the checks of the mutated document show the change.
"""
from __future__ import annotations

import hashlib
import random
import re
from collections import Counter
from dataclasses import dataclass, replace
from operator import itemgetter

from analysis.extract.model import Document, Row
from analysis.extract.readers.text import read_rows
from analysis.store.document_records import ExtractError, Extraction, extract_document

_DIGIT = re.compile(r"\d")


def document(text: str, name: str) -> Document:
    """A text rendering held in memory, read as `budget extract` reads a file."""
    data = text.encode("utf-8")
    layout, rows = read_rows(text)
    return Document(name, "txt", layout, hashlib.sha256(data).hexdigest(), len(data), rows)


def extract_text(text: str, name: str) -> Extraction:
    return extract_document(document(text, name))


@dataclass(frozen=True)
class AmountMutation:
    line: int  # 1-based source line of the printed cell
    table_id: str
    column_id: str
    row_kind: str
    printed: str
    mutated: str
    text: str  # the whole document with the one digit changed


def records(extraction: Extraction, table: str) -> list[dict]:
    """One contract table's records of an extraction, as dicts (none when it has none)."""
    found = extraction.tables.get(table)
    return found.as_dicts() if found is not None else []


def amount_cells(extraction: Extraction) -> list[dict]:
    """The printed amount cells of the standard tables that hold at least one digit and say
    where they are printed (a line; in a document without lines, a page)."""
    return [c for c in records(extraction, "table_cells")
            if c["amount_printed"] and (c["source_line"] or c["source_page"]) and _DIGIT.search(c["amount_printed"])]


def change_digit(printed: str, rng: random.Random) -> str:
    """`printed` with one of its digits, chosen at random, replaced by another digit."""
    at = rng.choice([m.start() for m in _DIGIT.finditer(printed)])
    new = rng.choice([d for d in "0123456789" if d != printed[at]])
    return printed[:at] + new + printed[at + 1:]


def change_one_digit(text: str, cell: dict, rng: random.Random) -> AmountMutation | None:
    """`text` with one digit of `cell`'s printed amount replaced by another digit;
    None when the printed figure cannot be found on its line."""
    lines = text.split("\n")
    number = cell["source_line"]
    raw = lines[number - 1]
    printed = cell["amount_printed"]
    spots = [m.start() for m in re.finditer(rf"(?<![\d.,]){re.escape(printed)}(?![\d.,])", raw)]
    if not spots:
        return None
    start = rng.choice(spots)
    mutated = change_digit(printed, rng)
    lines[number - 1] = raw[:start] + mutated + raw[start + len(printed):]
    return AmountMutation(number, cell["table_id"], cell["column_id"], cell["row_kind"], printed, mutated,
                          "\n".join(lines))


@dataclass(frozen=True)
class Figures:
    """A document read into rows, the checks its unmutated extraction flags (`flagged`), its
    printed amount cells (`amount_cells`) and, for each, the (row, cell) places of `doc.rows`
    that print its figure where it was read, the likeliest first (`_locate`)."""
    doc: Document
    baseline: dict[tuple, tuple]
    cells: list[dict]
    spots: list[list[tuple[int, int]]]


def figures(doc: Document, extraction: Extraction) -> Figures:
    cells = amount_cells(extraction)
    return Figures(doc, flagged(extraction), cells, _locate(doc.rows, cells))


def _place(line: int | None, page: int | None) -> tuple[str, int | None]:
    """Where a figure was read: its line, or its page in a document without lines."""
    return ("line", line) if line is not None else ("page", page)


def _locate(rows: list[Row], cells: list[dict]) -> list[list[tuple[int, int]]]:
    """For each amount cell, the row cells on its line (or page) that print exactly its figure.
    The k-th record printing a figure there comes first with the k-th such cell in reading
    order (records follow the columns from left to right), then the others: a table may print
    figures it does not read, last year's beside this year's."""
    printed_at: dict[tuple, list[tuple[int, int]]] = {}
    for r, row in enumerate(rows):
        for i, text in enumerate(row.cells):
            if _DIGIT.search(text):
                printed_at.setdefault((_place(row.cell_line(i), row.page), text.strip()), []).append((r, i))
    seen: Counter[tuple] = Counter()
    spots = []
    for cell in cells:
        key = (_place(cell["source_line"], cell["source_page"]), cell["amount_printed"])
        found, k = printed_at.get(key, []), seen[key]
        spots.append(found[k:k + 1] + found[:k] + found[k + 1:])
        seen[key] += 1
    return spots


# a table_cells record's figure: the same key in a mutated document's records is the same cell
CELL_KEY = itemgetter("table_id", "scope", "unit_name", "row_ordinal", "side", "column_id", "source_line",
                      "source_page")


@dataclass(frozen=True)
class CellMutation:
    cell: dict  # the table_cells record of the figure changed
    mutated: str  # its printed text after the change
    doc: Document  # the document with that one digit changed in its rows
    after: Extraction | None  # the mutated document's extraction; None when it failed


def _with_cell(doc: Document, r: int, i: int, printed: str, mutated: str) -> Document:
    row = doc.rows[r]
    texts = list(row.cells)
    texts[i] = texts[i].replace(printed, mutated, 1)
    rows = list(doc.rows)
    rows[r] = Row(row.kind, tuple(texts), row.line, row.page, row.cell_lines, row.heading)
    return replace(doc, rows=rows)


def _reads(after: Extraction, cell: dict, mutated: str) -> bool:
    """Whether the mutated document's records print `mutated` in `cell`'s place."""
    key = CELL_KEY(cell)
    return any(CELL_KEY(c) == key and c["amount_printed"] == mutated for c in records(after, "table_cells"))


def change_cell(sample: Figures, index: int, rng: random.Random) -> CellMutation | None:
    """`sample.doc` with one digit of the printed amount of `sample.cells[index]` replaced by
    another digit, extracted again: the digit changed in the first of its `spots` whose change
    the extraction reads as that record's (or where the extraction fails); None when none is."""
    cell = sample.cells[index]
    mutated = change_digit(cell["amount_printed"], rng)
    for r, i in sample.spots[index]:
        doc = _with_cell(sample.doc, r, i, cell["amount_printed"], mutated)
        after = extract_or_none(doc)
        if after is None or _reads(after, cell, mutated):
            return CellMutation(cell, mutated, doc, after)
    return None


def flagged(extraction: Extraction) -> dict[tuple, tuple]:
    """Each check of a document that is not `ok`, by what it compares: (status, difference)."""
    return {(c["check_id"], c["scope"], c["detail"], c["source_line"]): (c["status"], c["diff_wan"])
            for c in records(extraction, "checks") if c["status"] != "ok"}


EXTRACTION_FAILED = "(extraction failed)"


def extract_or_none(doc: Document) -> Extraction | None:
    """The document's extraction; None when it fails with ExtractError."""
    try:
        return extract_document(doc)
    except ExtractError:
        return None


def verdict(baseline: dict[tuple, tuple], after: Extraction | None) -> tuple[str, tuple[str, ...]]:
    """How the checks of a mutated document (`after`, None when its extraction failed) show the
    change, and the ids of the checks that show it: `mismatch` when the extraction failed or a
    check reports a mismatch it did not report before (or with another difference); `rounding`
    when only `rounding` checks show the change; `unseen` when no check does."""
    if after is None:
        return "mismatch", (EXTRACTION_FAILED,)
    changed = {(key[0], status) for key, (status, diff) in flagged(after).items()
               if baseline.get(key) != (status, diff)}
    for status in ("mismatch", "rounding"):
        shown_by = tuple(sorted({check_id for check_id, s in changed if s == status}))
        if shown_by:
            return status, shown_by
    return "unseen", ()


def outcome(baseline: dict[tuple, tuple], text: str, name: str) -> str:
    """`verdict` of a mutated text rendering, without the check ids."""
    return verdict(baseline, extract_or_none(document(text, name)))[0]


def mutate_lines(text: str, operations: list[tuple[str, int, int]]) -> str:
    """Apply (operation, i, j) line edits: drop line i, duplicate it, swap i and j, cut
    the document at line i (mid-line at character j), mangle the digits of line i."""
    lines = text.split("\n")
    for operation, i, j in operations:
        if not lines:
            break
        i %= len(lines)
        if operation == "drop":
            del lines[i]
        elif operation == "duplicate":
            lines.insert(i, lines[i])
        elif operation == "swap":
            j %= len(lines)
            lines[i], lines[j] = lines[j], lines[i]
        elif operation == "cut":
            lines = lines[:i] + [lines[i][: j % (len(lines[i]) + 1)]]
        elif operation == "mangle":
            rng = random.Random(j)
            lines[i] = _DIGIT.sub(lambda m: rng.choice("0123456789.,- "), lines[i])
    return "\n".join(lines)


@dataclass(frozen=True)
class Sample:
    name: str
    text: str
    baseline: dict[tuple, tuple]
    cells: list[dict]


def sample(name: str, text: str) -> Sample:
    extraction = extract_text(text, name)
    return Sample(name, text, flagged(extraction), amount_cells(extraction))


def digit_trials(samples: list[Sample], count: int, seed: int) -> list[tuple[AmountMutation, str]]:
    """`count` single-digit mutations, each of one random printed amount of a random
    sample document, with what the checks made of it (`outcome`)."""
    rng = random.Random(seed)
    trials = []
    while len(trials) < count:
        doc = rng.choice(samples)
        mutation = change_one_digit(doc.text, rng.choice(doc.cells), rng)
        if mutation is not None:
            trials.append((mutation, outcome(doc.baseline, mutation.text, doc.name)))
    return trials
