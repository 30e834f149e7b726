"""Extraction of one document: reader → rows → tables → typed lines → records.

`extract_file` is the pure-ish core (one file in, record lists out); I/O of the
batch lives in `parquet_io` and `cli`.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from operator import attrgetter, itemgetter
from pathlib import Path

from .. import __version__
from ..checks.disclosure import disclosure_checks
from ..checks.identities import Check, run_checks
from ..checks.text_against_tables import cross_checks
from ..config import max_document_mb
from ..extract.metadata import Metadata, document_metadata, opening_text, unit_without_standard_tables
from ..extract.model import Document, ExtractError, Row
from ..extract.narrative import Fact, narrative_facts
from ..extract.normalise import functional_level
from ..extract.performance import (Project, cost_parts_consistent, indicator_quality, indicator_target,
                          parse_performance_tables, project_quality)
from ..extract.readers import DEFAULT_ENGINE
from ..extract.readers.text import UnreadableText, decode, read_rows
from ..extract.recognise import Table, split_tables
from ..extract.standard import Line, ParsedTable, parse_table
from ..extract.vocabulary import load
from .records import Records
from .schema import BY_NAME

TEXT_SUFFIXES = {".txt", ".md"}


@dataclass
class Extraction:
    doc_id: str
    tables: dict[str, Records] = field(default_factory=dict)  # contract table → its rows, in order

    def add(self, table: str, row: dict) -> None:
        self.records_of(table).add(row)

    def records_of(self, table: str, names: tuple[str, ...] | None = None) -> Records:
        """The table's records (created empty, their values in the order `names`, when first asked for)."""
        records = self.tables.get(table)
        if records is None:
            records = self.tables[table] = Records(table, names)
        elif names is not None and names is not records.names and names != records.names:
            raise ValueError(f"{table}: records built in two column orders")
        return records

    @property
    def records(self) -> dict[str, list[dict]]:
        """Each table's rows as dicts, every column named."""
        return {name: records.as_dicts() for name, records in self.tables.items()}


def _read_text(data: bytes) -> tuple[str, str, list[Row]]:
    try:
        text = decode(data)
    except UnreadableText as exc:
        raise ExtractError(str(exc)) from None
    if not text.strip():
        raise ExtractError("empty file")
    return ("txt", *read_rows(text))


# The DOCX and PDF readers are imported when a file of theirs is read: their libraries are a
# third of a command's start, which a run over text renderings need not pay.
def _read_docx(data: bytes) -> tuple[str, str, list[Row]]:
    from ..extract.readers import docx as docx_reader

    try:
        return "docx", "docx", docx_reader.read_rows(data)
    except docx_reader.UnreadableDocx as exc:
        raise ExtractError(str(exc)) from None


def _read_pdf(data: bytes, engine: str) -> tuple[str, str, list[Row]]:
    from ..extract.readers.pdf import read_pdf

    return read_pdf(data, engine)


def _readers(pdf_engine: str) -> dict:
    """File suffix → reader: bytes → (source_format, layout, rows)."""
    return {**dict.fromkeys(TEXT_SUFFIXES, _read_text), ".docx": _read_docx,
            ".pdf": lambda data: _read_pdf(data, pdf_engine)}


SUPPORTED_SUFFIXES = frozenset(_readers(DEFAULT_ENGINE))


def read_document(path: Path, display_name: str | None = None, pdf_engine: str = DEFAULT_ENGINE) -> Document:
    size_mb, limit_mb = path.stat().st_size / 1e6, max_document_mb()
    if size_mb > limit_mb:
        raise ExtractError(f"file of {size_mb:,.1f} MB, over the {limit_mb:g} MB limit (BUDGET_MAX_DOCUMENT_MB)")
    data = path.read_bytes()
    if not data.strip():
        raise ExtractError("empty file")
    suffix = path.suffix.lower()
    reader = _readers(pdf_engine).get(suffix)
    if reader is None:
        raise ExtractError(f"unsupported file type '{suffix or '(none)'}' (supported: {', '.join(sorted(SUPPORTED_SUFFIXES))})")
    source_format, layout, rows = reader(data)
    sha = hashlib.sha256(data).hexdigest()
    return Document(display_name or str(path), source_format, layout, sha, len(data), rows)


def extract_file(path: Path, display_name: str | None = None, pdf_engine: str = DEFAULT_ENGINE) -> Extraction:
    return extract_document(read_document(path, display_name, pdf_engine))


def extract_document(doc: Document) -> Extraction:
    tables = _settle_kinds(split_tables(doc.rows))
    standard = [t for t in tables if t.kind.standard]
    final_accounts = load().document["final_accounts_title"]
    if standard and sum(bool(final_accounts.search(t.title)) for t in standard) > len(standard) / 2:
        raise ExtractError("a final-accounts document (部门决算: its tables are titled …决算表), not a 部门预算: "
                           "not extracted")
    projects = parse_performance_tables(tables)
    facts = narrative_facts(doc.rows)
    meta = document_metadata(doc.rows, tables)
    contents = _contents(doc, meta, standard, projects, facts)
    if contents != "standard_tables":
        meta = replace(meta, amount_unit=unit_without_standard_tables(tables, [f.amount_printed for f in facts]))
    parsed = _parse([t for t in tables if t.kind.layout], meta)
    out = Extraction(doc.doc_id)
    _document_record(out, doc, meta, tables, contents)
    for table in tables:
        out.records_of("tables", TABLE_VALUES).rows.append(_table_values(doc.doc_id, table, meta))
    for parsed_table in parsed:
        _table_records(out, parsed_table)
    _add_checks(out, run_checks(parsed))
    _performance_records(out, projects)
    unit_start = min((t.title_line for t in tables if t.scope == "unit" and t.title_line), default=None)
    for fact in facts:
        fact.scope = "unit" if unit_start is not None and fact.line is not None and fact.line > unit_start \
            else "department"
    _add_checks(out, cross_checks(parsed, facts, projects, tables)
                + disclosure_checks(doc.rows, tables, parsed, facts, contents))
    if facts:
        out.records_of("narrative_facts", FACT_VALUES).rows.extend((doc.doc_id, *_fact_values(fact)) for fact in facts)
    return out


def _contents(doc: Document, meta: Metadata, standard: list[Table], projects: list[Project],
              facts: list[Fact]) -> str:
    """What a document prints (the `documents.contents` column), or why it is not a budget."""
    if standard:
        return "standard_tables"
    vocab = load().document
    if meta.budget_kind is None and vocab["final_accounts_title"].search(opening_text(doc.rows)):
        raise ExtractError("a final-accounts document (部门决算), not a 部门预算: not extracted")
    if any(not p.overall for p in projects):
        return "performance_only"
    if meta.budget_kind is not None and any(vocab["explanation_fact"].search(f.fact) for f in facts
                                            if f.amount_wan is not None):
        return "explanation_only"
    raise ExtractError("no standard budget table (收支总表, 支出总表 …), performance table or stated budget total "
                       "recognised: not a 部门预算 document?")



# a narrative fact's values: its fields of the same names, then its line and page
_FACT_FIELDS = ("scope", "fact", "amount_wan", "amount_printed", "value", "unit", "direction", "percent", "reason",
                "previous_wan", "text", "sentence")
FACT_VALUES = ("doc_id", *_FACT_FIELDS, "source_line", "source_page")
_fact_values = attrgetter(*_FACT_FIELDS, "line", "page")


FUND_COLUMNS = {"fiscal": "fund_fiscal_wan", "other": "fund_other_wan", "central": "fund_central_wan",
                "provincial": "fund_provincial_wan", "local": "fund_local_wan", "self_raised": "fund_self_raised_wan"}


def _performance_records(out: Extraction, projects: list[Project]) -> None:
    numbers = {"department": 0, "unit": 0}
    for project in projects:
        prefix = "unit_" if project.scope == "unit" else ""
        base = {"doc_id": out.doc_id, "unit_name": None}
        number = None
        if not project.overall:
            numbers[project.scope] += 1
            number = numbers[project.scope]
            out.add(f"{prefix}projects", {
                **base, "project_no": number, "project_code": project.code, "project_name": project.name,
                "budget_wan": project.budget_wan, "budget_printed": project.budget_printed,
                "budget_unit": project.budget_unit,
                **{column: project.funds.get(key) for key, column in FUND_COLUMNS.items()},
                "spending_schedule": "; ".join(f"{m}:{v}" for m, v in project.schedule) or None,
                "goal": project.goal, "indicator_count": len(project.indicators),
                "source_line": project.line, "source_page": project.page, "budget_line": project.budget_line,
                "name_line": project.name_line, **project_quality(project),
            })
        if not project.indicators:
            continue
        parts = cost_parts_consistent(project)
        of_project = (out.doc_id, None, "department" if project.overall else "project", number)
        budget_wan = None if project.overall else project.budget_wan
        indicators = out.records_of(f"{prefix}indicators", INDICATOR_VALUES).rows
        for indicator in project.indicators:
            target = indicator_target(indicator)
            indicators.append(of_project + _indicator_values(indicator) + (
                target.op, target.value, target.unit, target.is_quantitative,
                *_quality_values(indicator_quality(indicator, target, budget_wan, parts)),
                indicator.line, indicator.page))


# the order _performance_records builds an indicator's values in: its project's, its own
# fields, its target's, its quality's, its line and page
_INDICATOR_FIELDS = ("level1", "level2", "level3", "description", "target_printed", "period_target_printed", "basis")
_QUALITY = ("has_unit", "vague_word", "is_placeholder", "repeats_name", "cost_inconsistent", "quality_flags")
INDICATOR_VALUES = ("doc_id", "unit_name", "scope", "project_no", *_INDICATOR_FIELDS, "target_op", "target_value",
                    "target_unit", "is_quantitative", *_QUALITY, "source_line", "source_page")
_indicator_values = attrgetter(*_INDICATOR_FIELDS)
_quality_values = itemgetter(*_QUALITY)


def _settle_kinds(tables: list[Table]) -> list[Table]:
    """One table per standard kind and scope. A table that stands in for a standard
    one (财政拨款基本支出表 for the 一般公共预算财政拨款基本支出表) takes its place
    when the document lacks it; where two tables claim the same kind, the preferred
    title keeps it and the other becomes `<kind>_other` (still read and checked)."""
    vocab = load()
    for table in tables:
        target = table.kind.fallback_for
        if target and not any(t.kind.id == target and t.scope == table.scope for t in tables):
            table.kind = vocab.table_kind(target)
    for kind in vocab.standard_tables:
        for scope in ("department", "unit"):
            claims = [t for t in tables if t.kind is kind and t.scope == scope]
            if len(claims) < 2:
                continue
            keep = next((t for t in claims if kind.prefer and kind.prefer.search(t.title)), claims[0])
            other = replace(kind, id=f"{kind.id}_other", standard=False, fallback_for=None, prefer=None)
            for table in claims:
                if table is not keep:
                    table.kind = other
    return tables


def _parse(standard: list[Table], meta: Metadata) -> list[ParsedTable]:
    parsed = []
    previous_unit = None
    for table in standard:
        unit = table.unit or previous_unit or meta.amount_unit
        parsed.append(parse_table(table, unit or "万元", unit is None, year=meta.budget_year))
        previous_unit = unit or previous_unit
    return parsed


def _document_record(out: Extraction, doc: Document, meta: Metadata, tables: list[Table], contents: str) -> None:
    found = {t.kind.id for t in tables if t.kind.standard and t.scope == "department"}
    out.add("documents", {
        "doc_id": doc.doc_id,
        "source_file": doc.source_file,
        "source_name": Path(doc.source_file).name,
        "source_format": doc.source_format,
        "layout": doc.layout,
        "sha256": doc.sha256,
        "size_bytes": doc.size_bytes,
        "department_code": meta.department_code,
        "department_name": meta.department_name,
        "province": meta.province,
        "province_zh": meta.province_zh,
        "province_basis": meta.province_basis,
        "budget_year": meta.budget_year,
        "amount_unit": meta.amount_unit,
        "standard_tables": len(found),
        "contents": contents,
        "budget_kind": meta.budget_kind,
        "tables_found": ",".join(t.kind.id for t in tables),
        "extractor_version": __version__,
    })


def _unit_name(table: Table) -> str | None:
    return table.entity_name if table.scope == "unit" else None


TABLE_VALUES = ("doc_id", "scope", "unit_name", "table_id", "standard", "title", "unit", "data_rows",
                "declared_empty", "notes", "source_line", "source_page")


def _table_values(doc_id: str, table: Table, meta: Metadata) -> tuple:
    return (doc_id, table.scope, _unit_name(table), table.kind.id, table.kind.standard, table.title,
            table.unit or meta.amount_unit, len(table.rows), table.declared_empty, " | ".join(table.notes) or None,
            table.title_line, table.title_page)


# the order _table_records builds each table's values in (the Arrow encoding matches them to
# columns by name): a tuple costs a tenth of a dict row; a table cell's values are the
# table's, the row's, then the cell's own
CELL_VALUES = ("doc_id", "scope", "unit_name", "table_id", "table_title", "unit",
               "row_ordinal", "side", "code", "name", "row_kind", "total_item", "source_page",
               "column_id", "column_header", "amount_printed", "amount_wan", "source_line")
TOTAL_VALUES = ("doc_id", "scope", "unit_name", "table_id", "item", "amount_wan", "amount_printed",
                "source_line", "source_page")
SUMMARY_VALUES = ("doc_id", "scope", "unit_name", "side", "name", "amount_wan", "amount_printed",
                  "source_line", "source_page")
FUNCTIONAL_VALUES = ("doc_id", "scope", "unit_name", "code", "code_printed", "code_note", "name", "level",
                     "total_wan", "basic_wan", "project_wan", "source_line", "source_page")
ECONOMIC_VALUES = ("doc_id", "scope", "unit_name", "code", "name", "alt_name", "category_code",
                   "total_wan", "personnel_wan", "public_wan", "source_line", "source_page")
THREE_PUBLIC_VALUES = ("doc_id", "scope", "unit_name", "item", "name", "amount_wan", "amount_printed",
                       "source_line", "source_page")


def _table_records(out: Extraction, table: ParsedTable) -> None:
    """A figure's source_line is the line of its own cell where cells have lines of their own."""
    kind = table.id
    cells = out.records_of("table_cells", CELL_VALUES).rows
    of_table = (out.doc_id, table.table.scope, _unit_name(table.table), kind, table.table.title, table.unit)
    of_scope = of_table[:3]
    totals: list[tuple] = []  # rows of `totals`
    items: list[tuple] = []  # rows of the contract table of this kind's items
    for line in table.lines:
        of_row = of_table + (line.ordinal, line.side, line.code, line.name, "total" if line.total_item else "detail",
                             line.total_item, line.page)
        for column_id, cell in line.cells.items():
            if cell.printed:  # a blank cell is the absence of a figure; the detail tables keep it as NULL
                cells.append(of_row + (column_id, cell.column.header, cell.printed, cell.value_wan, cell.line))
        if line.total_item:
            totals.extend(of_scope + (kind, item, line.wan(column_id), line.printed(column_id) or None,
                                      line.cell_line(column_id), line.page)
                          for item, column_id in _total_items(kind, line))
        if kind == "budget_summary" and not line.total_item and line.name and not line.blank:
            items.append(of_scope + (
                line.side, line.name, line.wan("total"), line.printed("total"), line.cell_line("total"), line.page))
        if kind == "expenditure_summary" and line.code and not line.total_item:
            items.append(of_scope + (
                line.code, line.code_printed, line.code_note, line.name, functional_level(line.code),
                line.wan("total"), line.wan("basic"), line.wan("project"), line.line, line.page))
        if kind == "basic_economic" and not line.total_item and (line.code or line.name):
            items.append(of_scope + (
                line.code, line.name, line.alt_name,
                line.category_code or (line.code if line.code and len(line.code) == 3 else None),
                line.wan("total"), line.wan("personnel"), line.wan("public"), line.line, line.page))
        if kind == "three_public" and line.three_public_item:
            items.append(of_scope + (
                line.three_public_item, line.name, line.wan("total"), line.printed("total") or None,
                line.cell_line("total"), line.page))
    if totals:
        out.records_of("totals", TOTAL_VALUES).rows.extend(totals)
    if items:
        out.records_of(*ITEM_TABLES[kind]).rows.extend(items)


# the contract table of a kind's item lines, and the order _table_records builds their values in
ITEM_TABLES = {"budget_summary": ("summary_items", SUMMARY_VALUES),
               "expenditure_summary": ("functional_expenditure", FUNCTIONAL_VALUES),
               "basic_economic": ("economic_basic", ECONOMIC_VALUES),
               "three_public": ("three_public", THREE_PUBLIC_VALUES)}


# 合计 rows of these tables land under the contract's item names.
CONTRACT_TOTALS = {
    "expenditure_summary": {"total": "expenditure_total", "basic": "basic_total", "project": "project_total"},
    "basic_economic": {"total": "economic_total", "personnel": "personnel_total", "public": "public_total"},
}


# the sides of a two-sided table; the totals of a further listing of one (`expenditure_2`) are named apart
_SIDES = (None, "income", "expenditure")


def _total_items(kind: str, line: Line) -> list[tuple[str, str]]:
    """(item, column) of each figure of a total line."""
    total_item = line.total_item or ""
    items = []
    for column_id in line.cells:
        if kind == "budget_summary" and total_item != "table_total":
            item = total_item if column_id == "total" and line.side in _SIDES else f"{total_item}.{column_id}"
            if line.side not in _SIDES:  # a further listing of a side: `expenditure_current.expenditure_2`
                item = f"{total_item}.{line.side}" if column_id == "total" else f"{item}.{line.side}"
        elif total_item == "table_total" and column_id in CONTRACT_TOTALS.get(kind, {}):
            item = CONTRACT_TOTALS[kind][column_id]
        else:
            item = f"{kind}.{total_item}.{column_id}"
        items.append((item, column_id))
    return items


# a check's values are its fields of the same names, in the order of its table's columns
_CHECK_FIELDS = tuple(c.name for c in BY_NAME["checks"].columns if c.name != "doc_id")
_check_values = attrgetter(*_CHECK_FIELDS)


def _add_checks(out: Extraction, checks: list[Check]) -> None:
    """`checks` keeps the contract's statuses (ok / rounding / mismatch); a check whose
    inputs could not be read is listed apart, saying why, rather than passed or failed."""
    of_document = (out.doc_id,)
    run: list[tuple] = []
    not_run: list[tuple] = []
    for check in checks:
        (not_run if check.status == "not_checked" else run).append(of_document + _check_values(check))
    for table, rows in (("checks", run), ("checks_not_run", not_run)):
        if rows:
            out.records_of(table).rows.extend(rows)
