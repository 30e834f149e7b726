"""The PDF reader on files it must refuse, and on the cell text of wrapped cells."""
import io
import subprocess
import sys

import duckdb
import pytest
from PIL import Image
from pdfplumber.utils.text import chars_to_textmap

from analysis.extract.model import Row
from analysis.extract.readers import DEFAULT_ENGINE, PDF_ENGINES
from analysis.extract.readers.pdf import (TABLE_ENGINES, continues_across_page, join_cell_lines,
                                 join_rows_split_by_page_breaks, join_wrapped_lines, read_pdf, right_margin,
                                 right_margins)
from analysis.extract.readers.pdf_page import PageContent, TextLine, on_baselines, table_cells
from analysis.extract.vocabulary import load
from analysis.store.document_records import extract_document, read_document
from conftest import FIXTURES, ROOT


def test_the_engines_a_command_offers_are_the_engines_that_read():
    assert sorted(PDF_ENGINES) == sorted(TABLE_ENGINES) and DEFAULT_ENGINE in TABLE_ENGINES


def test_a_command_loads_the_pdf_and_docx_libraries_only_to_read_such_a_file():
    probe = ("import sys; from analysis.cli import main; from analysis.store.document_records import extract_file; "
             "loaded = lambda: {m for m in ('pdfplumber', 'pypdfium2', 'docx') if m in sys.modules}; "
             f"before = loaded(); extract_file(__import__('pathlib').Path({str(ROOT / 'data/raw/000_09a266ca87a25e76.txt')!r})); "
             "print(sorted(before), sorted(loaded()))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["[]", "[]"]


def scanned_pdf() -> bytes:
    """A page that is only an image, as a scanner writes it."""
    out = io.BytesIO()
    Image.new("L", (300, 400), 255).save(out, "PDF")
    return out.getvalue()


def encrypted_pdf() -> bytes:
    """A one-page PDF whose standard security handler no empty password opens."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
               b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>"]
    return pdf_file(objects, b" /Encrypt 4 0 R /ID [<%s> <%s>]" % (b"ab" * 16, b"ab" * 16))


def pdf_file(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF of `objects` (numbered from 1, the first the catalog) with its cross-reference table;
    `trailer` adds entries to the trailer dictionary."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, trailer, xref))
    return out.getvalue()


def test_unreadable_pdfs_fail_with_a_one_line_reason_each(tmp_path):
    docs = tmp_path / "in"
    docs.mkdir()
    (docs / "scanned.pdf").write_bytes(scanned_pdf())
    (docs / "encrypted.pdf").write_bytes(encrypted_pdf())
    (docs / "malformed.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog\n")
    result = subprocess.run([sys.executable, "-m", "analysis.cli", "extract", str(docs), "--out", str(tmp_path / "out")],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    errors = dict(duckdb.connect().execute(
        f"SELECT regexp_extract(source_file, '[^/]+$'), error "
        f"FROM read_parquet('{tmp_path}/out/extract_errors/**/*.parquet')").fetchall())
    assert errors.keys() == {"scanned.pdf", "encrypted.pdf", "malformed.pdf"}
    assert "no text layer" in errors["scanned.pdf"]
    assert "encrypted" in errors["encrypted.pdf"]
    assert errors["malformed.pdf"].startswith("malformed PDF")
    assert all("\n" not in e for e in errors.values())


def test_a_wrapped_cell_reads_as_one_name_or_code():
    assert join_cell_lines("事业单位经营\n支出") == "事业单位经营支出"
    assert join_cell_lines("机关\n事业单位基本\n养老保险缴费\n支出") == "机关事业单位基本养老保险缴费支出"
    assert join_cell_lines("210150\n1") == "2101501"
    assert join_cell_lines("150000 15000\n0") == "150000 150000"
    assert join_cell_lines(None) == ""


def test_a_row_cut_by_a_page_break_is_joined_again():
    last_of_page = Row("table", ("", "成本指标", "按照相关文件执行补", "按照相关文件执行补贴发放", "≤5元", "全年工作计划"), page=15)
    first_of_next = Row("table", ("", "", "贴发放", "", "", ""), page=16)
    after = Row("table", ("效益指标", "经济效益指标", "提升资金使用效率", "提升资金使用效率", "进一步提升", "全年工作计划"),
                page=16)
    rows = join_rows_split_by_page_breaks([last_of_page, first_of_next, after])
    assert [r.cells for r in rows] == [
        ("", "成本指标", "按照相关文件执行补贴发放", "按照相关文件执行补贴发放", "≤5元", "全年工作计划"), after.cells]
    assert rows[0].page == 15


def test_only_the_first_row_of_a_page_can_continue_the_page_before():
    label = Row("table", ("立项依据", "", "根据党中央国务院和省委"), page=3)
    same_page = Row("table", ("", "", "省政府政策要求"), page=3)
    next_page = Row("table", ("", "", "保障基本运转支出。"), page=4)
    assert [r.cells for r in join_rows_split_by_page_breaks([label, same_page])] == [label.cells, same_page.cells]
    text_between = Row("text", ("第 3 页",), page=3)
    assert len(join_rows_split_by_page_breaks([label, text_between, next_page])) == 3
    assert join_rows_split_by_page_breaks([label, next_page])[0].cells == ("立项依据", "", "根据党中央国务院和省委保障基本运转支出。")


def test_a_label_and_the_one_cell_it_heads_continue():
    assert continues_across_page(("年度整体支出绩效目标", "2021年收支预算内，确保完成以下整体目标：目标1：保障"),
                                 ("", "提高医疗保障经办管理水平。"))


def test_rows_under_a_label_merged_down_are_not_joined_to_the_row_above():
    # 一级指标 filled down: the next indicator fills every cell right of its first
    assert not continues_across_page(("产出指标", "数量指标", "低保等贫困人口数量", "预测数", "≤6800人", "参照标准"),
                                     ("", "质量指标", "资助困难人口参加医疗保险率", "贫困人口全部参保", "100%", "冀医保函"))
    assert not continues_across_page(("", "", "效益指标", "年度重点工作计划完成率", "100%", "完成的年度重点工作"),
                                     ("", "", "", "单位年度考核结果", "合格以上", "单位年度考核结果"))
    # 预算规模及资金用途 merged over 预算数 … and the row of the funds' use
    assert not continues_across_page(("预算规模及资金用途", "预算数", "20.00", "其中：财政资金", "20.00", "其他资金"),
                                     ("", "稳步提高全县医疗保障水平。", "", "", "", ""))


def test_a_row_with_an_amount_or_its_own_first_cell_is_a_row_of_its_own():
    assert not continues_across_page(("2101501", "行政运行", "7949600.00", ""), ("", "", "800000.00", ""))
    assert not continues_across_page(("", "时效指标", "资金使用及时性", "及时"), ("", "成本指标", "", ""))


def _line(text: str, x1: float, top: float, x0: float = 48.5) -> TextLine:
    return TextLine(text, x0, top, x1, top + 10.5)


def test_a_line_that_reaches_the_right_margin_goes_on_in_the_next():
    lines = [_line("2026年，我局“三公”经费预算安排1.05万元，其中：公务用车购置及运维费0.97，与上年相比减少0.03万元；", 785.0, 100),
             _line("公务接待费0.08万元，与上年持平。增减变化主要原因是：2026年缩减三公经费预算。", 420.0, 115),
             _line("五、部门整体绩效目标", 160.0, 130)]
    joined = join_wrapped_lines(lines, 790.0, load())
    assert [line.text for line in joined] == [
        "2026年，我局“三公”经费预算安排1.05万元，其中：公务用车购置及运维费0.97，与上年相比减少0.03万元；"
        "公务接待费0.08万元，与上年持平。增减变化主要原因是：2026年缩减三公经费预算。", "五、部门整体绩效目标"]
    assert (joined[0].top, joined[0].bottom) == (100, 125.5)


def test_portrait_text_pages_have_their_own_margin_beside_landscape_table_pages():
    """广州 卫生健康委员会 2026: the text is printed on portrait pages (its lines end at x 514.5,
    p114), the tables on landscape ones, whose 单位名称 line ends at x 798.0 (p9). Measured
    over both, the margin is the landscape one and no line of the text wraps: the full line
    ending in `119.15万元；` would end its paragraph, and the reason after `）` be lost."""
    text = [TextLine("交流，适当增加因公出国（境）费；公务用车购置及运行维护费", 87.0, 485.0, 514.5, 500.0),
            TextLine("701.34万元（公务用车购置费331万元，比上年增加119.15万元；", 87.0, 515.0, 514.5, 530.0),
            TextLine("公务用车运行维护费370.34万元，比上年减少52.36万元。）比上", 87.0, 545.0, 514.5, 560.0),
            TextLine("约的要求，从严控制公务接待费。", 87.0, 665.0, 312.0, 680.0)]
    table_pages = [PageContent([TextLine(f"表{n}", 780.0, 50.0, 798.0, 62.0),
                                TextLine("单位名称：广州市卫生健康委员会 单位：万元", 42.0, 106.7, 798.0, 118.7)], [], 841.88)
                   for n in range(1, 13)]
    pages = [*table_pages, PageContent(text, [], 595.28)]
    assert right_margin(pages) == 798.0
    margins = right_margins(pages)
    assert margins == {842: 798.0, 595: 514.5}
    joined = join_wrapped_lines(text, margins[595], load())
    assert [line.text for line in joined] == [
        "交流，适当增加因公出国（境）费；公务用车购置及运行维护费701.34万元（公务用车购置费331万元，比上年增加"
        "119.15万元；公务用车运行维护费370.34万元，比上年减少52.36万元。）比上", "约的要求，从严控制公务接待费。"]


def test_a_centred_title_that_reaches_the_margin_does_not_wrap():
    """西安 气象局 2022 (p32): on a landscape page with little text the margin falls where the
    title `2022 年部门整体支出绩效目标表` ends; the line under it is the furniture of the table."""
    title = TextLine("2022 年部门整体支出绩效目标表", 300.0, 60.0, 540.0, 76.0)
    below = TextLine("部门（单位）名称 西安市气象局", 48.0, 80.0, 260.0, 92.0)
    assert join_wrapped_lines([title, below], 540.0, load()) == [title, below]
    centred = TextLine("第三部分 2022年部门预算情况说明", 300.0, 60.0, 540.0, 76.0)
    assert join_wrapped_lines([centred, below], 540.0, load()) == [centred, below]


def test_a_line_short_of_the_margin_ends_its_paragraph():
    lines = [_line("2026年度一般公共预算安排基本支出917.87万元，其中：", 433.8, 100),
             _line("人员经费864.44万元，主要包括：基本工资、津贴补贴等；", 600.0, 115)]
    assert join_wrapped_lines(lines, 790.0, load()) == lines


def test_a_full_line_does_not_swallow_a_heading_a_title_or_a_line_further_down():
    full = _line("按照预算管理有关规定，目前我省部门预算的编制实行综合预算管理，即全部收入和支出都纳入", 788.0, 100)
    for below in (_line("（二）部门预算安排的总体情况", 300.0, 115), _line("部门预算财政拨款收支总表", 300.0, 115),
                  _line("部门预算中。", 120.0, 140)):
        assert join_wrapped_lines([full, below], 790.0, load()) == [full, below]


PDF_FIXTURES = sorted((FIXTURES / "originals").glob("*.pdf"))


@pytest.mark.parametrize("path", PDF_FIXTURES, ids=lambda p: p.name)
def test_the_pdfium_engine_reads_what_pdfplumber_reads(path):
    """Rows and records alike: the pdfium page model is pdfplumber's table and
    line finding on what PDFium reads, so nothing downstream may change."""
    pdfium, pdfplumber = (read_document(path, path.name, engine) for engine in ("pdfium", "pdfplumber"))
    assert pdfium.rows == pdfplumber.rows
    assert extract_document(pdfium).records == extract_document(pdfplumber).records


def test_a_space_printed_as_its_own_text_object_still_separates_words():
    """This PDF prints `合 计`'s space as a text object of its own (in another
    font subset), which PDFium's text page leaves out; the page shows the space."""
    rows = read_pdf((FIXTURES / "originals" / "003_0009a8a70f279992.reportlab.pdf").read_bytes(), "pdfium")[2]
    assert any("合 计" in row.cells for row in rows)


def test_a_figure_wrapped_in_its_cell_and_cut_by_the_page_break_is_joined_again():
    # Hangzhou 公安局 2026, 表2 p21/p22: 事业收入 12,437.36 wraps in its narrow cell, the page
    # ends after `12,437.3`; the next page starts with the rest of the label and the `6`
    above = ("杭州市机动", "14,549.64", "14,549.64", "", "12,437.3", "", "2,112.28", "")
    below = ("车驾驶员考试服务中心", "", "", "", "6", "", "", "")
    assert continues_across_page(above, below)
    (row,) = join_rows_split_by_page_breaks([Row("table", above, page=21), Row("table", below, page=22)])
    assert row.cells[0] == "杭州市机动车驾驶员考试服务中心" and row.cells[4] == "12,437.36"


def test_a_short_figure_with_a_label_of_its_own_is_a_row_of_its_own():
    # Hangzhou 交通运输局 2026, 表6 p32 prints figures without their trailing zeros
    assert not continues_across_page(("办公费", "626.9", "", "626.9"), ("电费", "791", "", "791"))
    assert not continues_across_page(("其他", "1,000.00", "", "626.9"), ("电费", "1", "", "1"))
    assert not continues_across_page(("其他", "1,000.00", "373.1", "626.9"), ("电费", "12", "", ""))


def test_a_line_beside_a_table_found_on_the_page_is_not_joined():
    """长沙 教育局 2026 (p7): a pie chart's frame is found as a table that takes `年本单位基本支出预算数
    386.73` out of the line `（一）基本支出：2026 年本单位基本支出预算数 386.73 万`; what is left ends at
    the margin but does not wrap into `元，主要是…` (that would state 2026万元)."""
    from analysis.extract.readers.pdf_page import PageTable
    first = TextLine("（一）基本支出：2026 万", 117.0, 400.0, 514.0, 415.0)
    below = TextLine("元，主要是为保障部门正常运转、完成日常工作任务而发生的", 87.0, 430.0, 514.0, 445.0)
    chart = PageTable((250.0, 398.0, 480.0, 417.0), [["年本", "单位", "基本支出预算数"], ["386.", "73"]])
    assert join_wrapped_lines([first, below], 514.0, load(), [chart]) == [first, below]
    assert len(join_wrapped_lines([first, below], 514.0, load())) == 1


def _char(text, x0, x1, top, bottom, baseline):
    return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top, "upright": True,
            "baseline": baseline}


def test_characters_on_one_baseline_make_one_line_whatever_their_fonts_declare_descent():
    """重庆市气象局's unit line (p. 6): 单位 and 万元 in a Chinese font, the colon in a
    Latin one declaring a descent of −1.033 em, so pdfminer's box of `：` hangs
    8 points lower though it stands on the same baseline (boxes as pdfplumber reads them)."""
    chars = [_char("单", 716.26, 726.54, 144.96, 155.25, 152.97), _char("位", 726.73, 737.02, 144.96, 155.25, 152.97),
             _char(":", 737.22, 747.50, 152.92, 163.20, 152.58), _char("万", 747.69, 757.98, 144.96, 155.25, 152.97),
             _char("元", 758.17, 768.46, 144.96, 155.25, 152.97)]
    lines = chars_to_textmap(on_baselines(chars)).extract_text_lines(return_chars=False)
    assert [line["text"] for line in lines] == ["单位:万元"]


class _Row:
    def __init__(self, *cells):
        self.cells = list(cells)


def test_a_code_whose_font_declares_a_deep_descent_stays_in_its_row():
    """重庆市气象局's 基本支出 table (p. 14): the code 30101, printed on the row of
    基本工资, has boxes whose centres fall below the row's bottom line (265.52)."""
    code = [_char(d, x, x + 10.29, 260.82, 271.11, 260.48) for d, x in zip("30101", (84.65, 89.89, 95.13, 100.37, 105.61))]
    name = [_char(c, x, x + 10.29, 251.33, 261.61, 259.12) for c, x in zip("基本工资", (200.61, 211.09, 221.57, 232.05))]
    rows = [_Row((73.79, 245.34, 187.12, 265.52), (187.12, 245.34, 453.58, 265.52)),
            _Row((73.79, 265.52, 187.12, 285.61), (187.12, 265.52, 453.58, 285.61))]
    assert table_cells(rows, on_baselines(code + name)) == [["30101", "基本工资"], ["", ""]]
    assert table_cells(rows, code + name) == [["", "基本工资"], ["30101", ""]]  # by pdfminer's boxes


def test_a_character_without_a_baseline_or_not_upright_keeps_its_box():
    plain = {"text": "x", "x0": 0, "x1": 5, "top": 10, "bottom": 20, "doctop": 10, "upright": True}
    turned = {**plain, "upright": False, "baseline": 30}
    assert on_baselines([plain, turned]) == [plain, turned]


def ruled_pdf_with_a_white_backdrop() -> bytes:
    """One page, a table of two ruled columns and two rows; the first cell has a white-filled
    rectangle behind its text, as spreadsheets export a cell's background."""
    stream = (b"0 0 0 RG 1 w 50 700 m 250 700 l S 50 680 m 250 680 l S 50 660 m 250 660 l S "
              b"50 700 m 50 660 l S 150 700 m 150 660 l S 250 700 m 250 660 l S "
              b"1 1 1 rg 60 682 30 16 re f 0 0 0 rg "
              b"BT /F1 10 Tf 55 685 Td (Total) Tj ET BT /F1 10 Tf 155 685 Td (10.00) Tj ET "
              b"BT /F1 10 Tf 55 665 Td (A) Tj ET BT /F1 10 Tf 155 665 Td (5.00) Tj ET")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 800] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    return pdf_file(objects)


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_a_cell_painted_white_behind_its_text_is_no_ruling(engine):
    """西安 工业和信息化局 2022 (p23 …): every cell's white backdrop, read as ruling, split each
    column in three; a path only filled in white draws no line."""
    rows = read_pdf(ruled_pdf_with_a_white_backdrop(), engine)[2]
    assert [r.cells for r in rows if r.kind == "table"] == [("Total", "10.00"), ("A", "5.00")]


def test_a_row_printed_outside_its_tables_ruling_goes_back_into_the_table():
    """西安 工业和信息化局 2022 表5 (p28): the page lacks the rule above its first row, which
    is read as a line of text between the rows of the table continued from p27."""
    from analysis.extract.readers.pdf import rows_ruled_out
    above = Row("table", ("23", "2111001", "能源节约利用", "6532318.95", "5195820.21", "682248.74", "654250.00", ""), page=27)
    lost = Row("text", ("24 215 资源勘探工业信息等支出 1021805239.60 15084523.29 1585116.31 1005135600.00",), page=28)
    below = Row("table", ("25", "21505", "工业和信息产业监管", "1020759003.22", "14442489.29", "1360913.93",
                          "1004955600.00", ""), page=28)
    assert rows_ruled_out([above, lost, below])[1] == Row(
        "table", ("24", "215", "资源勘探工业信息等支出", "1021805239.60", "15084523.29", "1585116.31", "1005135600.00", ""),
        page=28)
    title = Row("text", ("表6 2022年部门综合预算一般公共预算支出明细表",), page=28)
    assert rows_ruled_out([above, title, below])[1] is title


def test_a_character_printed_again_over_itself_is_read_once():
    """西安 商务局 2022 (表1 p36): the titles' bold is faked by printing each glyph three times a
    fraction of a point apart, read `222000222222年年年部部部…`."""
    from analysis.extract.readers.pdf_page import overprinted
    chars = [{"text": t, "x0": x + dx, "top": 100 + dx} for x, t in ((10, "2"), (16, "0"), (22, "2"), (28, "2"))
             for dx in (0, 0.3, 0.6)]
    kept = [ch["text"] for ch in chars if id(ch) not in overprinted(chars)]
    assert "".join(kept) == "2022"
