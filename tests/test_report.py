"""`budget report` on the sample, 1,000 generated documents and ../shared/real-corpus: every
notebook executes headless, the sample's pages state figures read by hand from its four
documents, and every page renders offline in chromium and reads well at any size."""
from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from chromium import Chromium
from conftest import RAW
from nbclient.exceptions import CellExecutionError

from analysis.cli import main
from analysis.config import NOTEBOOKS
from analysis.report.notebooks import build_report, notebook_sources


PAGES = ("00_overview", "01_personnel_vs_public", "02_insurance_subsidy_shift", "03_indicator_quality")
MAX_LIST_ITEMS = 25
MAX_HEIGHT_PX = 20_000
SCREENSHOTS_ENV = "BUDGET_SCREENSHOTS"  # a folder: every page of the acceptance reports as PNG, to look at


def extract_and_report(sources, project):
    """`budget extract` then `budget report --data`, which builds the catalogue beside the Parquet."""
    parquet = project / "data" / "parquet"
    assert main(["extract", *map(str, sources), "--out", str(parquet), "--jobs", "2"]) in (0, 1)
    return report_on(project)


def report_on(project):
    assert main(["report", "--data", str(project / "data" / "parquet"), "--out", str(project / "reports")]) == 0
    return project / "reports"


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """The sample extracted, catalogued and reported into a temporary folder; a cell
    error in any notebook fails here (nbclient's CellExecutionError)."""
    return extract_and_report([RAW], tmp_path_factory.mktemp("project"))


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def page_text(path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join("".join(parser.parts).split())


def test_every_notebook_becomes_a_page_without_errors(report):
    assert {p.stem for p in notebook_sources(NOTEBOOKS)} == set(PAGES)
    for name in PAGES:
        html = (report / f"{name}.html").read_text(encoding="utf-8")
        assert "jp-OutputArea-error" not in html and "Traceback" not in html, name


def test_index_links_each_page_with_its_question(report):
    index = (report / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'href="([^"]+)"', index) == [f"{name}.html" for name in PAGES]
    assert "Which departments, places and budget years does the catalogue hold" in index


def test_overview_counts_the_four_sample_departments_and_their_years(report):
    text = page_text(report / "00_overview.html")
    assert "4 documents of 4 departments, 1 department types, 2 provinces and 4 prefecture-level cities" in text
    assert "budget years 2021–2026" in text
    assert "4 of 4 documents (100%) reconcile" in text
    assert "Every document was extracted" in text


def test_personnel_extremes_are_quoted_with_their_page(report):
    text = page_text(report / "01_personnel_vs_public.html")
    # 基本支出 tables: 高邑 人员 203.2 / 公用 40.68 万元 (83%), 邢台 (元) 6706800 / 1242800 (84%)
    assert "邢台市医疗保障局 2021: 84%" in text and "高邑县医疗保障局 2026: 83%" in text
    assert "Every department has one budget year only" not in text  # 平鲁 2026 states last year's total


def test_subsidy_page_shows_where_the_subsidy_sits_and_where_it_went(report):
    text = page_text(report / "02_insurance_subsidy_shift.html")
    # 支出总表 21012: 高邑 2191 万元, 昌黎 5360 万元; 邢台 2021 prints none; 平鲁 none and says it moved (line 390)
    assert "本部门预算（21012） 2" in text and "已划出（文件说明去向） 1" in text and "无 21012 行，未说明 1" in text
    assert "the 21012 subsidy totals 7,551.00 万元" in text
    assert "the subsidy went to 财政社保股" in text


def test_indicator_page_quotes_the_worst_examples_with_their_line(report):
    text = page_text(report / "03_indicator_quality.html")
    # 昌黎 line 2128: a 成本指标 whose target (≤5元) is not the project's budget
    assert "按照相关文件执行补贴发放: ≤5元" in text
    assert "昌黎县医疗保障局 2024, 001_dcb022360a949ccc.txt line 2128" in text


def assert_pages_read_well(report, screenshots=None):
    """What a reader sees: no console error, every chart drew marks, no None/null/NaN,
    no list over MAX_LIST_ITEMS items, a page under MAX_HEIGHT_PX at 1,400 px wide."""
    with Chromium() as browser:
        assert browser.visit((report / "index.html").as_uri()).errors == []
        for name in PAGES:
            shot = screenshots / f"{report.parent.name}-{name}.png" if screenshots else None
            page = browser.visit((report / f"{name}.html").as_uri(), shot)
            assert page.errors == [], name
            assert page.n_charts >= 1 and len(page.chart_marks) == page.n_charts, (name, page.chart_marks)
            assert all(marks > 0 for marks in page.chart_marks), (name, page.chart_marks)
            assert "Noto Sans CJK SC" in page.chinese_fonts, (name, page.chinese_fonts)
            assert not re.search(r"\b(None|null|NaN)\b", page.text), (name, re.findall(r".{40}\b(?:None|null|NaN)\b", page.text))
            assert page.longest_list <= MAX_LIST_ITEMS, (name, page.longest_list)
            assert page.height_px < MAX_HEIGHT_PX, (name, page.height_px)
            assert (report / f"{name}.html").stat().st_size < 5_000_000, name


def _screenshots():
    folder = os.environ.get(SCREENSHOTS_ENV)
    return Path(folder) if folder else None


def test_pages_of_the_sample_read_well_offline(report):
    assert_pages_read_well(report)


@pytest.fixture(scope="session")
def generated_report(tmp_path_factory):
    """1,000 generated documents, extracted and reported."""
    project = tmp_path_factory.mktemp("generated")
    assert main(["corpus", str(RAW), "--documents", "1000", "--out", str(project / "raw")]) == 0
    return extract_and_report([project / "raw"], project)


def test_pages_of_1000_generated_documents_read_well(generated_report):
    assert_pages_read_well(generated_report, _screenshots())
    text = page_text(generated_report / "00_overview.html")
    assert "1,000 documents" in text


@pytest.fixture(scope="session")
def real_report(real_corpus_project):
    """../shared/real-corpus (103 published PDFs), reported."""
    return report_on(real_corpus_project)


def test_pages_of_the_real_corpus_read_well(real_report):
    assert_pages_read_well(real_report, _screenshots())
    for name in PAGES:
        text = page_text(real_report / f"{name}.html")
        for fragment in (",500.0015,500.00", ".7039.70", "部门名称："):
            assert fragment not in text, (name, fragment)


def test_a_failing_cell_fails_the_report(tmp_path):
    (tmp_path / "00_broken.py").write_text("# %% [markdown]\n# # Broken\n\n# %%\n1 / 0\n", encoding="utf-8")
    with pytest.raises(CellExecutionError, match="ZeroDivisionError"):
        build_report(tmp_path, tmp_path / "reports")
    assert not (tmp_path / "reports" / "00_broken.html").exists()


def test_a_change_that_rounds_to_nothing_reads_zero_not_minus_zero():
    from analysis.report.findings import signed_percent
    assert [signed_percent(v) for v in (-0.04, 0.0, -0.3, 2.46)] == ["0.0%", "0.0%", "-0.3%", "+2.5%"]


def test_a_year_in_a_table_of_findings_has_no_thousands_separator():
    import polars as pl
    from analysis.report.tables import top_rows
    page = top_rows(pl.DataFrame({"budget_year": [2026], "amount_wan": [8000.0], "source_page": [1028]}),
                    {"budget_year": "year", "amount_wan": "万元", "source_page": "page"}, "Largest")
    assert ">2026<" in page and ">8,000.00<" in page and ">1028<" in page
