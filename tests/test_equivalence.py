"""An original-format fixture extracts to what its text rendering extracts to.

tests/fixtures/originals/ holds each sample rendering of data/raw/ remade as a
DOCX (and PDFs of it), by tools/make_fixtures.py. Every contract table must come
out the same, row for row, amounts exact; only where a figure was found (line,
page, table index) and which file it came from may differ.
"""
import re
from decimal import Decimal

import pytest

from conftest import FIXTURES, RAW

ORIGINALS = FIXTURES / "originals"
# which original of a rendering `<seed>.txt` is read: `<seed>.<suffix>`
ORIGINAL_SUFFIXES = ["docx"]
SEEDS = sorted(RAW.glob("*.txt"))

# provenance and file identity: how the same figure is located differs by format
PROVENANCE = {"doc_id", "source_file", "source_name", "sha256", "size_bytes", "source_format", "layout",
              "source_line", "source_page", "budget_line", "name_line", "source_lines"}
# a repaired code's note says where its fragment was printed (line N, or page N)
_WHERE = re.compile(r"\b(?:line|page) \d+")


def comparable(records: dict[str, list[dict]]) -> dict[str, list[dict]]:
    out = {}
    for table, rows in records.items():
        out[table] = [{k: _WHERE.sub("<where>", v) if k == "code_note" and v else v
                       for k, v in row.items() if k not in PROVENANCE} for row in rows]
    return out


def differences(expected: dict[str, list[dict]], got: dict[str, list[dict]]) -> list[str]:
    problems = []
    for table in sorted(set(expected) | set(got)):
        want, have = expected.get(table, []), got.get(table, [])
        if len(want) != len(have):
            problems.append(f"{table}: {len(have)} rows, expected {len(want)}")
        for number, (w, h) in enumerate(zip(want, have)):
            changed = {k: (h.get(k), w.get(k)) for k in sorted(set(w) | set(h)) if w.get(k) != h.get(k)}
            if changed:
                problems.append(f"{table} row {number}: " + "; ".join(
                    f"{k} got {g!r}, expected {e!r}" for k, (g, e) in changed.items()))
    return problems


@pytest.mark.parametrize("suffix", ORIGINAL_SUFFIXES)
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_original_extracts_as_its_rendering(seed, suffix, extract):
    original = ORIGINALS / f"{seed.stem}.{suffix}"
    assert original.is_file(), f"{original.name} missing: run tools/make_fixtures.py"
    problems = differences(comparable(extract(seed).records), comparable(extract(original).records))
    assert problems == [], "\n".join(problems[:20])


# PDFs of the DOCX: drawn by reportlab, and laid out by LibreOffice (rows cut by
# page breaks, headers repeated on every page). A PDF keeps glyphs, not the line
# breaks or spaces where a cell wrapped, so text is compared without whitespace
# (amounts are Decimals either way).
PDF_ORIGINALS = [f"{seed.stem}.{maker}.pdf" for seed in SEEDS for maker in ("libreoffice", "reportlab")]
_WHITESPACE = re.compile(r"\s+")


def without_whitespace(records: dict[str, list[dict]]) -> dict[str, list[dict]]:
    return {table: [{k: _WHITESPACE.sub("", v) if isinstance(v, str) else v for k, v in row.items()} for row in rows]
            for table, rows in records.items()}


@pytest.mark.parametrize("name", PDF_ORIGINALS)
def test_pdf_original_extracts_as_its_rendering(name, extract):
    seed = RAW / f"{name.split('.')[0]}.txt"
    expected = without_whitespace(comparable(extract(seed).records))
    problems = differences(expected, without_whitespace(comparable(extract(ORIGINALS / name).records)))
    assert problems == [], "\n".join(problems[:20])


def test_the_comparison_sees_an_amount_one_millionth_off(extract):
    expected = comparable(extract(SEEDS[0]).records)
    got = {table: [dict(row) for row in rows] for table, rows in expected.items()}
    total = next(row for row in got["totals"] if row["item"] == "expenditure_total")
    total["amount_wan"] += Decimal("0.000001")
    assert differences(expected, got) == [
        f"totals row {got['totals'].index(total)}: amount_wan got {total['amount_wan']!r}, "
        f"expected {total['amount_wan'] - Decimal('0.000001')!r}"]
