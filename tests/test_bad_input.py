"""What each kind of bad input gives (issue 8): extracted with the right figures, or one
line on stderr and one row of extract_errors naming the file and the reason, a non-zero
exit, and every other document's data intact. Figures are the hand-read ones of
tests/fixtures/seeds/ (004: 支出总表 合计 1737.68 万元, line 156)."""
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from analysis.catalogue.database import connect
from analysis.store.document_records import ExtractError, extract_file
from conftest import FIXTURES, RAW, compare_with_expected
from test_cli import run

SEEDS = FIXTURES / "seeds"
PDF_LAYOUT, DOCX_LAYOUT = "004_2b42c7e91b774342", "001_dcb022360a949ccc"
CHINESE_NAME = "朔州 医保局 2026年 部门预算（公开版）.txt"
CORRECTED = "朔州 医保局 2026年 部门预算（更正版）.txt"  # sorts after CHINESE_NAME


def raw_text(stem: str) -> str:
    return (RAW / f"{stem}.txt").read_text(encoding="utf-8")


ENCODINGS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8 with BOM": lambda t: t.encode("utf-8-sig"),
    "GB18030": lambda t: t.encode("gb18030"),
    "GBK": lambda t: t.encode("gbk"),
    "UTF-16 with BOM": lambda t: t.encode("utf-16"),
    "UTF-16LE without BOM": lambda t: t.encode("utf-16-le"),
    "UTF-16BE without BOM": lambda t: t.encode("utf-16-be"),
    "CRLF": lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    "GB18030 and CRLF": lambda t: t.replace("\n", "\r\n").encode("gb18030"),
}


@pytest.mark.parametrize("stem", [PDF_LAYOUT, DOCX_LAYOUT])
@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
def test_every_encoding_and_line_ending_gives_the_hand_read_figures(tmp_path, stem, encoding):
    path = tmp_path / "doc.txt"
    path.write_bytes(ENCODINGS[encoding](raw_text(stem)))
    extraction = extract_file(path, str(path))
    assert compare_with_expected(extraction, SEEDS / stem) == []


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "big.txt"
    shutil.copy(RAW / f"{PDF_LAYOUT}.txt", path)  # 40,137 bytes
    monkeypatch.setenv("BUDGET_MAX_DOCUMENT_MB", "0.04")
    with pytest.raises(ExtractError, match=r"^file of 0\.0 MB, over the 0\.04 MB limit \(BUDGET_MAX_DOCUMENT_MB\)$"):
        extract_file(path)
    monkeypatch.setenv("BUDGET_MAX_DOCUMENT_MB", "0.05")
    assert extract_file(path).records["documents"][0]["department_name"] == "朔州市平鲁区医疗保障局"


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """One run over a folder holding one good document and every kind of bad input."""
    folder = tmp_path_factory.mktemp("inbox")
    good = raw_text(PDF_LAYOUT)
    (folder / CHINESE_NAME).write_text(good, encoding="utf-8")
    (folder / "重复下载.txt").write_text(good, encoding="utf-8")
    # the same budget republished with a corrected sentence: another version, not a copy
    (folder / CORRECTED).write_text(good + "\n更正说明：本文件替代此前公开的版本。\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "bom only.txt").write_bytes(b"\xef\xbb\xbf\r\n")
    (folder / "会议 纪要.txt").write_text("会议纪要\n\n今天开会讨论了2024年工作，经费共计12万元。\n", encoding="utf-8")
    shutil.copy(FIXTURES / "bad_input" / "county_finance_final_accounts.txt", folder / "2023 决算.txt")
    with open(folder / "huge.txt", "wb") as fh:  # sparse: 101 MB on paper, nothing on disk
        fh.truncate(101_000_000)
    lines = raw_text("003_0009a8a70f279992").split("\n")
    # cut off inside 部门预算支出总表, in the middle of its 2101501 行政运行 row (line 125)
    (folder / "cut off.txt").write_text("\n".join(lines[:124] + [lines[124][:30]]), encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    result = run("extract", str(folder), "--out", str(out))
    return folder, out, result


def errors(batch) -> dict[str, str]:
    folder, out, _ = batch
    rows = duckdb.connect().execute(f"SELECT source_file, error FROM read_parquet('{out}/extract_errors/**/*.parquet')")
    return {Path(f).name: e for f, e in rows.fetchall()}


def stderr_line(batch, name: str) -> str:
    folder, _, result = batch
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith(f"budget extract: {folder / name}: ")]
    assert len(lines) == 1, result.stderr
    return lines[0].removeprefix(f"budget extract: {folder / name}: ")


def documents(batch) -> dict[str, tuple]:
    _, out, _ = batch
    rows = duckdb.connect().execute(f"SELECT source_name, department_name, budget_year, doc_id "
                                    f"FROM read_parquet('{out}/documents/**/*.parquet')")
    return {r[0]: r[1:] for r in rows.fetchall()}


def test_a_batch_with_bad_input_exits_non_zero_and_keeps_the_good_documents(batch):
    _, out, result = batch
    assert result.returncode == 1
    assert sorted(documents(batch)) == ["cut off.txt", CHINESE_NAME, CORRECTED]
    total = duckdb.connect().execute(
        f"SELECT d.source_name, t.amount_wan, t.source_line FROM read_parquet('{out}/totals/**/*.parquet') t "
        f"JOIN read_parquet('{out}/documents/**/*.parquet') d USING (doc_id) "
        "WHERE t.item = 'expenditure_total' AND t.scope = 'department' ORDER BY 1").fetchall()
    assert total == [("cut off.txt", Decimal("874.96"), 122), (CHINESE_NAME, Decimal("1737.68"), 156),
                     (CORRECTED, Decimal("1737.68"), 156)]


@pytest.mark.parametrize("name, reason", [
    ("empty.txt", "empty file"),
    ("bom only.txt", "empty file"),
    ("huge.txt", "file of 101.0 MB, over the 100 MB limit (BUDGET_MAX_DOCUMENT_MB)"),
    ("会议 纪要.txt", "no standard budget table (收支总表, 支出总表 …), performance table or stated budget total recognised: not a 部门预算 document?"),
    ("2023 决算.txt", "a final-accounts document (部门决算: its tables are titled …决算表), not a 部门预算: not extracted"),
])
def test_a_refused_file_gets_one_line_naming_it_and_its_reason(batch, name, reason):
    assert stderr_line(batch, name) == reason
    assert errors(batch)[name] == reason


def test_the_same_file_twice_is_extracted_once(batch):
    assert stderr_line(batch, "重复下载.txt").startswith("same content as ")
    assert "重复下载.txt" not in errors(batch)
    doc_ids = [doc_id for *_, doc_id in documents(batch).values()]
    assert len(doc_ids) == len(set(doc_ids)) == 3


def test_a_document_cut_off_mid_table_keeps_what_it_has_and_says_it_was_cut(batch):
    _, out, _ = batch
    con = duckdb.connect()
    doc_id = documents(batch)["cut off.txt"][2]
    rows = con.execute(f"SELECT code, total_wan FROM read_parquet('{out}/functional_expenditure/**/*.parquet') "
                       "WHERE doc_id = ? ORDER BY source_line", [doc_id]).fetchall()
    assert rows[:2] == [("210", Decimal("874.96")), ("21015", Decimal("874.96"))]  # 8749600.00 元, lines 123-124
    flagged = con.execute(f"SELECT check_id, detail, source_line FROM read_parquet('{out}/checks/**/*.parquet') "
                          "WHERE doc_id = ? AND status = 'mismatch' ORDER BY 1, 3", [doc_id]).fetchall()
    assert ("disclosure_document_complete", "the document ends inside 部门预算支出总表: cut off?", 125) in flagged
    missing = [d for c, d, _ in flagged if c == "disclosure_table_present"]
    assert "财政拨款收支总表: not printed" in missing and len(missing) == 6


def test_two_versions_of_one_department_year_are_both_kept_and_the_views_pick_one(batch, tmp_path):
    _, out, _ = batch
    db = tmp_path / "data" / "budget.duckdb"
    result = run("build", "--data", str(out), "--db", str(db))
    assert result.returncode == 0
    rows = connect(db).execute("SELECT source_name, is_current, n_versions FROM document_departments "
                               "WHERE department_name = '朔州市平鲁区医疗保障局' ORDER BY 1").fetchall()
    # the same standard tables: the later file name is the current one
    assert rows == [(CHINESE_NAME, False, 2), (CORRECTED, True, 2)]
    warning = [ln for ln in result.stderr.splitlines() if "2 documents" in ln]
    assert len(warning) == 1 and warning[0].endswith(f"2026: 2 documents ({CHINESE_NAME}, {CORRECTED}); "
                                                     f"the panel uses {CORRECTED}")


def test_a_file_name_with_spaces_and_chinese_is_kept_as_given(batch):
    folder, out, _ = batch
    source = duckdb.connect().execute(f"SELECT source_file FROM read_parquet('{out}/documents/**/*.parquet') "
                                      "WHERE source_name = ?", [CHINESE_NAME]).fetchone()
    assert source == (str(folder / CHINESE_NAME),)
