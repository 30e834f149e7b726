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


def test_three_public_columns_under_last_year_this_year_and_the_change_are_read_for_this_year(tmp_path):
    """西安 人民政府办公厅 2026 表13 (p33), in 元: groups 上年 | 当年 | 增减变化情况 with no year
    printed; this year's 公务接待费 is 30,000.00 (上年 40,000.00, change -10,000.00)."""
    items = "\t小计\t因公出国（境）费用\t公务接待费\t会议费"
    text = ("部门综合预算一般公共预算拨款“三公”经费及会议费、培训费支出预算表\n\n单位：元\n\n"
            "单位名称\t上年\t\t\t\t\t当年\t\t\t\t\t增减变化情况\t\t\t\t\n"
            + "\t合计\t“三公”经费预算\t\t\t会议费" * 3 + "\n" + ("\t" + items) * 3 + "\n"
            "合计\t442,400.00\t40,000.00\t\t40,000.00\t402,400.00\t260,000.00\t30,000.00\t\t30,000.00"
            "\t230,000.00\t-182,400.00\t-10,000.00\t\t-10,000.00\t-172,400.00\n")
    three = {r["item"]: r["amount_printed"] for r in _extract(tmp_path, text).records["three_public"]}
    assert three == {"total": "30,000.00", "outbound": None, "reception": "30,000.00"}


def _extract(tmp_path, text):
    from analysis.store.document_records import extract_file
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    return extract_file(path)


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


def test_a_title_printed_over_two_lines_is_read_whole():
    """西安 民政局 2021 (表5 p46, 表6 p49, 表13 p77): what a table is may be said only by the second
    line of its title, or the second line alone would announce another kind."""
    header = "预算单位：西安市民政局 单位：元\n\n序号\t功能科目编码\t功能科目名称\t合计\n"
    text = ("表5\n\n2021年部门综合预算一般公共预算支出明细表\n\n（按支出功能分类科目-不含上年结转）\n\n" + header
            + "1\t\t合计\t535,987,052.43\n\n"
            "表6\n\n2021年部门综合预算一般公共预算支出明细表\n\n（按支出经济分类科目 -不含上年结转）\n\n" + header
            + "1\t\t合计\t535,987,052.43\n\n"
            "表7\n\n2021年部门综合预算一般公共预算基本支出明细表\n\n（按支出功能分类科目-不含上年结转）\n\n" + header
            + "1\t\t合计\t144,907,052.43\n\n"
            "表13\n\n2021年部门综合预算一般公共预算拨款“三公”经费及\n\n会议费、培训费支出预算表（不含上年结转）\n\n"
            "预算单位：西安市民政局 单位：元\n\n序号\t单位编码\t单位名称\t合计\n1\t\t合计\t1,633,304.00\n")
    tables = tables_of(text)
    assert [t.kind.id for t in tables] == [
        "general_budget_expenditure", "economic_expenditure", "basic_functional", "three_public"]
    assert tables[0].title == "2021年部门综合预算一般公共预算支出明细表（按支出功能分类科目-不含上年结转）"
    assert tables[3].title == "2021年部门综合预算一般公共预算拨款“三公”经费及会议费、培训费支出预算表（不含上年结转）"


def test_a_header_label_whose_last_character_fell_into_the_first_row():
    """西安 民政局 2021 收入总表 (p42): `对附属单位上缴收入` wraps, its `入` printed in the 合计 row's cell."""
    (table,) = tables_of("2021年部门综合预算收入总表\n\n单位：元\n\n"
                         "单位名称\t合计\t事业收入\t对附属单位上缴收\n合计\t3,555,000.00\t3,555,000.00\t入0.00\n")
    assert [c.id for c in table.columns] == ["name", "total", "business_income", "affiliate_remit"]
    assert table.columns[3].header == "对附属单位上缴收入"
    assert table.rows[0].cells[3] == "0.00"


def _checks_of(tmp_path, text):
    return _extract(tmp_path, text).records["checks"]


def test_a_summary_listing_the_expenditure_three_ways_and_several_carry_lines(tmp_path):
    """西安 人民政府办公厅 2026 收支总表 (表1, p20), in 元: the expenditure side printed by function,
    by 部门预算经济分类 and by 政府预算经济分类 side by side, each adding up on its own (the 1、
    items, not their (1) parts); 使用非财政拨款结余, 上年实户资金余额 and 上年结转 each added to
    the year's income."""
    text = ("部门综合预算收支总表\n\n单位：元\n\n"
            "收入\t\t支出\t\t\t\t\t\n"
            "项目\t预算数\t支出功能分类科目（按大类）\t预算数\t部门预算支出经济分类科目（按大类）\t预算数\t"
            "政府预算支出经济分类科目（按大类）\t预算数\n"
            "一、部门预算\t92,165,133.99\t一、部门预算\t92,165,133.99\t一、部门预算\t92,165,133.99\t一、部门预算\t92,165,133.99\n"
            "1、财政拨款\t92,165,133.99\t1、一般公共服务支出\t72,302,752.62\t1、人员经费和公用经费支出\t64,662,533.99\t"
            "1、机关工资福利支出\t56,413,286.69\n"
            "(1)一般公共预算拨款\t92,165,133.99\t5、教育支出\t230,000.00\t(1)工资福利支出\t56,413,286.69\t"
            "2、机关商品和服务支出\t19,908,081.30\n"
            "其中：专项资金列入部门预算的项目\t7,100,000.00\t8、社会保障和就业支出\t8,991,664.59\t(2)商品和服务支出\t6,605,481.30\t"
            "3、机关资本性支出\t7,142,960.00\n"
            "\t\t10、卫生健康支出\t3,297,400.72\t(3)对个人和家庭的补助\t1,600,806.00\t4、机关资本性支出（基本建设）\t7,100,000.00\n"
            "\t\t20、住房保障支出\t7,343,316.06\t(4)资本性支出\t42,960.00\t9、对个人和家庭的补助\t1,600,806.00\n"
            "\t\t\t\t2、专项业务经费支出\t27,502,600.00\t\t\n"
            "\t\t\t\t(2)商品和服务支出\t13,302,600.00\t\t\n"
            "\t\t\t\t(5)资本性支出(基本建设)\t7,100,000.00\t\t\n"
            "\t\t\t\t(6)资本性支出\t7,100,000.00\t\t\n"
            "本年收入合计\t92,165,133.99\t本年支出合计\t92,165,133.99\t本年支出合计\t92,165,133.99\t本年支出合计\t92,165,133.99\n"
            "使用非财政拨款结余\t\t结转下年\t\t结转下年\t\t结转下年\t\n"
            "上年实户资金余额\t1,000.00\t未安排支出的实户资金\t1,000.00\t未安排支出的实户资金\t1,000.00\t未安排支出的实户资金\t1,000.00\n"
            "上年结转\t\t\t\t\t\t\t\n"
            "收入总计\t92,166,133.99\t支出总计\t92,166,133.99\t支出总计\t92,166,133.99\t支出总计\t92,166,133.99\n")
    checks = [(c["check_id"], c["status"], c["detail"]) for c in _checks_of(tmp_path, text)
              if c["check_id"].startswith("summary_")]
    assert {status for _, status, _ in checks} == {"ok"}
    assert {detail for _, _, detail in checks} >= {
        "部门综合预算收支总表: income_grand = income_current + carryover_in (3 lines)",
        "部门综合预算收支总表 (expenditure_2): expenditure_grand = expenditure_current + carryover_out (2 lines)",
        "部门综合预算收支总表 (expenditure_3): expenditure_current = Σ 1 items"}


def test_a_fiscal_summary_headed_by_its_total_on_both_sides_sums_its_first_level(tmp_path):
    """西安 民政局 2021 财政拨款收支总表 (表4, p44-45): `一、财政拨款` heads both sides; below it
    the 1、 items add up to it, their (1) parts being parts of them."""
    text = ("2021年部门综合预算财政拨款收支总表\n\n单位：元\n\n收入\t\t支出\t\t\t\n"
            "项目\t预算数\t支出功能分科目（按大类）\t预算数\t部门预算支出经济科目（按大类）\t预算数\n"
            "一、财政拨款\t703768605.79\t一、财政拨款\t703768605.79\t一、财政拨款\t703768605.79\n"
            "1、一般公共预算拨款\t535987052.43\t5、教育支出\t1023214.00\t1、人员经费和公用经费支出\t149875645.79\n"
            "其中：专项资金列入部门预算的项目\t335980000.00\t8、社会保障和就业支出\t526937277.62\t(1)工资福利支出\t140958644.42\n"
            "2、政府性基金拨款\t167781553.36\t10、卫生健康支出\t1176894.18\t(2)商品和服务支出\t7326734.93\n"
            "\t\t20、住房保障支出\t6849666.63\t(3)对个人和家庭的补助\t1590266.44\n"
            "\t\t25、其他支出\t167781553.36\t2、专项业务经费支出\t553892960.00\n"
            "收入总计\t703768605.79\t支出总计\t703768605.79\t支出总计\t703768605.79\n")
    checks = {(c["check_id"], c["detail"]): c["status"] for c in _checks_of(tmp_path, text)
              if c["check_id"].startswith("summary_")}
    assert checks[("summary_expenditure_items", "2021年部门综合预算财政拨款收支总表: expenditure_current = Σ 5 items")] == "ok"
    assert checks[("summary_expenditure_items",
                   "2021年部门综合预算财政拨款收支总表 (expenditure_2): expenditure_current = Σ 2 items")] == "ok"
    assert set(checks.values()) == {"ok"}


def test_a_figure_printed_short_beside_figures_to_the_fen_is_rounding(tmp_path):
    """西安 民政局 2021 收支总表 (p39): `一、部门预算` printed 852063605.8 (the spreadsheet's column
    too narrow), 本年收入合计 852063605.79: one figure at two precisions."""
    text = ("2021年部门综合预算收支总表\n\n单位：元\n\n收入\t\t支出\t\n项目\t预算数\t项目\t预算数\n"
            "一、部门预算\t852063605.8\t一、部门预算\t852063605.79\n"
            "本年收入合计\t852063605.79\t本年支出合计\t852063605.79\n")
    checks = {c["check_id"]: c["status"] for c in _checks_of(tmp_path, text)}
    assert checks["summary_income_items"] == "rounding"
    assert checks["summary_expenditure_items"] == "ok"


def test_a_label_running_on_over_the_amount_cell_beside_it_goes_back_to_the_label():
    """西安 气象局 2022 收入总表 (p19): the unit's name is longer than its cell and runs on over the
    amount, its characters read among the figure's."""
    (table,) = tables_of("2022年部门综合预算收入总表\n\n单位：元\n\n单位编码\t单位名称\t合计\t一般公共预算拨款\n"
                         "234002\t西安市人工影响天气服务保\t障中18心39311.66\t1839311.66\n")
    assert table.rows[0].cells[1:3] == ("西安市人工影响天气服务保障中心", "1839311.66")


def test_a_kuan_printed_as_its_own_two_digits_follows_its_lei(tmp_path):
    """西安 人力资源和社会保障局 2020 表5 (p33): `201` over `10 人力资源事务` over `2011007 …`."""
    text = ("2020年部门综合预算一般公共预算支出明细表（按支出功能分类科目）\n\n单位：万元\n\n"
            "功能科目编码\t功能科目名称\t合计\n\t合计\t56.52\n201\t一般公共服务支出\t56.52\n10\t人力资源事务\t56.52\n"
            "2011007\t博士后日常经费\t7\n2011004\t政府特殊津贴\t16.32\n2011002\t一般行政管理事务（人力资源事务）\t33.2\n")
    from analysis.store.document_records import extract_file
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    records = extract_file(path).records
    assert {c["status"] for c in records["checks"] if c["check_id"] in ("functional_hierarchy", "functional_total",
                                                                        "code_valid")} == {"ok"}
    cells = {(c["code"], c["column_id"]) for c in records["table_cells"]}
    assert ("20110", "total") in cells


def test_a_blank_outline_item_stands_for_its_items_one_level_down(tmp_path):
    """西安 人力资源和社会保障局 2020 收支总表 (p29), in 万元: `一、部门预算` and `1、财政拨款` are
    blank, the figures printed on their (1) items."""
    text = ("2020年部门综合预算收支总表\n\n单位：万元\n\n收入\t\t支出\t\n项目\t预算数\t项目\t预算数\n"
            "一、部门预算\t\t一、部门预算\t\n1、财政拨款\t\t1、一般公共服务\t56.52\n"
            "(1)一般公共预算拨款收入\t181716.56\t5、教育\t3873.12\n其中：专项资金列入部门预算的项目\t50830\t8、社会保障和就业\t136400.21\n"
            "(2)政府性基金收入\t0\t10、卫生健康\t40878.95\n2、上级补助收入\t0\t20、住房保障\t857.76\n6、其他收入\t350\t\t\n"
            "本年收入合计\t182066.56\t本年支出合计\t182066.56\n")
    checks = {c["check_id"]: c["status"] for c in _checks_of(tmp_path, text)}
    assert checks["summary_income_items"] == checks["summary_expenditure_items"] == "ok"


def test_a_title_broken_inside_its_bracket_is_read_whole():
    """西安 宣传部 2021 表5 (p24): `…支出明细表（按支出功能分类科` | `目-不含上年结转）`."""
    (table,) = tables_of("表5\n\n2021年部门综合预算一般公共预算支出明细表（按支出功能分类科\n\n目-不含上年结转）\n\n"
                         "单位：元\n\n功能科目编码\t功能科目名称\t合计\n\t合计\t100.00\n")
    assert (table.kind.id, table.title) == (
        "general_budget_expenditure", "2021年部门综合预算一般公共预算支出明细表（按支出功能分类科目-不含上年结转）")


def test_unit_rows_head_blocks_of_classification_rows(tmp_path):
    """西安 应急管理局 2019 表5 (p7–8) lists its functions unit by unit: `125001 西安市安全生产
    监督管理局 2,080.32` heads that unit's 类/款/项 rows, the next unit code the next block; each
    unit adds up to its 类 rows and 合计 to the units. (Figures of two of the four units kept,
    合计 their sum.)"""
    text = ("2019年部门综合预算一般公共预算支出明细表（按支出功能分类科目）\n\n单位：万元\n\n"
            "功能科目编码\t功能科目名称\t合计\t人员经费支出\t公用经费支出\t专项业务经费支出\n"
            "\t合计\t2,542.12\t1,223.79\t124.68\t1,193.65\n"
            "125001\t西安市安全生产监督管理局\t2,080.32\t972.99\t98.88\t1,008.45\n"
            "208\t社会保障和就业支出\t115.11\t83.06\t32.05\t\n"
            "05\t行政事业单位离退休\t113.28\t81.23\t32.05\t\n"
            "2080505\t机关事业单位基本养老保险缴费支出\t81.23\t81.23\t\t\n"
            "2080506\t机关事业单位职业年金缴费支出\t32.05\t\t32.05\t\n"
            "99\t其他社会保障和就业支出\t1.83\t1.83\t\t\n"
            "2089901\t其他社会保障和就业支出\t1.83\t1.83\t\t\n"
            "210\t卫生健康支出\t15.86\t15.86\t\t\n11\t行政事业单位医疗\t15.86\t15.86\t\t\n"
            "2101101\t行政单位医疗\t15.86\t15.86\t\t\n"
            "221\t住房保障支出\t87.86\t87.86\t\t\n02\t住房改革支出\t87.86\t87.86\t\t\n"
            "2210201\t住房公积金\t87.86\t87.86\t\t\n"
            "224\t灾害防治及应急管理支出\t1,861.49\t786.21\t66.83\t1,008.45\n"
            "01\t应急管理事务\t1,861.49\t786.21\t66.83\t1,008.45\n"
            "2240101\t行政运行\t853.04\t786.21\t66.83\t\n2240106\t安全监管\t1,008.45\t\t\t1,008.45\n"
            "125002\t西安市安全生产宣传教育中心\t461.80\t250.80\t25.80\t185.20\n"
            "208\t社会保障和就业支出\t22.62\t22.62\t\t\n05\t行政事业单位离退休\t22.12\t22.12\t\t\n"
            "2080505\t机关事业单位基本养老保险缴费支出\t22.12\t22.12\t\t\n"
            "99\t其他社会保障和就业支出\t0.50\t0.50\t\t\n2089901\t其他社会保障和就业支出\t0.50\t0.50\t\t\n"
            "210\t卫生健康支出\t5.80\t5.80\t\t\n11\t行政事业单位医疗\t5.80\t5.80\t\t\n"
            "2101102\t事业单位医疗\t5.80\t5.80\t\t\n"
            "221\t住房保障支出\t19.80\t19.80\t\t\n02\t住房改革支出\t19.80\t19.80\t\t\n"
            "2210201\t住房公积金\t19.80\t19.80\t\t\n"
            "224\t灾害防治及应急管理支出\t413.58\t202.58\t25.80\t185.20\n"
            "01\t应急管理事务\t413.58\t202.58\t25.80\t185.20\n"
            "2240106\t安全监管\t413.58\t202.58\t25.80\t185.20\n")
    checks = _checks_of(tmp_path, text)
    statuses = {(c["check_id"], c["status"]) for c in checks
                if c["check_id"] in ("functional_hierarchy", "functional_total", "unit_total", "code_valid")}
    assert statuses == {("functional_hierarchy", "ok"), ("functional_total", "ok"), ("unit_total", "ok")}
    details = {c["detail"] for c in checks}
    title = "2019年部门综合预算一般公共预算支出明细表（按支出功能分类科目）"
    assert f"{title}: 125001 西安市安全生产监督管理局 [total] = Σ 4 top-level items" in details
    assert f"{title}: 合计 [total] = Σ 2 top-level items" in details


def _one_figure_in_two_tables(basic: str, rows: tuple[str, str]) -> str:
    return ("一般公共预算支出情况表\n\n单位：万元\n\n科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
            f"\t合计\t{basic}\t{basic}\t\n208\t社会保障和就业支出\t{rows[0]}\t{rows[0]}\t\n"
            f"210\t卫生健康支出\t{rows[1]}\t{rows[1]}\t\n\n"
            "一般公共预算基本支出情况表\n\n单位：万元\n\n科目编码\t科目名称\t合计\t人员经费\t公用经费\n"
            "\t合计\t2,200.68\t2,035.20\t165.48\n301\t工资福利支出\t2,035.20\t2,035.20\t\n"
            "302\t商品和服务支出\t165.48\t\t165.48\n")


def test_one_figure_printed_as_the_sum_of_rounded_rows_in_one_table_is_rounding_in_the_other(tmp_path):
    """烟台 医疗保障局 2026: the 支出表 prints 基本支出 2,200.67, the exact sum of its rounded 类
    rows, the 基本支出表 2,200.68 (= 人员 + 公用, each rounded): the same figure, added up from
    rounded figures in each, within half a unit per rounded figure; 0.08 apart is no rounding."""
    def cross(text):
        return [(c["status"], c["allowance_wan"]) for c in _checks_of(tmp_path, text)
                if c["check_id"] == "cross_basic_economic"]
    assert cross(_one_figure_in_two_tables("2,200.67", ("1,100.34", "1,100.33"))) == [("rounding", Decimal("0.02"))]
    assert cross(_one_figure_in_two_tables("2,200.60", ("1,100.30", "1,100.30"))) == [("mismatch", Decimal("0.02"))]
    assert cross(_one_figure_in_two_tables("2,200.68", ("1,100.34", "1,100.34"))) == [("ok", Decimal("0"))]


def test_codes_bracketed_in_the_name_cell_and_of_which_basic_beside_project(tmp_path):
    """广州 交通运输局 2026 表5 (p15): no code column, each name cell opens with its code in
    brackets (`[20805]行政事业单位养老支出`), and 小计 is split as `其中：基本支出 | 项目支出`."""
    text = ("一般公共预算支出情况表（按功能分类科目）\n\n单位名称：广州市交通运输局 单位：万元\n\n"
            "功能科目名称\t一般公共预算支出\t\t\n\t小计\t其中：基本支出\t项目支出\n"
            "合计\t14,762.98\t14,762.98\t0.00\n"
            "[208]社会保障和就业支出\t14,762.98\t14,762.98\t0.00\n"
            "[20805]行政事业单位养老支出\t14,515.35\t14,515.35\t0.00\n"
            "[2080501]行政单位离退休\t1,719.07\t1,719.07\t0.00\n[2080502]事业单位离退休\t3,271.20\t3,271.20\t0.00\n"
            "[2080505]机关事业单位基本养老保险缴费支出\t6,378.36\t6,378.36\t0.00\n"
            "[2080506]机关事业单位职业年金缴费支出\t3,146.72\t3,146.72\t0.00\n"
            "[20808]抚恤\t247.63\t247.63\t0.00\n[2080801]死亡抚恤\t247.63\t247.63\t0.00\n")
    records = _extract(tmp_path, text).records
    cells = {(c["code"], c["name"], c["column_id"]): c["amount_printed"] for c in records["table_cells"]}
    assert cells["20805", "行政事业单位养老支出", "basic"] == "14,515.35"
    checks = {(c["check_id"], c["status"]) for c in records["checks"]
              if c["check_id"] in ("functional_hierarchy", "functional_total", "row_components")}
    assert checks == {("functional_hierarchy", "ok"), ("functional_total", "ok"), ("row_components", "ok")}
    mutated = text.replace("14,515.35", "14,615.35")
    assert "mismatch" in {c["status"] for c in _extract(tmp_path, mutated).records["checks"]
                          if c["check_id"] == "functional_hierarchy"}


def test_a_summary_whose_sides_print_one_total_each_over_their_items(tmp_path):
    """重庆 人民政府办公厅 2026 表一 (p9): 合计 19,230.18 on both sides, over the items, nothing
    carried and no 总计: each 合计 is its side's total of the year, and the two balance."""
    text = ("2026年部门收支总体情况表\n\n单位名称：重庆市人民政府办公厅 单位：万元\n\n收入\t\t支出\t\n项目\t预算数\t项目\t预算数\n"
            "合计\t19,230.18\t合计\t19,230.18\n一、一般公共预算资金\t18,417.70\t一、一般公共服务支出\t15,958.96\n"
            "二、政府性基金预算资金\t\t二、教育支出\t15.26\n三、国有资本经营预算资金\t\t三、社会保障和就业支出\t1,595.94\n"
            "四、财政专户管理资金\t\t四、卫生健康支出\t446.95\n五、事业收入资金\t812.48\t五、资源勘探工业信息等支出\t673.17\n"
            "六、上级补助收入资金\t\t六、住房保障支出\t539.91\n")
    checks = {c["check_id"]: (c["status"], c["expected_wan"], c["actual_wan"]) for c in _checks_of(tmp_path, text)
              if c["check_id"].startswith("summary_")}
    assert checks == {"summary_income_items": ("ok", Decimal("19230.18"), Decimal("19230.18")),
                      "summary_expenditure_items": ("rounding", Decimal("19230.18"), Decimal("19230.19")),
                      "summary_balance": ("ok", Decimal("19230.18"), Decimal("19230.18"))}
    mutated = {c["check_id"]: c["status"] for c in _checks_of(tmp_path, text.replace("812.48", "852.48"))}
    assert mutated["summary_income_items"] == "mismatch"


def test_a_second_table_of_a_kind_still_adds_up_along_its_rows(tmp_path):
    """广州 交通运输局 2026 (p24): beside its 一般公共预算基本支出表 the document prints a
    部门预算基本支出预算表 listing units and their classes by source: 总计 = 财政拨款 (一般公共预算 +
    政府性基金 + 国有资本经营) + 财政专户拨款 + 其他资金. Its rows' layout is not a standard one,
    but every row's columns add up, and a changed figure shows."""
    basic = ("一般公共预算基本支出表\n\n单位：万元\n\n科目编码\t科目名称\t合计\t人员经费\t公用经费\n"
             "\t合计\t38,755.89\t35,049.02\t3,706.87\n301\t工资福利支出\t31,702.41\t31,702.41\t\n"
             "302\t商品和服务支出\t3,706.87\t\t3,706.87\n303\t对个人和家庭的补助\t3,254.41\t3,254.41\t\n"
             "310\t资本性支出\t92.20\t92.20\t\n\n")
    listing = ("部门预算基本支出预算表\n\n单位：万元\n\n"
               "单位名称/经济科目\t总计\t财政拨款\t\t\t\t财政专户拨款\t其他资金\n"
               "\t\t合计\t一般公共预算\t政府性基金预算\t国有资本经营预算\t\t\n"
               "合计\t38,755.89\t38,755.89\t38,755.89\t0.00\t0.00\t0.00\t0.00\n"
               "广州市交通运输局（本级）\t38,755.89\t38,755.89\t38,755.89\t0.00\t0.00\t0.00\t0.00\n"
               "工资福利支出\t31,702.41\t31,702.41\t31,702.41\t0.00\t0.00\t0.00\t0.00\n"
               "商品和服务支出\t3,706.87\t3,706.87\t3,706.87\t0.00\t0.00\t0.00\t0.00\n"
               "对个人和家庭的补助\t3,254.41\t3,254.41\t3,254.41\t0.00\t0.00\t0.00\t0.00\n"
               "资本性支出\t92.20\t92.20\t92.20\t0.00\t0.00\t0.00\t0.00\n")
    records = _extract(tmp_path, basic + listing).records
    columns = {c["column_header"]: c["column_id"] for c in records["table_cells"] if c["table_id"] == "basic_economic_other"}
    assert columns["其他资金"] == "other_income"
    rows = [c for c in records["checks"] if c["table_id"] == "basic_economic_other"]
    assert {(c["check_id"], c["status"]) for c in rows} == {("row_components", "ok")}
    assert len(rows) == 6
    mutated = listing.replace("工资福利支出\t31,702.41\t31,702.41\t31,702.41", "工资福利支出\t31,702.41\t31,702.41\t31,702.47")
    statuses = {c["status"] for c in _extract(tmp_path, basic + mutated).records["checks"]
                if c["table_id"] == "basic_economic_other"}
    assert "mismatch" in statuses
