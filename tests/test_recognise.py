"""Table recognition on small hand-written renderings of layouts seen in real documents."""
from decimal import Decimal

from analysis.extract.readers.text import read_rows
from analysis.extract.recognise import split_tables


def tables_of(text: str):
    return split_tables(read_rows(text)[1])


def test_a_numbered_title_and_a_department_line_with_its_unit():
    tables = tables_of(
        "表1：2026年市级部门收支预算总表\n\n部门（单位）：某某市司法局 单位：万元\n\n"
        "收 入\t\t支 出\t\n项 目\t预算数\t项 目\t预算数\n一、财政拨款\t10.00\t一般公共服务支出\t10.00\n"
        "本年收入合计\t10.00\t本年支出合计\t10.00\n")
    assert [(t.kind.id, t.unit, t.entity_name) for t in tables] == [("budget_summary", "万元", "某某市司法局")]


def test_a_unit_line_is_not_a_department():
    tables = tables_of("部门预算支出总表\n\n单位：元\n\n科目编码\t科目名称\t合计\n201\t一般公共服务支出\t100.00\n")
    assert (tables[0].unit, tables[0].entity_name) == ("元", None)


def test_contents_entries_without_leaders_are_not_tables():
    tables = tables_of("1、部门收支总表\n\n2、部门收入总表\n\n3、部门支出总表\n\n部门支出总表\n\n单位：万元\n\n"
                       "科目编码\t科目名称\t合计\t基本支出\t项目支出\n201\t一般公共服务支出\t3.00\t1.00\t2.00\n")
    assert [t.kind.id for t in tables] == ["expenditure_summary"]


def test_docx_header_with_collapsed_merged_cells_is_aligned():
    # 收入 spans 项目+预算数, 支出 spans 项目+预算数; DOCX prints them once each
    text = ("部门预算收支总表\n\t单位：万元\n\n\t序号\n\t收入\n\t支出\n\n\t\n\t项目\n\t预算数\n\t项目\n\t预算数\n\n"
            "\t栏次\n\t1\n\t2\n\t3\n\t4\n\n\t1\n\t一、一般公共预算拨款收入\n\t5.00\n\t一、一般公共服务支出\n\t5.00\n\n\n")
    (table,) = tables_of(text)
    assert [(c.header, c.side) for c in table.columns] == [
        ("序号", "income"), ("收入>项目", "income"), ("收入>预算数", "income"),
        ("支出>项目", "expenditure"), ("支出>预算数", "expenditure")]


def test_a_standard_title_repeated_on_the_next_page_continues_the_table():
    page = "## 2026年部门支出总体情况表\n\n单位：万元\n\n科目编码\t科目名称\t合计\n"
    tables = tables_of(page + "201\t一般公共服务支出\t3.00\n\n" + page + "20101\t人大事务\t3.00\n")
    assert len(tables) == 1 and len(tables[0].rows) == 2


def test_a_repeated_header_whose_wrapped_label_lost_its_end_is_dropped():
    header = ("序号\t功能分类科目\t\t合计\t基本支出\t对附属单位补助支出\n\t科目编码\t科目名称\t\t\t\n"
              "栏次\t1\t2\t3\t4\t5\n")
    cut = "序号\t功能分类科目\t\t合计\t基本支出\t对附属单位补\n\t科目编码\t科目名称\t\t\t\n栏次\t1\t2\t3\t4\t助5 支出\n"
    (table,) = tables_of("部门预算支出总表\n\n单位：元\n\n" + header + "1\t\t合计\t300.00\t300.00\t\n"
                         + cut + "2\t210\t卫生健康支出\t300.00\t300.00\t\n")
    assert [r.cells[2] for r in table.rows] == ["合计", "卫生健康支出"]


def test_three_public_columns_repeated_per_year_are_read_for_the_budget_year(tmp_path):
    """Xi'an-style table: 2021 | 2022 | 增减 groups; 合计 also covers 会议费/培训费."""
    header = "部门预算“三公”经费、会议费、培训费表\n\n预算年度：2022\n\n单位：元\n\n"
    cols = ("单位名称\t2021年\t\t\t\t\t2022年\t\t\t\t\t\n"
            "\t合计\t“三公”经费预算\t\t\t会议费\t合计\t“三公”经费预算\t\t\t会议费\n"
            "\t\t小计\t因公出国（境）费\t公务接待费\t\t\t小计\t因公出国（境）费\t公务接待费\t\n"
            "合计\t5000\t3000\t1000\t2000\t2000\t9000\t4000\t0\t4000\t5000\n")
    summary = ("部门预算收支总表\n\n单位：元\n\n收入\t\t支出\t\n项目\t预算数\t项目\t预算数\n"
               "一、一般公共预算拨款收入\t9000\t一、一般公共服务支出\t9000\n")
    path = tmp_path / "three_public_years.txt"
    path.write_text(summary + "\n" + header + cols, encoding="utf-8")
    from analysis.store.document_records import extract_file
    from decimal import Decimal
    three = {r["item"]: r["amount_wan"] for r in extract_file(path).records["three_public"]}
    assert three == {"total": Decimal("0.4"), "outbound": Decimal("0"), "reception": Decimal("0.4")}


def test_a_fiscal_summary_whose_income_is_printed_as_its_first_item(tmp_path):
    """Hangzhou 司法局 2026 (表4, p28) prints the year's income of 财政拨款收支总表 as
    `一、财政拨款`; Xi'an 医疗保障局 2022 (表4, p16) lists `其中：专项资金…` under its first
    item. Figures of the Hangzhou page, with a 其中 row added as Xi'an prints it."""
    from analysis.store.document_records import extract_file
    text = ("2026年财政拨款收支预算总表\n\n单位：万元\n\n收入\t\t支出\t\n项目\t预算数\t项目\t预算数\n"
            "一、财政拨款\t91,495.48\t一、本年支出合计\t91,842.80\n"
            "1、一般公共预算\t91,495.48\t一般公共服务支出\t91,842.80\n"
            "其中：专项资金列入部门预算的项目\t426.68\t\t\n"
            "2、政府性基金预算\t\t\t\n"
            "二、上年结转结余\t347.32\t\t\n"
            "收入总计\t91,842.80\t支出总计\t91,842.80\n")
    path = tmp_path / "fiscal.txt"
    path.write_text(text, encoding="utf-8")
    checks = {c["check_id"]: c["status"] for c in extract_file(path).records["checks"]
              if c["check_id"] in ("summary_income_grand", "summary_income_items")}
    assert checks == {"summary_income_grand": "ok", "summary_income_items": "ok"}


def test_another_vocabulary_is_asked_afresh_not_answered_from_the_project_vocabularys_lookups():
    """Titles, furniture and headers are remembered per line for the project's vocabulary only:
    a vocabulary without the 支出总表 kind finds no table in lines the project's one has seen."""
    from dataclasses import replace
    from analysis.extract.vocabulary import load
    rows = read_rows("部门预算支出总表\n\n单位：元\n\n科目编码\t科目名称\t合计\n201\t一般公共服务支出\t100.00\n")[1]
    vocab = load()
    assert [(t.kind.id, t.unit) for t in split_tables(rows, vocab)] == [("expenditure_summary", "元")]
    without = replace(vocab, tables=tuple(k for k in vocab.tables if k.id != "expenditure_summary"))
    assert split_tables(rows, without) == []


def test_sources_printed_between_the_years_income_and_the_grand_total_are_part_of_it(tmp_path):
    """Yantai 人力资源和社会保障局 2026 (公开表1, p8) prints 上级补助收入 and the other
    sources outside 本年收入合计, above 上年结转: 收入总计 = 191,221.79 + 173.00."""
    from analysis.store.document_records import extract_file
    text = ("收支总体情况表\n\n单位：万元\n\n收 入\t\t支 出\t\n项目\t预算数\t项目\t预算数\n"
            "一、财政拨款收入\t191,195.79\t一、一般公共服务支出\t\n"
            "五、其他收入\t26.00\t七、社会保障和就业支出\t191,394.79\n"
            "本年收入合计\t191,221.79\t本年支出合计\t191,394.79\n"
            "上级补助收入\t173.00\t\t\n"
            "附属单位上缴收入\t\t对附属单位的补助支出\t\n"
            "使用非财政拨款结余\t\t上缴上级支出\t\n"
            "上年结转\t\t结转下年\t\n"
            "收入总计\t191,394.79\t支出总计\t191,394.79\n")
    path = tmp_path / "summary.txt"
    path.write_text(text, encoding="utf-8")
    checks = {c["check_id"]: (c["status"], c["actual_wan"]) for c in extract_file(path).records["checks"]
              if c["check_id"].startswith("summary_")}
    assert checks["summary_income_grand"] == ("ok", Decimal("191394.79"))
    assert checks["summary_income_items"][0] == checks["summary_expenditure_grand"][0] == "ok"


def test_vehicle_purchase_printed_as_jingfei_is_the_purchase_item(tmp_path):
    """Yantai 司法局 2026 (公开表7, p21) heads the purchase column 公务用车购置经费;
    the 2026 columns: 小计 37.25 = 15.20 + 22.05."""
    from analysis.store.document_records import extract_file
    text = ("2026年部门预算\n\n一般公共预算“三公”经费支出情况表\n\n部门（单位）：某某市司法局\t单位：万元\n\n"
            "2025年预算数\t\t\t\t\t\t2026年预算数\t\t\t\t\t\n"
            "合计\t因公出国（境）经费\t公务用车购置及运行维护费\t\t\t公务接待费\t"
            "合计\t因公出国（境）经费\t公务用车购置及运行维护费\t\t\t公务接待费\n"
            "\t\t小计\t公务用车购置经费\t公务用车运行维护费\t\t\t\t小计\t公务用车购置经费\t公务用车运行维护费\t\n"
            "107.05\t\t97.20\t54.00\t43.20\t9.85\t42.26\t\t37.25\t15.20\t22.05\t5.01\n")
    path = tmp_path / "three_public.txt"
    path.write_text(text, encoding="utf-8")
    extraction = extract_file(path)
    three = {r["item"]: r["amount_wan"] for r in extraction.records["three_public"]}
    assert three["vehicle_purchase"] == Decimal("15.20") and three["vehicle"] == Decimal("37.25")
    assert {c["status"] for c in extraction.records["checks"] if c["check_id"] == "three_public_parts"} == {"ok"}


def test_an_item_printed_twice_under_its_class_is_one_item(tmp_path):
    """Wuxi 发展和改革委员会 2025 (支出总表, p14) prints `21999 其他支出 502.00` twice
    under `219 援助其他地区支出 502.00` (the 款 without 项 printed again as its 项)."""
    from analysis.store.document_records import extract_file
    text = ("支出总表\n\n单位：万元\n\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
            "\t合计\t1,850.62\t1,348.62\t502.00\n"
            "219\t援助其他地区支出\t502.00\t\t502.00\n"
            "21999\t其他支出\t502.00\t\t502.00\n"
            "21999\t其他支出\t502.00\t\t502.00\n"
            "221\t住房保障支出\t1,348.62\t1,348.62\t\n"
            "22102\t住房改革支出\t1,348.62\t1,348.62\t\n"
            "2210201\t住房公积金\t425.90\t425.90\t\n"
            "2210202\t提租补贴\t398.79\t398.79\t\n"
            "2210203\t购房补贴\t523.93\t523.93\t\n")
    path = tmp_path / "expenditure.txt"
    path.write_text(text, encoding="utf-8")
    checks = [(c["detail"], c["status"]) for c in extract_file(path).records["checks"]
              if c["check_id"] in ("functional_hierarchy", "functional_total")]
    assert ("支出总表: 219 援助其他地区支出 [total] = Σ 1 sub-items", "ok") in checks
    assert {status for _, status in checks} == {"ok"} and len(checks) == 9


def test_a_line_of_text_that_opens_with_a_figure_is_not_a_code_and_name_line():
    """广州 卫生健康委员会 2026 (p114): a wrapped line of the text begins `701.34万元（…`; a unit
    line of code and name (`417001 某某市财政局本级`) never has a name that starts with the
    decimals of a number."""
    from analysis.extract.recognise import read_furniture
    from analysis.extract.vocabulary import load
    assert read_furniture("701.34万元（公务用车购置费331万元，比上年增加119.15万元；", load()) is None
    assert read_furniture("417001某某市财政局本级", load()).entity_code == "417001"


def test_columns_under_an_earlier_year_of_a_header_naming_two_are_last_years(tmp_path):
    """重庆市人民政府办公厅 2026 (表五, p. 15) prints 2025年预算数 before the 2026
    columns: last year's figure is kept apart, never the row's total."""
    text = ("2026年一般公共预算支出情况表\n\n单位名称：重庆市人民政府办公厅 单位：万元\n\n"
            "功能分类科目\t\t2025年预算数\t2026年预算数\t\t\t\t\n"
            "科目编码\t科目名称\t\t总计\t基本支出\t\t\t项目支出\n"
            "\t\t\t\t小计\t人员经费\t公用经费\t\n"
            "合计\t\t15,635.80\t18,417.70\t9,018.47\t7,180.92\t1,837.55\t9,399.23\n"
            "201\t一般公共服务支出\t12,679.50\t15,146.48\t6,420.41\t4,609.73\t1,810.68\t8,726.06\n"
            "2010301\t行政运行\t6,077.49\t6,342.71\t6,342.71\t4,542.97\t1,799.74\t\n")
    (table,) = tables_of(text)
    assert [c.id for c in table.columns if c.role == "amount"] == [
        "prior_total", "total", "basic", "personnel", "public", "project"]
    path = tmp_path / "general_budget.txt"
    path.write_text(text, encoding="utf-8")
    from analysis.store.document_records import extract_file
    from decimal import Decimal
    records = extract_file(path).records
    cells = {(r["code"], r["column_id"]): r["amount_wan"] for r in records["table_cells"]
             if r["column_id"] in ("total", "prior_total")}
    assert cells == {(None, "prior_total"): Decimal("15635.80"), (None, "total"): Decimal("18417.70"),
                     ("201", "prior_total"): Decimal("12679.50"), ("201", "total"): Decimal("15146.48"),
                     ("2010301", "prior_total"): Decimal("6077.49"), ("2010301", "total"): Decimal("6342.71")}
    # 201: 6,420.41 + 8,726.06 = 15,146.47 against 15,146.48 printed
    assert {c["status"] for c in records["checks"] if c["check_id"] == "row_components"} == {"ok", "rounding"}
