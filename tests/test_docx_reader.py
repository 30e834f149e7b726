"""The DOCX reader on small hand-made documents: body order, merged cells, bad files."""
import io
import zipfile
from decimal import Decimal

import docx
import pytest
from docx.oxml import parse_xml

from analysis.extract.readers.docx import read_rows
from analysis.store.document_records import ExtractError, extract_file, read_document
from conftest import FIXTURES


def _bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_with(document_xml: bytes) -> bytes:
    """A real DOCX with its word/document.xml replaced."""
    source = zipfile.ZipFile(io.BytesIO(_bytes(docx.Document())))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for item in source.infolist():
            out.writestr(item, document_xml if item.filename == "word/document.xml" else source.read(item))
    return buffer.getvalue()


def _cells(row) -> tuple:
    return row.kind, row.cells, row.line, row.page


def test_paragraphs_and_tables_in_body_order_with_their_positions():
    d = docx.Document()
    d.add_heading("部门预算收支总表", level=1)
    first = d.add_table(rows=2, cols=2)
    first.cell(0, 0).text, first.cell(0, 1).text = "项目", "预算数"
    first.cell(1, 0).text, first.cell(1, 1).text = "一、一般公共预算拨款收入", "6235.41"
    d.add_paragraph("")  # an empty paragraph is no row, but keeps its place
    d.add_paragraph("单位：万元")
    second = d.add_table(rows=1, cols=1)
    second.cell(0, 0).text = "合计"
    rows = read_rows(_bytes(d))
    assert [_cells(r) for r in rows] == [
        ("text", ("部门预算收支总表",), 1, None),
        ("table", ("项目", "预算数"), 2, 1),
        ("table", ("一、一般公共预算拨款收入", "6235.41"), 3, 1),
        ("text", ("单位：万元",), 5, None),
        ("table", ("合计",), 6, 2),
    ]
    assert [r.heading for r in rows] == [True, False, False, False, False]
    assert rows[2].cell_lines == (3, 3)


def test_a_merged_cell_counts_once_and_a_vertical_merge_continues_blank():
    d = docx.Document()
    t = d.add_table(rows=3, cols=5)
    labels = (["序号", "收入", "", "支出", ""],
              ["", "项目", "预算数", "项目", "预算数"],
              ["1", "一、拨款收入", "100.00", "一、教育支出", "80.00"])
    for r, row in enumerate(labels):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    t.cell(0, 1).merge(t.cell(0, 2))
    t.cell(0, 3).merge(t.cell(0, 4))
    t.cell(0, 0).merge(t.cell(1, 0))
    rows = read_rows(_bytes(d))
    assert [r.cells for r in rows] == [
        ("序号", "收入", "支出"),
        ("", "项目", "预算数", "项目", "预算数"),
        ("1", "一、拨款收入", "100.00", "一、教育支出", "80.00"),
    ]


def test_a_bare_vmerge_continues_the_cell_above_as_word_writes_it():
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def cell(properties: str, text: str) -> str:
        return f"<w:tc><w:tcPr>{properties}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"

    restart = '<w:vMerge w:val="restart"/>'
    body = (f"<w:document {w}><w:body><w:tbl>"
            f"<w:tr>{cell(restart, '产出指标')}{cell('', '数量指标')}</w:tr>"
            f"<w:tr>{cell('<w:vMerge/>', '产出指标')}{cell('', '质量指标')}</w:tr>"  # stale text, not shown
            "</w:tbl></w:body></w:document>").encode()
    assert [r.cells for r in read_rows(_docx_with(body))] == [("产出指标", "数量指标"), ("", "质量指标")]


def test_a_cell_of_several_paragraphs_joins_them_with_newlines():
    d = docx.Document()
    cell = d.add_table(rows=1, cols=2).cell(0, 1)
    cell.text = "提高政务服务水平"
    cell.add_paragraph("")
    cell.add_paragraph("　和办事效率 ")
    assert read_rows(_bytes(d))[0].cells == ("", "提高政务服务水平\n和办事效率")


def test_a_table_of_contents_line_and_a_styled_heading_are_recognised():
    d = docx.Document()
    d.add_paragraph("部门预算收支总表.....\t1")
    d.add_paragraph("一、部门职责", style="Title")
    d.add_paragraph("部门预算安排的总体情况")
    rows = read_rows(_bytes(d))
    assert [(r.kind, r.heading) for r in rows] == [("toc", False), ("text", True), ("text", False)]


def test_paragraph_text_is_what_word_shows():
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = (f'<w:document {w}><w:body><w:p>'
            '<w:r><w:t>一、部门</w:t></w:r>'
            '<w:hyperlink><w:r><w:t>职责</w:t></w:r></w:hyperlink>'
            '<w:del><w:r><w:delText>（草稿）</w:delText></w:r></w:del>'
            '<w:ins><w:r><w:t>及机构</w:t></w:r></w:ins>'
            '<w:r><w:tab/><w:t>1</w:t><w:br w:type="page"/></w:r>'
            '<w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent>'
            '</w:drawing></w:r>'
            '</w:p></w:body></w:document>').encode()
    assert read_rows(_docx_with(body))[0].cells == ("一、部门职责及机构\t1",)


def test_a_docx_fixture_is_extracted_with_provenance_on_every_row(extract):
    extraction = extract(FIXTURES / "originals" / "001_dcb022360a949ccc.docx")
    assert extraction.records["documents"][0]["source_format"] == "docx"
    for table, rows in extraction.records.items():
        for row in rows:
            if "source_line" in row:
                assert row["source_line"] is not None or row["source_page"] is not None, table
    # 收支总表 of 001 is its first table: 本年收入合计 6505.41 printed in row 32 of it
    income = next(r for r in extraction.records["totals"] if r["item"] == "income_current")
    assert (income["amount_wan"], income["source_page"]) == (Decimal("6505.41"), 1)


# --- bad input -------------------------------------------------------------------


def _write(tmp_path, data: bytes, name: str = "bad.docx"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_file_that_is_not_a_zip_gets_a_one_line_error(tmp_path):
    with pytest.raises(ExtractError, match=r"^not a DOCX file \(not a zip archive: an old \.doc, or a password-prot"):
        read_document(_write(tmp_path, "部门预算收支总表\n".encode()))


def test_a_zip_that_is_not_a_docx_gets_a_one_line_error(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("content.xml", "<office:document/>")
    with pytest.raises(ExtractError, match=r"without word/document\.xml"):
        read_document(_write(tmp_path, buffer.getvalue()))


def test_a_damaged_archive_member_gets_a_one_line_error(tmp_path):
    data = bytearray(_docx_with(("<w:document>" + "年" * 2000 + "</w:document>").encode()))
    member = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml")
    start = member.header_offset + 30 + len(member.filename.encode()) + len(member.extra)
    data[start + 10 : start + 20] = bytes(10)  # damage its compressed bytes
    with pytest.raises(ExtractError, match=r"^damaged DOCX: word/document\.xml cannot be unpacked"):
        read_document(_write(tmp_path, bytes(data)))


def test_a_zip_bomb_is_refused_from_its_declared_size_before_parsing(tmp_path):
    data = bytearray(_bytes(docx.Document()))
    # declare 4 GB unpacked for the first member in the central directory (offset 24 of its record)
    record = data.index(b"PK\x01\x02")
    data[record + 24 : record + 28] = (0xFFFFFFF0).to_bytes(4, "little")
    with pytest.raises(ExtractError, match=r"declares 4,29\d,\d{3},\d{3} bytes unpacked .*zip bomb"):
        read_document(_write(tmp_path, bytes(data)))


def test_external_entities_are_refused_and_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    body = (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            '<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>').encode()
    path = _write(tmp_path, _docx_with(body))
    with pytest.raises(ExtractError, match=r"^refused: word/document\.xml declares a DTD"):
        extract_file(path)
    # and python-docx's own parser leaves such an entity unexpanded
    assert "TOPSECRET" not in parse_xml(body).xpath("string(.)")
