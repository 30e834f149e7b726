"""`budget extract` end to end: contract tables, reproducibility, bad input."""
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from analysis.store.schema import TABLES
from conftest import ROOT, RAW

BUDGET = [sys.executable, "-m", "analysis.cli"]


def run(*args, cwd=ROOT):
    return subprocess.run([*BUDGET, *args], cwd=cwd, capture_output=True, text=True)


def digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*.parquet"))}


@pytest.fixture(scope="module")
def sample_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = run("extract", str(RAW), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def test_every_contract_table_is_readable_with_duckdb(sample_out):
    con = duckdb.connect()
    for table in TABLES:
        cur = con.execute(f"SELECT * FROM read_parquet('{sample_out}/{table.name}/**/*.parquet') LIMIT 0")
        columns = [c.name for c in table.columns]
        # tables of documents are partitioned by budget year: DuckDB adds the hive column
        hive = ["year"] if "doc_id" in columns and table.name != "extract_errors" else []
        assert [d[0] for d in cur.description] == columns + [h for h in hive if h not in columns]
    docs = con.execute(f"SELECT count(*) FROM read_parquet('{sample_out}/documents/**/*.parquet')").fetchone()[0]
    assert docs == len(list(RAW.glob("*.txt")))
    typ = con.execute(f"SELECT typeof(amount_wan) FROM read_parquet('{sample_out}/totals/**/*.parquet') LIMIT 1").fetchone()
    assert typ == ("DECIMAL(18,6)",)
    # the contract's INTEGER, not a type guessed from the partition folders' names
    years = con.execute(f"SELECT DISTINCT typeof(budget_year), budget_year FROM "
                        f"read_parquet('{sample_out}/documents/**/*.parquet') ORDER BY 2").fetchall()
    assert years == [("INTEGER", 2021), ("INTEGER", 2024), ("INTEGER", 2026)]


def test_output_folder_keeps_its_placeholder_file(tmp_path):
    """data/parquet/ ships with a .gitkeep: extracting into it works and keeps it, run after run."""
    out = tmp_path / "parquet"
    out.mkdir()
    (out / ".gitkeep").write_text("")
    for _ in range(2):
        result = run("extract", str(RAW / "004_2b42c7e91b774342.txt"), "--out", str(out))
        assert result.returncode == 0, result.stderr
        assert (out / ".gitkeep").is_file()
    (out / "notes.txt").write_text("mine")
    result = run("extract", str(RAW / "004_2b42c7e91b774342.txt"), "--out", str(out))
    assert result.returncode == 2 and "notes.txt" in result.stderr


def test_every_row_has_provenance(sample_out):
    con = duckdb.connect()
    for table in TABLES:
        names = [c.name for c in table.columns]
        if "source_line" in names:
            n = con.execute(f"SELECT count(*) FROM read_parquet('{sample_out}/{table.name}/**/*.parquet') "
                        "WHERE source_line IS NULL AND source_page IS NULL").fetchone()[0]
            assert n == 0, table.name


def test_rerun_gives_byte_identical_parquet(sample_out, tmp_path):
    result = run("extract", str(RAW), "--out", str(tmp_path))
    assert result.returncode == 0
    assert digests(tmp_path) == digests(sample_out)


def test_a_bad_document_costs_nobody_else_their_data(tmp_path):
    docs = tmp_path / "in"
    docs.mkdir()
    shutil.copy(RAW / "000_09a266ca87a25e76.txt", docs / "good.txt")
    (docs / "empty.txt").write_bytes(b"")
    (docs / "not a budget.txt").write_text("会议纪要\n\n今天开会讨论了工作。\n", encoding="utf-8")
    (docs / "binary.txt").write_bytes(bytes(range(256)) * 4)
    result = run("extract", str(docs), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("budget extract:")]
    assert len(errors) == 3 and all("\n" not in e for e in errors)
    assert any("empty.txt: empty file" in e for e in errors)
    assert any("not a budget.txt" in e and "no standard budget table" in e for e in errors)
    con = duckdb.connect()
    out = tmp_path / "out"
    assert con.execute(f"SELECT count(*) FROM read_parquet('{out}/extract_errors/**/*.parquet')").fetchone()[0] == 3
    names = con.execute(f"SELECT source_name FROM read_parquet('{out}/documents/**/*.parquet')").fetchall()
    assert names == [("good.txt",)]
    n = con.execute(f"SELECT count(*) FROM read_parquet('{out}/functional_expenditure/**/*.parquet')").fetchone()[0]
    assert n == 23  # the 23 functional rows of its 支出总表


def test_encodings_and_line_endings_give_the_same_figures(tmp_path):
    text = (RAW / "003_0009a8a70f279992.txt").read_text(encoding="utf-8")
    variants = {"gb.txt": text.encode("gb18030"), "bom.txt": b"\xef\xbb\xbf" + text.encode("utf-8"),
                "crlf.txt": text.replace("\n", "\r\n").encode("utf-8"), "u16.txt": text.encode("utf-16")}
    for name, data in variants.items():
        (tmp_path / name).write_bytes(data)
    result = run("extract", str(tmp_path), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    con = duckdb.connect()
    rows = con.execute(f"SELECT count(DISTINCT doc_id), count(*), count(DISTINCT amount_wan) FROM "
                   f"read_parquet('{tmp_path}/out/totals/**/*.parquet') WHERE item = 'expenditure_total'").fetchone()
    assert rows == (4, 8, 1)  # 4 documents × (department + unit scope), one figure


def test_data_dictionary_is_generated_from_the_schema():
    from analysis.catalogue.dictionary import dictionary_markdown
    assert (ROOT / "docs" / "DATA_DICTIONARY.md").read_text(encoding="utf-8") == dictionary_markdown()


def test_reconciliation_report_names_every_document_and_its_checks(sample_out):
    result = run("summary", "--data", str(sample_out))
    assert result.returncode == 0, result.stderr
    assert "001_dcb022360a949ccc.txt | 昌黎县医疗保障局 | 2024 | 万元 | 9/9 |" in result.stdout
    assert sum(1 for ln in result.stdout.splitlines() if " | 9/9 | " in ln) == 4
    # the contradiction 000 prints in its text is listed with its line
    assert "000_09a266ca87a25e76.txt change_components" in result.stdout and "(lines 430)" in result.stdout


def test_sample_scores_against_the_shared_hand_read_facts(sample_out):
    """../shared/tools/score_sample.py: the contract's names and the gold figures."""
    scorer = ROOT.parent / "shared" / "tools" / "score_sample.py"
    if not scorer.exists():
        pytest.skip("../shared is not beside this checkout")
    result = subprocess.run([sys.executable, str(scorer), str(sample_out), "--min-seen", "0.995"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:]


def test_parallel_extraction_gives_the_same_bytes(sample_out, tmp_path):
    result = run("extract", str(RAW), "--out", str(tmp_path), "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert digests(tmp_path) == digests(sample_out)
