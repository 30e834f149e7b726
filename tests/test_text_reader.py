"""Text renderings of DOCX files: every table cell on its own TAB-led line, rows between blank lines."""
from analysis.extract.readers.text import read_rows

DOCX_TEXT = "\n".join([
    "部门预算支出总表",          # 1
    "\t单位：万元",             # 2
    "",                         # 3
    "\t科目编码",               # 4
    "\t<b>科目 名称</b>",       # 5
    "\t　合计 ",                # 6
    "",                         # 7
    "\t2010101",                # 8
    "\t行政运行",               # 9
    "\t",                       # 10
    "\t12.50",                  # 11
    "",                         # 12
    "\t",                       # 13
    "\t\t",                     # 14
    "",                         # 15
    "\t提高政务服务水平",       # 16
    "和办事效率",               # 17
    "\t100%",                   # 18
    "",                         # 19
    "",                         # 20
    "\t201",                    # 21
    "",                         # 22
    "注：无",                   # 23
])


def test_docx_text_rows_keep_their_cells_and_the_line_of_each_cell():
    layout, rows = read_rows(DOCX_TEXT)
    assert layout == "docx_text"
    table = [(r.cells, r.line, r.cell_lines) for r in rows if r.kind == "table"]
    assert table == [
        (("单位：万元",), 2, (2,)),
        (("科目编码", "科目 名称", "合计"), 4, (4, 5, 6)),
        (("2010101", "行政运行", "", "12.50"), 8, (8, 9, 10, 11)),
        # lines 13-14 hold empty cells only: no row
        (("提高政务服务水平\n和办事效率", "100%"), 16, (16, 18)),
        (("201",), 21, (21,)),
    ]
    assert [(r.cells, r.line) for r in rows if r.kind == "text"] == [(("部门预算支出总表",), 1), (("注：无",), 23)]


def test_docx_text_line_numbers_survive_windows_line_ends():
    _, rows = read_rows(DOCX_TEXT.replace("\n", "\r\n"))
    assert [r.line for r in rows] == [1, 2, 4, 8, 16, 21, 23]
