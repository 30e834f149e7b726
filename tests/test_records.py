"""Records: rows as tuples in a declared column order, encoded into the table's columns by name."""
from decimal import Decimal

import pytest

from analysis.store.document_records import CELL_VALUES, Extraction
from analysis.store.parquet_io import decode_rows, encode_rows
from analysis.store.records import Records
from analysis.store.schema import BY_NAME
from conftest import RAW


def test_values_land_in_their_columns_whatever_the_order_they_were_built_in():
    declared = ("amount_wan", "item", "doc_id", "scope", "unit_name", "table_id", "amount_printed",
                "source_page", "source_line")
    records = Records("totals", declared)
    records.rows.append((Decimal("1.5"), "income_grand", "d1", "department", None, "budget_summary", "1.50", 2, 17))
    records.add({"doc_id": "d1", "item": "expenditure_total", "amount_wan": None})
    decoded = decode_rows(encode_rows({"totals": records}))["totals"]
    assert decoded.schema.names == [c.name for c in BY_NAME["totals"].columns]
    assert decoded.to_pylist() == [
        {"doc_id": "d1", "scope": "department", "unit_name": None, "table_id": "budget_summary",
         "item": "income_grand", "amount_wan": Decimal("1.500000"), "amount_printed": "1.50",
         "source_line": 17, "source_page": 2},
        {"doc_id": "d1", "scope": None, "unit_name": None, "table_id": None, "item": "expenditure_total",
         "amount_wan": None, "amount_printed": None, "source_line": None, "source_page": None}]


def test_a_column_the_table_lacks_is_refused():
    with pytest.raises(KeyError, match="amount_yuan"):
        Records("totals").add({"doc_id": "d1", "amount_yuan": Decimal(1)})
    with pytest.raises(ValueError, match="not the table's"):
        Records("totals", ("doc_id", "item"))


def test_records_of_another_column_order_are_not_joined():
    names = tuple(c.name for c in BY_NAME["totals"].columns)
    with pytest.raises(ValueError, match="another column order"):
        Records("totals").extend(Records("totals", names[::-1]))


def test_table_cells_carry_each_value_under_its_own_column(extract):
    """The cell builder's declared order is the order it builds in. Line 43 of 000 prints the
    first row of 收支总表: 一、一般公共预算拨款收入 2654.58 on the income side; line 50 the
    expenditure side's 八、社会保障和就业支出 19.54."""
    cells = extract(RAW / "000_09a266ca87a25e76.txt").records["table_cells"]
    assert set(CELL_VALUES) == set(cells[0])
    got = [(c["table_id"], c["table_title"], c["unit"], c["side"], c["name"], c["row_kind"], c["column_header"],
            c["amount_printed"], c["amount_wan"], c["source_line"]) for c in cells[:2]]
    assert got == [
        ("budget_summary", "部门预算收支总表", "万元", "income", "一般公共预算拨款收入", "detail", "收入>预算数",
         "2654.58", Decimal("2654.58"), 43),
        ("budget_summary", "部门预算收支总表", "万元", "expenditure", "社会保障和就业支出", "detail", "支出>预算数",
         "19.54", Decimal("19.54"), 50)]


def test_a_table_is_built_in_one_column_order_only():
    extraction = Extraction("d1")
    extraction.add("table_cells", {"doc_id": "d1"})
    with pytest.raises(ValueError, match="two column orders"):
        extraction.records_of("table_cells", CELL_VALUES)


def test_an_indicators_quality_fills_exactly_the_declared_quality_columns():
    """Indicator rows take the quality values by the names extract declares: a value
    indicator_quality adds under a new name must get a column, not be dropped."""
    from analysis.store.document_records import _QUALITY
    from analysis.extract.performance import Indicator, indicator_quality, indicator_target

    indicator = Indicator(level1="产出指标", level2="数量指标", level3="参保人数", target_printed="≥20000人")
    assert set(indicator_quality(indicator, indicator_target(indicator), None)) == set(_QUALITY)
