"""A run killed with SIGKILL leaves the previous output whole: the Parquet folder of
`budget extract` and the catalogue of `budget build`.

The run is paused at a chosen point by a wrapper that patches one function of the real
command (nothing in src/ knows about tests), then killed.
"""
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from analysis.catalogue.database import connect
from conftest import RAW, ROOT
from test_cli import digests, run

# Runs `budget ARGS...` with MODULE.NAME wrapped: after the wrapped function has been
# called CALLS times (before the call when CALLS is 0) it prints PAUSED and waits to be killed.
PAUSING_RUN = """
import importlib, sys, time
module_name, name, calls, *argv = sys.argv[1:]
module = importlib.import_module(module_name)
original, seen = getattr(module, name), [0]
def pause():
    print("PAUSED", flush=True)
    time.sleep(600)
def wrapped(*args, **kwargs):
    if seen[0] == int(calls):
        pause()
    seen[0] += 1
    return original(*args, **kwargs)
setattr(module, name, wrapped)
from analysis.cli import main
sys.exit(main(argv))
"""


def kill_when_paused(target: str, calls: int, *args: str) -> None:
    module, name = target.rsplit(".", 1)
    proc = subprocess.Popen([sys.executable, "-c", PAUSING_RUN, module, name, str(calls), *args],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.strip() == "PAUSED", f"the run ended without reaching {target}: {proc.stderr.read()[-500:]}"
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait() == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()


@pytest.fixture
def previous_run(tmp_path):
    """An output folder of one document, as a previous run left it."""
    first = tmp_path / "first"
    first.mkdir()
    shutil.copy(RAW / "004_2b42c7e91b774342.txt", first)
    out = tmp_path / "parquet"
    assert run("extract", str(first), "--out", str(out)).returncode == 0
    return out


def document_names(out: Path) -> list[str]:
    return [r[0] for r in duckdb.connect().execute(
        f"SELECT source_name FROM read_parquet('{out}/documents/**/*.parquet') ORDER BY 1").fetchall()]


@pytest.mark.parametrize("target, calls", [
    ("analysis.store.parquet_io._write_row_group", 5),  # five row groups written into staging, the others not yet
    ("analysis.store.parquet_io._swap_in", 0),  # every table written, not yet swapped in
])
def test_a_killed_extract_leaves_the_previous_tables_intact(previous_run, target, calls):
    before = digests(previous_run)
    kill_when_paused(target, calls, "extract", str(RAW), "--out", str(previous_run))
    assert digests(previous_run) == before
    assert document_names(previous_run) == ["004_2b42c7e91b774342.txt"]
    cells = duckdb.connect().execute(
        f"SELECT amount_wan FROM read_parquet('{previous_run}/totals/**/*.parquet') "
        "WHERE item = 'expenditure_total' AND scope = 'department'").fetchall()
    assert [str(c[0]) for c in cells] == ["1737.680000"]  # 支出总表 合计 of 004, line 148
    # the next run swaps in all four documents and removes what the killed run left
    assert run("extract", str(RAW), "--out", str(previous_run)).returncode == 0
    assert len(document_names(previous_run)) == 4
    assert [p.name for p in previous_run.parent.iterdir() if p.name.startswith(".")] == []


def test_a_killed_first_extract_leaves_no_output_folder(tmp_path):
    out = tmp_path / "parquet"
    kill_when_paused("analysis.store.parquet_io._write_row_group", 3, "extract", str(RAW), "--out", str(out))
    assert not out.exists()


def test_an_output_folder_with_other_files_is_not_replaced(tmp_path):
    (tmp_path / "notes.txt").write_text("my notes", encoding="utf-8")
    result = run("extract", str(RAW), "--out", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.strip() == (f"budget extract: --out {tmp_path} holds what budget extract did not write "
                                     "(notes.txt); give a new or empty folder")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_killed_build_leaves_the_previous_catalogue_intact(previous_run, tmp_path):
    db = tmp_path / "data" / "budget.duckdb"
    assert run("build", "--data", str(previous_run), "--db", str(db)).returncode == 0
    before = db.read_bytes()
    # killed with the contract views created and the analytical ones under way
    kill_when_paused("analysis.catalogue.database.analytical_views", 0, "build", "--data", str(previous_run), "--db", str(db))
    assert db.read_bytes() == before
    con = connect(db)
    assert con.execute("SELECT department_name, n_versions FROM document_departments").fetchall() == [
        ("朔州市平鲁区医疗保障局", 1)]
