"""Normalisers for printed cells: markup, amounts, codes, units, item names.

Pure functions, text in and values out. Amounts are `Decimal`, never float, so
that 元 → 万元 is exact.
"""
from __future__ import annotations

import re
from functools import lru_cache
from decimal import Decimal, InvalidOperation

WAN_PLACES = Decimal("0.000001")  # DECIMAL(18,6) in 万元

# Results remembered per distinct string (cells, labels, titles, printed amounts): a document
# reads under a thousand distinct strings per look-up (the four samples: 610–907), so this
# holds two documents' worth besides the template's labels, which every document uses again
# and so never age out; bounded, so that a worker's memory stops growing once the caches
# are full (some 1,000 documents; at 8,192 it went on growing up to 20,000 documents, for
# 0.75 % fewer instructions, measured) instead of filling with amounts and names it will
# not see again.
STRINGS_REMEMBERED = 1 << 11

_MARKUP = re.compile(r"</?(?:b|p|strong|i|em|span|br)\s*/?>|\*\*|\[bookmark:[^\]]*\]", re.I)
_LATEX = re.compile(r"\$([^$]*)\$")
_LATEX_TOKENS = {r"\geq": "≥", r"\leq": "≤", r"\ge": "≥", r"\le": "≤", r"\%": "%", r"\times": "×"}


def has_markup(text: str) -> bool:
    """The text may hold rendering markup (without it, strip_markup only strips blanks)."""
    # every piece of markup strip_markup removes starts with one of these characters; four
    # `in` tests (memchr) cost a third of a regex character class, which tests each character
    return "<" in text or "*" in text or "[" in text or "$" in text


def strip_markup(text: str) -> str:
    """Remove rendering markup (<b>, **, bookmarks, inline LaTeX) and outer blanks."""
    if not has_markup(text):
        return text.strip(" \t\u3000\u00a0")
    text = _MARKUP.sub("", text)
    if "$" in text:
        text = _LATEX.sub(lambda m: _latex_to_text(m.group(1)), text)
    return text.strip(" \t\u3000\u00a0")


def _latex_to_text(expr: str) -> str:
    for token, plain in _LATEX_TOKENS.items():
        expr = expr.replace(token, plain)
    return expr.replace(" ", "")


@lru_cache(maxsize=STRINGS_REMEMBERED)
def squash(text: str) -> str:
    """Cell text without markup or any whitespace (for matching labels)."""
    return "".join(strip_markup(text).split())


# An amount as printed: optional sign, digits with optional thousands separators,
# optional decimals. Spaces inside (`1234567. 00`) are rendering artefacts.
_AMOUNT = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_UNIT_SUFFIX = re.compile(r"(亿元|万元|元)$")


@lru_cache(maxsize=STRINGS_REMEMBERED)
def parse_amount(text: str | None) -> Decimal | None:
    """Printed amount → Decimal; blank or non-numeric → None.

    Accepts thousands separators, embedded spaces, markup and full-width digits.
    A cell is numeric only if the whole cell is a number: `2026年` is not.
    """
    if text is None:
        return None
    s = squash(text).translate(_FULLWIDTH)
    if not s:
        return None
    if s.startswith("(") and s.endswith(")"):
        s = "-" + s[1:-1]
    if not _AMOUNT.match(s):
        return None
    try:
        return Decimal(s.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only valid numbers
        return None


_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－＋（）", "0123456789.,-+()")


def is_amount(text: str | None) -> bool:
    return parse_amount(text) is not None


def amount_with_unit(text: str) -> tuple[Decimal | None, str | None]:
    """`30万元` → (30, '万元'); `5,000,000` → (5000000, None)."""
    s = squash(text).translate(_FULLWIDTH)
    m = _UNIT_SUFFIX.search(s)
    unit = m.group(1) if m else None
    if m is not None and unit:
        s = s[: m.start()]
    return parse_amount(s), unit


UNIT_FACTORS = {"元": Decimal("0.0001"), "万元": Decimal(1), "亿元": Decimal(10000)}


def rounding_step_wan(printed: str, unit: str | None = None) -> Decimal | None:
    """How far a printed figure may be off the exact one, in 万元 (`19,577万元` → 1, `1.96亿元` →
    100, `19,577.43` with unit 万元 → 0.01; see `step_of_decimals`); None for what is not a
    figure. A unit printed with the figure wins over `unit` (None: 万元)."""
    amount, printed_unit = amount_with_unit(printed)
    if amount is None:
        return None
    exponent = amount.as_tuple().exponent
    return step_of_decimals(-exponent if isinstance(exponent, int) else 0, printed_unit or unit or "万元")


_NOT_ROUNDED = Decimal(0)
_ONE_YUAN_WAN = UNIT_FACTORS["元"]


def step_of_decimals(decimals: int, unit: str) -> Decimal:
    """One unit of the last of `decimals` printed decimals of `unit`, in 万元: twice the most a
    figure printed so is off its exact value by rounding. 0 for a figure printed in whole 元 (a
    元 table without decimals, 3,612万元 printed 36,120,000元): budgets are set in whole 元, so
    nothing of it was rounded; figures printed to 分 are (computed, then rounded)."""
    step = Decimal(1).scaleb(-decimals) * UNIT_FACTORS[unit]
    return _NOT_ROUNDED if step == _ONE_YUAN_WAN else step


@lru_cache(maxsize=STRINGS_REMEMBERED)
def to_wan(amount: Decimal | None, unit: str) -> Decimal | None:
    """Exact conversion to 万元, quantised to DECIMAL(18,6).

    Raises ValueError when the printed precision cannot be held in six decimals
    of 万元 (e.g. 0.001 元): such a number would be silently rounded otherwise.
    """
    if amount is None:
        return None
    value = amount * UNIT_FACTORS[unit]
    quantised = value.quantize(WAN_PLACES)
    if quantised != value:
        raise ValueError(f"{amount} {unit} has more precision than DECIMAL(18,6) 万元")
    return quantised


def wan_or_none(amount: Decimal | None, unit: str | None) -> Decimal | None:
    """`to_wan` for figures read from prose or forms, where an over-precise number is
    left unread (None) rather than stopping the document; a unit of None means 万元."""
    if amount is None:
        return None
    try:
        return to_wan(amount, unit or "万元")
    except ValueError:
        return None


_UNIT_LINE = re.compile(r"(?:金额)?单位[:：]\s*(万元|亿元|元)")


def find_unit(text: str) -> str | None:
    """Unit from a line such as `单位：万元` or `金额单位：元`."""
    m = _UNIT_LINE.search(squash(text))
    return m.group(1) if m else None


@lru_cache(maxsize=STRINGS_REMEMBERED)
def code_digits(text: str) -> str:
    """Digits of a printed code (`208050 1` → `2080501`); '' if the cell holds other text."""
    s = squash(text).translate(_FULLWIDTH)
    return s if s.isdigit() else ""


FUNCTIONAL_CODE_LEVELS = {3: 1, 5: 2, 7: 3}  # 类 / 款 / 项
ECONOMIC_CODE_LEVELS = {3: 1, 5: 2}  # 类 / 款


def functional_level(code: str | None) -> int | None:
    return FUNCTIONAL_CODE_LEVELS.get(len(code)) if code else None


def functional_parent(code: str) -> str | None:
    return {5: code[:3], 7: code[:5]}.get(len(code))


def economic_parent(code: str) -> str | None:
    return code[:3] if len(code) == 5 else None


_ENUM_PREFIX = re.compile(r"^(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十]+[)）]|\d+[、.．](?!\d)|[（(]\d{1,2}[)）]|[①②③④⑤⑥⑦⑧⑨⑩])\s*")
_QIZHONG = re.compile(r"^其中[:：]\s*")
_LABEL_COLON = re.compile(r"[:：]$")  # a label printed as `总计：`


@lru_cache(maxsize=STRINGS_REMEMBERED)
def is_part_of_above(text: str) -> bool:
    """A label printed as `其中：…`: a part of the line above, not an item beside it."""
    return _QIZHONG.match(squash(text)) is not None


@lru_cache(maxsize=STRINGS_REMEMBERED)
def item_name(text: str) -> str:
    """Item name without its enumeration prefix (`一、一般公共服务支出` → `一般公共服务支出`)
    or a trailing colon (`总计：` → `总计`)."""
    s = squash(text)
    s = _QIZHONG.sub("", s)
    return _LABEL_COLON.sub("", _ENUM_PREFIX.sub("", s))
