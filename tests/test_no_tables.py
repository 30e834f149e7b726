"""Budgets that print no standard tables are kept for what they print: an explanation-only
budget (情况说明, its tables published apart) gets its documents row and the figures of its
text, a file of performance goals alone its projects and indicators. The figures are read by
hand from the pages of ../shared/real-no-tables (tests/fixtures/real_no_tables/)."""
from decimal import Decimal
from pathlib import Path

import pytest

from analysis.store.document_records import ExtractError, extract_document
from conftest import FIXTURES, ROOT, read_csv
from mutations import document

NO_TABLES = ROOT.parent / "shared" / "real-no-tables"
FACTS = read_csv(FIXTURES / "real_no_tables" / "facts.csv")
EXPLANATION_ONLY = sorted({r["file"] for r in FACTS})
PERFORMANCE = read_csv(FIXTURES / "real_no_tables" / "performance.csv")

needs_shared = pytest.mark.skipif(not NO_TABLES.is_dir(), reason=f"{NO_TABLES} is not there (../shared absent)")
_cache: dict[str, dict] = {}


def records(name: str) -> dict:
    if name not in _cache:
        from analysis.store.document_records import extract_file
        _cache[name] = extract_file(NO_TABLES / name, name).records
    return _cache[name]


@needs_shared
@pytest.mark.parametrize("name", EXPLANATION_ONLY)
def test_an_explanation_only_budget_gets_its_document_row(name):
    want = {r["fact"]: r["amount_printed"] for r in FACTS if r["file"] == name}
    doc = records(name)["documents"][0]
    assert (doc["department_name"], doc["budget_year"], doc["amount_unit"], doc["contents"], doc["standard_tables"]) \
        == (want["department_name"], int(want["budget_year"]), "万元", "explanation_only", 0)


@needs_shared
@pytest.mark.parametrize("name", EXPLANATION_ONLY)
def test_the_figures_of_its_text_are_read_with_their_page(name):
    facts = records(name)["narrative_facts"]
    first = {}
    for f in facts:
        first.setdefault(f["fact"], f)
    expected = [r for r in FACTS if r["file"] == name and r["fact"] not in ("department_name", "budget_year")]
    got = [(r["fact"], first[r["fact"]]["amount_printed"], first[r["fact"]]["source_page"])
           if r["fact"] in first else (r["fact"], None, None) for r in expected]
    assert got == [(r["fact"], r["amount_printed"] + "万元", int(r["page"])) for r in expected]
    assert all(first[r["fact"]]["sentence"] for r in expected)


@needs_shared
@pytest.mark.parametrize("name", EXPLANATION_ONLY)
def test_last_years_figure_and_the_change_are_read_where_the_text_states_them(name):
    changes = {f["fact"]: f for f in records(name)["narrative_facts"] if f["fact"].endswith("_change")}
    for row in (r for r in FACTS if r["file"] == name and r["change_wan"]):
        change = changes[row["fact"].removesuffix("_total") + "_change"]
        sign = -1 if row["direction"] == "减少" else 1
        assert change["amount_wan"] == sign * Decimal(row["change_wan"].replace(",", "")), row["fact"]
        assert change["percent"] == sign * float(row["change_percent"]), row["fact"]
        assert change["previous_wan"] == (Decimal(row["prior_year_wan"]) if row["prior_year_wan"] else None)


@needs_shared
@pytest.mark.parametrize("name", EXPLANATION_ONLY)
def test_it_is_not_faulted_for_the_tables_published_apart(name):
    checks = records(name)["checks"]
    assert not [c for c in checks if c["check_id"] == "disclosure_table_present"]
    assert [c["status"] for c in checks if c["check_id"] == "disclosure_section_present"].count("ok") >= 6


# the PDF's text layer places the subscript of PM2.5 inside the next word (PM年均浓度；实2.5施周期…),
# which hides that indicator from the packed-cell reading: a reader defect, not the page's
_SUBSCRIPT_MISREAD = "大气污染防治运行保障服务与应对气候变化项目"


@needs_shared
def test_a_file_of_performance_goals_alone_keeps_its_projects():
    got = records(PERFORMANCE[0]["file"])
    assert (got["documents"][0]["contents"], got["documents"][0]["department_name"]) == (
        "performance_only", "广州市生态环境局")
    assert len(got["projects"]) == 300  # counted on the pages, twice


@needs_shared
@pytest.mark.parametrize("want", [
    pytest.param(w, marks=pytest.mark.xfail(strict=True, reason="subscript read out of place"))
    if w["project_name"] == _SUBSCRIPT_MISREAD else w for w in PERFORMANCE], ids=lambda w: w["page_first"])
def test_its_projects_keep_their_budgets_and_indicators(want):
    got = records(want["file"])
    project = next(p for p in got["projects"] if p["project_name"] == want["project_name"]
                   and p["source_page"] == int(want["page_first"]))
    assert project["budget_printed"] == want["budget_printed"]
    mine = [i for i in got["indicators"] if i["project_no"] == project["project_no"]]
    assert len(mine) == int(want["n_indicators"])
    assert (mine[0]["level3"], mine[0]["target_printed"]) == (want["first_indicator_name"],
                                                              want["first_indicator_target"])


def test_a_text_that_states_no_budget_figure_is_still_refused():
    text = "关于某某事项的通知\n各单位：请按要求做好有关工作。\n"
    with pytest.raises(ExtractError, match="not a 部门预算 document"):
        extract_document(document(text, "notice.txt"))


def test_a_final_accounts_explanation_is_refused_as_such():
    text = ("某某县医疗保障局2025年度部门决算\n一、收入支出决算总体情况说明\n"
            "2025年度收入总计1,234.56万元，支出总计1,234.56万元。\n")
    with pytest.raises(ExtractError, match="final-accounts"):
        extract_document(document(text, "final.txt"))


def test_an_explanation_only_rendering_reads_its_figures():
    """A small excerpt in the shape of the explanation-only template (headings that name the
    subject of the next sentence, 年初预算数 as last year's figure)."""
    text = ("某某市民政局2026年度部门预算信息公开\n第一部分 2026年度部门预算情况说明\n"
            "二、收入预算情况说明\n"
            "2026年度收入预算69043.50万元，比2025年年初预算数67000.00万元增加2043.50万元，增长3.05%。\n"
            "三、支出预算情况说明\n"
            "（一）基本支出。基本支出预算40000.00万元，占本年支出预算57.94%。\n"
            "四、财政拨款“三公”经费预算情况说明\n"
            "2026年财政拨款“三公”经费预算282.16万元，比2025年财政拨款“三公”经费年初预算增加33.50万元，增长13.47%。\n"
            "（一）因公出国（境）费用。2026年预算数12.00万元，主要用于出访。\n"
            "（三）公务用车购置和运行维护费。2026年预算数260.16万元，包括公务用车购置费预算100.00万元、"
            "公务用车运行维护费预算160.16万元。\n")
    got = extract_document(document(text, "explanation.txt")).records
    assert got["documents"][0]["contents"] == "explanation_only"
    assert got["documents"][0]["department_name"] == "某某市民政局"
    facts = {f["fact"]: (f["amount_wan"], f["previous_wan"]) for f in got["narrative_facts"]}
    assert facts["income_total"] == (Decimal("69043.5"), None)
    assert facts["income_change"] == (Decimal("2043.5"), Decimal("67000"))
    assert facts["three_public_change"] == (Decimal("33.5"), None)
    assert facts["three_public_outbound"][0] == Decimal(12)
    assert facts["three_public_vehicle"][0] == Decimal("260.16")
    assert facts["three_public_vehicle_operation"][0] == Decimal("160.16")
    assert facts["basic"][0] == Decimal(40000)
