"""Pre-tests of the vocabulary's patterns: the plain strings every match needs, and the
lines of a document screened with them."""
import re

import pytest

from analysis.extract.normalise import squash
from analysis.extract.pretest import Screen, necessary_literals, needs_digit
from analysis.extract.vocabulary import load
from analysis.store.document_records import read_document
from conftest import RAW


def test_necessary_literals_read_from_the_vocabulary():
    vocab = load()
    assert necessary_literals(vocab.narrative["money"]["personnel"]) == ("人员经费",)
    assert set(necessary_literals(vocab.narrative["money"]["income_total"])) == {"预算收入", "收入预算"}
    # one of the alternatives: XXX, ××元, 。。。, ………, 此处填写, 请填写, （填写
    assert set(necessary_literals(vocab.disclosure["template_residue"])) == {
        "X", "Ｘ", "×", "x", "。。。", "…", "此处填写", "请填写", "（填写"}
    assert necessary_literals(vocab.disclosure["over_precise"]) == (".",)


@pytest.mark.parametrize("pattern", [r"\d+", r"(?:万元)?", r"[^。]+", r"(?i)abc", r"a|\d"])
def test_a_pattern_without_a_necessary_literal_has_none(pattern):
    assert necessary_literals(re.compile(pattern)) == ()


@pytest.mark.parametrize("pattern, needs", [
    (r"编制(?:人数)?(?P<value>\d+)(?:人|名)", True), (r"第[0-9]", True), (r"x\d{1,3}", True), (r"(?:\d|５)x", True),
    (r"x\d*", False), (r"a(?:\d|b)", False), (r"(?=\d)x", False), (r"[\da]", False), (r"较上年(?:增加|减少)", False)])
def test_a_digit_is_needed_only_where_every_match_holds_one(pattern, needs):
    assert needs_digit(re.compile(pattern)) is needs
    if needs:  # the claim itself: no match without a digit
        assert not re.search(pattern, "编制人数五人 第x xabc x")


def test_screen_finds_the_lines_holding_a_literal():
    lines = ["人员经费10万元", "", "公用经费", "人员", "经费5万元", "其中人员经费"]
    screen = Screen(lines)
    assert screen.lines_for(re.compile("人员经费")) == [0, 5]  # 人员|经费 across two lines is no match
    assert [(i, m.group(1)) for i, m in screen.matches(re.compile(r"人员经费(\d+)"))] == [(0, "10")]
    assert screen.first(re.compile("经费(?P<n>5)"))[0] == 4
    assert screen.first(re.compile("无此项")) is None
    assert screen.lines_for(re.compile(r"\d")) == list(range(6))  # no literal: every line may match


def _vocabulary_patterns():
    vocab = load()
    for section in (vocab.narrative, vocab.disclosure, vocab.performance, vocab.indicator_quality):
        for value in section.values():
            yield from value.values() if isinstance(value, dict) else [value]


@pytest.mark.parametrize("sample", sorted(p.name for p in RAW.glob("*.txt")))
def test_screen_misses_no_line_a_vocabulary_pattern_matches(sample):
    lines = [squash(c) for row in read_document(RAW / sample).rows for c in (row.text, *row.cells)]
    screen = Screen(lines)
    hits = 0
    for pattern in _vocabulary_patterns():
        found = [i for i, line in enumerate(lines) if pattern.search(line)]
        hits += len(found)
        assert set(found) <= set(screen.lines_for(pattern)), pattern.pattern
        assert [i for i, _ in screen.matches(pattern)] == found, pattern.pattern
        assert (screen.first(pattern) or [None])[0] == (found[0] if found else None), pattern.pattern
    assert hits > 1000  # the patterns do match the sample's lines
