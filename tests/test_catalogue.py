"""The DuckDB catalogue: its views hold the figures read by hand from the sample documents."""
import os
import warnings
import shutil
import subprocess
import sys
from decimal import Decimal

import duckdb
import pytest

from analysis.catalogue import database
from analysis.catalogue.database import build, connect, department_keys
from analysis.cli import main
from analysis.store.schema import TABLES
from conftest import FIXTURES, RAW, read_csv, wan

SEEDS = FIXTURES / "seeds"


@pytest.fixture(scope="module")
def project(catalogue_project):
    return catalogue_project


@pytest.fixture(scope="module")
def con(project):
    con = connect(project / "data" / "budget.duckdb")
    yield con
    con.close()


def rows(con, sql, *params):
    cur = con.execute(sql, list(params))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def panel(con, sample, basis="printed"):
    found = rows(con, "SELECT y.* FROM department_year y JOIN documents d USING (doc_id) "
                      "WHERE d.source_name = ? AND y.basis = ?", f"{sample}.txt", basis)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("sample", sorted(p.name for p in SEEDS.iterdir() if p.is_dir()))
def test_printed_panel_row_holds_the_hand_read_figures(con, sample):
    meta = read_csv(SEEDS / sample / "documents.csv")[0]
    unit = meta["amount_unit"]
    totals = {r["item"]: wan(r["amount"], unit) for r in read_csv(SEEDS / sample / "totals.csv")}
    row = panel(con, sample)
    assert (row["department_name"], row["budget_year"]) == (meta["department_name"], int(meta["budget_year"]))
    assert row["expenditure_total_wan"] == totals["expenditure_total"]
    assert row["basic_total_wan"] == totals["basic_total"]
    assert row["project_total_wan"] == totals["project_total"]
    assert row["personnel_wan"] == totals["personnel_total"]
    assert row["public_wan"] == totals["public_total"]
    assert row["personnel_share"] == pytest.approx(
        float(totals["personnel_total"] / (totals["personnel_total"] + totals["public_total"])))
    functional = {r["code"]: r for r in read_csv(SEEDS / sample / "functional_expenditure.csv")}
    for column, code in (("insurance_subsidy_wan", "21012"), ("medical_assistance_wan", "21013")):
        expected = wan(functional[code]["total"], unit) if code in functional else None
        assert row[column] == expected, column  # NULL where the 支出总表 has no such row
    three = {r["item"]: wan(r["amount"], r["unit"]) for r in read_csv(SEEDS / sample / "three_public.csv")}
    assert row["three_public_wan"] == three["total"]
    text = {r["fact"]: r["amount"] for r in read_csv(SEEDS / sample / "narrative_facts.csv")}
    assert row["agency_operating_wan"] == Decimal(text["agency_operating"])


def test_staffing_as_the_text_states_it(con):
    # 004 line 52: 编制人数36人，实有在职职工人数79人; 003 line 333: 机关编制24名, no head count
    row = panel(con, "004_2b42c7e91b774342")
    assert (row["staff_authorised"], row["staff_actual"]) == (36, 79)
    row = panel(con, "003_0009a8a70f279992")
    assert (row["staff_authorised"], row["staff_actual"]) == (24, None)


def test_last_year_derived_from_the_stated_changes(con):
    # 000 line 430: 2654.58万元，较上年全年预算减少165.01万元 … 基本支出减少43.61万元 … 项目支出减少30.9万元;
    # line 438: “三公”经费 1.05万元，与上年相比减少0.03万元
    row = panel(con, "000_09a266ca87a25e76", "derived")
    assert row["budget_year"] == 2025
    assert row["expenditure_total_wan"] == Decimal("2819.59")
    assert row["basic_total_wan"] == Decimal("287.49")
    assert row["project_total_wan"] == Decimal("2441.6")
    assert row["three_public_wan"] == Decimal("1.08")
    assert row["personnel_wan"] is None and row["insurance_subsidy_wan"] is None
    # 003 line 376: 874.96 万元，较 2020 年 826.46 万元增加 48.5 万元，其中基本支出增加 26.5 万元，项目支出增加 22 万元;
    # line 384: 较 2020 年预算 18.8 万元减少 16.8 万元
    row = panel(con, "003_0009a8a70f279992", "derived")
    assert row["budget_year"] == 2020
    assert (row["expenditure_total_wan"], row["basic_total_wan"], row["project_total_wan"]) == (
        Decimal("826.46"), Decimal("768.46"), Decimal("58"))
    assert row["three_public_wan"] == Decimal("18.8")
    # 004 line 392: 支出总计1,737.68万元 … 比上年减少379.01万元; line 437: 机关运行经费 53.44万元，比2025年预算增加1.21万元
    row = panel(con, "004_2b42c7e91b774342", "derived")
    assert (row["budget_year"], row["expenditure_total_wan"], row["agency_operating_wan"]) == (
        2025, Decimal("2116.69"), Decimal("52.23"))
    assert row["basic_total_wan"] is None


def test_one_panel_row_per_department_year_and_basis(con):
    assert rows(con, "SELECT count(*) AS n, count(DISTINCT (department_key, budget_year, basis)) AS keys "
                     "FROM department_year") == [{"n": 8, "keys": 8}]


def test_departments_sharing_a_code_stay_apart(con):
    found = rows(con, "SELECT department_key, department_name, n_documents, first_year, last_year "
                      "FROM departments ORDER BY department_name")
    assert len(found) == 4
    by_name = {r["department_name"]: r for r in found}
    # 000 and 001 both print department code 450
    assert by_name["高邑县医疗保障局"]["department_key"] != by_name["昌黎县医疗保障局"]["department_key"]
    assert by_name["朔州市平鲁区医疗保障局"]["first_year"] == 2026


def test_check_summary_counts_the_known_contradictions(con):
    # the 10 mismatches of the sample, each read by hand in the documents (closing note of issues 3 and 4)
    found = {r["source_name"][:3]: r for r in rows(con, "SELECT * FROM check_summary")}
    assert {k: r["n_mismatch"] for k, r in found.items()} == {"000": 1, "001": 2, "003": 4, "004": 3}
    assert found["000"]["mismatch_ids"] == "change_components"
    assert found["001"]["mismatch_ids"] == "project_cost_indicator"
    assert found["004"]["mismatch_ids"] == "projects_budget_total,staffing_consistent"


def test_subsidy_views(con):
    # 004 lines 390 and 392: 补助的预算列入财政社保股，没有列入本单位预算
    shifts = rows(con, "SELECT department_name, budget_year, text, source_line FROM subsidy_shifts")
    assert shifts == [{"department_name": "朔州市平鲁区医疗保障局", "budget_year": 2026, "text": "财政社保股",
                       "source_line": line} for line in (390, 392)]
    subsidy = rows(con, "SELECT code, total_wan FROM insurance_subsidy WHERE department_name = '高邑县医疗保障局'")
    expected = {r["code"]: wan(r["total"], "万元")
                for r in read_csv(SEEDS / "000_09a266ca87a25e76" / "functional_expenditure.csv")
                if r["code"].startswith(("21012", "21013"))}
    assert {r["code"]: r["total_wan"] for r in subsidy} == expected


def test_indicator_quality_per_project_and_department(con):
    for sample in sorted(p.name for p in SEEDS.iterdir() if p.is_dir()):
        want = read_csv(SEEDS / sample / "projects.csv")
        got = rows(con, "SELECT q.project_no, q.n_indicators FROM indicator_quality_project q "
                        "JOIN documents d USING (doc_id) WHERE d.source_name = ? ORDER BY q.project_no", f"{sample}.txt")
        assert [(r["project_no"], r["n_indicators"]) for r in got] == [
            (int(w["project_no"]), int(w["indicator_count"])) for w in want], sample
    # 001: the 代办员 projects 1 and 6 state cost caps of 5元 and 120元 against budgets of 5万元
    got = rows(con, "SELECT project_no FROM indicator_quality_project "
                    "WHERE department_name = '昌黎县医疗保障局' AND n_cost_inconsistent > 0")
    assert [r["project_no"] for r in got] == [1, 6]
    departments = rows(con, "SELECT department_name, n_projects FROM indicator_quality_department")
    assert {r["department_name"]: r["n_projects"] for r in departments} == {
        "高邑县医疗保障局": 8, "昌黎县医疗保障局": 8, "邢台市医疗保障局": 1, "朔州市平鲁区医疗保障局": 7}


def test_two_versions_of_one_department_year_the_panel_keeps_one(tmp_path, capsys):
    docs = tmp_path / "raw"
    docs.mkdir()
    shutil.copy(RAW / "000_09a266ca87a25e76.txt", docs / "a.txt")
    (docs / "b.txt").write_bytes((RAW / "000_09a266ca87a25e76.txt").read_bytes() + b"\n")  # another SHA-256
    assert main(["extract", str(docs), "--out", str(tmp_path / "data" / "parquet")]) == 0
    capsys.readouterr()
    assert main(["build", "--data", str(tmp_path / "data" / "parquet"), "--db", str(tmp_path / "data" / "budget.duckdb")]) == 0
    warned = [line for line in capsys.readouterr().err.splitlines() if "documents" in line]
    assert warned == ["budget build: 130127-医疗保障局 2026: 2 documents (a.txt, b.txt); the panel uses b.txt"]
    with connect(tmp_path / "data" / "budget.duckdb") as c:
        versions = rows(c, "SELECT source_name, is_current, n_versions FROM document_departments ORDER BY source_name")
        assert versions == [{"source_name": "a.txt", "is_current": False, "n_versions": 2},
                            {"source_name": "b.txt", "is_current": True, "n_versions": 2}]
        assert rows(c, "SELECT count(*) AS n FROM department_year WHERE basis = 'printed'") == [{"n": 1}]
        assert rows(c, "SELECT n_documents FROM departments") == [{"n_documents": 2}]


def test_data_dictionary_describes_contract_tables_and_views(con):
    contract = rows(con, "SELECT table_name, column_name FROM data_dictionary WHERE layer = 1")
    assert {(r["table_name"], r["column_name"]) for r in contract} == {
        (t.name, c.name) for t in TABLES for c in t.columns}
    views = {r["table_name"]: r["description"] for r in
             rows(con, "SELECT table_name, description FROM data_dictionary WHERE column_name IS NULL")}
    assert set(views) == {"departments", "document_departments", "department_year", "insurance_subsidy",
                          "subsidy_shifts", "indicator_quality_project", "indicator_quality_department",
                          "check_summary"}
    assert views["check_summary"].startswith("One row per document")
    assert "'derived'" in views["department_year"]


def test_the_catalogue_survives_moving_the_project_folder(project, tmp_path):
    moved = tmp_path / "elsewhere" / "project"
    shutil.copytree(project, moved)
    os.rename(project / "data" / "parquet", project / "data" / "parquet.moved")  # the old copy is gone
    try:
        with connect(moved / "data" / "budget.duckdb") as c:
            assert c.execute("SELECT count(*) FROM department_year WHERE basis = 'printed'").fetchone() == (4,)
        # the duckdb CLI, started in the project folder, needs no settings
        probe = ("import duckdb; c = duckdb.connect('data/budget.duckdb', read_only=True); "
                 "print(c.execute('SELECT count(*) FROM documents').fetchone()[0])")
        out = subprocess.run([sys.executable, "-c", probe], cwd=moved, capture_output=True, text=True)
        assert out.stdout.strip() == "4", out.stderr
    finally:
        os.rename(project / "data" / "parquet.moved", project / "data" / "parquet")


def test_a_failed_build_leaves_the_previous_catalogue(project, monkeypatch):
    db = project / "data" / "budget.duckdb"
    before = db.read_bytes()

    def broken():
        raise RuntimeError("view file unreadable")

    monkeypatch.setattr(database, "analytical_views", broken)
    with pytest.raises(RuntimeError):
        build(project / "data" / "parquet", db)
    assert db.read_bytes() == before
    assert [p.name for p in db.parent.iterdir() if p.name.endswith(".building")] == []


def test_build_without_parquet_says_what_to_run(tmp_path, capsys):
    assert main(["build", "--data", str(tmp_path / "nothing"), "--db", str(tmp_path / "c.duckdb")]) == 1
    assert "run `budget extract" in capsys.readouterr().err
    assert not (tmp_path / "c.duckdb").exists()


def test_connect_warns_when_the_parquet_changed_after_the_build(tmp_path):
    assert main(["extract", str(RAW / "000_09a266ca87a25e76.txt"), "--out", str(tmp_path / "data" / "parquet")]) == 0
    build(tmp_path / "data" / "parquet", tmp_path / "data" / "budget.duckdb")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        connect(tmp_path / "data" / "budget.duckdb").close()
    assert main(["extract", str(RAW / "001_dcb022360a949ccc.txt"), "--out", str(tmp_path / "data" / "parquet")]) == 0
    with pytest.warns(UserWarning, match="run `budget build`"):
        connect(tmp_path / "data" / "budget.duckdb").close()


def test_a_document_without_a_department_name_is_a_department_of_its_own():
    keys = department_keys([("a", None, None, "a.txt"), ("b", "高邑县医疗保障局", "河北省", "b.txt")]).to_pylist()
    assert [(k["department_key"], k["division_code"]) for k in keys] == [("unnamed-a", None),
                                                                         ("130127-医疗保障局", "130127")]


def test_an_extraction_where_every_document_failed_still_builds(tmp_path):
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "empty.txt").write_bytes(b"")
    assert main(["extract", str(tmp_path / "raw"), "--out", str(tmp_path / "data" / "parquet")]) == 1
    build(tmp_path / "data" / "parquet", tmp_path / "data" / "budget.duckdb")
    with connect(tmp_path / "data" / "budget.duckdb") as c:
        assert c.execute("SELECT count(*) FROM department_year").fetchall() == [(0,)]
        assert c.execute("SELECT count(*) FROM extract_errors").fetchall() == [(1,)]


def test_every_department_year_carries_its_place_type_and_data_quality(con):
    found = {r["display_name"]: r for r in rows(con, "SELECT * FROM department_year WHERE basis = 'printed'")}
    pinglu = found["朔州市平鲁区医疗保障局"]
    assert (pinglu["place_province"], pinglu["place_prefecture"], pinglu["place_county"], pinglu["place_level"]) == (
        "山西省", "朔州市", "平鲁区", "县")
    assert found["邢台市医疗保障局"]["place_level"] == "市"
    assert {r["department_category"] for r in found.values()} == {"医疗保障局"}
    assert {r["budget_kind"] for r in found.values()} == {"department"}
    # 000 (高邑): its tables add up; its text states one change that does not (change_components)
    gaoyi = found["高邑县医疗保障局"]
    assert (gaoyi["reconciled"], gaoyi["n_mismatch"], gaoyi["n_tables_missing"]) == (True, 1, 0)
    quality = rows(con, "SELECT n_identity_mismatch, mismatch_ids FROM check_summary WHERE source_name LIKE '000%'")
    assert quality == [{"n_identity_mismatch": 0, "mismatch_ids": "change_components"}]
    summary = rows(con, "SELECT mismatches_by_check FROM check_summary WHERE source_name LIKE '003%'")
    assert summary == [{"mismatches_by_check": "indicator_targets_agree ×2, disclosure_empty_note ×1, text_fixed_assets ×1"}]
