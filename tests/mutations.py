"""Mutations of the real sample documents, for the fuzz tests (tests/test_fuzz.py).

A text rendering is mutated line by line (drop, duplicate, swap, cut, mangle digits), or
one digit of one printed amount of a standard table is changed; `caught` tells whether a
changed amount shows in the checks of the mutated document.
"""
from __future__ import annotations

import hashlib
import random
import re
from decimal import Decimal
from dataclasses import dataclass

from analysis.extract import ExtractError, Extraction, extract_document
from analysis.model import Document
from analysis.normalise import parse_amount
from analysis.readers.text import read_rows

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


def amount_cells(extraction: Extraction) -> list[dict]:
    """The printed amount cells of the standard tables that hold at least one digit."""
    return [c for c in extraction.records.get("table_cells", [])
            if c["amount_printed"] and c["source_line"] and _DIGIT.search(c["amount_printed"])]


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
    digits = [start + m.start() for m in _DIGIT.finditer(printed)]
    at = rng.choice(digits)
    new = rng.choice([d for d in "0123456789" if d != raw[at]])
    lines[number - 1] = raw[:at] + new + raw[at + 1:]
    mutated = raw[start:at] + new + raw[at + 1:start + len(printed)]
    return AmountMutation(number, cell["table_id"], cell["column_id"], cell["row_kind"], printed, mutated,
                          "\n".join(lines))


def mismatches(extraction: Extraction) -> dict[tuple, object]:
    """Each `mismatch` check of a document, by what it compares, with its difference."""
    return {(c["check_id"], c["scope"], c["detail"], c["source_line"]): c["diff_wan"]
            for c in extraction.records.get("checks", []) if c["status"] == "mismatch"}


def caught(baseline: dict[tuple, object], text: str, name: str) -> bool:
    """A mutated document is caught when it fails with ExtractError, or a check reports a
    mismatch it did not report before, or a mismatch it reported with another difference."""
    try:
        after = mismatches(extract_text(text, name))
    except ExtractError:
        return True
    return any(key not in baseline or baseline[key] != diff for key, diff in after.items())


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
    baseline: dict[tuple, object]
    cells: list[dict]


def sample(name: str, text: str) -> Sample:
    extraction = extract_text(text, name)
    return Sample(name, text, mismatches(extraction), amount_cells(extraction))


def digit_trials(samples: list[Sample], count: int, seed: int) -> list[tuple[AmountMutation, bool]]:
    """`count` single-digit mutations, each of one random printed amount of a random
    sample document, with whether the checks caught it."""
    rng = random.Random(seed)
    trials = []
    while len(trials) < count:
        doc = rng.choice(samples)
        mutation = change_one_digit(doc.text, rng.choice(doc.cells), rng)
        if mutation is not None:
            trials.append((mutation, caught(doc.baseline, mutation.text, doc.name)))
    return trials


def within_last_digit(mutation: AmountMutation) -> bool:
    """A change of one unit of the last printed decimal (608.24 → 608.23): what rounding
    of the printed figures allows, so no identity can tell it from rounding."""
    printed, mutated = (parse_amount(x) for x in (mutation.printed, mutation.mutated))
    return abs(printed - mutated) == Decimal(1).scaleb(printed.as_tuple().exponent)
