"""Document metadata: department, budget year, unit and province.

The department comes from the page headers printed with the standard tables
(`450 某某县医疗保障局`, `部门名称：…`) or from `314-…` lines elsewhere; the
province from place names looked up in a small gazetteer (data/gazetteer.csv,
see data/GAZETTEER.md) and from province abbreviations in document numbers
(冀财社〔2025〕128号).
"""
from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TypeVar

from .model import Row
from .normalise import amount_with_unit, has_markup, squash
from .recognise import Table
from .vocabulary import load

T = TypeVar("T")
_YEAR_TITLE = re.compile(r"((?:19|20)\d{2})年度?(?:部门|单位)?(?:综合)?预算")
_YEAR_ANY = re.compile(r"((?:19|20)\d{2})年")


@dataclass(frozen=True)
class Place:
    name: str
    short_name: str
    level: str
    province_zh: str
    province_en: str
    adcode: str  # 6-digit division code: PP0000 province, PPCC00 prefecture


@dataclass(frozen=True)
class Metadata:
    department_code: str | None
    department_name: str | None
    budget_year: int | None
    amount_unit: str | None
    province: str | None
    province_zh: str | None
    province_basis: str | None
    budget_kind: str | None = None  # `department` (部门预算) or `unit` (单位预算), as the cover names it


OPENING_ROWS = 20  # the cover and the table of contents: where a document says what it is


def opening_text(rows: list[Row]) -> str:
    return " ".join(squash(r.text) for r in rows[:OPENING_ROWS])


def budget_kind(opening: str) -> str | None:
    """The kind of budget the opening of a document names first (`[document.budget_kind]` of
    the vocabulary); None where it names none."""
    found = [(m.start(), kind) for kind, pattern in load().document["budget_kind"].items()
             if (m := pattern.search(opening))]
    return min(found)[1] if found else None


def document_metadata(rows: list[Row], tables: list[Table]) -> Metadata:
    department = [t for t in tables if t.scope == "department" and t.kind.standard]
    name = _most_common(t.entity_name for t in department) or _name_from_title(rows)
    code = _most_common(t.entity_code for t in department if t.entity_name == name) or _code_elsewhere(rows, name)
    year = _most_common(t.year for t in department) or _year_from_titles(rows, tables)
    unit = _most_common(t.unit for t in department)
    province = infer_province(name, rows)
    return Metadata(code, name, year, unit, *province, budget_kind(opening_text(rows)))


_LEADING_YEAR = re.compile(r"^(?:19|20)\d{2}年度?")
# what follows the name on a cover: `2026年度部门预算`, `年部门综合预算` (year left blank), or a
# year alone where the title goes on in the next line (`北京市人力资源和社会保障局 2026 年度`)
_TRAILING_BUDGET = re.compile(r"(?:部门|单位)?(?:(?:19|20)\d{2}年.*|年?度?(?:部门|单位)?(?:综合)?预算.*)$")


def _name_from_title(rows: list[Row]) -> str | None:
    """The department named on the cover (`杭州市司法局` / `2026年烟台市医疗保障局` /
    `西安市医疗保障局 年部门综合预算`): a short opening line ending like an agency, or, where
    the opening names none, the first `部门名称：…` line of the text (the cover of the tables
    may come after the explanation). A qualifier such as `（汇总）` says which figures the
    budget holds, not who it is of, and is dropped."""
    furniture = load().furniture
    text = [r for r in rows if r.kind == "text"]
    opening = (_TRAILING_BUDGET.sub("", _LEADING_YEAR.sub("", squash(r.text))) for r in text[:15])
    labelled = (m.group("name") for r in text if (m := furniture["entity_named"].search(squash(r.text))))
    for candidate in (*opening, *labelled):
        name = _agency_name(candidate, furniture)
        if name:
            return name
    return None


def _agency_name(text: str, furniture: dict) -> str | None:
    """`text` as a department's name (its `部门名称：` label and qualifier dropped), if it is one."""
    if m := furniture["entity_named"].search(text):
        text = m.group("name")
    name = furniture["name_qualifier"].sub("", text)
    if 4 <= len(name) <= 30 and furniture["agency_suffix"].search(name) and "部分" not in name:
        return name
    return None


def unit_without_standard_tables(tables: list[Table], figures_printed: list[str | None]) -> str | None:
    """The unit of a document that prints no standard table: the one its other tables print,
    else the one most figures of its text are printed in (`19,577万元`)."""
    return _most_common(t.unit for t in tables) or _most_common(
        amount_with_unit(printed)[1] for printed in figures_printed if printed)


def _most_common(values: Iterable[T | None]) -> T | None:
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None


def _code_elsewhere(rows: list[Row], name: str | None) -> str | None:
    if not name:
        return None
    pattern = re.compile(r"(?<!\d)(\d{3,12})[-－—\s]*" + re.escape(name))
    for row in rows:
        if name[0] not in row.text and not has_markup(row.text):
            continue  # without markup squashing only drops blanks: a cell holding the name holds its first character
        previous = ""
        for cell in row.cells:
            text = squash(cell)
            if name in text:  # what both ways of printing the code need
                if m := pattern.search(text):
                    return m.group(1)  # `314-某某区医疗保障局`
                if text == name and previous.isdigit() and 3 <= len(previous) <= 12:
                    return previous  # `024 | 苏州市审计局` in a table listing departments
            previous = text
    return None


def _year_from_titles(rows: list[Row], tables: list[Table]) -> int | None:
    for row in rows[:60]:
        if m := _YEAR_TITLE.search(squash(row.text)):
            return int(m.group(1))
    return _most_common(int(m.group(1)) for t in tables if (m := _YEAR_ANY.search(t.title)))


# --- province -------------------------------------------------------------------


@cache
def gazetteer() -> tuple[Place, ...]:
    text = resources.files("analysis").joinpath("data/gazetteer.csv").read_text("utf-8")
    return tuple(
        Place(r["name"], r["short_name"], r["level"], r["province_zh"], r["province_en"], r["adcode"])
        for r in csv.DictReader(text.splitlines())
    )


@cache
def _abbreviations() -> dict[str, tuple[str, str]]:
    text = resources.files("analysis").joinpath("data/province_abbreviations.csv").read_text("utf-8")
    return {r["abbreviation"]: (r["province_zh"], r["province_en"]) for r in csv.DictReader(text.splitlines())}


@cache
def _full_names() -> dict[str, list[Place]]:
    index: dict[str, list[Place]] = {}
    for place in gazetteer():
        index.setdefault(place.name, []).append(place)
    return index


_TEXT_SCAN = 20000  # characters of prose searched for place names
_LEVEL_WEIGHT = {"county": 3, "prefecture": 4, "province": 5}
_ISSUER = r"(?:财|医保|政办?|人社|卫|发改)"
_DOC_NUMBER = re.compile(r"([\u4e00-\u9fff])" + _ISSUER + r"[\u4e00-\u9fff]{0,3}[【〔\[(（]\s*(?:19|20)\d{2}")
_ISSUER_AT = re.compile(_ISSUER)


def infer_province(department_name: str | None, rows: list[Row]) -> tuple[str | None, str | None, str | None]:
    """(English name, Chinese name, basis) of the province, or Nones.

    Place names in the department's own name count most; place names and
    province abbreviations of document numbers elsewhere in the text break ties
    (a county name such as 朝阳 exists in several provinces).
    """
    names = _full_names()
    scores: dict[tuple[str, str], float] = {}
    basis: dict[tuple[str, str], list[str]] = {}

    def vote(places: list[Place], weight: int, why: str) -> None:
        for place in places:
            key = (place.province_en, place.province_zh)
            scores[key] = scores.get(key, 0) + weight * _LEVEL_WEIGHT[place.level] / len(places)
            basis.setdefault(key, []).append(why)

    if department_name:
        dept = squash(department_name)
        for found in _places_in(dept):
            vote(names[found], 10, f"department name contains {found}")
        if short := _leading_short_name(dept):
            vote(_short_names()[short], 6, f"department name starts with {short}")
    # prose is where place names and document numbers are; tables repeat headers
    text = _prose(rows)
    # two-character names (城区, 郊区, 新区) are common words outside a department name
    for found, count in Counter(_places_in(text, min_length=3)).items():
        vote(names[found], min(count, 5), f"text names {found}")
    abbreviations = _abbreviations()
    for abbr, count in Counter(_document_number_provinces(text)).items():
        if abbr in abbreviations:
            zh, en = abbreviations[abbr]
            key = (en, zh)
            scores[key] = scores.get(key, 0) + 4 * min(count, 5)
            basis.setdefault(key, []).append(f"document numbers {abbr}…")
    if not scores:
        return None, None, None
    en, zh = max(scores, key=scores.__getitem__)  # the first of equals, as Counter.most_common
    return en, zh, "; ".join(dict.fromkeys(basis[(en, zh)]))[:300]


def _document_number_provinces(text: str) -> list[str]:
    """The province abbreviation of each document number in the text, as `_DOC_NUMBER.finditer`
    finds them: the pattern is tried only before an issuer (财, 医保 …), where a scan for its
    leading character class would try it at nearly every character of Chinese prose. (No issuer
    match hides another: the second characters of 医保, 政办, 人社, 发改 start none.)"""
    found, end = [], 0
    for issuer in _ISSUER_AT.finditer(text, 1):
        start = issuer.start() - 1
        if start >= end and (m := _DOC_NUMBER.match(text, start)):
            found.append(m.group(1))
            end = m.end()
    return found


def _prose(rows: list[Row]) -> str:
    """The first `_TEXT_SCAN` characters of the squashed paragraphs."""
    joined = "".join([r.text for r in rows if r.kind == "text"])
    if not has_markup(joined):  # squashing is then dropping whitespace, row by row or at once
        return "".join(joined.split())[:_TEXT_SCAN]
    parts, length = [], 0
    for row in rows:
        if row.kind == "text":
            part = squash(row.text)
            parts.append(part)
            length += len(part)
            if length >= _TEXT_SCAN:
                break
    return "".join(parts)[:_TEXT_SCAN]


@cache
def _short_names() -> dict[str, list[Place]]:
    index: dict[str, list[Place]] = {}
    for place in gazetteer():
        # county short names are too often common words (中西, 和平, 公安) to count without their suffix
        if place.level != "county" and len(place.short_name) >= 2 and place.short_name != place.name:
            index.setdefault(place.short_name, []).append(place)
    return index


def _leading_short_name(name: str) -> str | None:
    """A place name without its suffix at the start of a department name
    (`长沙职业教育基地…` → 长沙): departments are named after their place."""
    shorts = _short_names()
    for length in range(min(8, len(name) - 1), 1, -1):
        if name[:length] in shorts:
            return name[:length]
    return None


_SUFFIXES = "省市县区州旗盟"


def _places_in(text: str, min_length: int = 2) -> list[str]:
    """Full gazetteer names (with their suffix 县/市/区/省…) found in the text.

    Only substrings ending in an administrative suffix are looked up, so the
    scan is linear in the text.
    """
    names, lengths_by_ending = _full_names(), _name_lengths_by_ending()
    found = []
    for end in _ends_of_suffixes(text):
        for length in lengths_by_ending.get(text[end - 2 : end], ()):  # none where no name ends so
            if min_length <= length <= end:
                piece = text[end - length : end]
                if piece in names:
                    found.append(piece)
    return found


@cache
def _name_lengths_by_ending() -> dict[str, tuple[int, ...]]:
    """The last two characters of gazetteer names → the lengths (ascending, at most 12) of the names ending so."""
    lengths: dict[str, set[int]] = {}
    for name in _full_names():
        if len(name) <= 12:
            lengths.setdefault(name[-2:], set()).add(len(name))
    return {ending: tuple(sorted(found)) for ending, found in lengths.items()}


def _ends_of_suffixes(text: str) -> list[int]:
    """The position after each administrative suffix in the text, in text order
    (str.find per suffix: far cheaper than a character-class scan of long prose)."""
    ends = []
    for suffix in _SUFFIXES:
        at = text.find(suffix)
        while at >= 0:
            ends.append(at + 1)
            at = text.find(suffix, at + 1)
    ends.sort()
    return ends
