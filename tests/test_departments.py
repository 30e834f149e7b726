"""Department keys on hand-written name variants."""
from analysis.catalogue.departments import (OTHER_TYPE, DepartmentPlace, department_key, department_type,
                                          department_types, document_department, is_plausible_name,
                                          name_from_file, place_of, type_of_department)


def key(name, province=None):
    return department_key(name, province).department_key


def test_full_and_shortened_names_of_one_department_share_a_key():
    variants = ["朔州市平鲁区医疗保障局", "平鲁区医疗保障局", "平鲁区医保局", "朔州市平鲁区医疗保障局（本级）",
                "朔州市 平鲁区 医疗保障局"]
    assert {key(v, "山西省") for v in variants} == {"140603-医疗保障局"}
    assert key("平鲁医保局", "山西省") == "140603-医疗保障局"  # a county short name, with its province known


def test_the_same_department_code_in_two_counties_gives_two_departments():
    # both print department code 450 in their table headers
    gaoyi, changli = key("高邑县医疗保障局", "河北省"), key("昌黎县医疗保障局", "河北省")
    assert gaoyi == "130127-医疗保障局" and changli == "130322-医疗保障局"


def test_a_city_bureau_is_not_one_of_its_districts():
    assert key("邢台市医疗保障局") == key("邢台市医保局") == "130500-医疗保障局"
    assert key("朔州市医疗保障局") != key("朔州市平鲁区医疗保障局")


def test_a_name_used_in_several_provinces_is_settled_by_the_province_or_the_city():
    assert key("鼓楼区医疗保障局", "福建省") == "350102-医疗保障局"
    assert key("南京市鼓楼区医疗保障局") == "320106-医疗保障局"
    assert key("徐州市鼓楼区医保局") == "320302-医疗保障局"
    jiangsu = department_key("鼓楼区医疗保障局", "江苏省")  # 南京 and 徐州 both have one
    assert jiangsu.ambiguous and not department_key("南京市鼓楼区医疗保障局").ambiguous


def test_other_departments_of_one_county_differ_and_types_are_written_out():
    assert key("北京市朝阳区卫健委") == key("朝阳区卫生健康委员会", "北京市") == "110105-卫生健康委员会"
    assert key("高邑县财政局", "河北省") != key("高邑县医疗保障局", "河北省")
    assert department_type("人社局") == "人力资源和社会保障局"


def test_common_words_are_not_places():
    # 公安 is a county's short name (公安县), 中西 one in Taiwan and Hong Kong
    assert department_key("公安局").division_code is None
    assert department_key("中西医结合医院").division_code is None
    assert key("医疗保障局", "河北省") == "unplaced-河北省-医疗保障局"


def test_fragments_of_a_page_are_not_department_names():
    for fragment in (",500.0015,500.00", ".7039.70", "二、2026年湖州市退役军人事务局", "部门名称：西安市安全生产监督管理局",
                     None):
        assert not is_plausible_name(fragment), fragment
    assert is_plausible_name("无锡市交通运输局（本级）") and is_plausible_name("中共西安市委宣传部")


def test_an_implausible_name_is_shown_unnamed_and_keyed_by_its_file_name():
    shown = document_department("d1", "部门名称：西安市安全生产监督管理局", "陕西省", "020_西安__2026年西安市公安局部门预算.pdf")
    assert shown.display_name == "unnamed (file 020_西安__2026年西安市公安局部门预算.pdf)"
    assert (shown.department_key, shown.department_category, shown.place_prefecture) == ("610100-公安局", "公安局", "西安市")
    assert name_from_file("020_西安__应急管理局_2026年部门预算.pdf") == "西安应急管理局"
    assert document_department("d2", ",500.00", None, "scan001.pdf").department_key == "unnamed-d2"


def test_types_of_the_documented_list_group_name_variants():
    assert type_of_department(department_type("医保局")) == "医疗保障局"
    assert type_of_department("规划和自然资源局") == type_of_department("自然资源和规划局") == "自然资源局"
    assert type_of_department("科技创新局") == "科学技术局"
    assert type_of_department(department_key("中共西安市委宣传部").department_type) == "宣传部"
    assert type_of_department("职业教育基地综合协调办公室") == OTHER_TYPE == department_types()[-1]


def test_place_names_province_prefecture_county_and_level():
    assert place_of(department_key("朔州市平鲁区医保局").division_code) == DepartmentPlace("山西省", "朔州市", "平鲁区", "县")
    assert place_of(department_key("邢台市医疗保障局").division_code) == DepartmentPlace("河北省", "邢台市", None, "市")
    assert place_of(department_key("重庆市水利局").division_code) == DepartmentPlace("重庆市", None, None, "省")
    assert place_of(None, "河北省") == DepartmentPlace("河北省", None, None, None)
