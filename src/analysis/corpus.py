"""A generated corpus for benchmarks and tests (never shipped as data).

Each generated document is a sample rendering with another department (a county or city
of the gazetteer, same level as the source's), another printed department code, another
budget year, and every amount multiplied by one integer factor. An integer factor keeps
the printed precision and every identity: a sum that held still holds, a mismatch stays
one. Rounding differences grow with the factor, so a source only uses the factors under
which its own checks keep their statuses (tried once per source).

The figures to scale are the ones the extractor reads as amounts (table cells, totals,
prose amounts, project budgets, 元/万元 indicator targets), found at the lines the
extraction gives as their provenance; so no layout is parsed twice.

Documents are numbered: document i belongs to department i // YEARS and is that
department's (i % YEARS)-th year, so a corpus of N is the first N of any larger one.
Departments take the places of their source's level in a shuffled order; when the places
run out (334 prefectures), they come back as other departments of the same places
(`OTHER_DEPARTMENT_TYPES`), so that every corpus covers the same YEARS budget years, as a
national study does (every department of a place publishes the same tables).
"""
from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from .catalogue.departments import department_key, department_type
from .extract.metadata import Place, gazetteer
from .extract.model import Document
from .extract.normalise import squash
from .extract.readers.text import decode, read_rows
from .store.document_records import Extraction, TEXT_SUFFIXES, extract_document, read_document

YEARS = 6  # budget years per generated department
FIRST_YEAR = 2020
# departments a county or city has besides the source's own: after the places of a level,
# the next departments of the same places (财政局 finance bureau, 教育局 education bureau, …)
OTHER_DEPARTMENT_TYPES = ("财政局", "教育局", "卫生健康局", "民政局", "人力资源和社会保障局", "自然资源局",
                          "住房和城乡建设局", "交通运输局", "农业农村局", "水务局", "商务局", "文化和旅游局",
                          "应急管理局", "市场监督管理局", "统计局", "司法局", "审计局", "生态环境局",
                          "退役军人事务局", "林业局")
FACTORS = (1, 2, 3, 4, 5)  # candidate amount factors, before each source's own checks rule some out
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
# a number on its own (not part of a code, date or longer number) and what follows it
_TOKEN = re.compile(r"(?<![\d.,])(\d[\d,]*(?:\.\d+)?)(?![\d]|\.\d)( ?)(亿元|万元|元|%|)")
_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?=\s*年)|(?<=预算年度[:：])(\d{4})")
_AMOUNT_UNITS = {"元", "万元", "亿元"}


@dataclass(frozen=True)
class Source:
    """A sample rendering and what its extraction says about it."""
    name: str  # file stem
    suffix: str
    text: str
    department_name: str
    type_printed: str  # the name after its division names: what the department is (医疗保障局)
    department_code: str | None
    budget_year: int
    division: tuple[Place, ...]  # the divisions its name starts with, outermost first
    amounts: dict[int, frozenset[str]]  # line → printed amounts read on it
    statuses: tuple[tuple, ...]  # (check_id, table_id, scope, status, source_line) of its checks


def check_statuses(extraction: Extraction) -> tuple[tuple, ...]:
    return tuple((c["check_id"], c["table_id"], c["scope"], c["status"], c["source_line"])
                 for c in extraction.records.get("checks", []))


def printed_amounts(extraction: Extraction) -> dict[int, frozenset[str]]:
    """Line → the printed numbers the extraction read as amounts on it."""
    found: dict[int, set[str]] = {}

    def add(line: int | None, printed: str | None) -> None:
        if line is not None and printed and (m := _NUMBER.search(printed)):
            found.setdefault(line, set()).add(m.group())

    records = extraction.records
    for table in ("table_cells", "totals", "summary_items", "three_public"):
        for row in records.get(table, []):
            add(row["source_line"], row.get("amount_printed"))
    for row in records.get("narrative_facts", []):
        if row["amount_wan"] is not None:
            add(row["source_line"], row["amount_printed"])
    for table in ("projects", "unit_projects"):
        for row in records.get(table, []):
            add(row["budget_line"], row["budget_printed"])
    for table in ("indicators", "unit_indicators"):
        for row in records.get(table, []):
            if row["target_unit"] in _AMOUNT_UNITS:
                add(row["source_line"], row["target_printed"])
    return {line: frozenset(numbers) for line, numbers in found.items()}


def scale_number(printed: str, factor: int) -> str:
    """`1,234.50` × 2 → `2,469.00`: the same decimals and grouping as printed."""
    value = Decimal(printed.replace(",", "")) * factor
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    return f"{value:,.{decimals}f}" if "," in printed else f"{value:.{decimals}f}"


def scale_amounts(text: str, amounts: dict[int, frozenset[str]], factor: int) -> str:
    """Amounts multiplied by `factor`: those the extraction read on each line, figures
    followed by a money unit (prose, targets), and decimals in table cells that the
    extraction reads as a whole only (the assets table's 价值 column)."""
    if factor == 1:
        return text
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        printed = amounts.get(number, frozenset())
        in_table = "\t" in line

        def scaled(m: re.Match) -> str:
            token, space, unit = m.groups()
            money = unit in _AMOUNT_UNITS or (in_table and "." in token and unit != "%")
            return (scale_number(token, factor) if token in printed or money else token) + space + unit

        lines[number - 1] = _TOKEN.sub(scaled, line)
    return "\n".join(lines)


def shift_years(text: str, shift: int) -> str:
    return _YEAR.sub(lambda m: str(int(m.group()) + shift), text) if shift else text


def parents(place: Place) -> tuple[Place, ...]:
    """The divisions containing a place, outermost first (province, prefecture)."""
    by_code = _by_adcode()
    codes = [place.adcode[:2] + "0000", place.adcode[:4] + "00"]
    return tuple(by_code[c] for c in dict.fromkeys(codes) if c in by_code and c != place.adcode)


def rename_division(text: str, old: tuple[Place, ...], new: Place) -> str:
    """Every name of the old division chain replaced by the new place's chain, level by level,
    in one pass (so a new name is never replaced again)."""
    new_by_level = {p.level: p.name for p in (*parents(new), new)}
    old_chain = {p.name: new_by_level[p.level] for o in old for p in (*parents(o), o) if p.level in new_by_level}
    pattern = re.compile("|".join(re.escape(n) for n in sorted(old_chain, key=len, reverse=True)))
    return pattern.sub(lambda m: old_chain[m.group()], text)


def recode(text: str, old_code: str | None, new_code: str, department_name: str) -> str:
    """The printed department code where it stands before the department's name."""
    if not old_code:
        return text
    return re.sub(rf"(?<!\d){re.escape(old_code)}(?=[-－—\s]*{re.escape(department_name)})", new_code, text)


def derive(source: Source, place: Place, year: int, factor: int, code: str, department_type: str | None = None) -> str:
    """The source as the document of another place and year, its amounts × factor; with
    `department_type`, of that department of the place (its full name replaced where printed)."""
    text = scale_amounts(source.text, source.amounts, factor)
    text = shift_years(text, year - source.budget_year)
    text = rename_division(text, source.division, place)
    new_name = rename_division(source.department_name, source.division, place)
    if department_type:
        other_name = new_name.removesuffix(source.type_printed) + department_type
        text, new_name = text.replace(new_name, other_name), other_name
    return recode(text, source.department_code, code, new_name)


def other_department_types(source: Source) -> tuple[str, ...]:
    """OTHER_DEPARTMENT_TYPES but the source's own (a 财政局 source's places get no second 财政局)."""
    own = department_type(source.type_printed)
    return tuple(t for t in OTHER_DEPARTMENT_TYPES if department_type(t) != own)


def department_slot(rank: int, places: int, other_types: int = len(OTHER_DEPARTMENT_TYPES)) -> tuple[int, int | None, int]:
    """The rank-th department of a source level with `places` places → (place index, index into
    the `other_types` other department types or None for the source's own, rounds of YEARS
    years to add: only once every department type of every place is taken)."""
    round_, place = divmod(rank, places)
    kinds = other_types + 1
    return place, (round_ % kinds) - 1 if round_ % kinds else None, round_ // kinds


@cache
def _by_adcode() -> dict[str, Place]:
    return {p.adcode: p for p in gazetteer()}


_MAINLAND = "71"  # adcodes from 71 on are Taiwan, Hong Kong and Macao, which publish no 部门预算 of this kind


@cache
def places_of_level(level: str) -> tuple[Place, ...]:
    """Mainland places whose name is unique in the gazetteer (so the department key is never ambiguous)."""
    counts: dict[str, int] = {}
    for place in gazetteer():
        counts[place.name] = counts.get(place.name, 0) + 1
    return tuple(p for p in gazetteer() if p.level == level and counts[p.name] == 1 and p.adcode < _MAINLAND)


def load_source(path: Path) -> Source:
    doc = read_document(path)
    extraction = extract_document(doc)
    meta = extraction.records["documents"][0]
    key = department_key(meta["department_name"], meta["province_zh"])
    division = tuple(p for p in gazetteer() if key.division_name and p.name in key.division_name
                     and p.province_zh == meta["province_zh"] and p.level != "province")
    if not division:
        raise ValueError(f"{path}: {meta['department_name']} names no county or city of the gazetteer, "
                         "so no other department can be derived from it")
    type_printed = squash(meta["department_name"])[len(key.division_name):]
    if not meta["department_name"].endswith(type_printed):
        raise ValueError(f"{path}: {meta['department_name']} does not end with what the department is "
                         f"({type_printed}), so no other department of its place can be named")
    return Source(path.stem, path.suffix, decode(path.read_bytes()), meta["department_name"], type_printed,
                  meta["department_code"], meta["budget_year"], division, printed_amounts(extraction),
                  check_statuses(extraction))


def statuses_of(text: str, name: str) -> tuple[tuple, ...]:
    """The check statuses of a rendering held in memory."""
    layout, rows = read_rows(text)
    data = text.encode("utf-8")
    doc = Document(name, "txt", layout, hashlib.sha256(data).hexdigest(), len(data), rows)
    return check_statuses(extract_document(doc))


def safe_factors(source: Source) -> tuple[int, ...]:
    """The factors under which the source's checks keep their statuses."""
    return tuple(k for k in FACTORS
                 if k == 1 or statuses_of(scale_amounts(source.text, source.amounts, k), source.name) == source.statuses)


def generate(sources: list[Path], out_dir: Path, documents: int, seed: int = 0) -> list[Path]:
    """Write `documents` generated renderings into out_dir; the same seed gives the same bytes."""
    loaded = [load_source(p) for p in sorted(sources) if p.suffix.lower() in TEXT_SUFFIXES]
    factors = {s.name: safe_factors(s) for s in loaded}
    other_types = {s.name: other_department_types(s) for s in loaded}
    levels = {s.name: s.division[-1].level for s in loaded}
    shuffled = {}
    for level in sorted(set(levels.values())):
        places = list(places_of_level(level))
        random.Random(f"{seed}-places-{level}").shuffle(places)
        shuffled[level] = places
    used = {level: 0 for level in shuffled}
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    departments = -(-documents // YEARS)
    for d in range(departments):
        source = loaded[d % len(loaded)]
        level = levels[source.name]
        rank, used[level] = used[level], used[level] + 1
        places = shuffled[level]
        others = other_types[source.name]
        place, other_type, later = department_slot(rank, len(places), len(others))
        other = None if other_type is None else others[other_type]
        rng = random.Random(f"{seed}-department-{d}")
        code = str(rng.randrange(100, 1000))
        for y in range(min(YEARS, documents - d * YEARS)):
            i = d * YEARS + y
            year = FIRST_YEAR + later * YEARS + y
            text = derive(source, places[place], year, rng.choice(factors[source.name]), code, other)
            path = out_dir / f"{i:06d}_{source.name}{source.suffix}"
            path.write_bytes(text.encode("utf-8"))
            written.append(path)
    return written
