"""Fuzzing over the real sample documents (data/raw/*.txt).

Bounded for CI; `make fuzz` runs the same tests longer (FUZZ_EXAMPLES, FUZZ_MUTATIONS).
"""
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.store.document_records import ExtractError
from conftest import RAW
from mutations import digit_trials, extract_text, mutate_lines, sample

SAMPLES = {p.name: p.read_text(encoding="utf-8") for p in sorted(RAW.glob("*.txt"))}
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "30"))
MUTATIONS = int(os.environ.get("FUZZ_MUTATIONS", "200"))

line_edits = st.lists(st.tuples(st.sampled_from(["drop", "duplicate", "swap", "cut", "mangle"]),
                                st.integers(0, 10_000), st.integers(0, 10_000)), min_size=1, max_size=6)


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(name=st.sampled_from(sorted(SAMPLES)), edits=line_edits)
def test_a_mangled_document_is_extracted_or_refused_never_crashes(name, edits):
    text = mutate_lines(SAMPLES[name], edits)
    try:
        extraction = extract_text(text, name)
    except ExtractError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert len(extraction.records["documents"]) == 1


@pytest.fixture(scope="module")
def trials():
    samples = [sample(name, text) for name, text in SAMPLES.items()]
    return digit_trials(samples, MUTATIONS, seed=8)


def test_a_changed_amount_is_caught_by_a_mismatch(trials):
    caught = sum(result == "mismatch" for _, result in trials)
    share = caught / len(trials)
    print(f"\nsingle-digit mutations of printed amounts caught by a mismatch: {caught}/{len(trials)} = {share:.1%} "
          f"({len(SAMPLES)} sample documents)")
    assert share >= 0.95


def test_every_changed_amount_shows_in_a_check(trials):
    """The changes a mismatch misses are within the rounding allowance (608.24 → 608.23
    under a sum of several parts): a `rounding` check shows them. None goes unseen, so
    every printed amount of the standard tables is covered by some identity."""
    results = [result for _, result in trials]
    print(f"\nshown only as rounding: {results.count('rounding')}; unseen: {results.count('unseen')}")
    assert [(m.line, m.table_id, m.printed, m.mutated) for m, result in trials if result == "unseen"] == []
