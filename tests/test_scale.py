"""Parallel, distributed and incremental extraction give what one process gives from
scratch, byte for byte."""
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import analysis
from analysis.cli import _extract_one
from analysis.compiled import OFF_ENV
from analysis.corpus import generate
from analysis.store import parquet_io
from analysis.store.document_records import extract_file
from analysis.store.executors import ordered_batches
from analysis.store.incremental import (PACKING, document_result, extract_incremental, extractor_version, pack_results,
                                        unpack_results)
from analysis.store.parquet_io import decode_rows, encode_rows, year_parts
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


def test_the_compiled_modules_give_the_output_of_their_sources(corpus, single_process, tmp_path, monkeypatch):
    """The build of tools/compile.py, which `make` uses whenever it matches the sources (the
    single-process run above), extracts exactly what the sources do when interpreted."""
    if analysis.EXECUTION != "compiled":
        pytest.skip(f"the extraction modules run {analysis.EXECUTION}")
    monkeypatch.setenv(OFF_ENV, "1")
    extract(str(corpus), "--out", str(tmp_path / "out"))
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


def test_a_document_is_read_again_once_the_extractor_changed(corpus, tmp_path):
    out = tmp_path / "out"
    extract(str(corpus), "--out", str(out))
    manifest = out / "_manifest" / "part-0.parquet"
    entries = pq.read_table(manifest)
    versions = entries.column("extractor_version").to_pylist()
    assert set(versions) == {extractor_version()} and versions[0].startswith(analysis.__version__ + "+")
    older = entries.set_column(entries.schema.get_field_index("extractor_version"), "extractor_version",
                               pa.array([analysis.__version__ + "+0123456789ab"] * len(versions)))
    pq.write_table(older, manifest)
    assert "14 documents extracted, 0 unchanged" in extract(str(corpus), "--out", str(out))


def test_the_extractor_version_follows_the_vocabulary(tmp_path):
    package = tmp_path / "analysis"
    shutil.copytree(Path(analysis.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    version = [sys.executable, "-c", "from analysis.store.incremental import extractor_version as v; print(v())"]
    env = {"PYTHONPATH": str(tmp_path), OFF_ENV: "1", "PATH": "/usr/bin:/bin"}
    before = subprocess.run(version, capture_output=True, text=True, env=env, check=True).stdout
    vocabulary = package / "data" / "vocabulary.toml"
    vocabulary.write_text(vocabulary.read_text("utf-8") + "\n# one more line\n", "utf-8")
    after = subprocess.run(version, capture_output=True, text=True, env=env, check=True).stdout
    assert before.strip() == extractor_version() and after != before


def year_rows(folder: Path) -> dict[str, list[dict]]:
    """Every table's rows per year, the parts of a year read in order."""
    return {str(year.relative_to(folder)): pa.concat_tables([pq.read_table(p) for p in year_parts(year)]).to_pylist()
            for year in sorted(folder.glob("*/year=*"))}


def test_a_year_goes_on_in_further_parts_with_the_same_rows(corpus, tmp_path, monkeypatch):
    """A year of more than ROW_GROUPS_PER_FILE row groups goes on in part-1.parquet, …:
    the same rows in the same order, and an incremental run links or reads all its parts."""
    def run(folder: Path, out: Path) -> None:
        extract_incremental(sorted(folder.iterdir()), out, lambda paths: ordered_batches(
            _extract_one, paths, packing=PACKING))

    work, scratch = tmp_path / "documents", tmp_path / "scratch"
    shutil.copytree(corpus, work)
    run(work, scratch)
    monkeypatch.setattr(parquet_io, "DOCS_PER_ROW_GROUP", 1)
    monkeypatch.setattr(parquet_io, "ROW_GROUPS_PER_FILE", 2)
    out = tmp_path / "out"
    run(work, out)
    assert sorted(p.name for p in (out / "checks" / "year=2020").iterdir()) == ["part-0.parquet", "part-1.parquet"]
    assert year_rows(out) == year_rows(scratch)
    before = inodes(out)
    files = sorted(work.iterdir())
    files[2].write_bytes(files[2].read_bytes() + "\n（本文件已更正）\n".encode())  # 2022 changed
    files[6].unlink()  # 2020 lost a document: its kept documents are read back from both parts
    run(work, out)
    shutil.rmtree(scratch)
    run(work, scratch)
    assert year_rows(out) == year_rows(scratch)
    after = inodes(out)
    linked = {k for k in after if "year=2021" in k}  # unchanged: both its parts linked, not rewritten
    assert "checks/year=2021/part-1.parquet" in linked and all(after[k] == before[k] for k in linked)
