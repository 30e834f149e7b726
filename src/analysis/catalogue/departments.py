"""Department key: the same department across years and name variants.

A department is its division (行政区划: province, prefecture or county, with the
adcode of data/gazetteer.csv) plus its normalised department type (`医保局` →
`医疗保障局`, data/departments.toml): `朔州市XX区医疗保障局` and `XX区医保局` get
the same key. Printed department codes (`450`) are local and repeat across
counties, so they are never part of the key.

The dimensions a researcher groups by come from the same data: the division's place
(province, prefecture, county and its level 省/市/县) and the department's type from the
documented list of departments.toml (`[[types]]`). A printed name that is not a plausible
department name (a fragment such as `,500.0015,500.00` or `部门名称：…`) is never shown as
one: the document is shown as "unnamed (file …)" and keyed by its file name.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import PurePath

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
class DepartmentPlace:
    province: str | None  # 省级: the province or municipality (重庆市)
    prefecture: str | None  # 地级: the city or prefecture, NULL for a province's own departments
    county: str | None  # 县级: the county or district, NULL above it
    level: str | None  # the division's level: 省, 市 or 县


OTHER_TYPE = "其他"  # a department of no type of the documented list
LEVEL_ZH = {"province": "省", "prefecture": "市", "county": "县"}


@dataclass(frozen=True)
class _Naming:
    remark: re.Pattern
    abbreviations: dict[str, str]
    plausible_name: re.Pattern
    file_name_noise: re.Pattern
    party_prefix: re.Pattern
    type_endings: tuple[tuple[str, str], ...]  # (ending, type), in the order of the list


@cache
def _naming() -> _Naming:
    raw = tomllib.loads(resources.files("analysis").joinpath("data/departments.toml").read_text("utf-8"))
    endings = tuple((ending, t["type"]) for t in raw["types"] for ending in t["endings"])
    return _Naming(re.compile(raw["remark"]), raw["abbreviations"], re.compile(raw["plausible_name"]),
                   re.compile(raw["file_name_noise"]), re.compile(raw["party_prefix"]), endings)


def department_types() -> list[str]:
    """The documented list of department types, in its order, then OTHER_TYPE."""
    return list(dict.fromkeys(t for _, t in _naming().type_endings)) + [OTHER_TYPE]


def is_plausible_name(name: str | None) -> bool:
    return name is not None and bool(_naming().plausible_name.match(squash(name)))


def type_of_department(kind: str) -> str:
    """The documented type (departments.toml `[[types]]`) of a department type as
    department_type() spells it; OTHER_TYPE when none of the list fits."""
    return next((t for ending, t in _naming().type_endings if kind.endswith(ending)), OTHER_TYPE)


def name_from_file(source_name: str) -> str | None:
    """A department name read from a file name (`020_西安__2026年西安市公安局部门预算.pdf` →
    西安市公安局, `020_西安__应急管理局_2026年部门预算.pdf` → 西安应急管理局), or None when
    what is left is not a plausible name."""
    naming = _naming()
    parts = [p for p in re.split(r"[_\s]+", naming.file_name_noise.sub("", PurePath(source_name).stem)) if p]
    if not parts:
        return None
    name = parts[-1]
    if len(parts) > 1 and department_key(name).division_code is None:
        name = parts[0] + name  # the place is the file name's first part
    return name if is_plausible_name(name) else None


@cache
def _by_adcode() -> dict[str, Place]:
    return {p.adcode: p for p in gazetteer()}


def place_of(division_code: str | None, province_zh: str | None = None) -> DepartmentPlace:
    """Province, prefecture and county of a division (its adcode), with its level; the
    province alone (documents.province_zh) when no division is named."""
    place = _by_adcode().get(division_code) if division_code else None
    if place is None:
        return DepartmentPlace(province_zh, None, None, None)
    province = _by_adcode().get(place.adcode[:2] + "0000")
    prefecture = _by_adcode().get(place.adcode[:4] + "00") if place.level != "province" else None
    return DepartmentPlace(province.name if province else place.province_zh,
                           prefecture.name if prefecture else None,
                           place.name if place.level == "county" else None, LEVEL_ZH[place.level])


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
    full = _naming().party_prefix.sub("", squash(name))
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


@dataclass(frozen=True)
class DocumentDepartment:
    department_key: str
    display_name: str  # the printed name, or `unnamed (file …)` where it is not a plausible name
    name_is_plausible: bool
    division_code: str | None
    division_name: str | None
    department_type: str | None
    department_category: str  # the documented type (departments.toml `[[types]]`), OTHER_TYPE if none
    division_ambiguous: bool | None
    place_province: str | None
    place_prefecture: str | None
    place_county: str | None
    place_level: str | None


def document_department(doc_id: str, printed: str | None, province_zh: str | None,
                        source_name: str) -> DocumentDepartment:
    """The department of one document. A printed name that is not a plausible department
    name is replaced by the one its file name gives; a document with neither is a
    department of its own (`unnamed-<doc_id>`)."""
    plausible = is_plausible_name(printed)
    name = printed if plausible else name_from_file(source_name)
    key = department_key(name, province_zh) if name else None
    place = place_of(key and key.division_code, province_zh)
    return DocumentDepartment(
        department_key=key.department_key if key else f"unnamed-{doc_id}",
        display_name=printed if plausible else f"unnamed (file {source_name})",
        name_is_plausible=plausible,
        division_code=key and key.division_code, division_name=key and key.division_name,
        department_type=key and key.department_type,
        department_category=type_of_department(key.department_type) if key else OTHER_TYPE,
        division_ambiguous=key and key.ambiguous,
        place_province=place.province, place_prefecture=place.prefecture, place_county=place.county,
        place_level=place.level)
