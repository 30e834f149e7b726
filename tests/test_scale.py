"""Parallel and distributed extraction give what one process gives, byte for byte."""
import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.corpus import generate
from conftest import RAW

BUDGET = [sys.executable, "-m", "analysis.cli"]


def extract(*args: str) -> None:
    result = subprocess.run([*BUDGET, "extract", *args], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


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


def test_process_pool_gives_the_single_process_output(corpus, single_process, tmp_path):
    extract(str(corpus), "--out", str(tmp_path / "out"), "--jobs", "2")
    assert digests(tmp_path / "out") == single_process


def test_dask_local_cluster_gives_the_single_process_output(corpus, single_process, tmp_path):
    extract(str(corpus), "--out", str(tmp_path / "out"), "--executor", "dask", "--jobs", "2")
    assert digests(tmp_path / "out") == single_process
