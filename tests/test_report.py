"""`budget report` on the sample: every notebook executes headless, the pages state
figures read by hand from the four documents, and they render offline in chromium."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from chromium import Chromium
from conftest import RAW
from nbclient.exceptions import CellExecutionError

from analysis.cli import main
from analysis.config import NOTEBOOKS
from analysis.report.notebooks import build_report, notebook_sources

# Charts each notebook draws: a chart that failed to draw would leave its page one short.
CHARTS = {"00_overview": 2, "01_personnel_vs_public": 3, "02_insurance_subsidy_shift": 1,
          "03_indicator_quality": 2}


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """The sample extracted, catalogued and reported into a temporary folder; a cell
    error in any notebook fails here (nbclient's CellExecutionError)."""
    project = tmp_path_factory.mktemp("project")
    assert main(["extract", str(RAW), "--out", str(project / "data" / "parquet")]) == 0
    assert main(["build", "--data", str(project / "data" / "parquet"),
                 "--db", str(project / "data" / "budget.duckdb")]) == 0
    return build_report(NOTEBOOKS, project / "reports", project=project).parent


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
    assert {p.stem for p in notebook_sources(NOTEBOOKS)} == set(CHARTS)
    for name in CHARTS:
        html = (report / f"{name}.html").read_text(encoding="utf-8")
        assert "jp-OutputArea-error" not in html and "Traceback" not in html, name


def test_index_links_each_page_with_its_question(report):
    index = (report / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'href="([^"]+)"', index) == [f"{name}.html" for name in CHARTS]
    assert "Which departments and budget years does the catalogue hold" in index


def test_overview_lists_the_four_sample_departments_and_their_years(report):
    text = page_text(report / "00_overview.html")
    assert "4 documents of 4 departments, budget years 2021–2026" in text
    for line in ("高邑县医疗保障局: 2026", "昌黎县医疗保障局: 2024", "邢台市医疗保障局: 2021",
                 "朔州市平鲁区医疗保障局: 2026"):
        assert line in text
    assert "Every document was extracted" in text


def test_personnel_and_public_expenses_as_printed(report):
    text = page_text(report / "01_personnel_vs_public.html")
    # 基本支出 tables: 高邑 人员 203.2 / 公用 40.68 万元; 邢台 (元) 6706800 / 1242800
    assert "高邑县医疗保障局 2026: 人员经费 203.20 万元, 公用经费 40.68 万元, personnel share 83%" in text
    assert "邢台市医疗保障局 2021: 人员经费 670.68 万元, 公用经费 124.28 万元, personnel share 84%" in text
    # 机关运行经费 stated in the text: 昌黎 17.917 万元 (line 2024)
    assert "昌黎县医疗保障局 2024: 机关运行经费 17.92 万元" in text


def test_subsidy_page_shows_where_the_subsidy_sits_and_where_it_went(report):
    text = page_text(report / "02_insurance_subsidy_shift.html")
    # 支出总表 21012: 高邑 2191 万元, 昌黎 5360 万元; 平鲁 prints none and says it moved (line 392)
    assert "高邑县医疗保障局 2026: 2,191.00 万元 under 21012" in text
    assert "昌黎县医疗保障局 2024: 5,360.00 万元 under 21012" in text
    assert "朔州市平鲁区医疗保障局 2026: no 21012 row in its budget" in text
    assert "the subsidy went to 财政社保股" in text
    # 平鲁 2026 spends 1,737.68 万元, 比上年减少379.01万元: last year's 2,116.69 万元
    assert "朔州市平鲁区医疗保障局 2025" in text and "2,116.69 万元" in text


def test_indicator_page_quotes_the_worst_examples_with_their_line(report):
    text = page_text(report / "03_indicator_quality.html")
    # 昌黎 line 2128: a 成本指标 whose target (≤5元) is not the project's budget
    assert "按照相关文件执行补贴发放: ≤5元" in text
    assert "昌黎县医疗保障局 2024, 001_dcb022360a949ccc.txt line 2128" in text


def test_pages_render_offline_in_chromium_with_no_console_error(report):
    with Chromium() as browser:
        index = browser.visit((report / "index.html").as_uri())
        assert index.errors == []
        for name, n_charts in CHARTS.items():
            page = browser.visit((report / f"{name}.html").as_uri())
            assert page.errors == [], name
            assert len(page.chart_marks) == n_charts, name
            assert all(marks > 0 for marks in page.chart_marks), (name, page.chart_marks)
            assert "Noto Sans CJK SC" in page.chinese_fonts, (name, page.chinese_fonts)


def test_a_failing_cell_fails_the_report(tmp_path):
    (tmp_path / "00_broken.py").write_text("# %% [markdown]\n# # Broken\n\n# %%\n1 / 0\n", encoding="utf-8")
    with pytest.raises(CellExecutionError, match="ZeroDivisionError"):
        build_report(tmp_path, tmp_path / "reports")
    assert not (tmp_path / "reports" / "00_broken.html").exists()
