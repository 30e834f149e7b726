"""The PDF reader on files it must refuse, and on the cell text of wrapped cells."""
import io
import subprocess
import sys

import duckdb
import pytest
from PIL import Image

from analysis.extract import extract_document, read_document
from analysis.readers.pdf import join_cell_lines, read_pdf
from conftest import FIXTURES, ROOT


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
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, b"ab" * 16, b"ab" * 16, xref))
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
