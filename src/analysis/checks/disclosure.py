"""Disclosure-quality checks, as budget auditors run them: every standard table
present, empty tables marked as such (and marked ones really empty), the
required explanation sections, template residue, over-precise amounts, one
department name in every header, a reason for every change versus last year."""
from __future__ import annotations

import re
from functools import lru_cache

from ..extract.model import Row
from ..extract.narrative import Fact
from ..extract.normalise import STRINGS_REMEMBERED, is_amount, squash
from ..extract.pretest import Screen
from ..extract.recognise import Table
from ..extract.standard import ParsedTable
from ..extract.vocabulary import load
from .identities import Check

CHECK_IDS = {
    "disclosure_table_present": "each of the nine standard tables is printed (under whatever title)",
    "disclosure_empty_note": "a table without figures says so (本表无数据 / 空表列示), and one that says so has none",
    "disclosure_section_present": "each required section of the explanatory text is there (any heading wording)",
    "disclosure_template_residue": "no template leftovers (XXXX, ××元, 。。。, 请填写)",
    "disclosure_amount_precision": "table amounts have at most two decimals",
    "disclosure_department_name": "every table header names the department the same way",
    "disclosure_change_reason": "every change versus last year is given a reason",
    "disclosure_document_complete": "the document does not end inside a standard table (a download cut off "
                                    "mid-table keeps what it has, flagged here)",
}


def disclosure_checks(rows: list[Row], tables: list[Table], parsed: list[ParsedTable], facts: list[Fact],
                      contents: str = "standard_tables") -> list[Check]:
    """`contents` is what the document prints (documents.contents): a file of the explanation
    or of the performance goals alone is not asked for the tables published apart from it, and
    one of the goals alone not for the sections of the explanation either."""
    vocab = load()
    department = [t for t in tables if t.scope == "department"]
    prose_rows, prose_texts, printed_rows, printed_texts = _printed(rows)
    prose = Screen(prose_texts)
    out = _tables_present(department, prose_rows, prose, vocab) if contents == "standard_tables" else []
    out += _empty_notes(department, {id(p.table): p for p in parsed})
    if contents != "performance_only":
        out += _sections(prose_rows, prose, vocab.disclosure["sections"])
    out += _residue(printed_rows, Screen(printed_texts), vocab.disclosure["template_residue"])
    out += _precision(parsed)
    out += _department_names(department)
    out += _change_reasons([f for f in facts if f.scope == "department"])
    out.append(_complete(rows, tables))
    return out


def _complete(rows: list[Row], tables: list[Table]) -> Check:
    """Budget documents end with text or with annexes (绩效目标表); one whose last row
    is a row of a standard table was cut off."""
    last = rows[-1]
    cut = next((t for t in tables if t.kind.standard and t.rows
                and (t.rows[-1].line, t.rows[-1].page) == (last.line, last.page)), None)
    if cut is None:
        return _check("disclosure_document_complete", True, "the document ends outside the standard tables",
                      last.line, last.page)
    return _check("disclosure_document_complete", False, f"the document ends inside {cut.title}: cut off?",
                  last.line, last.page, cut.kind.id)


def _check(check_id: str, ok: bool, detail: str, line: int | None = None, page: int | None = None,
           table_id: str | None = None) -> Check:
    return Check(check_id, table_id, "department", "ok" if ok else "mismatch", None, None, None, 0, detail,
                 line, page, "" if line is None else str(line))


def _tables_present(tables: list[Table], prose_rows: list[Row], prose: Screen, vocab) -> list[Check]:
    found = {t.kind.id: t for t in tables}
    out = []
    for kind in vocab.standard_tables:
        if kind.id in found:
            table = found[kind.id]
            out.append(_check("disclosure_table_present", True, f"{kind.name_zh}: printed as '{table.title}'",
                              table.title_line, table.title_page, kind.id))
            continue
        hit = prose.first(_absence_explained(vocab.disclosure["absent_explained"].pattern, kind.title.pattern))
        why = prose_rows[hit[0]] if hit else None
        out.append(_check("disclosure_table_present", why is not None,
                          f"{kind.name_zh}: not printed"
                          + (f"; the text says there is none: {prose.lines[hit[0]][:60]}" if hit else ""),
                          why.line if why else None, why.page if why else None, kind.id))
    return out


@lru_cache(maxsize=64)
def _absence_explained(absent: str, title: str) -> re.Pattern:
    """The text says a table kind is not there: 本部门无国有资本经营预算."""
    return re.compile(absent + f"(?:{title})")


def _holds_figures(table: Table, parsed: ParsedTable | None) -> bool:
    if parsed is not None:
        return any(cell.value_wan is not None for line in parsed.lines for cell in line.cells.values())
    # other tables (资产, 政府采购): any amount beyond a leading row number
    return any(is_amount(c) for row in table.rows for c in row.cells[1:])


def _empty_notes(tables: list[Table], parsed: dict) -> list[Check]:
    out = []
    for table in tables:
        if not (table.kind.standard or table.kind.id in ("assets", "procurement")):
            continue
        figures = _holds_figures(table, parsed.get(id(table)))
        if table.declared_empty and figures:
            out.append(_check("disclosure_empty_note", False, f"{table.title}: says it is empty "
                              f"('{next(n for n in table.notes)}') but prints figures",
                              table.title_line, table.title_page, table.kind.id))
        elif not figures and not table.has_empty_note and table.kind.standard:
            out.append(_check("disclosure_empty_note", False, f"{table.title}: no figures and no 空表 note",
                              table.title_line, table.title_page, table.kind.id))
        elif table.kind.standard:
            out.append(_check("disclosure_empty_note", True, f"{table.title}: "
                              + ("empty and says so" if not figures else "holds figures"),
                              table.title_line, table.title_page, table.kind.id))
    return out


def _sections(prose_rows: list[Row], prose: Screen, sections: dict) -> list[Check]:
    out = []
    for name, pattern in sections.items():
        hit = prose.first(pattern)
        row = prose_rows[hit[0]] if hit else None
        out.append(_check("disclosure_section_present", hit is not None,
                          f"section '{name}' ({pattern.pattern}): " + ("found" if hit else "not found"),
                          row.line if row else None, row.page if row else None))
    return out


def _printed(rows: list[Row]) -> tuple[list[Row], list[str], list[Row], list[str]]:
    """The explanatory text's rows and the printed rows (all but the table of contents),
    each with their squashed texts: one pass over the document."""
    prose_rows, prose_texts, printed_rows, printed_texts = [], [], [], []
    for row in rows:
        if row.kind == "toc":
            continue
        text = squash(row.text)
        printed_rows.append(row)
        printed_texts.append(text)
        if row.kind == "text":
            prose_rows.append(row)
            prose_texts.append(text)
    return prose_rows, prose_texts, printed_rows, printed_texts


def _residue(printed_rows: list[Row], printed: Screen, pattern) -> list[Check]:
    return [_check("disclosure_template_residue", False,
                   f"template residue '{m.group(0)}' in: {m.string[max(0, m.start() - 15):m.end() + 15]}",
                   printed_rows[i].line, printed_rows[i].page)
            for i, m in printed.matches(pattern)]


def _precision(parsed: list[ParsedTable]) -> list[Check]:
    return [_check("disclosure_amount_precision", False,
                   f"{table.table.title}: '{cell.printed}' has more than two decimals", cell.line, line.page, table.id)
            for table in parsed if table.table.scope == "department"
            for line in table.lines for cell in line.cells.values() if _over_precise(cell.printed)]


@lru_cache(maxsize=STRINGS_REMEMBERED)
def _over_precise(printed: str) -> bool:
    """More than two decimals (vocabulary `disclosure.over_precise`); amounts repeat from table to table."""
    return bool(load().disclosure["over_precise"].search(squash(printed)))


def _department_names(tables: list[Table]) -> list[Check]:
    names: dict[str, Table] = {}
    for table in tables:
        if table.kind.standard and table.entity_name:
            names.setdefault(table.entity_name, table)
    if not names:
        return []
    first = next(iter(names.values()))
    return [_check("disclosure_department_name", len(names) == 1,
                   "table headers name the department " + " / ".join(f"'{n}'" for n in names),
                   first.title_line, first.title_page)]


def _change_reasons(facts: list[Fact]) -> list[Check]:
    changes = [f for f in facts if f.fact.endswith("_change") and f.direction in ("increase", "decrease")]
    changes = [f for f in changes if not _given_as_reason(f, changes)]
    explained = {f.amount_wan for f in changes if f.reason}  # the same change restated later
    return [_check("disclosure_change_reason", bool(f.reason) or f.amount_wan in explained,
                   f"{f.fact} {f.amount_printed}: " + (f"reason '{f.reason[:40]}'" if f.reason else
                                                        "reason given where the same change is first stated"
                                                        if f.amount_wan in explained else "no reason given"),
                   f.line, f.page)
            for f in changes]


def _given_as_reason(change: Fact, changes: list[Fact]) -> bool:
    """A change printed in the reason another change of its sentence gives (`比上年减少6,602.58万元，
    主要原因是一是…人员增加情况，基本支出预算增加5,505.45万元，二是…`) explains that one: it is
    not asked for a reason of its own. A reason that restates the figure it explains
    (`增加406.39万元，主要是…业务维持增加支出406.39万元`) is that change's own."""
    printed = change.amount_printed
    if not printed:
        return False
    return any(other.amount_printed != printed and other.sentence == change.sentence
               and other.reason is not None and printed in other.reason for other in changes)
