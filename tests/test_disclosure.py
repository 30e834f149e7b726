"""Disclosure-quality checks on a sample document changed by hand: template residue and
an amount printed with three decimals are flagged on the line they are printed on."""
from analysis.store.document_records import extract_file
from conftest import RAW


def test_template_residue_and_over_precise_amounts_are_flagged(tmp_path):
    lines = (RAW / "000_09a266ca87a25e76.txt").read_text(encoding="utf-8").split("\n")
    assert lines[100].startswith("4\t2080501\t行政单位离退休\t0.62\t")  # line 101
    lines[100] = lines[100].replace("\t0.62\t", "\t0.625\t", 1)
    assert lines[425].startswith("收支预算总表支出栏")  # line 426, a paragraph of the text
    lines[425] = "本部门XXXX年预算" + lines[425]
    changed = tmp_path / "changed.txt"
    changed.write_text("\n".join(lines), encoding="utf-8")
    checks = extract_file(changed).records["checks"]
    flagged = {(c["check_id"], c["source_line"]) for c in checks if c["status"] == "mismatch"
               and c["check_id"] in ("disclosure_amount_precision", "disclosure_template_residue")}
    assert flagged == {("disclosure_amount_precision", 101), ("disclosure_template_residue", 426)}
    unchanged = extract_file(RAW / "000_09a266ca87a25e76.txt").records["checks"]
    assert not [c for c in unchanged if c["check_id"] in ("disclosure_amount_precision", "disclosure_template_residue")]


def _change_reason_checks(tmp_path, text: str) -> list[tuple[str, str]]:
    path = tmp_path / "text.txt"
    path.write_text(text, encoding="utf-8")
    return [(c["status"], c["detail"]) for c in extract_file(path).records["checks"]
            if c["check_id"] == "disclosure_change_reason"]


def test_a_change_given_as_the_reason_of_another_is_not_asked_for_its_own(tmp_path):
    """广州 生态环境局 2026 (p101): 基本支出预算增加5,505.45万元 is the first reason the total's
    decrease is given; the total's change has its reason, the 基本支出 one is not asked for one."""
    checks = _change_reason_checks(tmp_path, (
        "一、部门预算收支增减变化情况\n"
        "支出预算89,421.55万元，比上年减少6,602.58万元，下降6.9%，主要原因是一是根据财政预算编制有关要求和人员"
        "增加情况，基本支出预算增加5,505.45万元，二是落实零基预算和过紧日子要求，优先保障重点支出。\n"))
    assert [status for status, _ in checks] == ["ok"]
    assert checks[0][1].startswith("expenditure_change 6,602.58万元: reason '一是根据财政预算编制有关要求")


def test_a_reason_that_restates_its_figure_is_that_changes_own(tmp_path):
    """西安 气象局 2022 (p8): each reason repeats its change's figure; both changes are explained."""
    checks = _change_reason_checks(tmp_path, (
        "西安市气象局2022年部门预算\n（一）收支预算总体情况\n"
        "2022年本部门预算收入1899.9万元，其中一般公共预算拨款收入1899.9万元。2022年本部门预算收入较上年增加406.39"
        "万元，主要原因是西安市气象灾害、空气质量、气象影视、农业气象等业务维持406.39万元。2022年本部门预算支出"
        "1899.9万元，其中一般公共预算拨款支出1899.9万元。2022年本部门预算支出较上年增加406.39万元，主要是西安市"
        "气象灾害、空气质量、气象影视、农业气象等业务维持增加支出406.39万元，主要用于雷达租赁等。\n"))
    assert [status for status, _ in checks] == ["ok", "ok"]


def test_the_parts_in_a_parenthesis_share_the_reason_printed_after_it(tmp_path):
    """广州 卫生健康委员会 2026 (p114): `公务用车购置及运行维护费701.34万元（公务用车购置费331万元，比上年增加
    119.15万元；公务用车运行维护费370.34万元，比上年减少52.36万元。）比上年增加66.79万元，…主要原因是…`:
    the change after `）` is of 公务用车购置及运行维护费, and the reason after it is the parts' too."""
    from analysis.extract.model import Row
    from analysis.extract.narrative import narrative_facts
    text = ("2026年广州市卫生健康委员会部门预算\n二、“三公”经费安排情况\n"
            "2026年本部门财政拨款安排“三公”经费860.78万元，比上年增加71.94万元，增长9.1%，主要原因是为保障临床用血"
            "需要，广州血液中心更新购置采血车辆。其中：因公出国（境）费140.49万元，比上年增加7.48万元，增长5.6%，"
            "主要原因是根据部门工作实际需要，适当增加因公出国（境）费；公务用车购置及运行维护费701.34万元（公务用车"
            "购置费331万元，比上年增加119.15万元；公务用车运行维护费370.34万元，比上年减少52.36万元。）比上年增加"
            "66.79万元，增长10.5%，主要原因是为保障临床用血需要，广州血液中心更新购置采血车辆；公务接待费18.95万元，"
            "比上年减少2.33万元，下降10.9%，主要原因是认真贯彻落实厉行节约的要求，从严控制公务接待费。\n")
    rows = [Row("text", (line,), n, 114) for n, line in enumerate(text.splitlines(), start=1)]
    changes = {f.amount_printed: f.fact for f in narrative_facts(rows) if f.fact.endswith("_change")}
    assert changes["66.79万元"] == "three_public_vehicle_change"
    assert changes["119.15万元"] == "three_public_vehicle_purchase_change"
    assert all(status == "ok" for status, _ in _change_reason_checks(tmp_path, text))


def test_personnel_expenses_inside_one_economic_class_are_not_the_departments():
    """西安 人力资源和社会保障局 2020 (p19): `对个人和家庭的补助（303）100151.38 万元,其中：人员经费 138.06
    万元` states the 人员经费 of class 303, not the department's; a sentence of 基本支出 with its 人员经费
    (made up for the contrast) does."""
    from analysis.extract.model import Row
    from analysis.extract.narrative import narrative_facts
    text = ("（三）一般公共预算基本支出情况\n"
            "2020年基本支出7,942.58万元，其中：人员经费7,321.21万元，公用经费621.37万元。\n"
            "工资福利支出（301）7804.52万元,全部为人员经费。\n"
            "商品和服务支出（302）4464.76万元,其中：公用经费 621.37万元, 较上年减少 147.08万元， 属于人数减少的正常变化。\n"
            "对个人和家庭的补助（303）100151.38 万元,其中：人员经费 138.06 万元, 较上年增加 13.93万元，属于正常变化。\n")
    rows = [Row("text", (line,), n, 19) for n, line in enumerate(text.splitlines(), start=1)]
    stated = [(f.fact, f.amount_printed) for f in narrative_facts(rows) if f.fact in ("personnel", "public")]
    assert stated == [("personnel", "7,321.21万元"), ("public", "621.37万元")]


def test_a_subsidy_not_put_in_the_budget_left_it_to_a_place_not_said():
    """烟台 医疗保障局 2026 (p28): `…2026年城乡居民医疗保险中央和省级补助未列入年初预算。` says the subsidy
    left the budget, not that it went to the 年初预算."""
    from analysis.extract.model import Row
    from analysis.extract.narrative import narrative_facts
    text = ("3.收支预算减少的主要原因，2026年能力提升补助资金年初预算减少及2026年城乡居民医疗保险中央和省级补助"
            "未列入年初预算。\n")
    rows = [Row("text", (line,), n, 28) for n, line in enumerate(text.splitlines(), start=1)]
    shifts = [f for f in narrative_facts(rows) if f.fact == "subsidy_shift"]
    assert len(shifts) == 1 and shifts[0].text is None
