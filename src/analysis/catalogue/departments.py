"""Department key: the same department across years and name variants.

A department is its division (行政区划: province, prefecture or county, with the
adcode of data/gazetteer.csv) plus its normalised department type (`医保局` →
`医疗保障局`, data/departments.toml): `朔州市XX区医疗保障局` and `XX区医保局` get
the same key. Printed department codes (`450`) are local and repeat across
counties, so they are never part of the key.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..extract.metadata import Place, gazetteer
from ..extract.normalise import squash
from ..extract.vocabulary import load as load_vocabulary

_LONGEST_NAME = 12  # characters of the longest division name looked up


@dataclass(frozen=True)
class DepartmentKey:
    department_key: str  # `<adcode>-<department type>`, or `unplaced-<province>-<name>`
    division_code: str | None  # adcode of the most specific division named
    division_name: str | None  # the division names as printed (`朔州市XX区`)
    department_type: str  # what the department is, without its division (医疗保障局)
    ambiguous: bool  # the division name fits several divisions; the lowest adcode was taken


@dataclass(frozen=True)
class _Naming:
    remark: re.Pattern
    abbreviations: dict[str, str]


@cache
def _naming() -> _Naming:
    raw = tomllib.loads(resources.files("analysis").joinpath("data/departments.toml").read_text("utf-8"))
    return _Naming(re.compile(raw["remark"]), raw["abbreviations"])


_LEVEL_RANK = {"province": 0, "prefecture": 1, "county": 2}


def _index(names) -> dict[str, tuple[Place, ...]]:
    """Places by name, the higher level first (长沙 is 长沙市 before 长沙县), then by adcode."""
    index: dict[str, list[Place]] = {}
    for name, place in names:
        index.setdefault(name, []).append(place)
    return {n: tuple(sorted(ps, key=lambda p: (_LEVEL_RANK[p.level], p.adcode))) for n, ps in index.items()}


@cache
def _by_name() -> dict[str, tuple[Place, ...]]:
    return _index((p.name, p) for p in gazetteer())


@cache
def _by_short_name() -> dict[str, tuple[Place, ...]]:
    return _index((p.short_name, p) for p in gazetteer() if len(p.short_name) >= 2 and p.short_name != p.name)


def department_type(text: str) -> str:
    """The department type as one spelling: remarks dropped, abbreviations written out."""
    naming = _naming()
    text = naming.remark.sub("", squash(text))
    return naming.abbreviations.get(text, text)


def department_key(name: str, province_zh: str | None = None) -> DepartmentKey:
    """Key of a department name; `province_zh` (documents.province_zh) settles division
    names that exist in several provinces (鼓楼区)."""
    full = squash(name)
    chain, rest, ambiguous = _divisions_at_start(full, province_zh)
    kind = department_type(rest)
    if not chain:
        return DepartmentKey(f"unplaced-{province_zh or 'unknown'}-{department_type(full)}", None, None, kind, False)
    division = chain[-1]
    printed = full[: len(full) - len(rest)]
    return DepartmentKey(f"{division.adcode}-{kind}", division.adcode, printed, kind, ambiguous)


def _divisions_at_start(name: str, province_zh: str | None) -> tuple[list[Place], str, bool]:
    """Divisions named one after another at the start of `name` (河北省XX市XX县…), each
    inside the one before; the rest of the name; whether any was ambiguous."""
    chain: list[Place] = []
    ambiguous = False
    rest = name
    while rest:
        found = _division_prefix(rest, chain[-1] if chain else None, province_zh)
        if found is None:
            break
        length, places = found
        chain.append(places[0])
        ambiguous |= sum(p.level == places[0].level for p in places) > 1
        rest = rest[length:]
    return chain, rest, ambiguous


def _division_prefix(text: str, parent: Place | None, province_zh: str | None) -> tuple[int, tuple[Place, ...]] | None:
    """The longest division name `text` starts with: a full name (XX县), else a short
    name (XX) when what follows still reads as a department (XX医保局, not 公安|局)."""
    for length in range(min(_LONGEST_NAME, len(text)), 1, -1):
        if places := _fitting(_by_name().get(text[:length], ()), parent, province_zh):
            return length, places
    suffix = load_vocabulary().furniture["agency_suffix"]
    for length in range(min(_LONGEST_NAME, len(text) - 2), 1, -1):
        rest = department_type(text[length:])
        if len(rest) >= 3 and suffix.search(rest):
            places = _by_short_name().get(text[:length], ())
            if province_zh is None:
                # county short names are often common words (中西, 和平): only with a known province
                places = tuple(p for p in places if p.level != "county")
            if places := _fitting(places, parent, province_zh):
                return length, places
    return None


def _fitting(places: tuple[Place, ...], parent: Place | None, province_zh: str | None) -> tuple[Place, ...]:
    """Places inside the parent division (by adcode prefix) and in the province, when known."""
    if parent is not None:
        prefix = parent.adcode[:2] if parent.level == "province" else parent.adcode[:4]
        places = tuple(p for p in places if p.adcode.startswith(prefix) and p.adcode != parent.adcode)
    if province_zh:
        places = tuple(p for p in places if p.province_zh == province_zh)
    return places
