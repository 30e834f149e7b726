"""Document metadata read from the pages: the province from the place names printed
(data/gazetteer.csv), the kind of budget the cover names."""
import pytest

from analysis.extract.metadata import budget_kind, infer_province
from analysis.extract.model import Row


def test_the_department_name_settles_a_county_name_two_provinces_share():
    # 西湖区 is a district of 杭州 (浙江) and of 南昌 (江西); 杭州市 before it decides
    assert infer_province("杭州市西湖区司法局", []) == (
        "Zhejiang", "浙江省",
        "department name contains 杭州市; department name contains 西湖区; department name starts with 杭州")


def test_place_names_in_the_prose_count_from_three_characters():
    prose = [Row("text", ("南昌市西湖区城区街道办事处转发的文件",), 1)]
    en, zh, basis = infer_province(None, prose)
    assert (en, zh) == ("Jiangxi", "江西省")
    assert basis == "text names 南昌市; text names 西湖区"  # not 城区: two characters
    assert infer_province(None, [Row("text", ("主城区改造项目",), 1)]) == (None, None, None)


def test_the_department_code_printed_beside_its_name_outside_the_tables():
    from analysis.extract.metadata import document_metadata
    cover = Row("text", ("杭州市西湖区司法局",), 1)
    listed = [cover, Row("table", ("单位编码", "单位名称"), 2), Row("table", ("024", "杭州市西湖区司法局"), 3)]
    assert (document_metadata(listed, []).department_code, document_metadata(listed, []).department_name) == (
        "024", "杭州市西湖区司法局")
    dashed = [cover, Row("text", ("一、部门职责",), 2), Row("text", ("314-杭州市 西湖区司法局",), 3)]
    assert document_metadata(dashed, []).department_code == "314"
    assert document_metadata([cover, Row("text", ("314-杭州市财政局",), 2)], []).department_code is None


@pytest.mark.parametrize("opening, kind", [
    ("无锡市交通运输局（本级）单位预算公开 无锡市交通运输局（本级）2026年度单位预算公开目录", "unit"),
    ("西安市民政局2021年部门综合预算 目录 第一部分 2021年年度部门工作任务 三、部门预算单位构成", "department"),
    ("2026年某某局部门预算 第一部分 部门概况 第二部分 部门所属单位预算", "department"),
    ("第二部分 部门所属单位预算", None),
    ("关于做好有关工作的通知", None),
])
def test_the_cover_says_whether_a_budget_is_a_departments_or_a_units(opening, kind):
    """Covers and contents of real budgets (无锡, 西安); a unit part of a department budget is not a unit budget."""
    assert budget_kind(opening) == kind


def test_the_department_named_on_the_cover_of_the_tables_without_its_qualifier():
    from analysis.extract.metadata import document_metadata
    # 西安: the explanation opens with `西安市审计局（汇总）`; the tables' cover, pages later, prints
    # `部门名称：西安市审计局（汇总）`; no table header names the department
    opening = [Row("text", ("西安市审计局（汇总）",), 1), Row("text", ("2026年部门预算公开说明",), 2)]
    assert document_metadata(opening, []).department_name == "西安市审计局"
    prose = [Row("text", (f"第{i}段说明文字，本部门预算收入。",), i) for i in range(1, 30)]
    cover = [Row("text", ("2026年部门综合预算公开报表",), 30), Row("text", ("部门名称：西安市信访局（汇总）",), 31)]
    assert document_metadata(prose + cover, []).department_name == "西安市信访局"
    # 2019: the cover opens the document, its label printed with the name
    labelled = [Row("text", ("附件2",), 1), Row("text", ("部门名称：西安市安全生产监督管理局",), 2)]
    assert document_metadata(labelled, []).department_name == "西安市安全生产监督管理局"
