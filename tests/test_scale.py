"""Parallel, distributed and incremental extraction give what one process gives from
scratch, byte for byte."""
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.corpus import generate
from analysis.extract import extract_file
from analysis.incremental import document_result, pack_results, unpack_results
from analysis.parquet_io import decode_rows, encode_rows
from conftest import RAW

BUDGET = [sys.executable, "-m", "analysis.cli"]


def extract(*args: str) -> str:
    result = subprocess.run([*BUDGET, "extract", *args], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*.parquet"))}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    generate(sorted(RAW.glob("*.txt")), folder, 14, seed=3)
    return folder


@pytest.fixture(scope="module")
def single_process(corpus, tmp_path_factory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("single") / "out"
    extract(str(corpus), "--out", str(out))
    return digests(out)


def test_a_packed_batch_gives_each_document_its_own_rows():
    """Every executor sends results packed by batch (rows year by year: these three documents
    are of 2026, 2024 and 2021): unpacked, each document must get back exactly its own rows
    (those it gives alone), errors keep their place."""
    documents = [extract_file(path) for path in sorted(RAW.glob("*.txt"))[:3]]
    results = [("ok", document_result(d.doc_id, d.tables)) for d in documents]
    results.insert(1, ("error", "no such file"))
    unpacked = list(unpack_results(pack_results(results)))
    assert [status for status, _ in unpacked] == ["ok", "error", "ok", "ok"]
    assert unpacked[1][1] == "no such file"
    for document, (_, result) in zip(documents, [r for r in unpacked if r[0] == "ok"]):
        alone = decode_rows(encode_rows(document.tables))
        assert result["doc_id"] == document.doc_id
        rows = {name: table.slice(start, length) for name, (table, start, length) in result["rows"].items()}
        assert {name: table.to_pylist() for name, table in rows.items()} == \
            {name: batch.to_pylist() for name, batch in alone.items()}


def test_process_pool_gives_the_single_process_output(corpus, single_process, tmp_path):
    extract(str(corpus), "--out", str(tmp_path / "out"), "--jobs", "2")
    assert digests(tmp_path / "out") == single_process


def test_dask_local_cluster_gives_the_single_process_output(corpus, single_process, tmp_path):
    extract(str(corpus), "--out", str(tmp_path / "out"), "--executor", "dask", "--jobs", "2")
    assert digests(tmp_path / "out") == single_process


def inodes(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_ino for p in sorted(folder.rglob("*.parquet"))}


def test_incremental_runs_give_what_a_run_from_scratch_gives(corpus, tmp_path):
    work, out = tmp_path / "documents", tmp_path / "out"
    shutil.copytree(corpus, work)
    extract(str(work), "--out", str(out))
    before = inodes(out)
    # the corpus numbers documents department by department, years 2020… in turn
    files = sorted(work.iterdir())
    assert (files[3].name.startswith("000003_"), files[5].name.startswith("000005_")) == (True, True)
    files[3].write_bytes(files[3].read_bytes() + "\n（本文件已更正）\n".encode())  # 2023 changed
    files[5].unlink()  # 2025 removed
    shutil.copy(RAW / "004_2b42c7e91b774342.txt", work)  # 2026 added (预算年度：2026)
    summary = extract(str(work), "--out", str(out))
    assert "1 removed" in summary and "years rewritten: 2023, 2025, 2026;" in summary
    scratch = tmp_path / "scratch"
    extract(str(work), "--out", str(scratch))
    assert digests(out) == digests(scratch)
    after = inodes(out)
    untouched = {k for k in after if "year=2020" in k or "year=2024" in k}
    assert untouched and all(after[k] == before[k] for k in untouched)  # linked, not rewritten
    assert all(after[k] != before[k] for k in after if "year=2023" in k)
    summary = extract(str(work), "--out", str(out), "--jobs", "2")
    assert "0 documents extracted, 14 unchanged" in summary and "nothing changed" in summary
    assert inodes(out) == after
