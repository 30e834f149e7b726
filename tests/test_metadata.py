"""The province of a document, from the place names it prints (data/gazetteer.csv)."""
from analysis.extract.metadata import infer_province
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
