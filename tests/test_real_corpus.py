"""The real published budgets of ../shared/real-corpus read as their pages print them.

tests/fixtures/real_corpus/<city>/ holds what a person read on the pages, never the extractor's
output: each document's name, kind, year, unit and standard tables (documents.csv), the real
inconsistencies its pages print (mismatches.csv: every other table identity must hold), the rows
some tables print (table_rows.csv), the “三公” figures of some tables printed per year side by side
(three_public.csv) and the indicators of some projects (indicators.csv). The
corpus is extracted once for the whole session (conftest.real_corpus_project)."""
import re

import duckdb
import pytest

from conftest import FIXTURES, REAL_CORPUS, read_csv

EXPECTED = FIXTURES / "real_corpus"
pytestmark = pytest.mark.skipif(not REAL_CORPUS.is_dir(), reason=f"{REAL_CORPUS} is not there (../shared absent)")
# the checks that are identities of the standard tables (the text, performance and disclosure checks
# are counted apart), as ../shared/tools/real_coverage.py counts them
NOT_TABLE_IDENTITY = re.compile("^(disclosure|text_|projects?_|indicator_|staffing)")
TABLE_IDENTITY = f"NOT regexp_matches(check_id, '{NOT_TABLE_IDENTITY.pattern}')"


def fixture_rows(name: str) -> list[dict]:
    return [row | {"city": folder.name} for folder in sorted(EXPECTED.iterdir()) if (folder / name).is_file()
            for row in read_csv(folder / name)]


DOCUMENTS = fixture_rows("documents.csv")
MISMATCHES = fixture_rows("mismatches.csv")
TABLE_ROWS = fixture_rows("table_rows.csv")
INDICATORS = fixture_rows("indicators.csv")
THREE_PUBLIC = fixture_rows("three_public.csv")
# documents still misread (misreads.csv): their tests are expected to fail until the reading is fixed
MISREADS = {(r["file"], r["test"], r["table_id"]): r["note"] for r in fixture_rows("misreads.csv")}


def params(rows: list[dict], test: str, key=lambda r: "") -> list:
    """`rows` as test parameters, those of a known misread expected to fail (strictly: a fix shows)."""
    return [pytest.param(r, marks=pytest.mark.xfail(strict=True, reason=MISREADS[r["file"], test, key(r)]))
            if (r["file"], test, key(r)) in MISREADS else r for r in rows]


@pytest.fixture(scope="module")
def corpus(real_corpus_project):
    out = real_corpus_project / "data" / "parquet"
    con = duckdb.connect()
    for table in ("documents", "checks", "projects", "indicators", "table_cells", "three_public"):
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{out}/{table}/**/*.parquet', "
                    "union_by_name = true, hive_partitioning = false)")
    return con


def _document(con, file: str) -> dict:
    cursor = con.execute("SELECT * FROM documents WHERE source_name = ?", [file])
    names = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    assert len(rows) == 1, f"{file}: not extracted"
    return dict(zip(names, rows[0]))


def test_every_document_of_the_corpus_has_its_hand_read_outcome():
    assert sorted(p.name for p in REAL_CORPUS.glob("*.pdf")) == sorted(r["file"] for r in DOCUMENTS)


@pytest.mark.parametrize("want", DOCUMENTS, ids=lambda r: r["file"])
def test_name_kind_year_unit_and_tables(corpus, want):
    doc = _document(corpus, want["file"])
    assert (doc["department_name"], doc["budget_kind"], doc["budget_year"], doc["amount_unit"],
            doc["standard_tables"]) == (want["department_name"], want["budget_kind"], int(want["budget_year"]),
                                        want["amount_unit"], int(want["standard_tables"]))


@pytest.mark.parametrize("want", params(DOCUMENTS, "identities"), ids=lambda r: r["file"])
def test_every_identity_holds_but_where_the_page_does_not_add_up(corpus, want):
    found = corpus.execute(f"""SELECT c.check_id, coalesce(c.table_id, ''), c.detail FROM checks c
                               JOIN documents d USING (doc_id)
                               WHERE d.source_name = ? AND c.status = 'mismatch' AND {TABLE_IDENTITY}""",
                           [want["file"]]).fetchall()
    known = [k for k in MISMATCHES if k["file"] == want["file"] and not NOT_TABLE_IDENTITY.match(k["check_id"])]

    def listed(check, k) -> bool:
        return check[:2] == (k["check_id"], k["table_id"]) and k["detail"] in check[2]

    assert sorted(m for m in found if not any(listed(m, k) for k in known)) == []
    assert [k["detail"] for k in known if not any(listed(m, k) for m in found)] == []


@pytest.mark.parametrize("want", params(TABLE_ROWS, "rows", lambda r: r["table_id"]),
                         ids=lambda r: f"{r['file']}:{r['table_id']}")
def test_every_row_a_table_prints_is_read(corpus, want):
    """Rows printing an amount, per table and side, against the rows counted on the page."""
    (rows,) = corpus.execute("""SELECT count(DISTINCT (c.row_ordinal, coalesce(c.side, ''))) FROM table_cells c
                                JOIN documents d USING (doc_id)
                                WHERE d.source_name = ? AND c.table_id = ? AND c.scope = 'department'
                                  AND coalesce(c.amount_printed, '') <> ''""", [want["file"], want["table_id"]]).fetchone()
    assert rows == int(want["rows"])


@pytest.mark.parametrize("want", THREE_PUBLIC, ids=lambda r: f"{r['file']}:{r['item']}")
def test_a_three_public_figure_is_this_years(corpus, want):
    """A 三公 table printing 上年 | 当年 | 增减变化情况 is read in its 当年 columns."""
    printed = corpus.execute("""SELECT t.amount_printed, t.source_page FROM three_public t JOIN documents d USING (doc_id)
                                WHERE d.source_name = ? AND t.item = ? AND t.scope = 'department'""",
                             [want["file"], want["item"]]).fetchall()
    assert printed == [(want["amount_printed"], int(want["page"]))]


@pytest.mark.parametrize("want", INDICATORS, ids=lambda r: f"{r['file']}:{r['project_name']}")
def test_a_project_has_the_indicators_its_page_prints(corpus, want):
    counts = corpus.execute("""SELECT p.project_no, count(i.level3) FROM projects p JOIN documents d USING (doc_id)
                               LEFT JOIN indicators i ON i.doc_id = p.doc_id AND i.project_no = p.project_no
                                                      AND i.scope = 'project'
                               WHERE d.source_name = ? AND p.project_name = ? GROUP BY p.project_no""",
                            [want["file"], want["project_name"]]).fetchall()
    assert counts and int(want["indicators"]) in [n for _, n in counts], counts
