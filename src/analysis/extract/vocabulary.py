"""Loads data/vocabulary.toml into compiled patterns."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class TableKind:
    id: str
    name_zh: str
    title: re.Pattern
    standard: bool
    layout: str | None
    fallback_for: str | None = None
    prefer: re.Pattern | None = None


@dataclass(frozen=True)
class Labelled:
    """A pattern that assigns an id (column, total item, 三公 item, category)."""

    id: str
    pattern: re.Pattern
    side: str = "any"
    tables: frozenset[str] | None = None  # the table kinds the label has this meaning in; None: any


@dataclass(frozen=True)
class Vocabulary:
    tables: tuple[TableKind, ...]
    furniture: dict[str, re.Pattern]
    columns: dict[str, re.Pattern]
    specific_columns: tuple[Labelled, ...]
    total_rows: tuple[Labelled, ...]
    three_public_items: tuple[Labelled, ...]
    economic_categories: tuple[Labelled, ...]
    scope: dict[str, re.Pattern]
    fiscal_income: re.Pattern
    performance: dict
    narrative: dict
    disclosure: dict
    document: dict
    indicator_quality: dict
    assets_total: re.Pattern
    function_classes: re.Pattern

    def table_kind(self, table_id: str) -> TableKind:
        return next(t for t in self.tables if t.id == table_id)

    @property
    def standard_tables(self) -> tuple[TableKind, ...]:
        return tuple(t for t in self.tables if t.standard)


@cache
def load() -> Vocabulary:
    raw = tomllib.loads(resources.files("analysis").joinpath("data/vocabulary.toml").read_text("utf-8"))
    compile_ = re.compile
    return Vocabulary(
        tables=tuple(
            TableKind(t["id"], t["name_zh"], compile_(t["title"]), t["standard"], t.get("layout"), t.get("fallback_for"),
                      compile_(t["prefer"]) if "prefer" in t else None)
            for t in raw["table"]
        ),
        furniture={k: compile_(v) for k, v in raw["furniture"].items()},
        columns={k: compile_(v) for k, v in raw["columns"].items() if isinstance(v, str)},
        specific_columns=tuple(Labelled(c["id"], compile_(c["pattern"])) for c in raw["columns"]["specific"]),
        total_rows=tuple(Labelled(r["item"], compile_(r["pattern"]), r["side"],
                                  frozenset(r["tables"]) if "tables" in r else None) for r in raw["total_row"]),
        three_public_items=tuple(Labelled(r["item"], compile_(r["pattern"])) for r in raw["three_public_item"]),
        economic_categories=tuple(Labelled(r["code"], compile_(r["pattern"])) for r in raw["economic_category"]),
        scope={k: compile_(v) for k, v in raw["scope"].items()},
        fiscal_income=compile_(raw["fiscal_income"]["pattern"]),
        performance=_patterns(raw["performance"]),
        narrative=_patterns(raw["narrative"]),
        disclosure=_patterns(raw["disclosure"]),
        document=_patterns(raw["document"]),
        indicator_quality=_patterns(raw["indicator_quality"]),
        assets_total=re.compile(raw["assets"]["total"]),
        function_classes=re.compile(raw["function_classes"]["pattern"]),
    )


def _patterns(section: dict) -> dict:
    """A TOML section of patterns, compiled; sub-tables become dicts of patterns."""
    return {k: ({name: re.compile(p) for name, p in v.items()} if isinstance(v, dict) else re.compile(v))
            for k, v in section.items()}


def first_match(candidates: tuple[Labelled, ...], text: str, side: str | None = None,
                table: str | None = None) -> str | None:
    """The id of the first candidate whose pattern finds `text`, on `side` and in table
    kind `table` (a candidate limited to some table kinds matches only inside them)."""
    for c in candidates:
        if ((side is None or c.side in ("any", side)) and (c.tables is None or table in c.tables)
                and c.pattern.search(text)):
            return c.id
    return None
