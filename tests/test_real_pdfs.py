"""Original PDFs of ten real disclosures (../shared/real-pdfs/, never copied here)
against figures read by hand from their pages (tests/fixtures/real_pdfs/)."""
from decimal import Decimal
from pathlib import Path

import pytest

from analysis.extract.readers import DEFAULT_ENGINE
from analysis.store.document_records import extract_file
from conftest import FIXTURES, SHARED, department, read_csv, wan

REAL_PDFS = SHARED / "real-pdfs"
EXPECTED = FIXTURES / "real_pdfs"
DOCUMENTS = {row["file"]: row for row in read_csv(EXPECTED / "documents.csv")}
WITH_TABLES = sorted(f for f, row in DOCUMENTS.items() if row["standard_tables"])
KNOWN_MISMATCHES = read_csv(EXPECTED / "mismatches.csv")

pytestmark = pytest.mark.skipif(not REAL_PDFS.is_dir(), reason=f"{REAL_PDFS} is not there (../shared absent)")

_cache: dict[tuple[str, str], dict] = {}


def records(name: str, engine: str = DEFAULT_ENGINE) -> dict:
    if (name, engine) not in _cache:
        _cache[name, engine] = extract_file(REAL_PDFS / name, name, engine).records
    return _cache[name, engine]


def test_a_pdf_without_tables_is_kept_as_an_explanation_only_budget():
    doc = records("beijing-czj-2026.pdf")["documents"][0]
    assert (doc["department_name"], doc["budget_year"], doc["contents"]) == ("北京市财政局", 2026, "explanation_only")


@pytest.mark.parametrize("name", WITH_TABLES)
def test_department_year_and_unit(name):
    doc = records(name)["documents"][0]
    want = DOCUMENTS[name]
    assert (doc["source_format"], doc["department_name"], doc["budget_year"], doc["amount_unit"]) == (
        "pdf", want["department_name"], int(want["budget_year"]), want["amount_unit"])


@pytest.mark.parametrize("name", WITH_TABLES)
def test_every_standard_table_printed_is_found(name):
    found = {t["table_id"] for t in records(name)["tables"] if t["standard"] and t["scope"] == "department"}
    assert found == set(DOCUMENTS[name]["standard_tables"].split(";"))


@pytest.mark.parametrize("name", WITH_TABLES)
def test_hand_read_totals_and_three_public_figures(name):
    recs = records(name)
    unit = DOCUMENTS[name]["amount_unit"]
    totals = {r["item"]: r["amount_wan"] for r in department(recs["totals"])}
    three = {f"three_public.{r['item']}": r["amount_wan"] for r in department(recs["three_public"])}
    wanted = [row for row in read_csv(EXPECTED / "figures.csv") if row["file"] == name]
    assert wanted
    got = {row["item"]: {**totals, **three}.get(row["item"]) for row in wanted}
    assert got == {row["item"]: wan(row["printed"].replace(",", ""), unit) for row in wanted}


@pytest.mark.parametrize("name", WITH_TABLES)
def test_identities_hold_except_where_the_page_prints_a_contradiction(name):
    """Every mismatch of an identity is listed in mismatches.csv (with what the page
    prints), and every listed one is still found. The disclosure-quality checks
    (disclosure_*: notes, reasons, tables present) are judgements, not identities."""
    mismatches = {(c["check_id"], c["table_id"] or "", c["detail"]) for c in records(name)["checks"]
                  if c["status"] == "mismatch" and not c["check_id"].startswith("disclosure_")}
    known = [k for k in KNOWN_MISMATCHES if k["file"] == name]

    def same(check, k):
        return check[:2] == (k["check_id"], k["table_id"]) and k["detail"] in check[2]

    assert sorted(m for m in mismatches if not any(same(m, k) for k in known)) == []
    assert [k["detail"] for k in known if not any(same(m, k) for m in mismatches)] == []


@pytest.mark.parametrize("name", WITH_TABLES)
def test_every_row_has_its_page(name):
    """All but the check that a table is missing, which has nothing to point at."""
    for table, rows in records(name).items():
        if rows and "source_page" in rows[0]:
            assert all(r["source_page"] is not None for r in rows
                       if r.get("check_id") != "disclosure_table_present"), table


@pytest.mark.parametrize("name", WITH_TABLES)
def test_pdfium_reads_the_same_records_as_pdfplumber(name):
    assert records(name, "pdfium") == records(name, "pdfplumber")


def test_camelot_lattice_reads_the_same_records_as_pdfplumber():
    def comparable(recs):
        return {table: [{k: v for k, v in r.items() if k not in ("source_line", "source_lines")} for r in rows]
                for table, rows in recs.items()}

    name = "suzhou-sjj-2026.pdf"
    camelot = comparable(records(name, "camelot"))
    assert camelot == comparable(records(name, "pdfplumber"))
    assert any(r["amount_wan"] == Decimal("4651.67") for r in camelot["totals"])
