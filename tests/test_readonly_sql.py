"""`budget sql` reads and only reads; `budget lab` starts JupyterLab in notebooks/."""
import csv
import json
import os
import subprocess
import sys

import pyarrow.parquet as pq
import pytest

from analysis.cli import main


@pytest.fixture(scope="module")
def db(catalogue_project):
    return catalogue_project / "data" / "budget.duckdb"


def budget_sql(db, capsys, *args):
    code = main(["sql", *args, "--db", str(db)])
    out, err = capsys.readouterr()
    return code, out, err


def csv_rows(text):
    return list(csv.reader(text.splitlines()))


def test_a_query_prints_a_readable_table_from_any_folder(db, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = budget_sql(db, capsys, "SELECT department_name, expenditure_total_wan FROM department_year "
                                          "WHERE basis = 'printed' ORDER BY department_name")
    assert code == 0
    assert "高邑县医疗保障局" in out and "2654.58" in out and "decimal(18,6)" in out
    assert os.getcwd() == str(tmp_path)


def test_csv_json_and_parquet_output(db, capsys, tmp_path):
    sql = "SELECT department_name, staff_authorised FROM department_year WHERE basis = 'printed' ORDER BY department_name"
    code, out, _ = budget_sql(db, capsys, sql, "--csv")
    assert code == 0 and csv_rows(out)[0] == ["department_name", "staff_authorised"]
    assert ["朔州市平鲁区医疗保障局", "36"] in csv_rows(out)  # 004 line 52: 编制人数36人
    code, out, _ = budget_sql(db, capsys, "SELECT expenditure_total_wan FROM department_year "
                                          "WHERE department_name = '高邑县医疗保障局' AND basis = 'printed'", "--json")
    assert code == 0 and json.loads(out) == [{"expenditure_total_wan": "2654.580000"}]
    target = tmp_path / "panel.parquet"
    code, out, _ = budget_sql(db, capsys, sql, "--out", str(target))
    assert code == 0 and pq.read_table(target).num_rows == 4


def test_files_of_the_data_folder_can_be_read(db, capsys):
    code, out, _ = budget_sql(db, capsys,
                              "SELECT count(*) AS n FROM read_parquet('data/parquet/documents/**/*.parquet')", "--csv")
    assert (code, csv_rows(out)) == (0, [["n"], ["4"]])


@pytest.mark.parametrize("sql, says", [
    ("CREATE TABLE t AS SELECT 1", "CREATE statements are not allowed"),
    ("INSERT INTO data_dictionary SELECT * FROM data_dictionary", "INSERT statements are not allowed"),
    ("DROP VIEW documents", "DROP statements are not allowed"),
    ("ATTACH 'data/other.duckdb' AS other", "ATTACH statements are not allowed"),
    ("COPY (SELECT 1) TO 'data/out.csv'", "COPY statements are not allowed"),
    ("EXPORT DATABASE 'data/export'", "EXPORT statements are not allowed"),
    ("INSTALL httpfs", "LOAD statements are not allowed"),
    ("LOAD httpfs", "LOAD statements are not allowed"),
    ("SET enable_external_access = true", "SET statements are not allowed"),
    ("SELECT 1; DROP VIEW documents", "one statement at a time"),
    ("SELECT * FROM read_csv('/etc/passwd')", "Cannot access file \"/etc/passwd\""),
    ("SELECT * FROM read_text('README.md')", "Cannot access file \"README.md\""),
    ("SELECT * FROM read_parquet('../elsewhere/*.parquet')", "Cannot access file"),
    ("SELECT * FROM glob('/*')", "Cannot access file \"/*\""),
])
def test_anything_but_reading_the_project_data_is_refused(db, capsys, sql, says):
    before = db.read_bytes()
    code, out, err = budget_sql(db, capsys, sql)
    assert code == 2 and out == ""
    assert err.startswith("budget sql: refused: ") and says in err and err.count("\n") == 1
    assert db.read_bytes() == before
    assert not any((db.parent / name).exists() for name in ("out.csv", "export", "other.duckdb"))


def test_a_pragma_that_changes_settings_meets_the_locked_configuration(db, capsys):
    code, _, err = budget_sql(db, capsys, "PRAGMA enable_profiling")
    assert code == 1 and "configuration has been locked" in err
    code, out, _ = budget_sql(db, capsys, "PRAGMA show_tables", "--csv")
    assert code == 0 and ["department_year"] in csv_rows(out)


def test_no_catalogue_says_so(tmp_path, capsys):
    code, _, err = budget_sql(tmp_path / "missing.duckdb", capsys, "SELECT 1")
    assert code == 1 and "run `budget build` first" in err


def test_lab_runs_jupyterlab_in_notebooks_and_builds_a_missing_catalogue(tmp_path):
    env = {**os.environ, "BUDGET_ROOT": str(tmp_path)}
    out = subprocess.run([sys.executable, "-m", "analysis.cli", "lab", "--dry-run"], env=env,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    build_line, command = out.stdout.splitlines()
    assert build_line == f"budget lab: would build {tmp_path}/data/budget.duckdb from {tmp_path}/data/parquet/"
    assert command.endswith(f"-m jupyterlab --ServerApp.root_dir={tmp_path}/notebooks")


def test_lab_on_another_extraction_opens_the_catalogue_beside_its_parquet(tmp_path):
    """`budget lab --data DIR` (a user's own extraction): the notebooks read DIR/../budget.duckdb,
    built first when it is missing; `--db FILE` names a catalogue built elsewhere."""
    parquet = tmp_path / "mine" / "parquet"
    parquet.mkdir(parents=True)
    out = subprocess.run([sys.executable, "-m", "analysis.cli", "lab", "--data", str(parquet), "--dry-run"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    build_line, command = out.stdout.splitlines()
    assert build_line == f"budget lab: would build {tmp_path}/mine/budget.duckdb from {parquet}/"
    assert command.startswith(f"BUDGET_CATALOGUE={tmp_path}/mine/budget.duckdb ")
    missing = subprocess.run([sys.executable, "-m", "analysis.cli", "lab", "--db", str(tmp_path / "none.duckdb"),
                              "--dry-run"], capture_output=True, text=True)
    assert missing.returncode == 1 and "none.duckdb" in missing.stderr
