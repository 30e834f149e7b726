"""Department keys on hand-written name variants."""
from analysis.catalogue.departments import department_key, department_type


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
