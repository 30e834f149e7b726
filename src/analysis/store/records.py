"""A contract table's records as extraction builds them: one tuple a row, its values in
the order of the record's column names.

A tuple costs less to build than a dict, and Arrow takes records column by column
(`zip(*rows)` transposes them in C) where rows as dicts cost it a key look-up per value.
Rows read as dicts (`as_dicts`) are for tests and tools, not for the run.
"""
from __future__ import annotations

from functools import lru_cache

from .schema import BY_NAME


class Records:
    """The rows of one table (of a document, or of a batch of documents). `names` is the
    order of each row's values: a table's own column order unless a builder declares
    another (the Arrow encoding matches values to columns by name)."""

    __slots__ = ("table", "names", "rows", "_known")

    def __init__(self, table: str, names: tuple[str, ...] | None = None):
        self.table = table
        self.names, self._known = _column_order(table, names)
        self.rows: list[tuple] = []

    def add(self, row: dict) -> None:
        """A row by column name; a column it does not name is NULL."""
        if not row.keys() <= self._known:
            raise KeyError(f"{self.table} has no column {sorted(row.keys() - self._known)}")
        self.rows.append(tuple(map(row.get, self.names)))

    def extend(self, other: Records) -> None:
        if other.names != self.names:
            raise ValueError(f"{self.table}: records of another column order cannot be joined")
        self.rows.extend(other.rows)

    def column(self, name: str) -> list:
        index = self.names.index(name)
        return [row[index] for row in self.rows]

    def columns(self) -> dict[str, tuple]:
        """Column name → its values (no rows: no columns)."""
        return dict(zip(self.names, zip(*self.rows)))

    def as_dicts(self) -> list[dict]:
        return [dict(zip(self.names, row)) for row in self.rows]

    def __len__(self) -> int:
        return len(self.rows)


# every document's tables are built in the same few orders (a table's own, or one a builder
# declares): each is checked once
@lru_cache(maxsize=2 * len(BY_NAME))
def _column_order(table: str, names: tuple[str, ...] | None) -> tuple[tuple[str, ...], frozenset[str]]:
    """The order of a table's record values (`names`, or the table's own column order), and its columns."""
    columns = tuple(c.name for c in BY_NAME[table].columns)
    if names is not None and sorted(names) != sorted(columns):
        raise ValueError(f"{table}: record columns {names} are not the table's {columns}")
    return names or columns, frozenset(columns)
