"""The one definition of every output table: names, types and meanings.

The Parquet writer, the data dictionary (docs/DATA_DICTIONARY.md) and the tests
all read this module. Names follow ../shared/CONTRACT.md; extra columns extend it.
"""
from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

WAN = pa.decimal128(18, 6)
STR = pa.string()
INT = pa.int32()
BOOL = pa.bool_()


@dataclass(frozen=True)
class Col:
    name: str
    type: pa.DataType
    doc: str


@dataclass(frozen=True)
class TableSchema:
    name: str
    row: str  # what one row is
    columns: tuple[Col, ...]

    def arrow(self) -> pa.Schema:
        return pa.schema([pa.field(c.name, c.type) for c in self.columns])


DOC_ID = Col("doc_id", STR, "first 16 hex digits of the SHA-256 of the source file")
SCOPE = Col("scope", STR, "`department` (部门预算) or `unit` (a subordinate unit's copy, 部门所属单位预算)")
UNIT_NAME = Col("unit_name", STR, "the unit a `unit`-scope table belongs to, as printed in its header")
LINE = Col("source_line", INT, "1-based line of the text rendering the figure was read from; for DOCX the "
                               "1-based position of its paragraph or table row in the body (paragraphs and rows "
                               "counted together, in document order); for a PDF the 1-based position of its row "
                               "(a text line or a table row) in reading order over the whole file, which orders "
                               "rows across pages (`source_page` says where to look)")
PAGE = Col("source_page", INT, "1-based PDF page, or DOCX table index")
TABLE_ID = Col("table_id", STR, "standard table id (see Table ids below)")


def _amount(name: str, what: str) -> Col:
    return Col(name, WAN, f"{what}, 万元 (exact conversion of the printed unit); NULL when the cell is blank")


CHECK_COLUMNS = (
    DOC_ID,
    Col("check_id", STR, "kind of identity (see Check ids below)"),
    TABLE_ID, SCOPE,
    Col("status", STR, "`ok`, `rounding` (|diff| ≤ allowance_wan) or `mismatch` "
                       "(`not_checked` in checks_not_run)"),
    _amount("expected_wan", "the printed figure"),
    _amount("actual_wan", "what the other printed figures imply"),
    _amount("diff_wan", "actual − expected"),
    Col("precision_wan", WAN, "万元: one unit of the last printed digit of the coarsest figure compared (0.01 in "
                              "a 万元 table, 1 for a text's 19,577万元, 100 for 1.96亿元; 0 for figures not rounded: "
                              "元); NULL for checks that compare no amounts"),
    Col("allowance_wan", WAN, "万元: the largest difference printed rounding can make, half a unit per rounded "
                              "figure, 0 for one part at the total's precision (checks.identities.allowance); NULL "
                              "for checks that compare no amounts"),
    Col("parts", INT, "number of summed parts"),
    Col("detail", STR, "what was compared"),
    LINE, PAGE,
    Col("source_lines", STR, "every source line involved, comma-separated"),
    )
PROJECT_COLUMNS = (
    DOC_ID, UNIT_NAME,
    Col("project_no", INT, "1-based position among the project tables, in document order"),
    Col("project_code", STR, "项目编码 as printed; NULL if none"),
    Col("project_name", STR, "项目名称 (or the table title without its numbering)"),
    _amount("budget_wan", "budget (预算数 / 年度资金总额); a cell's own unit (`30万元`) wins over the header's"),
    Col("budget_printed", STR, "the budget cell as printed"),
    Col("budget_unit", STR, "unit the budget was read in"),
    _amount("fund_fiscal_wan", "其中：财政资金"), _amount("fund_other_wan", "其他资金"),
    _amount("fund_central_wan", "中央财政资金"), _amount("fund_provincial_wan", "省级财政资金"),
    _amount("fund_local_wan", "市县财政资金"), _amount("fund_self_raised_wan", "单位自筹"),
    Col("spending_schedule", STR, "资金支出计划 as `month:value` pairs, as printed"),
    Col("goal", STR, "绩效目标 text"),
    Col("indicator_count", INT, "rows with a 三级指标 (placeholders included)"),
    LINE, PAGE,
    Col("budget_line", INT, "line of the budget cell"),
    Col("name_line", INT, "line of the 项目名称 cell"),
    Col("n_output", INT, "indicators under 产出指标"), Col("n_benefit", INT, "indicators under 效益指标"),
    Col("n_satisfaction", INT, "indicators under 满意度指标"),
    Col("n_cost", INT, "成本 indicators (二级 under 产出, or 一级 成本指标)"),
    Col("share_quantitative", pa.float64(), "share of indicators whose target states a number"),
    Col("missing_categories", STR, "categories without any indicator, of 成本, 产出, 效益, 满意度"),
)
INDICATOR_COLUMNS = (
    DOC_ID, UNIT_NAME,
    Col("scope", STR, "`project` (项目绩效目标表) or `department` (整体支出绩效目标表)"),
    Col("project_no", INT, "project the indicator belongs to; NULL for department scope"),
    Col("level1", STR, "一级指标, filled down from merged cells"),
    Col("level2", STR, "二级指标, filled down from merged cells"),
    Col("level3", STR, "三级指标"),
    Col("description", STR, "绩效指标描述 / 指标内容 where printed"),
    Col("target_printed", STR, "指标值 (the 年度 target where 实施期 and 年度 are printed side by side)"),
    Col("period_target_printed", STR, "the 实施期 target where printed beside the 年度 one"),
    Col("basis", STR, "指标值确定依据 where printed"),
    Col("target_op", STR, "`>=`, `<=`, `=`, `>`, `<` or NULL"),
    Col("target_value", pa.float64(), "number in the target; NULL for text and dates"),
    Col("target_unit", STR, "unit after the number (%, 万元, 人, 份 …); `date` for deadlines such as 12月底"),
    Col("is_quantitative", BOOL, "the target states a number (a deadline is not a quantity)"),
    Col("has_unit", BOOL, "the target's number carries a unit"),
    Col("vague_word", STR, "the vague word of a non-quantitative target (有效, 提高, 逐步, 明显, 合规, 及时 …)"),
    Col("is_placeholder", BOOL, "target or name is a placeholder (不涉及, 无, /)"),
    Col("repeats_name", BOOL, "the target only repeats the indicator's name"),
    Col("cost_inconsistent", BOOL, "a cost indicator in 元/万元 that disagrees with the project budget; "
                                   "NULL where not a money cost indicator"),
    Col("quality_flags", STR, "comma-separated: not_quantitative, no_unit, vague, placeholder, repeats_name, "
                              "cost_inconsistent"),
    LINE, PAGE,
)

TABLES: tuple[TableSchema, ...] = (
    TableSchema("documents", "source document", (
        DOC_ID,
        Col("source_file", STR, "path of the source file as given to `budget extract`"),
        Col("source_name", STR, "file name of the source"),
        Col("source_format", STR, "`txt`, `pdf` or `docx`"),
        Col("layout", STR, "rendering read: `pdf_text`, `docx_text` (text renderings), `pdf`, `docx`"),
        Col("sha256", STR, "SHA-256 of the source file's bytes"),
        Col("size_bytes", pa.int64(), "size of the source file"),
        Col("department_code", STR, "department code as printed (local, not unique across counties)"),
        Col("department_name", STR, "department name as printed in the table headers"),
        Col("province", STR, "province (English), inferred from place names; NULL if none found"),
        Col("province_zh", STR, "province (Chinese)"),
        Col("province_basis", STR, "the place names or document numbers the province was inferred from"),
        Col("budget_year", INT, "budget year (预算年度)"),
        Col("amount_unit", STR, "unit most standard tables print (`元` or `万元`)"),
        Col("standard_tables", INT, "number of the nine standard tables found at department scope"),
        Col("contents", STR, "what the document prints: `standard_tables`; `explanation_only` (the 情况说明 alone, "
                             "its tables published apart: figures in narrative_facts); `performance_only` "
                             "(项目支出绩效目标表 alone: projects and indicators)"),
        Col("budget_kind", STR, "`department` (部门预算) or `unit` (单位预算), as the cover or contents name it; "
                                "NULL where they name neither"),
        Col("tables_found", STR, "ids of all tables found, in document order"),
        Col("extractor_version", STR, "version of this package that wrote the row"),
    )),
    TableSchema("tables", "table recognised in a document (standard or not)", (
        DOC_ID, SCOPE, UNIT_NAME, TABLE_ID,
        Col("standard", BOOL, "one of the nine standard tables"),
        Col("title", STR, "title as printed"),
        Col("unit", STR, "unit printed with the table (`元`/`万元`); the document's unit where none is printed"),
        Col("data_rows", INT, "printed data rows"),
        Col("declared_empty", BOOL, "the table carries a note that it is empty (本表无数据 / 空表列示)"),
        Col("notes", STR, "notes printed under the table"),
        LINE, PAGE,
    )),
    TableSchema("summary_items", "non-blank item line of 收支总表 (totals excluded)", (
        DOC_ID, SCOPE, UNIT_NAME,
        Col("side", STR, "`income` or `expenditure`; `expenditure_2`, `expenditure_3` a further listing of the "
                         "expenditure side printed beside the first (by economic class)"),
        Col("name", STR, "item name without its 一、二、 prefix"),
        _amount("amount_wan", "amount"),
        Col("amount_printed", STR, "the cell as printed"),
        LINE, PAGE,
    )),
    TableSchema("totals", "total figure of a standard table", (
        DOC_ID, SCOPE, UNIT_NAME, TABLE_ID,
        Col("item", STR, "contract item (income_current, carryover_in, income_grand, expenditure_current, "
                         "carryover_out, expenditure_grand, expenditure_total, basic_total, project_total, "
                         "economic_total, personnel_total, public_total) or `<table_id>.<item>.<column_id>`"),
        _amount("amount_wan", "total"),
        Col("amount_printed", STR, "the cell as printed"),
        LINE, PAGE,
    )),
    TableSchema("functional_expenditure", "functional code row of 支出总表 (all funds)", (
        DOC_ID, SCOPE, UNIT_NAME,
        Col("code", STR, "functional classification code, digits only, repaired where the rendering split it"),
        Col("code_printed", STR, "the code as printed"),
        Col("code_note", STR, "how a split code was repaired"),
        Col("name", STR, "item name"),
        Col("level", INT, "1 类 (3 digits), 2 款 (5), 3 项 (7)"),
        _amount("total_wan", "合计"), _amount("basic_wan", "基本支出"), _amount("project_wan", "项目支出"),
        LINE, PAGE,
    )),
    TableSchema("economic_basic", "row of the 一般公共预算财政拨款基本支出 economic table (合计 excluded)", (
        DOC_ID, SCOPE, UNIT_NAME,
        Col("code", STR, "economic classification code; NULL where the table prints names only"),
        Col("name", STR, "item name (部门预算支出经济分类)"),
        Col("alt_name", STR, "second name column where printed (政府预算支出经济分类)"),
        Col("category_code", STR, "economic 类 (301…) recognised from the name where no code is printed"),
        _amount("total_wan", "合计"), _amount("personnel_wan", "人员经费"), _amount("public_wan", "公用经费"),
        LINE, PAGE,
    )),
    TableSchema("three_public", "item of the “三公” table", (
        DOC_ID, SCOPE, UNIT_NAME,
        Col("item", STR, "total, subtotal, outbound, outbound_research, outbound_other, vehicle, "
                         "vehicle_purchase, vehicle_operation, reception"),
        Col("name", STR, "item as printed"),
        _amount("amount_wan", "amount in the 合计 column"),
        Col("amount_printed", STR, "the cell as printed"),
        LINE, PAGE,
    )),
    TableSchema("projects", "department-level project performance-goal table (项目绩效目标表), in document order",
                PROJECT_COLUMNS),
    TableSchema("indicators", "indicator row (it has a 三级指标) of a department-level performance table",
                INDICATOR_COLUMNS),
    TableSchema("unit_projects", "performance table repeated in a unit-level part (部门所属单位预算); never counted "
                "as a department project", PROJECT_COLUMNS),
    TableSchema("unit_indicators", "indicator row of a unit-level performance table", INDICATOR_COLUMNS),
    TableSchema("narrative_facts", "figure or statement found in the explanatory text", (
        DOC_ID, SCOPE,
        Col("fact", STR, "what the figure is (see Narrative facts below)"),
        _amount("amount_wan", "money figure (signed for a change: a decrease is negative)"),
        Col("amount_printed", STR, "the figure with its unit as printed"),
        Col("value", pa.float64(), "a count (staffing) where the fact is not money"),
        Col("unit", STR, "unit of `value`"),
        Col("direction", STR, "`increase`, `decrease` or `unchanged` for a change versus last year"),
        Col("percent", pa.float64(), "percentage change as printed (signed)"),
        Col("reason", STR, "the reason the text gives for a change"),
        _amount("previous_wan", "last year's figure where the text prints it"),
        Col("text", STR, "the sentence; for `subsidy_shift` where the subsidy went (NULL: not said)"),
        Col("sentence", STR, "the sentence the fact was read from"),
        LINE, PAGE,
    )),
    TableSchema("table_cells", "printed (non-blank) amount cell of a standard table or of a 财政拨款 variant of one", (
        DOC_ID, SCOPE, UNIT_NAME, TABLE_ID,
        Col("table_title", STR, "title as printed"),
        Col("row_ordinal", INT, "1-based data row within the table (each side of a two-sided table counts)"),
        Col("side", STR, "`income`/`expenditure` in two-sided tables; `expenditure_2`, `expenditure_3` a further "
                         "listing of the expenditure side printed beside the first (by economic class)"),
        Col("code", STR, "code of the row, digits only"),
        Col("name", STR, "item name of the row"),
        Col("row_kind", STR, "`detail` or `total`"),
        Col("total_item", STR, "total label recognised (income_current, table_total …)"),
        Col("column_id", STR, "column id (see Column ids below)"),
        Col("column_header", STR, "column header path as printed (group>leaf)"),
        Col("amount_printed", STR, "the cell as printed"),
        _amount("amount_wan", "amount"),
        Col("unit", STR, "unit the table printed"),
        LINE, PAGE,
    )),
    TableSchema("checks", "arithmetic or cross-table reconciliation", CHECK_COLUMNS),
    TableSchema("checks_not_run", "check whose inputs could not be read (status `not_checked`; `detail` says why)",
                CHECK_COLUMNS),
    TableSchema("extract_errors", "document that failed", (
        Col("source_file", STR, "path of the source file"),
        Col("doc_id", STR, "doc_id when the file could be read"),
        Col("error", STR, "one-line reason"),
    )),
)

BY_NAME = {t.name: t for t in TABLES}
