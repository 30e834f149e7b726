"""Property tests for the normalisers: amounts, codes, units."""
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.extract.normalise import code_digits, find_unit, item_name, parse_amount, strip_markup, to_wan

amounts = st.decimals(min_value=Decimal("-1e11"), max_value=Decimal("1e11"), places=2, allow_nan=False,
                      allow_infinity=False)


def with_separators(value: Decimal) -> str:
    return f"{value:,.2f}"


@given(amounts)
def test_plain_and_thousands_separated_amounts_parse_exactly(value):
    assert parse_amount(f"{value:.2f}") == value
    assert parse_amount(with_separators(value)) == value


@given(amounts, st.sampled_from(["<b>{}</b>", "**{}**", " {} ", "\u3000{}", "{}\t"]))
def test_markup_and_blanks_around_an_amount_are_ignored(value, wrapper):
    assert parse_amount(wrapper.format(f"{value:.2f}")) == value


@given(amounts, st.integers(min_value=1, max_value=4))
def test_a_space_inside_a_printed_amount_is_a_rendering_artefact(value, cut):
    text = f"{abs(value):.2f}"
    cut = min(cut, len(text) - 1)
    assert parse_amount(text[:cut] + " " + text[cut:]) == abs(value)


@pytest.mark.parametrize("text", ["", "  ", "2026年", "合计", "12月底", "1.2.3", "≥90%", "-", "——", "30万元"])
def test_non_amounts_are_none(text):
    assert parse_amount(text) is None


def test_printed_zero_is_zero_not_blank():
    assert parse_amount("0") == 0
    assert parse_amount("0.00") == Decimal("0.00")


@given(st.decimals(min_value=0, max_value=Decimal("1e12"), places=2, allow_nan=False, allow_infinity=False))
def test_yuan_to_wan_is_exact(yuan):
    wan = to_wan(yuan, "元")
    assert wan * 10000 == yuan
    assert wan.as_tuple().exponent >= -6


@given(st.decimals(min_value=0, max_value=Decimal("1e9"), places=6, allow_nan=False, allow_infinity=False))
def test_wan_is_kept_as_printed(value):
    assert to_wan(value, "万元") == value


def test_precision_beyond_decimal_18_6_is_refused_not_rounded():
    with pytest.raises(ValueError):
        to_wan(Decimal("0.001"), "元")


def test_blank_stays_blank():
    assert to_wan(None, "元") is None


@given(st.text(alphabet="0123456789", min_size=3, max_size=7), st.data())
def test_code_split_by_spaces_is_joined(code, data):
    cut = data.draw(st.integers(min_value=1, max_value=len(code) - 1))
    assert code_digits(code[:cut] + " " + code[cut:]) == code
    assert code_digits(f"<b>{code}</b>") == code


@pytest.mark.parametrize("text", ["合计", "2101501行政运行", "", "科目编码"])
def test_code_digits_of_non_codes_is_empty(text):
    assert code_digits(text) == ""


@pytest.mark.parametrize("line,unit", [("单位：万元", "万元"), ("单位:元", "元"), ("金额单位：万元", "万元"),
                                       ("单位： 元", "元"), ("单位：亿元", "亿元"), ("预算年度：2026", None)])
def test_unit_lines(line, unit):
    assert find_unit(line) == unit


@pytest.mark.parametrize("printed,name", [("一、一般公共服务支出", "一般公共服务支出"), ("十二、城乡社区支出", "城乡社区支出"),
                                          ("其中：公务用车购置费", "公务用车购置费"), ("①公务用车购置费", "公务用车购置费"),
                                          ("（一）综合办公室", "综合办公室"), ("2026年困难群众医疗保险补助资金", "2026年困难群众医疗保险补助资金"),
                                          ("  项 目 ", "项目")])
def test_item_names_lose_their_enumeration(printed, name):
    assert item_name(printed) == name


def test_latex_and_bookmarks_are_removed():
    assert strip_markup(r"$\geq 95\%$") == "≥95%"
    assert strip_markup("[bookmark: _Toc_2_2_0000000001]部门预算收支总表") == "部门预算收支总表"
