"""Performance-goal tables and the explanatory text, against figures read by hand."""
from decimal import Decimal

import pytest

from analysis.extract.performance import parse_target
from conftest import RAW


@pytest.mark.parametrize("printed,op,value,unit,quantitative", [
    ("≥20000份", ">=", 20000, "份", True),
    ("≥90%", ">=", 90, "%", True),
    ("12月底之前", None, None, "date", False),  # a deadline is a date, not a quantity
    ("不晚于12月底", None, None, "date", False),
    ("18万元", "=", 18, "万元", True),
    ("≤400元/年/人", "<=", 400, "元/年/人", True),
    ("保障 729 万人", "=", 729, "万人", True),
    ("1 个月内", "<=", 1, "个月", True),
    ("90%以上", ">=", 90, "%", True),
    ("有所保障", None, None, None, False),
    ("合规", None, None, None, False),
    ("9", "=", 9, None, True),
    (r"$\geq 95\%$", ">=", 95, "%", True),
    ("一天以内", "<=", 1, "天", True),  # a count in words
    ("十二个月", "=", 12, "个月", True),
])
def test_targets_are_parsed(printed, op, value, unit, quantitative):
    target = parse_target(printed)
    assert (target.op, target.value, target.unit, target.is_quantitative) == (op, value, unit, quantitative)


def test_indicator_quality_flags(extract):
    rows = extract(RAW / "000_09a266ca87a25e76.txt").records["indicators"]
    by_name = {(r["project_no"], r["level3"]): r for r in rows}
    vague = by_name[(1, "通过对定点医药机构监督检查降低医保基金损失")]
    assert (vague["vague_word"], vague["is_quantitative"]) == ("有所", False)
    assert by_name[(8, "预算控制数")]["quality_flags"] == "no_unit"  # target printed as a bare 9
    assert by_name[(1, "资金控制数")]["cost_inconsistent"] is False  # 18万元 = budget 18.00
    cheap = extract(RAW / "001_dcb022360a949ccc.txt").records["indicators"]
    assert [r["level3"] for r in cheap if r["cost_inconsistent"]] == ["按照相关文件执行补贴发放"] * 2  # ≤5元, ≤120元


def test_project_quality_counts_indicators_by_category(extract):
    first = extract(RAW / "000_09a266ca87a25e76.txt").records["projects"][0]
    # 数量, 质量, 时效, 成本 | 经济效益, 社会效益 | 服务对象满意度: 5 of 7 targets are numbers
    assert (first["n_output"], first["n_benefit"], first["n_satisfaction"], first["n_cost"]) == (4, 2, 1, 1)
    assert first["share_quantitative"] == pytest.approx(5 / 7, abs=1e-4)
    assert first["missing_categories"] is None


def test_side_by_side_period_and_annual_targets_give_one_row(extract):
    rows = [r for r in extract(RAW / "004_2b42c7e91b774342.txt").records["indicators"] if r["project_no"] == 1]
    assert [(r["level3"], r["target_printed"], r["period_target_printed"]) for r in rows] == [
        ("预算金额", "500万元", "500万元"), ("资金使用合规性", "合规", "合规"), ("资金使用及时性", "及时", "及时"),
        ("职工经济负担", "减轻", "减轻"), ("服务对象满意度", "满意", "满意")]


def test_unit_level_copies_are_not_department_projects(extract):
    recs = extract(RAW / "003_0009a8a70f279992.txt").records
    assert [p["project_name"] for p in recs["projects"]] == ["医保综合业务费"]
    assert [p["project_name"] for p in recs["unit_projects"]] == ["医保综合业务费"]
    assert recs["projects"][0]["indicator_count"] == 34


def test_budget_cell_unit_wins_over_the_header(extract):
    projects = extract(RAW / "004_2b42c7e91b774342.txt").records["projects"]
    # header says 项目资金 (元); cells say 5,000,000 (元) and 30万元
    assert [(p["budget_printed"], p["budget_wan"]) for p in projects[:2]] == [
        ("5,000,000", Decimal("500")), ("30万元", Decimal("30"))]


def test_subsidy_shift_and_changes_from_the_text(extract):
    facts = extract(RAW / "004_2b42c7e91b774342.txt").records["narrative_facts"]
    shift = [f for f in facts if f["fact"] == "subsidy_shift"]
    assert shift and shift[0]["text"] == "财政社保股" and shift[0]["source_line"] == 390
    change = next(f for f in facts if f["fact"] == "agency_operating_change")
    assert (change["amount_wan"], change["percent"], change["reason"], change["source_line"]) == (
        Decimal("1.21"), 2.3, "人员经费增加", 437)
    facts = extract(RAW / "000_09a266ca87a25e76.txt").records["narrative_facts"]
    basic = next(f for f in facts if f["fact"] == "basic_change")
    assert (basic["amount_wan"], basic["percent"], basic["reason"]) == (Decimal("-43.61"), -15.17, "减少人员工资及五险一金支出")
    assert not [f for f in facts if f["fact"] == "subsidy_shift"]


def test_previous_year_figures_are_derived_from_stated_changes(extract):
    checks = extract(RAW / "003_0009a8a70f279992.txt").records["checks"]
    previous = [c for c in checks if c["check_id"] == "change_previous_year"]
    # 2021 年预算收支安排 874.96 万元，较 2020 年 826.46 万元增加 48.5 万元
    assert [(c["status"], c["source_line"]) for c in previous] == [("ok", 376)]


def test_a_list_of_projects_without_indicators(tmp_path):
    """Zhejiang-style 项目支出绩效表: one row per project with its money and goal."""
    from analysis.store.document_records import extract_file
    text = ("部门收支总表\n\n单位：万元\n\n收入\t\t支出\t\n项目\t预算数\t项目\t预算数\n"
            "一、一般公共预算\t30.00\t一、一般公共服务支出\t30.00\n\n"
            "表11：2026年市级部门项目支出绩效表\n\n部门名称：某某市司法局 单位:万元\n\n"
            "单位名称\t项目名称\t金额\t绩效目标\n某某市司法局\t法治建设\t10.50\t推进法治建设\n"
            "某某监狱\t狱政设施建设\t19.50\t维护监管设施\n")
    path = tmp_path / "list.txt"
    path.write_text(text, encoding="utf-8")
    projects = extract_file(path).records["projects"]
    assert [(p["project_name"], p["budget_wan"], p["goal"]) for p in projects] == [
        ("法治建设", Decimal("10.5"), "推进法治建设"), ("狱政设施建设", Decimal("19.5"), "维护监管设施")]


@pytest.mark.parametrize("stem", ["003_0009a8a70f279992", "004_2b42c7e91b774342"])
def test_department_wide_indicators_of_the_overall_tables(stem, extract):
    """整体 tables: 003 prints indicator names under 二级指标 (no 三级 column) in shifted rows;
    004 prints each indicator twice. Lines read by hand (../shared/gold)."""
    from conftest import FIXTURES, read_csv
    want = [int(r["source_line"]) for r in read_csv(FIXTURES / "seeds" / stem / "department_indicator_lines.csv")]
    got = [i["source_line"] for i in extract(RAW / f"{stem}.txt").records["indicators"] if i["scope"] == "department"]
    assert got == want


def test_an_indicator_printed_as_two_rows_of_merged_cells_reads_as_one():
    """A PDF prints a row that a stray blank line split in two over the whole grid,
    each of its three cells merged over two columns (the row as the DOCX holds it)."""
    from analysis.extract.model import Row
    from analysis.extract.performance import parse_performance_tables
    from analysis.extract.recognise import split_tables
    rows = [Row("text", ("1、城乡居民医疗保险补助资金绩效目标表",), line=1, page=21),
            Row("table", ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据"), line=2, page=21),
            Row("table", ("效益指标", "经济效益指标", "降低居民保险负担", "降低居民保险负担", "较上年降低", "全年工作计划"),
                line=3, page=21),
            Row("table", ("", "", "社会效益指标", "", "享受医疗保险基金补助覆盖面扩大", ""), line=4, page=21),
            Row("table", ("享受医疗保险基金补助覆盖面扩大", "", "较上年扩大", "", "全年工作计划", ""), line=5, page=21),
            Row("table", ("", "生态效益指标", "节能办公", "节能办公", "较上年节约", "全年工作计划"), line=6, page=21)]
    (project,) = parse_performance_tables(split_tables(rows))
    assert [(i.level1, i.level2, i.level3, i.description, i.target_printed, i.basis) for i in project.indicators] == [
        ("效益指标", "经济效益指标", "降低居民保险负担", "降低居民保险负担", "较上年降低", "全年工作计划"),
        ("效益指标", "社会效益指标", "享受医疗保险基金补助覆盖面扩大", "享受医疗保险基金补助覆盖面扩大", "较上年扩大", "全年工作计划"),
        ("效益指标", "生态效益指标", "节能办公", "节能办公", "较上年节约", "全年工作计划")]



def test_changes_stated_in_one_paragraph_wrapped_over_lines_are_checked_together(tmp_path):
    from analysis.store.document_records import extract_file
    text = ("部门预算支出总表\n\n单位：万元\n\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
            "201\t一般公共服务支出\t30.00\t10.00\t20.00\n\n"
            "2026年支出预算30.00万元，较上年增加5.00万元，其中：基本支出增加1.00万元，主要为新增\n"
            "人员。项目支出增加4.00万元，主要为新增项目。\n")
    path = tmp_path / "wrapped.txt"
    path.write_text(text, encoding="utf-8")
    checks = [c for c in extract_file(path).records["checks"] if c["check_id"] == "change_components"]
    assert [(c["status"], c["source_line"]) for c in checks] == [("ok", 8)]


def test_a_general_budget_paragraph_sets_the_context_of_every_part_it_lists(tmp_path):
    """Chongqing 水利局 2026 (p6): `一般公共预算财政拨款支出…。其中：基本支出…。项目支出…。`
    — the 项目支出 sentence is the second part of the general-budget figure, so it is
    compared with the 一般公共预算 table, not with 支出总表 (all funds)."""
    from analysis.store.document_records import extract_file
    table = "\n\n单位：万元\n\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n\t合计\t{0}\t{1}\t{2}\n213\t农林水支出\t{0}\t{1}\t{2}\n\n"
    text = ("部门支出总表" + table.format("200.00", "50.00", "150.00")
            + "一般公共预算支出表" + table.format("128.00", "33.00", "95.00")
            + "2026年一般公共预算财政拨款支出128.00万元。其中：基本支出33.00万元，主要用于保障机构运转。"
              "项目支出95.00万元，主要用于水利工程建设。\n")
    path = tmp_path / "parts.txt"
    path.write_text(text, encoding="utf-8")
    checks = {c["check_id"]: c for c in extract_file(path).records["checks"] if c["check_id"].startswith("text_")}
    assert {k: (c["status"], c["table_id"]) for k, c in checks.items() if k in ("text_basic", "text_project")} == {
        "text_basic": ("ok", "general_budget_expenditure"), "text_project": ("ok", "general_budget_expenditure")}


def test_funds_named_in_the_reason_after_a_figure_do_not_set_its_context(tmp_path):
    """广州 规划和自然资源局 2026 (p71): `支出预算1,014,419.03万元，比上年减少…，主要原因是…相应减少
    一般公共预算和政府性基金支出预算。` is the whole budget (支出总表), not the general budget:
    一般公共预算 is named in the reason, after the figure."""
    from analysis.store.document_records import extract_file
    table = "\n\n单位：万元\n\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n\t合计\t{0}\t{1}\t{2}\n212\t城乡社区支出\t{0}\t{1}\t{2}\n\n"
    text = ("部门支出总表" + table.format("1,014,419.03", "55,066.48", "959,352.54")
            + "一般公共预算支出表" + table.format("104,090.47", "55,066.48", "49,023.99")
            + "2026年本部门收入预算1,014,419.03万元，比上年减少166,286.17万元，下降14.1%，主要原因是落实零基预算"
              "改革及过“紧日子”要求，压减项目经费预算，相应减少一般公共预算和政府性基金收入预算；支出预算"
              "1,014,419.03万元，比上年减少166,286.17万元，下降14.1%，主要原因是落实零基预算改革及过“紧日子”"
              "要求，压减项目经费预算，相应减少一般公共预算和政府性基金支出预算。\n")
    path = tmp_path / "reason.txt"
    path.write_text(text, encoding="utf-8")
    checks = [c for c in extract_file(path).records["checks"] if c["check_id"] == "text_expenditure_total"]
    assert [(c["status"], c["table_id"], c["actual_wan"]) for c in checks] == [
        ("ok", "expenditure_summary", Decimal("1014419.03"))]


def test_narrative_facts_are_read_from_paragraphs_joined_across_a_page_break():
    from analysis.extract.model import Row
    from analysis.extract.narrative import narrative_facts
    rows = [Row("text", ("三、一般公共预算基本支出情况",), 40, 3),
            Row("text", ("本部门2024年一般公共预算基本支出合计300.00万元，其中人员",), 41, 3),
            Row("text", ("经费支出120.50万元，公用经费179.50万元。",), 1, 4),
            Row("text", ("城乡居民基本医疗保险财政补助资金已调整至县医疗保障基金专户，不再列入本部门预算。",), 2, 4)]
    facts = narrative_facts(rows)
    # 人员经费 is printed across the page break: the paragraph, not the line, holds it; each figure
    # keeps the page and line it is printed on
    assert [(f.fact, f.amount_wan, f.page, f.line) for f in facts if f.amount_wan is not None] == [
        ("personnel", Decimal("120.50"), 4, 1), ("public", Decimal("179.50"), 4, 1), ("basic", Decimal("300.00"), 3, 41)]
    # a statement without a figure is still read
    assert [(f.fact, f.text, f.line) for f in facts if f.fact == "subsidy_shift"] == [
        ("subsidy_shift", "县医疗保障基金专户", 2)]


def test_a_listing_whose_one_header_row_heads_projects_and_indicators():
    """Changchun 信访局 2026 (预算表11, p16): 单位名称 | 项目名称 | 年度资金总额 | 年度绩效目标 |
    一级指标 … in one header row, four indicators a project (two projects transcribed)."""
    from analysis.extract.model import Row
    from analysis.extract.performance import parse_performance_tables
    from analysis.extract.recognise import split_tables
    head = ("单位名称", "项目名称", "年度资金总额(万元)", "年度绩效目标", "一级指标", "二级指标", "三级指标", "指标解释",
            "指标值", "权重")
    body = [("105001长春市信访局", "2026年信访专项经费", "30.00", "1、全年确保网络专线连接畅通", "产出指标", "数量指标",
             "专家评审", "聘请评审专家", ">=2次", "40"),
            ("", "", "", "", "成本指标", "经济成本指标", "信访信息系统运维成本", "信访信息系统运维成本", "<=17万元", "20"),
            ("", "", "", "", "效益指标", "社会效益指标", "基层信访工作网络覆盖率", "基层信访工作网络覆盖率", ">=100百分比", "20"),
            ("", "", "", "", "满意度指标", "服务对象满意度指标", "上访群众满意度", "上访群众满意度", ">=100百分比", "10"),
            ("", "2026年驻京经费", "312.00", "1、支付2026年驻京房租费249.8万元", "产出指标", "数量指标", "驻京工作人员人数",
             "驻京工作人员人数", "<=18人", "40"),
            ("", "", "", "", "成本指标", "经济成本指标", "办公用房租赁成本", "办公用房租赁成本", "<=250万元", "20"),
            ("", "", "", "", "效益指标", "社会效益指标", "信访事件化解率", "信访事件化解率", ">=100百分比", "20"),
            ("", "", "", "", "满意度指标", "服务对象满意度指标", "临聘人员满意度", "临聘人员主要从事政务协助和司机工作。",
             ">=100分", "10")]
    rows = [Row("table", ("长春市信访局2026年项目支出绩效目标表预算表（预算表11）", *[""] * 9), line=1, page=16),
            *(Row("table", cells, line=n, page=16) for n, cells in enumerate([head, *body], start=2))]
    projects = parse_performance_tables(split_tables(rows))
    assert [(p.name, p.budget_wan, len(p.indicators)) for p in projects] == [
        ("2026年信访专项经费", Decimal("30"), 4), ("2026年驻京经费", Decimal("312"), 4)]
    assert [i.level3 for i in projects[1].indicators] == ["驻京工作人员人数", "办公用房租赁成本", "信访事件化解率",
                                                          "临聘人员满意度"]


def _pdf_rows(page: int, *rows: tuple) -> list:
    from analysis.extract.model import Row
    return [Row("text" if len(cells) == 1 else "table", cells, line=n, page=page) for n, cells in enumerate(rows, 1)]


def test_a_form_whose_indicators_print_no_levels_reads_each_named_indicator():
    """重庆市商务委员会 2026, 表十一 (p. 26-27): 指标名称 | 指标性质 | 指标值 | 计量单位 |
    指标权重 | 是否核心, no 一级/二级/三级; 指标性质 and 指标值 merged over two columns on the
    first page, one each on the second; 当年预算 and its split into 市级支出 / 补助区县."""
    from analysis.extract.performance import parse_performance_tables
    from analysis.extract.recognise import split_tables
    header = ("绩效指标", "指标名称", "指标性质", "", "指标值", "", "计量单位", "指标权重(%)", "是否核心")
    rows = _pdf_rows(
        26, ("2026年市级重点专项资金绩效目标表 (一级项目)",), ("单位:万元",),
        ("项目名称", "市商务发展专项", "", "主管部门", "", "重庆市商务委员会", "", "", ""),
        ("当年预算", "46,794.00", "", "市级支出", "", "40,624.00", "", "", ""),
        ("", "", "", "补助区县", "", "6,170.00", "", "", ""),
        ("当年绩效目标", "2026年,全市商务经济发展稳中向好。", "", "", "", "", "", "", ""),
        header, ("", "重要商品储备数量", "≥", "", "7500", "", "吨", "10", "是"),
        ("", "离岸服务外包执行额", "≥", "", "22.6", "", "亿美元", "10", "是"),
        ("绩效指标", "指标名称", "指标性质", "指标值", "计量单位", "指标权重(%)", "是否核心"),
        ("", "年度预算执行率", "=", "100", "%", "10", "否"))
    (project,) = parse_performance_tables(split_tables(rows))
    assert (project.name, project.budget_printed, project.budget_wan, project.goal) == (
        "市商务发展专项", "46,794.00", Decimal("46794.00"), "2026年,全市商务经济发展稳中向好。")
    assert [(i.level3, i.op_printed, i.target_printed, i.unit_printed) for i in project.indicators] == [
        ("重要商品储备数量", "≥", "7500", "吨"), ("离岸服务外包执行额", "≥", "22.6", "亿美元"),
        ("年度预算执行率", "=", "100", "%")]


def test_a_listing_whose_header_row_also_heads_the_indicators():
    """重庆市气象局 2026, 表十二 (p. 22): 序号 | 项目名称 | 当年财政拨款预算金额 | 当年绩效目标 |
    指标名称 | 指标性质 | 指标值 | 计量单位 | 指标权重, one project over several rows."""
    from analysis.extract.performance import parse_performance_tables
    from analysis.extract.recognise import split_tables
    rows = _pdf_rows(
        22, ("2026年市级一般性项目绩效目标表 (一级项目)",), ("资金主管部门:重庆市气象局 单位:万元",),
        ("序号", "项目名称", "当年财政拨款预算金额", "当年绩效目标", "指标名称", "指标性质", "指标值", "计量单位",
         "指标权重(%)"),
        ("1", "气象事务", "4,902.34", "1.全力做好 “十五五”规划编制。", "气候预测准确率", "≥", "68", "%", "12"),
        ("", "", "", "", "气象台站改造数量", "≥", "4", "个", "11"),
        ("", "", "", "", "综合观测系统装备维修时限 (国家地面站)", "≤", "36", "小时", "8"))
    (project,) = parse_performance_tables(split_tables(rows))
    assert (project.name, project.budget_wan) == ("气象事务", Decimal("4902.34"))
    assert [(i.level3, i.op_printed, i.target_printed, i.unit_printed) for i in project.indicators] == [
        ("气候预测准确率", "≥", "68", "%"), ("气象台站改造数量", "≥", "4", "个"),
        ("综合观测系统装备维修时限(国家地面站)", "≤", "36", "小时")]  # squashed


def test_a_blank_form_is_no_project_and_its_labels_are_not_values():
    """重庆市气象局 2026, 表十一 (p. 21): the form printed empty (备注：…故此表无数据)."""
    from analysis.extract.performance import parse_performance_tables
    from analysis.extract.recognise import split_tables
    rows = _pdf_rows(
        21, ("2026年市级重点专项资金绩效目标表 (一级项目)",), ("单位:万元",),
        ("项目名称", "", "", "主管部门", "", "", "", "", ""), ("当年预算", "", "", "市级支出", "", "", "", "", ""),
        ("", "", "", "补助区县", "", "", "", "", ""), ("项目概况", "", "", "", "", "", "", "", ""),
        ("当年绩效目标", "", "", "", "", "", "", "", ""),
        ("绩效指标", "指标名称", "指标性质", "", "指标值", "", "计量单位", "指标权重 (%)", "是否核心"),
        ("备注:本单位主管无市级财力安排的重点专项资金,故此表无数据。",))
    assert parse_performance_tables(split_tables(rows)) == []


def test_a_stray_full_stop_in_a_header_label_does_not_hide_its_column():
    """重庆市经济和信息化委员会 2026, 表十一 (p. 29): the goal's last `。` runs into the
    计量单位 header cell (`计量。单位`)."""
    from analysis.extract.performance import _field
    assert _field("计量。单位") == "unit"


def test_indicators_under_a_header_that_calls_the_third_level_its_content():
    """西安市工业和信息化局 2022, 表14 (p. 46): 一级指标 | 二级指标 | 指标内容 | 指标值 | 备注."""
    from analysis.extract.performance import parse_performance_tables
    from analysis.extract.recognise import split_tables
    rows = _pdf_rows(
        46, ("2022年部门预算专项业务经费绩效目标表",),
        ("项目名称", "西安市社会信用体系建设综合服务项目", "", ""), ("主管部门", "西安市工业和信息化局", "", ""),
        ("资金金额（万元）", "实施期资金总额：", "142.00", ""),
        ("一级指标", "二级指标", "指标内容", "指标值", "备注"),
        ("产出指标", "数量指标", "指标1：西安市政务诚信建设整体评估报告；", "1份", ""),
        ("", "", "指标2：西安市区县政务诚信建设评估报告；", "13份", ""))
    (project,) = parse_performance_tables(split_tables(rows))
    assert [(i.level1, i.level2, i.level3, i.target_printed) for i in project.indicators] == [
        ("产出指标", "数量指标", "指标1：西安市政务诚信建设整体评估报告；", "1份"),
        ("产出指标", "数量指标", "指标2：西安市区县政务诚信建设评估报告；", "13份")]
