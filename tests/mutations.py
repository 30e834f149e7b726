"""Mutations of the real sample documents, for the fuzz tests (tests/test_fuzz.py).

A text rendering is mutated line by line (drop, duplicate, swap, cut, mangle digits), or
one digit of one printed amount of a standard table is changed; `outcome` tells how the
checks of the mutated document show the change.
"""
from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass

from analysis.extract.model import Document
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


def flagged(extraction: Extraction) -> dict[tuple, tuple]:
    """Each check of a document that is not `ok`, by what it compares: (status, difference)."""
    return {(c["check_id"], c["scope"], c["detail"], c["source_line"]): (c["status"], c["diff_wan"])
            for c in extraction.records.get("checks", []) if c["status"] != "ok"}


def outcome(baseline: dict[tuple, tuple], text: str, name: str) -> str:
    """`mismatch` when the mutated document fails with ExtractError, or a check reports a
    mismatch it did not report before (or with another difference); `rounding` when only
    a `rounding` check shows the change; `unseen` when no check does."""
    try:
        after = flagged(extract_text(text, name))
    except ExtractError:
        return "mismatch"
    changed = {status for key, (status, diff) in after.items() if baseline.get(key) != (status, diff)}
    return "mismatch" if "mismatch" in changed else "rounding" if changed else "unseen"


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
