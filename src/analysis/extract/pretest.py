"""Cheap pre-tests for the vocabulary's patterns over many lines.

Most lines of a document match none of the patterns tried on them, and Python's
regex engine is slow to say so for a pattern that does not start with a plain
string. Every match of `人员经费(?:支出)?…(?P<amount>\\d…)(?P<unit>万元|亿元|元)`
contains `人员经费`, though, and `str.find` over all the lines at once finds the
few lines that hold it; only those are searched with the pattern. The plain
strings are read from the parsed pattern, so a pattern changed in the vocabulary
keeps a right pre-test.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate, repeat
from operator import add
from re import _constants as _c, _parser  # type: ignore[attr-defined]  # typeshed lists neither

_ZERO_WIDTH = (_c.AT, _c.ASSERT, _c.ASSERT_NOT)
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT)


@lru_cache(maxsize=1024)
def necessary_literals(pattern: re.Pattern) -> tuple[str, ...]:
    """Plain strings one of which every match of `pattern` contains; () where the
    pattern needs none (it may match any line)."""
    if pattern.flags & re.IGNORECASE:
        return ()
    clauses = _clauses(_parser.parse(pattern.pattern, pattern.flags).data)
    return _most_selective(clauses) if clauses else ()


def _clauses(items) -> list[tuple[str, ...]]:
    """What a sequence of parsed regex items requires: clauses of strings, each met
    where the text holds one of its strings. Zero-width items (^, lookarounds) keep
    the characters around them adjacent; any other item that is not one plain
    character ends a run of them."""
    clauses: list[tuple[str, ...]] = []
    run = ""
    for op, av in items:
        if op is _c.LITERAL:
            run += chr(av)
            continue
        if op in _ZERO_WIDTH:
            continue
        if run:
            clauses.append((run,))
            run = ""
        if op is _c.SUBPATTERN and not (av[1] | av[2]) & re.IGNORECASE:
            clauses += _clauses(av[3].data)
        elif op is _c.IN and all(kind is _c.LITERAL for kind, _ in av):
            clauses.append(tuple(chr(c) for _, c in av))
        elif op in _REPEATS and av[0] >= 1:
            clauses += _clauses(av[2].data)
        elif op is _c.BRANCH:
            options = [_clauses(branch.data) for branch in av[1]]
            if all(options):  # each alternative needs one of its strings
                clauses.append(tuple(dict.fromkeys(s for option in options for s in _most_selective(option))))
    if run:
        clauses.append((run,))
    return clauses


@lru_cache(maxsize=1024)
def needs_digit(pattern: re.Pattern) -> bool:
    """Every match of `pattern` holds a digit (a character `\\d` finds)."""
    return _needs_digit(_parser.parse(pattern.pattern, pattern.flags).data)


def _needs_digit(items) -> bool:
    for op, av in items:
        if op is _c.IN and all(_is_digit(kind, value) for kind, value in av) \
                or op is _c.LITERAL and chr(av).isdecimal() \
                or op is _c.SUBPATTERN and _needs_digit(av[3].data) \
                or op in _REPEATS and av[0] >= 1 and _needs_digit(av[2].data) \
                or op is _c.BRANCH and all(_needs_digit(branch.data) for branch in av[1]):
            return True
    return False


def _is_digit(kind, value) -> bool:
    if kind is _c.CATEGORY:
        return value is _c.CATEGORY_DIGIT or value is _c.CATEGORY_UNI_DIGIT
    if kind is _c.RANGE:
        return all(chr(c).isdecimal() for c in range(value[0], value[1] + 1))
    return kind is _c.LITERAL and chr(value).isdecimal()


def _most_selective(clauses: list[tuple[str, ...]]) -> tuple[str, ...]:
    return max(clauses, key=lambda clause: (min(map(len, clause)), -len(clause)))


class Screen:
    """Lines to be searched with one pattern after another: `lines_for(pattern)`
    gives the lines that hold one of the pattern's necessary literals, the only
    lines the pattern can match."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        self._joined = "\n".join(lines)
        self._starts = [0, *accumulate(map(add, map(len, lines), repeat(1)))]  # each line and its \n

    def lines_for(self, pattern: re.Pattern) -> list[int]:
        """Indices (ascending) of the lines `pattern` may match."""
        literals = necessary_literals(pattern)
        if not literals:
            return list(range(len(self.lines)))
        joined, starts, found = self._joined, self._starts, set()
        for literal in literals:
            at = joined.find(literal)
            while at >= 0:
                index = bisect_right(starts, at) - 1
                found.add(index)
                at = joined.find(literal, starts[index + 1])
        return sorted(found)

    def first(self, pattern: re.Pattern) -> tuple[int, re.Match] | None:
        """(index, match) of the first line `pattern` finds, or None."""
        literals = necessary_literals(pattern)
        if not literals:
            return next(((i, m) for i, line in enumerate(self.lines) if (m := pattern.search(line))), None)
        joined, starts, at = self._joined, self._starts, 0
        while True:
            found = [i for literal in literals if (i := joined.find(literal, at)) >= 0]
            if not found:
                return None
            index = bisect_right(starts, min(found)) - 1
            if m := pattern.search(self.lines[index]):
                return index, m
            at = starts[index + 1]

    def matches(self, pattern: re.Pattern) -> list[tuple[int, re.Match]]:
        """(index, match) of the lines `pattern` finds, in order."""
        lines = self.lines
        return [(i, m) for i in self.lines_for(pattern) if (m := pattern.search(lines[i]))]
